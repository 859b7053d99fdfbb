"""Register the daily jobs with django-celery-beat: the atasan digest and the reminder before a batch.

Times are UTC (CELERY_TIMEZONE): 23:00 UTC is 06:00 WIB / 07:00 WITA / 08:00 WIT, before office hours."""

from django.db import migrations

TASKS = [
    ("enrollments: ringkasan harian atasan", "apps.enrollments.tasks.send_atasan_digests", "0", "23"),
    ("enrollments: pengingat angkatan", "apps.enrollments.tasks.send_batch_reminders", "30", "23"),
]


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in TASKS:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "crontab": schedule, "enabled": True})


def unregister(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[t[0] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
