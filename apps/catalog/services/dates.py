"""Batch status follows the batch's dates (a daily beat task): nobody has to remember to close
registration, start or finish a batch by hand. Every move goes through the batch state machine and is
audited like an admin's, with no actor."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.catalog.models import Angkatan, AngkatanStatus
from apps.catalog.selectors import angkatan_for_instansi
from apps.catalog.workflow import ANGKATAN_MACHINE
from apps.core.services import audit_log
from apps.organizations.selectors import instansi_list_for_superadmin

A = AngkatanStatus


def date_actions(angkatan: Angkatan, today: datetime.date) -> list[str]:
    """The workflow actions the dates call for, in order (empty when the status already fits):
    - the first day has come: start (and finish too when the last day has also passed);
    - running and the last day has passed: finish;
    - open, registration's last day has passed, not started yet: close (the workflow's only way to stop
      taking registrations; an admin may re-open it, e.g. after extending the window)."""
    status = angkatan.status
    if status in (A.OPEN, A.FULL) and angkatan.start_date <= today:
        return ["start", "finish"] if angkatan.end_date < today else ["start"]
    if status == A.RUNNING and angkatan.end_date < today:
        return ["finish"]
    if status == A.OPEN and angkatan.registration_closes is not None and angkatan.registration_closes < today:
        return ["close"]
    return []


def _due(instansi_id: int, today: datetime.date):
    return (
        angkatan_for_instansi(instansi_id)
        .filter(
            Q(status__in=(A.OPEN, A.FULL), start_date__lte=today)
            | Q(status=A.RUNNING, end_date__lt=today)
            | Q(status=A.OPEN, registration_closes__lt=today)
        )
        .order_by("start_date", "id")
        .values_list("pk", flat=True)
    )


def angkatan_follow_dates(*, instansi_id: int, today: datetime.date) -> dict[int, str]:
    """Move the instansi's batches whose dates have passed; returns {batch id: new status}. Safe to
    repeat: each batch is re-read under its row lock and moved only as far as its dates call for."""
    moved: dict[int, str] = {}
    for pk in list(_due(instansi_id, today)):
        with transaction.atomic():
            angkatan = Angkatan.objects.select_for_update().get(pk=pk)
            for action in date_actions(angkatan, today):
                before = angkatan.status
                ANGKATAN_MACHINE.move(angkatan, action=action, actor=None, system=True)
                audit_log(
                    actor=None,
                    action=f"catalog.angkatan.{action}",
                    instance=angkatan,
                    data={"from": before, "to": angkatan.status, "by": "dates", "on": today.isoformat()},
                )
                moved[pk] = angkatan.status
    return moved


def angkatan_follow_dates_all() -> int:
    """Daily, per instansi in its own time zone (a batch in Jayapura starts two hours before one in Medan)."""
    count = 0
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        with timezone.override(ZoneInfo(instansi.timezone)):
            count += len(angkatan_follow_dates(instansi_id=instansi.pk, today=timezone.localdate()))
    return count
