"""Reads of core records, scoped to the user's instansi."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

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


def audit_events_filtered(
    user: Any,
    *,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action_prefix: str = "",
) -> QuerySet[AuditEvent]:
    """The audit rows a user may see, narrowed by the page's filters. `action` is a prefix ("pegawai."
    finds every pegawai act); `actor` matches the user name, full name or e-mail; dates are whole days
    in the active (instansi) time zone, turned into a range on created_at so the index serves them."""
    qs = audit_events_visible_to(user)
    if action or action_prefix:
        qs = qs.filter(action__startswith=action or action_prefix)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        qs = qs.filter(
            Q(actor__username__icontains=actor)
            | Q(actor__full_name__icontains=actor)
            | Q(actor__email__icontains=actor)
        )
    zone = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone))
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        qs = qs.filter(created_at__lt=datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zone))
    return qs


def import_job_rows(user: Any) -> QuerySet[ImportJob]:
    return import_jobs_visible_to(user).order_by("-created_at", "-id")
