"""Status tables of pairs and project assignments, and the one `_transition()` for each that moves a
row, writes its event and queues the notification on commit (style.md §4).

Pair moves are made by BKPSDM admins. Project moves name *relations* to the project instead of
stored roles: "admin" (BKPSDM/superadmin of the instansi), "definer" (admin or the pegawai's atasan),
"owner" (the assigned pegawai) and "supervisor" (the assessor named on the project)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.exceptions import InvalidTransition
from apps.core.jobs import enqueue
from apps.mentoring.models import (
    MentoringPair,
    PairEvent,
    PairStatus,
    ProjectAssignment,
    ProjectEvent,
    ProjectStatus,
)

ADMINS = frozenset({"admin_bkpsdm", "superadmin"})

P = PairStatus
PAIR_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (P.PROPOSED, "confirm"): (P.ACTIVE, ADMINS),
    (P.PROPOSED, "discard"): (P.ENDED, ADMINS),
    (P.ACTIVE, "reassign"): (P.REASSIGNED, ADMINS),
    (P.ACTIVE, "end"): (P.ENDED, ADMINS),
}

S = ProjectStatus
PROJECT_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (S.DRAFT, "start"): (S.ACTIVE, frozenset({"definer"})),
    (S.DRAFT, "cancel"): (S.CANCELLED, frozenset({"definer"})),
    (S.ACTIVE, "submit"): (S.SUBMITTED, frozenset({"owner"})),
    (S.ACTIVE, "cancel"): (S.CANCELLED, frozenset({"definer"})),
    (S.SUBMITTED, "return"): (S.ACTIVE, frozenset({"supervisor"})),
    (S.SUBMITTED, "assess"): (S.ASSESSED, frozenset({"supervisor"})),
}

PROJECT_ACTION_LABELS = {
    "start": _("Mulai"),
    "cancel": _("Batalkan"),
    "submit": _("Ajukan untuk dinilai"),
    "return": _("Kembalikan untuk diperbaiki"),
}


def pair_transition(*, pair_id: int, action: str, actor: Any, note: str = "") -> MentoringPair:
    from apps.mentoring.tasks import send_pair_event_notice

    with transaction.atomic():
        pair = MentoringPair.objects.select_for_update(of=("self",)).get(pk=pair_id)
        target, roles = PAIR_TRANSITIONS.get((pair.status, action), (None, frozenset()))
        if target is None or actor is None or not actor.has_any_role(roles):
            raise InvalidTransition(_("Aksi tidak diizinkan untuk status ini."))
        event = PairEvent.objects.create(
            instansi_id=pair.instansi_id,
            pair=pair,
            actor=actor,
            action=action,
            from_status=pair.status,
            to_status=target,
            note=note,
        )
        pair.status = target
        pair.save(update_fields=["status", "updated_at"])
        enqueue(send_pair_event_notice, event_id=event.pk)
    return pair


def project_relations(user: Any, project: ProjectAssignment) -> set[str]:
    """The relations `user` has to `project` (see module docstring)."""
    from apps.employees.selectors import is_supervisor_of

    found: set[str] = set()
    if user is None or not user.is_authenticated:
        return found
    admin = user.has_any_role(ADMINS) and (user.instansi_id in (None, project.instansi_id))
    if admin:
        found |= {"admin", "definer"}
    if project.pegawai.user_id == user.pk:
        found.add("owner")
    if project.supervisor.user_id == user.pk:
        found.add("supervisor")
    if is_supervisor_of(user, project.pegawai):
        found.add("definer")
    return found


def project_actions_for(user: Any, project: ProjectAssignment) -> list[str]:
    relations = project_relations(user, project)
    return [
        action
        for (status, action), (_target, allowed) in PROJECT_TRANSITIONS.items()
        if status == project.status and relations & allowed and action != "assess"
    ]


def project_transition(*, project_id: int, action: str, actor: Any, note: str = "") -> ProjectAssignment:
    from apps.mentoring.tasks import send_project_event_notice

    with transaction.atomic():
        project = (
            ProjectAssignment.objects.select_for_update(of=("self",))
            .select_related("pegawai", "supervisor")
            .get(pk=project_id)
        )
        target, allowed = PROJECT_TRANSITIONS.get((project.status, action), (None, frozenset()))
        if target is None or not (project_relations(actor, project) & allowed):
            raise InvalidTransition(_("Aksi tidak diizinkan untuk status ini."))
        event = ProjectEvent.objects.create(
            instansi_id=project.instansi_id,
            project=project,
            actor=actor,
            action=action,
            from_status=project.status,
            to_status=target,
            note=note,
        )
        project.status = target
        project.save(update_fields=["status", "updated_at"])
        enqueue(send_project_event_notice, event_id=event.pk)
    return project
