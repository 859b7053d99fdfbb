"""Celery beat: the daily evaluation round (close expired surveys, open due L3 follow-ups, invite
late participants, remind) at 07:00 WITA."""

from django.db import migrations

TASK = "apps.evaluations.tasks.evaluations_daily"


def seed(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    cron, _ = Crontab.objects.get_or_create(
        minute="0", hour="23", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    Periodic.objects.update_or_create(
        name="Evaluasi: undangan, pengingat dan evaluasi pasca pelatihan (harian)",
        defaults={"task": TASK, "crontab": cron, "enabled": True},
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_shipped_templates"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
