"""The one state machine every workflow uses (enrolment, mentoring pair, project, plan, IDP).

A workflow is a table: (state, action) → (next state, who may act). "Who" is a set of names matched
against the actor's *parties*: their roles (`actor.roles`) for tables of roles, or the relations a
workflow computes (owner, atasan, definer, …) for tables of relations. `move()` checks the table on a
row its caller has locked, writes one event row (a `TransitionEvent`) and queues the workflow's notice
by task name after commit — so no workflow module imports a tasks module."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.core.audit import snapshot, write_event
from apps.core.exceptions import InvalidTransition
from apps.core.jobs import enqueue

Table = Mapping[tuple[str, str], tuple[str, frozenset[str]]]

# Event model → its machine, filled as machines are defined: a status history reads its words here.
_MACHINES_BY_EVENT: dict[type[models.Model], StateMachine] = {}


@dataclass(frozen=True)
class StateMachine:
    transitions: Table
    #: The event row written per move (a TransitionEvent); None where the audit log is the only record.
    event_model: type[models.Model] | None
    #: The event's foreign key to the row that moves ("enrollment", "pair", "plan", …).
    subject: str = ""
    #: Dotted name of the task queued with `event_id` after each event ("" for none).
    notice_task: str = ""
    refused: str | Promise = _("Aksi tidak diizinkan untuk status ini.")
    error: type[Exception] = InvalidTransition
    #: The error's code (default: the error class's own).
    code: str | None = None
    status_field: str = "status"
    labels: Mapping[str, Any] = field(default_factory=dict)
    #: Status → label (a TextChoices' choices) and action → how a status history says it (default:
    #: `labels`). Every action an event is written for needs one: histories never show codes.
    statuses: Mapping[str, Any] = field(default_factory=dict)
    event_labels: Mapping[str, Any] = field(default_factory=dict)
    #: When set, every move also writes an audit row "<audit_prefix>.<action>" with the status and the
    #: fields it wrote, before → after (apps/core/audit.py).
    audit_prefix: str = ""

    def __post_init__(self) -> None:
        if self.event_model is not None:
            _MACHINES_BY_EVENT[self.event_model] = self

    def status_label(self, status: str) -> str:
        return str(self.statuses.get(status, status)) if status else "—"

    def action_label(self, action: str) -> str:
        return str(self.event_labels.get(action) or self.labels.get(action) or action)

    def describe(self, *, action: str, from_status: str, to_status: str) -> str:
        """'Diajukan (Draf → Diajukan)'; a creation without a previous status: 'Diusulkan (→ Diusulkan)'."""
        moved = f"{self.status_label(from_status) if from_status else ''} → {self.status_label(to_status)}".strip()
        return f"{self.action_label(action)} ({moved})"

    def target(self, status: str, action: str) -> str | None:
        found = self.transitions.get((status, action))
        return found[0] if found else None

    def actions_from(self, status: str) -> set[str]:
        return {action for (source, action) in self.transitions if source == status}

    def permits(self, status: str, action: str, parties: Iterable[str]) -> bool:
        found = self.transitions.get((status, action))
        return found is not None and bool(found[1] & {str(p) for p in parties})

    def actions_for(self, status: str, parties: Iterable[str]) -> list[str]:
        """The actions these parties may take from `status`, in table order."""
        names = {str(p) for p in parties}
        return [a for (source, a), (_t, who) in self.transitions.items() if source == status and who & names]

    def check(
        self, status: str, action: str, actor: Any, *, parties: Iterable[str] | None = None, system: bool = False
    ) -> str:
        """The next state of `action` from `status`, or the machine's error when the table or the parties
        (default: the actor's roles) do not allow it."""
        target = self.target(status, action)
        if parties is None:
            parties = getattr(actor, "roles", ()) if actor is not None else ()
        if target is None or not (system or self.permits(status, action, parties)):
            raise self.error(str(self.refused), code=self.code)
        return target

    def record(
        self, *, subject: models.Model, action: str, actor: Any, from_status: str, to_status: str, note: str = ""
    ) -> models.Model | None:
        """One event row (also for acts that are not moves: creation, a certificate) and its notice."""
        if self.event_model is None:
            return None
        event = self.event_model.objects.create(
            instansi_id=subject.instansi_id,
            **{self.subject: subject},
            actor_id=getattr(actor, "pk", None),
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
        if self.notice_task:
            enqueue(self.notice_task, event_id=event.pk)
        return event

    def move(
        self,
        subject: models.Model,
        *,
        action: str,
        actor: Any,
        parties: Iterable[str] | None = None,
        note: str = "",
        system: bool = False,
        fields: Mapping[str, Any] | None = None,
    ) -> models.Model | None:
        """Move a row the caller has locked (select_for_update inside its transaction).

        `parties` defaults to the actor's roles; `system=True` is a move the application makes on its
        own (a seat from the waitlist) on behalf of the actor whose act caused it. `fields` are written
        in the same UPDATE. Returns the event (None for a machine without events)."""
        status = getattr(subject, self.status_field)
        target = self.check(status, action, actor, parties=parties, system=system)
        before = snapshot(subject, [self.status_field, *(fields or {})]) if self.audit_prefix else None
        event = self.record(
            subject=subject, action=action, actor=actor, from_status=status, to_status=target, note=note
        )
        setattr(subject, self.status_field, target)
        for key, value in (fields or {}).items():
            setattr(subject, key, value)
        update = [self.status_field, *(fields or {})]
        if any(f.name == "updated_at" for f in subject._meta.concrete_fields):
            subject.updated_at = timezone.now()
            update.append("updated_at")
        subject.save(update_fields=update)
        if before is not None:
            write_event(
                actor=actor,
                action=f"{self.audit_prefix}.{action}",
                instance=subject,
                before=before,
                data={"note": note[:500]} if note else None,
            )
        return event


def describe_event(event: Any) -> str:
    """A status-history row in the active language, by the machine of its event model."""
    machine = _MACHINES_BY_EVENT.get(type(event))
    if machine is None:
        return str(event)
    return machine.describe(action=event.action, from_status=event.from_status, to_status=event.to_status)


def machines() -> list[StateMachine]:
    """Every machine with an event model (tests check each labels every action and status)."""
    return list(_MACHINES_BY_EVENT.values())
