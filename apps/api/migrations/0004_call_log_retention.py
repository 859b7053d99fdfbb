"""The API call log's retention (setting API_CALL_LOG_RETENTION_DAYS): an index on created_at for the purge, which
runs across instansi, and the daily job that deletes old rows. 19:45 UTC is 02:45 WIB: the quiet hours, after the
audit log's purge (19:30)."""

from django.db import migrations, models

from apps.core import beat


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
        beat.register(
            (
                "API: hapus log panggilan API yang melewati masa simpan (harian)",
                "apps.api.tasks.purge_api_call_logs",
                beat.crontab("45", "19"),
            ),
            queue="default",
        ),
    ]
