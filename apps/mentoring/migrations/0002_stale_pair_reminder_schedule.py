"""Register the daily reminder for pairs without a session for 30 days (django-celery-beat)."""

from django.db import migrations

TASK = "apps.mentoring.tasks.remind_stale_pairs"
NAME = "mentoring: pengingat pasangan tanpa sesi 30 hari"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # 00:30 UTC = 07:30 WIB / 08:30 WITA / 09:30 WIT.
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "enabled": True, "queue": "default"}
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
