"""Celery entry points of the API app."""

from __future__ import annotations

from celery import shared_task

from apps.api.services import call_logs_purge


@shared_task(acks_late=True, ignore_result=True)
def purge_api_call_logs() -> int:
    """Beat, daily: delete API call log rows past API_CALL_LOG_RETENTION_DAYS. Safe to run twice."""
    return call_logs_purge()
