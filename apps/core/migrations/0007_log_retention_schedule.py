"""Register the daily job that deletes audit and personal-data access rows past their retention
(settings AUDIT_RETENTION_DAYS, PERSONAL_DATA_LOG_RETENTION_DAYS). 19:30 UTC is 02:30 WIB: the quiet hours."""

from django.db import migrations

NAME = "Log: hapus catatan audit dan akses data pribadi yang melewati masa simpan (harian)"
TASK = "apps.core.tasks.purge_old_logs"


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="19", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "interval": None, "enabled": True, "queue": "default"}
    )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_changes_request"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
