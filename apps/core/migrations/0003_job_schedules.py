"""Celery beat, every 30 s: hand the broker the tasks a broker outage left waiting, and queue again (or fail)
the jobs whose worker died mid-run (apps/core/jobs.py)."""

from django.db import migrations

from apps.core import beat


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        beat.register(
            (
                "Antrean: serahkan tugas yang tertunda (30 detik)",
                "apps.core.tasks.relay_outbox",
                beat.every_seconds(30),
            ),
            (
                "Antrean: pulihkan pekerjaan yang pekerjanya berhenti (30 detik)",
                "apps.core.tasks.sweep_stale_jobs",
                beat.every_seconds(30),
            ),
            queue="default",
        )
    ]
