"""Celery beat: remove old report files daily; the monthly report to BKPSDM on the 1st."""

from django.db import migrations

TASKS = [
    ("Laporan: hapus berkas lama (harian)", "apps.reports.tasks.cleanup_report_files", {"minute": "30", "hour": "19"}),
    (
        "Laporan: laporan bulanan ke BKPSDM",
        "apps.reports.tasks.monthly_reports",
        {"minute": "0", "hour": "0", "day_of_month": "1"},
    ),
]


def seed(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, cron in TASKS:
        fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*", **cron}
        schedule, _ = Crontab.objects.get_or_create(timezone="UTC", **fields)
        Periodic.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "enabled": True, "queue": "reports"}
        )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task__in=[t[1] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
