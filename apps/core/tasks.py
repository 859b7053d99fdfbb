import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError
from django.utils.translation import gettext as _

from apps.core.jobs import enqueue, relay_pending, stale_jobs_sweep
from apps.core.services import import_job_mark_failed, import_job_run, import_result_notify, logs_purge

logger = logging.getLogger(__name__)


def _failure_message() -> str:
    # Shown on the job page and in the e-mail: the details (SQL, paths, data) stay in the log.
    return _("Terjadi kesalahan sistem saat memproses impor; tidak ada data yang disimpan. Silakan coba lagi.")


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def run_import_job(self, *, job_id: int) -> None:
    """Safe to run twice: import_job_run stops at a finished job and saves under a row lock."""
    try:
        import_job_run(job_id=job_id)
    except OperationalError:
        if self.request.retries >= self.max_retries:  # the last try: leave no job stuck "running"
            logger.exception("import job %s failed after %s retries", job_id, self.request.retries)
            import_job_mark_failed(job_id=job_id, error=_failure_message())
            enqueue(send_import_result_email, job_id=job_id)
        raise
    except Exception:  # task boundary: record the failure on the job row, tell the uploader, re-raise
        logger.exception("import job %s failed", job_id)
        import_job_mark_failed(job_id=job_id, error=_failure_message())
        enqueue(send_import_result_email, job_id=job_id)
        raise
    enqueue(send_import_result_email, job_id=job_id)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def send_import_result_email(self, *, job_id: int) -> None:
    """Safe to run twice: import_result_notify sends nothing once notified_at is set."""
    import_result_notify(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def relay_outbox() -> int:
    """Beat, every 30 s: hand the broker every task a broker outage left waiting (apps/core/jobs.py)."""
    return relay_pending()


@shared_task(acks_late=True, ignore_result=True)
def sweep_stale_jobs() -> dict:
    """Beat, every 30 s: queue again (or fail) jobs whose worker died mid-run (apps/core/jobs.py)."""
    return stale_jobs_sweep()


@shared_task(acks_late=True, ignore_result=True)
def purge_old_logs() -> dict:
    """Beat, daily: delete audit and personal-data access rows past their retention (settings
    AUDIT_RETENTION_DAYS, PERSONAL_DATA_LOG_RETENTION_DAYS). Safe to run twice."""
    return logs_purge()
