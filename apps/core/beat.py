"""One home for registering Celery beat schedules in data migrations.

Every periodic job is a django-celery-beat row written by a data migration, and each of those migrations used to
hand-write the same steps (get or create the schedule, `update_or_create` the PeriodicTask by name, delete it on
reverse), so a fix to one (the crontab time zone, clearing the other schedule kind) had to be found and copied ten
times. A migration now states only what differs: name, task path, schedule and queue.

Migrations must stay loadable whatever the project's code becomes, so this module imports nothing but
`django.db.migrations` and the standard library, and works only on the historical models it is handed
(`apps.get_model`), never on `django_celery_beat.models`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import migrations


@dataclass(frozen=True)
class Crontab:
    """Fields of a CrontabSchedule; its time zone is always UTC (CELERY_TIMEZONE), so times read the same everywhere."""

    minute: str
    hour: str
    day_of_month: str = "*"
    month_of_year: str = "*"
    day_of_week: str = "*"


@dataclass(frozen=True)
class Interval:
    seconds: int


def crontab(
    minute: str, hour: str, *, day_of_month: str = "*", month_of_year: str = "*", day_of_week: str = "*"
) -> Crontab:
    return Crontab(minute, hour, day_of_month, month_of_year, day_of_week)


def every_seconds(n: int) -> Interval:
    return Interval(n)


def _schedule(apps, schedule: Crontab | Interval) -> dict:
    """The PeriodicTask fields for one schedule: the other kind is cleared, as beat needs exactly one."""
    if isinstance(schedule, Crontab):
        crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
        row, _ = crontab_model.objects.get_or_create(timezone="UTC", **asdict(schedule))
        return {"crontab": row, "interval": None}
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    row, _ = interval_model.objects.get_or_create(every=schedule.seconds, period="seconds")
    return {"interval": row, "crontab": None}


def register(*tasks: tuple[str, str, Crontab | Interval], queue: str | None) -> migrations.RunPython:
    """A RunPython that registers `(name, task_path, schedule)` tasks, enabled, and deletes them on reverse.

    `queue` is required so each migration says where its jobs go; None leaves the field to the model's default
    (the worker's default queue), which is what some early migrations chose. Safe to run twice: keyed by name."""
    names = [name for name, _task, _schedule in tasks]

    def forward(apps, schema_editor):
        periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
        for name, task, schedule in tasks:
            defaults = {"task": task, "enabled": True, **_schedule(apps, schedule)}
            if queue is not None:
                defaults["queue"] = queue
            periodic_task.objects.update_or_create(name=name, defaults=defaults)

    def reverse(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()

    return migrations.RunPython(forward, reverse)
