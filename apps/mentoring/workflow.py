"""Status tables of pairs and project assignments, and the one `_transition()` for each that moves a
row, writes its event and queues the notification on commit (style.md §4).

Pair moves are made by BKPSDM admins. Project moves name *relations* to the project instead of
stored roles: "admin" (BKPSDM/superadmin of the instansi), "definer" (admin or the pegawai's atasan),
"owner" (the assigned pegawai) and ASSESSOR (the assessor named on the project)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.core.roles import ADMINS
from apps.core.workflow import StateMachine
from apps.employees.selectors import is_supervisor_of
from apps.mentoring.models import (
    MentoringPair,
    PairEvent,
    PairStatus,
    ProjectAssignment,
    ProjectEvent,
    ProjectStatus,
)

P = PairStatus
PAIR_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (P.PROPOSED, "confirm"): (P.ACTIVE, ADMINS),
    (P.PROPOSED, "discard"): (P.ENDED, ADMINS),
    (P.ACTIVE, "reassign"): (P.REASSIGNED, ADMINS),
    (P.ACTIVE, "end"): (P.ENDED, ADMINS),
}

S = ProjectStatus
#: The relation of the assessor named on a project (its `supervisor` field) — a relation, not the role.
ASSESSOR = "supervisor"
PROJECT_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (S.DRAFT, "start"): (S.ACTIVE, frozenset({"definer"})),
    (S.DRAFT, "cancel"): (S.CANCELLED, frozenset({"definer"})),
    (S.ACTIVE, "submit"): (S.SUBMITTED, frozenset({"owner"})),
    (S.ACTIVE, "cancel"): (S.CANCELLED, frozenset({"definer"})),
    (S.SUBMITTED, "return"): (S.ACTIVE, frozenset({ASSESSOR})),
    (S.SUBMITTED, "assess"): (S.ASSESSED, frozenset({ASSESSOR})),
}

PROJECT_ACTION_LABELS = {
    "start": _("Mulai"),
    "cancel": _("Batalkan"),
    "submit": _("Ajukan untuk dinilai"),
    "return": _("Kembalikan untuk diperbaiki"),
}


# How a status history says each act (an event is also written for a proposal and a definition).
PAIR_EVENT_LABELS = {
    "propose": _("Diusulkan"),
    "confirm": _("Dikonfirmasi"),
    "discard": _("Dibatalkan"),
    "reassign": _("Dialihkan"),
    "end": _("Diakhiri"),
}
PROJECT_EVENT_LABELS = {
    "define": _("Ditetapkan"),
    "start": _("Dimulai"),
    "cancel": _("Dibatalkan"),
    "submit": _("Diajukan untuk dinilai"),
    "return": _("Dikembalikan untuk diperbaiki"),
    "assess": _("Dinilai"),
}


PAIR_MACHINE = StateMachine(
    transitions=PAIR_TRANSITIONS,
    event_model=PairEvent,
    subject="pair",
    notice_task="apps.mentoring.tasks.send_pair_event_notice",
    statuses=dict(P.choices),
    event_labels=PAIR_EVENT_LABELS,
)
PROJECT_MACHINE = StateMachine(
    transitions=PROJECT_TRANSITIONS,
    event_model=ProjectEvent,
    subject="project",
    notice_task="apps.mentoring.tasks.send_project_event_notice",
    labels=PROJECT_ACTION_LABELS,
    statuses=dict(S.choices),
    event_labels=PROJECT_EVENT_LABELS,
)


def pair_transition(*, pair_id: int, action: str, actor: Any, note: str = "") -> MentoringPair:
    with transaction.atomic():
        pair = MentoringPair.objects.select_for_update(of=("self",)).get(pk=pair_id)
        PAIR_MACHINE.move(pair, action=action, actor=actor, note=note)
    return pair


def project_relations(user: Any, project: ProjectAssignment) -> set[str]:
    """The relations `user` has to `project` (see module docstring)."""

    found: set[str] = set()
    if user is None or not user.is_authenticated:
        return found
    admin = user.has_any_role(ADMINS) and (user.instansi_id in (None, project.instansi_id))
    if admin:
        found |= {"admin", "definer"}
    if project.pegawai.user_id == user.pk:
        found.add("owner")
    if project.supervisor.user_id == user.pk:
        found.add(ASSESSOR)
    if is_supervisor_of(user, project.pegawai):
        found.add("definer")
    return found


def project_actions_for(user: Any, project: ProjectAssignment) -> list[str]:
    """The moves offered as buttons; "assess" has its own form."""
    return [a for a in PROJECT_MACHINE.actions_for(project.status, project_relations(user, project)) if a != "assess"]


def project_transition(*, project_id: int, action: str, actor: Any, note: str = "") -> ProjectAssignment:
    with transaction.atomic():
        project = (
            ProjectAssignment.objects.select_for_update(of=("self",))
            .select_related("pegawai", "supervisor")
            .get(pk=project_id)
        )
        PROJECT_MACHINE.move(project, action=action, actor=actor, parties=project_relations(actor, project), note=note)
    return project
