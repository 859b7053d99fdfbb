"""Status moves of the annual plan (RPK) and the IDP: one TRANSITIONS table each, one _transition() each,
and every move writes an event row (who, from, to, note)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError
from apps.needs.models import DevelopmentPlan, PlanEvent, PlanStatus


class InvalidTransition(DomainError):
    default_code = "needs.invalid_transition"


S = PlanStatus
BKPSDM = frozenset({"admin_bkpsdm"})

TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (S.DRAFT, "submit"): (S.SUBMITTED, BKPSDM),
    (S.SUBMITTED, "return"): (S.DRAFT, BKPSDM),
    # The head of BKPSDM sets the plan; in the app an admin BKPSDM records it on their behalf (signatory kept).
    (S.SUBMITTED, "approve"): (S.APPROVED, BKPSDM),
    (S.APPROVED, "supersede"): (S.SUPERSEDED, BKPSDM),
}


def allowed_actions(plan: DevelopmentPlan, user: Any) -> list[str]:
    return [a for (status, a), (_t, roles) in TRANSITIONS.items() if status == plan.status and user.has_any_role(roles)]


def _transition(
    *, plan_id: int, action: str, actor: Any, note: str = "", fields: dict[str, Any] | None = None
) -> DevelopmentPlan:
    with transaction.atomic():
        plan = DevelopmentPlan.objects.select_for_update().get(pk=plan_id)
        target, roles = TRANSITIONS.get((plan.status, action), (None, frozenset()))
        if target is None or not actor.has_any_role(roles):
            raise InvalidTransition(_("Aksi tidak diizinkan untuk status rencana ini."))
        PlanEvent.objects.create(
            instansi_id=plan.instansi_id,
            plan=plan,
            actor=actor,
            action=action,
            from_status=plan.status,
            to_status=target,
            note=note,
        )
        plan.status = target
        for key, value in (fields or {}).items():
            setattr(plan, key, value)
        plan.save()
    return plan
