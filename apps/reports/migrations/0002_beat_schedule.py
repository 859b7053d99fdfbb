"""Celery beat: remove old report files daily; the monthly report to BKPSDM on the 1st."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        beat.register(
            ("Laporan: hapus berkas lama (harian)", "apps.reports.tasks.cleanup_report_files", beat.crontab("30", "19")),
            (
                "Laporan: laporan bulanan ke BKPSDM",
                "apps.reports.tasks.monthly_reports",
                beat.crontab("0", "0", day_of_month="1"),
            ),
            queue="reports",
        )
    ]
