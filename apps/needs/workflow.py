"""Status moves of the annual plan (RPK) and the IDP: one TRANSITIONS table each, one _transition() each,
and every move writes an event row (who, from, to, note)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError
from apps.needs.models import DevelopmentPlan, IdpEvent, IdpStatus, IndividualDevelopmentPlan, PlanEvent, PlanStatus


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


# ---- IDP: the pegawai drafts and submits, the direct atasan agrees or sends it back -------------------

D = IdpStatus
OWNER, ATASAN = "owner", "atasan"
IDP_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (D.DRAFT, "submit"): (D.SUBMITTED, OWNER),
    (D.SUBMITTED, "agree"): (D.AGREED, ATASAN),
    (D.SUBMITTED, "return"): (D.DRAFT, ATASAN),
    (D.AGREED, "reopen"): (D.DRAFT, OWNER),  # yearly review: a change needs a new agreement
}


def idp_party(idp: IndividualDevelopmentPlan, user: Any) -> set[str]:
    from apps.employees.selectors import is_supervisor_of

    parties = set()
    if idp.pegawai.user_id == user.pk:
        parties.add(OWNER)
    if is_supervisor_of(user, idp.pegawai):
        parties.add(ATASAN)
    return parties


def idp_allowed_actions(idp: IndividualDevelopmentPlan, user: Any) -> list[str]:
    parties = idp_party(idp, user)
    return [a for (status, a), (_t, who) in IDP_TRANSITIONS.items() if status == idp.status and who in parties]


def _idp_transition(*, idp_id: int, action: str, actor: Any, note: str = "") -> IndividualDevelopmentPlan:
    from django.utils import timezone

    with transaction.atomic():
        idp = IndividualDevelopmentPlan.objects.select_for_update(of=("self",)).select_related("pegawai").get(pk=idp_id)
        target, who = IDP_TRANSITIONS.get((idp.status, action), (None, ""))
        if target is None or who not in idp_party(idp, actor):
            raise InvalidTransition(_("Aksi tidak diizinkan untuk status IDP ini."))
        IdpEvent.objects.create(
            instansi_id=idp.instansi_id,
            idp=idp,
            actor=actor,
            action=action,
            from_status=idp.status,
            to_status=target,
            note=note,
        )
        idp.status = target
        if target == D.AGREED:
            idp.agreed_by, idp.agreed_at = actor, timezone.now()
        idp.save()
    return idp
