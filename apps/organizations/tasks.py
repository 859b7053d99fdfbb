"""Celery entry points of organisation-wide chores (they call services)."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def cleanup_import_files() -> int:
    """Beat, daily: delete uploaded import files past each instansi's retention. Safe to run twice."""
    from apps.organizations.services import import_files_expire

    return import_files_expire()
