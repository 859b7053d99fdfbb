"""Celery app. Queues: default, reports, notifications (design.md, Runtime)."""

import os
from fnmatch import fnmatchcase

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_kompetensi.settings.dev")


class QueueTimeLimits:
    """Task annotations: each task gets the soft and hard time limits of the queue its route sends it to
    (settings.CELERY_QUEUE_TIME_LIMITS), unless the task sets its own. No task runs without a limit."""

    def annotate(self, task):
        from django.conf import settings

        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        for pattern, route in settings.CELERY_TASK_ROUTES.items():
            if fnmatchcase(task.name, pattern):
                queue = route.get("queue", queue)
                break
        soft, hard = settings.CELERY_QUEUE_TIME_LIMITS[queue]
        limits = {}
        if task.soft_time_limit is None:
            limits["soft_time_limit"] = soft
        if task.time_limit is None:
            limits["time_limit"] = hard
        return limits


app = Celery("asn_kompetensi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_annotations = [QueueTimeLimits()]
app.autodiscover_tasks()
