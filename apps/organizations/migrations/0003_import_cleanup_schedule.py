"""Celery beat: delete uploaded import files past each instansi's retention, daily (like the report files)."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_file_retention_days"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        beat.register(
            (
                "Impor: hapus berkas unggahan lama (harian)",
                "apps.organizations.tasks.cleanup_import_files",
                beat.crontab("45", "19"),
            ),
            queue="default",
        )
    ]
