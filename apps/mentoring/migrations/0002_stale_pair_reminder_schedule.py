"""Register the daily reminder for pairs without a session for 30 days (django-celery-beat)."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        beat.register(
            (
                "mentoring: pengingat pasangan tanpa sesi 30 hari",
                "apps.mentoring.tasks.remind_stale_pairs",
                # 00:30 UTC = 07:30 WIB / 08:30 WITA / 09:30 WIT.
                beat.crontab("30", "0"),
            ),
            queue="default",
        )
    ]
