import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

logger = logging.getLogger(__name__)


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
    from apps.core.services import import_job_mark_failed, import_job_run

    try:
        import_job_run(job_id=job_id)
    except OperationalError:
        raise
    except Exception as exc:  # task boundary: record the failure on the job row, then re-raise
        logger.exception("import job %s failed", job_id)
        import_job_mark_failed(job_id=job_id, error=str(exc))
        raise
    send_import_result_email.delay(job_id=job_id)


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
    from apps.core.services import import_result_notify

    import_result_notify(job_id=job_id)
