"""Celery entry points of the mentoring app: ids in, services do the work. Every task is safe to run
twice (acks_late): events and sessions carry `notified_at`, pairs `reminded_at`, and the notices
themselves are deduplicated per recipient and key by the enrollments notification service."""

import logging
from zoneinfo import ZoneInfo

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from apps.core.jobs import enqueue
from apps.mentoring.selectors import instansi_ids_with_running_programs
from apps.mentoring.services import pair_event_notify, project_event_notify, session_notify, stale_pairs_remind
from apps.organizations.selectors import instansi_by_id

logger = logging.getLogger(__name__)

RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(**RETRY)
def send_pair_event_notice(self, *, event_id: int) -> int:
    return pair_event_notify(event_id=event_id)


@shared_task(**RETRY)
def send_session_notice(self, *, session_id: int) -> int:
    return session_notify(session_id=session_id)


@shared_task(**RETRY)
def send_project_event_notice(self, *, event_id: int) -> int:
    return project_event_notify(event_id=event_id)


@shared_task(**RETRY)
def remind_stale_pairs_instansi(self, *, instansi_id: int) -> int:
    instansi = instansi_by_id(instansi_id)
    if instansi is None:
        return 0
    with timezone.override(ZoneInfo(instansi.timezone)):
        return stale_pairs_remind(instansi_id=instansi.pk, today=timezone.localdate())


@shared_task(**RETRY)
def remind_stale_pairs(self) -> int:
    """Beat entry (daily): one task per instansi that has running programmes."""
    ids = instansi_ids_with_running_programs()
    for instansi_id in ids:
        enqueue(remind_stale_pairs_instansi, instansi_id=instansi_id)
    return len(ids)
