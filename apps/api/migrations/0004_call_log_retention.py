"""The API call log's retention (setting API_CALL_LOG_RETENTION_DAYS): an index on created_at for the purge, which
runs across instansi, and the daily job that deletes old rows. 19:45 UTC is 02:45 WIB: the quiet hours, after the
audit log's purge (19:30)."""

from django.db import migrations, models

NAME = "API: hapus log panggilan API yang melewati masa simpan (harian)"
TASK = "apps.api.tasks.purge_api_call_logs"


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="45", hour="19", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "interval": None, "enabled": True, "queue": "default"}
    )


def unregister(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_calendar_feed"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="apicalllog",
            index=models.Index(fields=["created_at"], name="apicall_created_idx"),
        ),
        migrations.RunPython(register, unregister),
    ]
