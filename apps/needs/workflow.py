"""Status moves of the annual plan (RPK) and the IDP: one table each for the core state machine
(apps/core/workflow.py), which writes an event row per move (who, from, to, note) and queues its notice:
the admins hear of a submitted plan, the atasan of a submitted IDP, the pegawai of an agreed or
returned one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.accounts.selectors import admin_user_ids
from apps.core.notices import Notice, deliver_event_notice
from apps.core.roles import BKPSDM
from apps.core.workflow import StateMachine
from apps.employees.selectors import is_supervisor_of
from apps.needs.errors import InvalidTransition
from apps.needs.models import DevelopmentPlan, IdpEvent, IdpStatus, IndividualDevelopmentPlan, PlanEvent, PlanStatus

S = PlanStatus
# The plan is the agency's own decision, signed by the head of BKPSDM: its admins move it; the platform
# operator reads it but does not decide it for them (tests/test_plans.py holds this).

TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (S.DRAFT, "submit"): (S.SUBMITTED, BKPSDM),
    (S.SUBMITTED, "return"): (S.DRAFT, BKPSDM),
    # The head of BKPSDM sets the plan; in the app an admin BKPSDM records it on their behalf (signatory kept).
    (S.SUBMITTED, "approve"): (S.APPROVED, BKPSDM),
    (S.APPROVED, "supersede"): (S.SUPERSEDED, BKPSDM),
}


PLAN_EVENT_LABELS = {
    "submit": gettext_lazy("Diajukan"),
    "return": gettext_lazy("Dikembalikan untuk diperbaiki"),
    "approve": gettext_lazy("Ditetapkan"),
    "supersede": gettext_lazy("Diganti versi baru"),
}

PLAN_MACHINE = StateMachine(
    transitions=TRANSITIONS,
    statuses=dict(S.choices),
    event_labels=PLAN_EVENT_LABELS,
    event_model=PlanEvent,
    subject="plan",
    notice_task="apps.needs.tasks.send_plan_notice",
    refused=gettext_lazy("Aksi tidak diizinkan untuk status rencana ini."),
    error=InvalidTransition,
    audit_prefix="plan",
)


def allowed_actions(plan: DevelopmentPlan, user: Any) -> list[str]:
    return PLAN_MACHINE.actions_for(plan.status, user.roles)


def _transition(
    *, plan_id: int, action: str, actor: Any, note: str = "", fields: dict[str, Any] | None = None
) -> DevelopmentPlan:
    with transaction.atomic():
        plan = DevelopmentPlan.objects.select_for_update().get(pk=plan_id)
        PLAN_MACHINE.move(plan, action=action, actor=actor, note=note, fields=fields)
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
    parties = set()
    if idp.pegawai.user_id == user.pk:
        parties.add(OWNER)
    if is_supervisor_of(user, idp.pegawai):
        parties.add(ATASAN)
    return parties


IDP_EVENT_LABELS = {
    "submit": gettext_lazy("Diajukan ke atasan"),
    "agree": gettext_lazy("Disepakati atasan"),
    "return": gettext_lazy("Dikembalikan untuk diperbaiki"),
    "reopen": gettext_lazy("Dibuka kembali untuk ditinjau"),
}

IDP_MACHINE = StateMachine(
    transitions={key: (target, frozenset({who})) for key, (target, who) in IDP_TRANSITIONS.items()},
    statuses=dict(D.choices),
    event_labels=IDP_EVENT_LABELS,
    event_model=IdpEvent,
    subject="idp",
    notice_task="apps.needs.tasks.send_idp_notice",
    refused=gettext_lazy("Aksi tidak diizinkan untuk status IDP ini."),
    error=InvalidTransition,
    audit_prefix="idp",
)


def idp_allowed_actions(idp: IndividualDevelopmentPlan, user: Any) -> list[str]:
    return IDP_MACHINE.actions_for(idp.status, idp_party(idp, user))


def _idp_transition(*, idp_id: int, action: str, actor: Any, note: str = "") -> IndividualDevelopmentPlan:
    with transaction.atomic():
        idp = IndividualDevelopmentPlan.objects.select_for_update(of=("self",)).select_related("pegawai").get(pk=idp_id)
        agreed = IDP_MACHINE.target(idp.status, action) == D.AGREED
        fields = {"agreed_by": actor, "agreed_at": timezone.now()} if agreed else {}
        IDP_MACHINE.move(idp, action=action, actor=actor, parties=idp_party(idp, actor), note=note, fields=fields)
    return idp


# ---- notices: who hears of which move --------------------------------------------------------------

PLAN_TITLES = {
    "submit": gettext_lazy("Rencana pengembangan %(title)s (%(year)s) diajukan dan menunggu penetapan"),
    "return": gettext_lazy("Rencana pengembangan %(title)s (%(year)s) dikembalikan untuk diperbaiki"),
    "approve": gettext_lazy("Rencana pengembangan %(title)s (%(year)s) ditetapkan"),
}
IDP_TITLES = {
    "submit": gettext_lazy("IDP %(name)s tahun %(year)s menunggu persetujuan Anda"),
    "agree": gettext_lazy("IDP Anda tahun %(year)s disetujui atasan"),
    "return": gettext_lazy("IDP Anda tahun %(year)s dikembalikan atasan untuk diperbaiki"),
}


def plan_event_notice(event: PlanEvent) -> Notice | None:
    """The admins BKPSDM of the instansi (but the one who acted) hear of a submitted, returned or set plan."""
    template = PLAN_TITLES.get(event.action)
    if template is None:
        return None
    plan = event.plan
    recipients = [uid for uid in admin_user_ids(event.instansi_id) if uid != event.actor_id]
    title = str(template) % {"title": plan.title, "year": plan.year}
    return Notice(recipients, title, reverse("needs:plan_detail", args=[plan.pk]))


def idp_event_notice(event: IdpEvent) -> Notice | None:
    """A submitted IDP reaches the pegawai's atasan; an agreed or returned one reaches the pegawai."""
    template = IDP_TITLES.get(event.action)
    if template is None:
        return None
    pegawai = event.idp.pegawai
    if event.action == "submit":
        recipients = [pegawai.atasan.user_id] if pegawai.atasan_id else []
    else:
        recipients = [pegawai.user_id]
    title = str(template) % {"name": pegawai.name, "year": event.idp.year}
    return Notice(recipients, title, reverse("needs:idp_detail", args=[event.idp_id]))


def plan_event_notify(*, event_id: int) -> int:
    return deliver_event_notice(PlanEvent, event_id, plan_event_notice, key="plan-event")


def idp_event_notify(*, event_id: int) -> int:
    return deliver_event_notice(IdpEvent, event_id, idp_event_notice, key="idp-event")
