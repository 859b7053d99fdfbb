"""Celery entry points of organisation-wide chores (they call services)."""

from celery import shared_task

from apps.organizations.services import import_files_expire


@shared_task(acks_late=True, ignore_result=True)
def cleanup_import_files() -> int:
    """Beat, daily: delete uploaded import files past each instansi's retention. Safe to run twice."""
    return import_files_expire()
