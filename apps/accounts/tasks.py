from smtplib import SMTPException

from celery import shared_task

from apps.accounts.services import password_reset_mail_send


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def send_password_reset_mail(self, *, user_id: int) -> None:
    """Mailed from the worker so the request takes as long for an unknown address as for a known one.
    Running twice mails a second working link to the same inbox, which is harmless."""
    password_reset_mail_send(user_id=user_id)
