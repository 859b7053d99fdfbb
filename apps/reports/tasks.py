"""Report tasks: routed to the `reports` queue (CELERY_TASK_ROUTES apps.reports.tasks.*), one task
at a time per worker process (prefetch 1), acknowledged late, retried with backoff."""

import logging

from celery import shared_task
from django.db import OperationalError
from django.utils.translation import gettext as _

from apps.core.jobs import enqueue
from apps.reports.services import monthly_reports_request, report_email, report_mark_failed, report_run, reports_cleanup

logger = logging.getLogger(__name__)


def _failure_message(exc: BaseException) -> str:
    # Shown on the job page: a readable sentence plus the error type; SQL, paths and data stay in the log.
    return _("Laporan gagal dibuat (%(kind)s). Silakan ulangi; bila tetap gagal, hubungi admin.") % {
        "kind": type(exc).__name__
    }


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def run_report_job(self, *, job_id: int) -> str:
    """Safe to run twice: report_run leaves a finished job alone and overwrites only its own files."""
    try:
        job = report_run(job_id=job_id)
    except (OperationalError, ConnectionError) as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("report job %s failed after %s retries", job_id, self.request.retries)
            report_mark_failed(job_id=job_id, error=_failure_message(exc))
        raise
    except Exception as exc:  # task boundary: record the failure on the job row, then re-raise
        logger.exception("report job %s failed", job_id)
        report_mark_failed(job_id=job_id, error=_failure_message(exc))
        raise
    if job.email_to and job.status == "succeeded":
        enqueue(email_report, job_id=job_id)
    return job.status


@shared_task(bind=True, acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=6)
def email_report(self, *, job_id: int) -> bool:
    return report_email(job_id=job_id)


@shared_task(acks_late=True)
def cleanup_report_files() -> int:
    return reports_cleanup()


@shared_task(acks_late=True)
def monthly_reports() -> int:
    return len(monthly_reports_request())
