"""Celery beat, every 30 s: hand the broker the tasks a broker outage left waiting, and queue again (or fail)
the jobs whose worker died mid-run (apps/core/jobs.py)."""

from django.db import migrations

TASKS = [
    ("Antrean: serahkan tugas yang tertunda (30 detik)", "apps.core.tasks.relay_outbox"),
    ("Antrean: pulihkan pekerjaan yang pekerjanya berhenti (30 detik)", "apps.core.tasks.sweep_stale_jobs"),
]


def seed(apps, schema_editor):
    Interval = apps.get_model("django_celery_beat", "IntervalSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = Interval.objects.get_or_create(every=30, period="seconds")
    for name, task in TASKS:
        Periodic.objects.update_or_create(
            name=name, defaults={"task": task, "interval": every, "crontab": None, "enabled": True, "queue": "default"}
        )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task__in=[t[1] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
