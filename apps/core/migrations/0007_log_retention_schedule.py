"""Register the daily job that deletes audit and personal-data access rows past their retention
(settings AUDIT_RETENTION_DAYS, PERSONAL_DATA_LOG_RETENTION_DAYS). 19:30 UTC is 02:30 WIB: the quiet hours."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_changes_request"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        beat.register(
            (
                "Log: hapus catatan audit dan akses data pribadi yang melewati masa simpan (harian)",
                "apps.core.tasks.purge_old_logs",
                beat.crontab("30", "19"),
            ),
            queue="default",
        )
    ]
