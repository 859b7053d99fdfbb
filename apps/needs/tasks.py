"""Celery entry points of needs: the notices of plan and IDP moves (queued by the state machine)."""

from celery import shared_task

from apps.core.jobs import RETRY
from apps.needs.workflow import idp_event_notify, plan_event_notify


@shared_task(**RETRY)
def send_plan_notice(self, *, event_id: int) -> int:
    return plan_event_notify(event_id=event_id)


@shared_task(**RETRY)
def send_idp_notice(self, *, event_id: int) -> int:
    return idp_event_notify(event_id=event_id)
