"""Celery app. Queues: default, reports, notifications (design.md, Runtime)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_kompetensi.settings.dev")

app = Celery("asn_kompetensi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
