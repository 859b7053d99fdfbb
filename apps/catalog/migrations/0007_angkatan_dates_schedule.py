"""Register the daily move of batches whose dates have passed (django-celery-beat)."""

from django.db import migrations

TASK = "apps.catalog.tasks.advance_angkatan_by_dates"
NAME = "catalog: status angkatan mengikuti tanggal"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # 17:05 UTC = 00:05 WIB / 01:05 WITA / 02:05 WIT: the new day has begun in every instansi's zone.
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="5", hour="17", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "enabled": True, "queue": "default"}
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_program_l3_after_months"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
