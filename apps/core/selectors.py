"""Reads of core records, scoped to the user's instansi."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.core.models import AuditEvent, ImportJob
from apps.core.roles import ADMINS
from apps.core.tenancy import scope


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    if not user.has_any_role(ADMINS):
        return AuditEvent.objects.none()
    return scope(AuditEvent.objects.select_related("actor"), user)


def import_jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    if not user.has_any_role(ADMINS):
        return ImportJob.objects.none()
    return scope(ImportJob.objects.select_related("created_by"), user)


def import_jobs_for_instansi(instansi_id: int) -> QuerySet[ImportJob]:
    """For code without a user (periodic tasks): one instansi's import jobs."""
    return ImportJob.objects.filter(instansi_id=instansi_id)


def audit_events_filtered(user: Any, *, action_prefix: str = "") -> QuerySet[AuditEvent]:
    qs = audit_events_visible_to(user)
    return qs.filter(action__startswith=action_prefix) if action_prefix else qs


def import_job_rows(user: Any) -> QuerySet[ImportJob]:
    return import_jobs_visible_to(user).order_by("-created_at", "-id")
