"""Celery entry points of the catalog: ids in (none here), services do the work. Safe to run twice:
a batch already in the status its dates call for is left alone."""

from celery import shared_task
from django.db import OperationalError

from apps.catalog.services import angkatan_follow_dates_all


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def advance_angkatan_by_dates(self) -> int:
    return angkatan_follow_dates_all()
