"""Celery beat: the daily evaluation round (close expired surveys, open due L3 follow-ups, invite
late participants, remind) at 07:00 WITA."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_shipped_templates"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        beat.register(
            (
                "Evaluasi: undangan, pengingat dan evaluasi pasca pelatihan (harian)",
                "apps.evaluations.tasks.evaluations_daily",
                beat.crontab("0", "23"),
            ),
            queue=None,
        )
    ]
