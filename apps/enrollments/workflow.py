"""The enrolment state machine: which move is allowed from which status, and by which role.

Every status change goes through `_transition()`, which locks the row and hands it to the core
state machine (apps/core/workflow.py): it checks the table, writes one EnrollmentEvent and queues
the notice after commit. Who exactly may act (the pegawai's
*current* atasan, the owner of the request, an admin of the same instansi) is checked by the
services before they call it; `system=True` marks moves the application makes on its own (a seat
from the waitlist) on behalf of the actor whose act caused them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from apps.core.roles import ADMINS, Role
from apps.core.workflow import StateMachine
from apps.enrollments.models import Enrollment, EnrollmentEvent
from apps.enrollments.models import EnrollmentStatus as S

ATASAN = frozenset({Role.SUPERVISOR})
PEGAWAI = frozenset({Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR})  # an atasan is a pegawai too
SYSTEM: frozenset[str] = frozenset()

TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (S.REQUESTED, "approve"): (S.APPROVED, ATASAN),
    (S.REQUESTED, "skip_approval"): (S.APPROVED, SYSTEM),  # the angkatan needs no atasan approval
    (S.REQUESTED, "reject"): (S.REJECTED, ATASAN | ADMINS),
    (S.REQUESTED, "cancel"): (S.CANCELLED, PEGAWAI | ADMINS),
    (S.APPROVED, "enrol"): (S.ENROLLED, ADMINS),
    (S.APPROVED, "waitlist"): (S.WAITLISTED, ADMINS),
    (S.APPROVED, "reject"): (S.REJECTED, ADMINS),
    (S.APPROVED, "cancel"): (S.CANCELLED, PEGAWAI | ADMINS),
    (S.WAITLISTED, "promote"): (S.ENROLLED, SYSTEM | ADMINS),
    (S.WAITLISTED, "reject"): (S.REJECTED, ADMINS),
    (S.WAITLISTED, "cancel"): (S.CANCELLED, PEGAWAI | ADMINS),
    (S.ENROLLED, "cancel"): (S.CANCELLED, PEGAWAI | ADMINS),
    (S.ENROLLED, "complete"): (S.COMPLETED, ADMINS),
    (S.ENROLLED, "not_complete"): (S.NOT_COMPLETED, ADMINS),
    (S.NOT_COMPLETED, "complete"): (S.COMPLETED, ADMINS),  # a late post-test or corrected attendance
}

# Creation is not a transition (there is no row yet) but it is an event with these actions.
CREATE_ACTIONS = {"request": S.REQUESTED, "nominate": S.APPROVED}

ACTION_LABELS = {
    "request": gettext_lazy("mengajukan pendaftaran"),
    "nominate": gettext_lazy("menominasikan"),
    "approve": gettext_lazy("menyetujui"),
    "skip_approval": gettext_lazy("tanpa persetujuan atasan"),
    "reject": gettext_lazy("menolak"),
    "cancel": gettext_lazy("membatalkan"),
    "enrol": gettext_lazy("memverifikasi: mendapat kursi"),
    "waitlist": gettext_lazy("memverifikasi: masuk daftar tunggu"),
    "promote": gettext_lazy("naik dari daftar tunggu"),
    "complete": gettext_lazy("menyatakan lulus"),
    "not_complete": gettext_lazy("menyatakan tidak lulus"),
    "certificate": gettext_lazy("menerbitkan sertifikat"),
    "certificate_revoke": gettext_lazy("mencabut sertifikat"),
}


MACHINE = StateMachine(
    transitions=TRANSITIONS,
    event_model=EnrollmentEvent,
    subject="enrollment",
    notice_task="apps.enrollments.tasks.send_enrollment_notice",
    labels=ACTION_LABELS,
    statuses=dict(S.choices),
    audit_prefix="enrollment",
)


def allowed_actions(status: str) -> set[str]:
    return MACHINE.actions_from(status)


def can(status: str, action: str, actor: Any, *, system: bool = False) -> bool:
    if MACHINE.target(status, action) is None:
        return False
    return system or MACHINE.permits(status, action, actor.roles)


def record_event(
    *, enrollment: Enrollment, action: str, actor: Any, from_status: str, to_status: str, note: str = ""
) -> EnrollmentEvent:
    """Events that are not status moves (creation, certificate) use the same row and notice."""
    return MACHINE.record(
        subject=enrollment, action=action, actor=actor, from_status=from_status, to_status=to_status, note=note
    )


def _transition(
    *, enrollment_id: int, action: str, actor: Any, note: str = "", system: bool = False, **fields: Any
) -> Enrollment:
    """The one place a status changes. `fields` are written in the same UPDATE (e.g. waitlisted_at)."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update(of=("self",)).get(pk=enrollment_id)
        MACHINE.move(enrollment, action=action, actor=actor, note=note, system=system, fields=fields)
    return enrollment
