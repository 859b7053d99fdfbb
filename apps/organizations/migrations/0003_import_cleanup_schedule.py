"""Celery beat: delete uploaded import files past each instansi's retention, daily (like the report files)."""

from django.db import migrations

NAME = "Impor: hapus berkas unggahan lama (harian)"
TASK = "apps.organizations.tasks.cleanup_import_files"
CRON = {"minute": "45", "hour": "19", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def seed(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = Crontab.objects.get_or_create(timezone="UTC", **CRON)
    Periodic.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "enabled": True, "queue": "default"}
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_file_retention_days"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
