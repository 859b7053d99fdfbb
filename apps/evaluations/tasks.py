"""Celery entry points of evaluations: invitations, reminders and L3 follow-ups (beat, daily)."""

import logging
from smtplib import SMTPException
from zoneinfo import ZoneInfo

from celery import shared_task
from django.utils import timezone

from apps.evaluations import services
from apps.evaluations.services import invitations_send
from apps.organizations.selectors import instansi_list_for_superadmin

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def send_survey_invitations(self, *, questionnaire_id: int) -> int:
    """Safe to repeat: only invitations without sent_at are mailed."""
    return invitations_send(questionnaire_id=questionnaire_id)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=3
)
def evaluations_daily(self) -> dict[str, int]:
    """Per instansi, in its time zone: close expired surveys, open due L3 follow-ups, invite late
    participants, and remind. Each step is repeat-safe."""
    totals = {"closed": 0, "followups": 0, "invited": 0, "reminded": 0}
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        with timezone.override(ZoneInfo(instansi.timezone or "Asia/Jakarta")):
            today = timezone.localdate()
            totals["closed"] += services.close_expired(instansi_id=instansi.pk, today=today)
            totals["followups"] += len(services.schedule_followups(instansi_id=instansi.pk, today=today))
            totals["invited"] += services.invitations_sync_open(instansi_id=instansi.pk)
            totals["reminded"] += services.reminders_send(instansi_id=instansi.pk, today=today)
    logger.info("evaluations_daily %s", totals)
    return totals
