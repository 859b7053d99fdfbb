"""Status tables of programmes and batches for the core state machine (apps/core/workflow.py). Moves are
made by the admins of the owning instansi (services check ownership) and recorded in the audit log."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.catalog.errors import CatalogError
from apps.catalog.models import AngkatanStatus, ProgramStatus
from apps.core.roles import ADMINS
from apps.core.workflow import StateMachine

P = ProgramStatus
PROGRAM_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (P.DRAFT, "publish"): (P.PUBLISHED, ADMINS),
    (P.DRAFT, "archive"): (P.ARCHIVED, ADMINS),
    (P.PUBLISHED, "archive"): (P.ARCHIVED, ADMINS),
    (P.ARCHIVED, "publish"): (P.PUBLISHED, ADMINS),
}

A = AngkatanStatus
ANGKATAN_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (A.PLANNED, "open"): (A.OPEN, ADMINS),
    (A.PLANNED, "cancel"): (A.CANCELLED, ADMINS),
    (A.OPEN, "close"): (A.FULL, ADMINS),
    (A.OPEN, "start"): (A.RUNNING, ADMINS),
    (A.OPEN, "cancel"): (A.CANCELLED, ADMINS),
    (A.FULL, "open"): (A.OPEN, ADMINS),
    (A.FULL, "start"): (A.RUNNING, ADMINS),
    (A.FULL, "cancel"): (A.CANCELLED, ADMINS),
    (A.RUNNING, "finish"): (A.FINISHED, ADMINS),
}

PROGRAM_MACHINE = StateMachine(
    transitions=PROGRAM_TRANSITIONS,
    event_model=None,
    refused=_("Aksi tidak diizinkan untuk status program ini."),
    error=CatalogError,
    code="catalog.invalid_transition",
)
ANGKATAN_MACHINE = StateMachine(
    transitions=ANGKATAN_TRANSITIONS,
    event_model=None,
    refused=_("Aksi tidak diizinkan untuk status angkatan ini."),
    error=CatalogError,
    code="catalog.invalid_transition",
)
