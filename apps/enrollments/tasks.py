"""Celery entry points of the enrolment app: ids in, services do the work. Every task is safe to
run twice (acks_late): notices carry `notified_at`/`emailed_at` markers, the PDF is rendered only
when missing, a bulk nomination finds finished rows as duplicates."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from apps.enrollments.services import (
    atasan_digest_send,
    batch_reminders_send,
    bulk_nominate_mark_failed,
    bulk_nominate_run,
    certificate_pdf_ensure,
    enrollment_notice_send,
    jp_shortfall_year_end,
    notification_email_send,
    training_invitations_send,
)

logger = logging.getLogger(__name__)

RETRY = {
    "bind": True,
    "acks_late": True,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def send_enrollment_notice(self, *, event_id: int) -> int:
    return enrollment_notice_send(event_id=event_id)


@shared_task(autoretry_for=(SMTPException, ConnectionError, OperationalError), **RETRY)
def send_notification_email(self, *, notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def render_certificate_pdf(self, *, certificate_id: int) -> None:
    certificate_pdf_ensure(certificate_id=certificate_id)


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def run_bulk_nomination(self, *, job_id: int) -> None:
    try:
        bulk_nominate_run(job_id=job_id)
    except OperationalError:
        raise
    except Exception:  # task boundary: mark the job failed so the page shows it, then re-raise
        logger.exception("bulk nomination %s failed", job_id)
        bulk_nominate_mark_failed(job_id=job_id)
        raise


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def send_atasan_digests(self) -> int:
    return atasan_digest_send()


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def send_batch_reminders(self) -> int:
    return batch_reminders_send()


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def generate_jp_shortfall_needs(self) -> int:
    return jp_shortfall_year_end()


@shared_task(autoretry_for=(OperationalError,), **RETRY)
def send_training_invitations(self, *, instansi_id: int, pegawai_ids: list[int], year: int, round_key: str) -> int:
    return training_invitations_send(instansi_id=instansi_id, pegawai_ids=pegawai_ids, year=year, round_key=round_key)
