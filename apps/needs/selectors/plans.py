"""Reads of the annual plan (RPK) and the IDPs."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from apps.catalog.models import FundingSource
from apps.core.roles import ADMINS
from apps.core.tenancy import scope
from apps.employees.models import Pegawai
from apps.employees.selectors import pegawai_visible_to, team_of
from apps.needs.models import (
    ActivityStatus,
    DevelopmentPlan,
    IdpActivity,
    IdpEvent,
    IdpGoal,
    IdpStatus,
    IndividualDevelopmentPlan,
    NeedsItem,
    NeedsStatus,
    PlanEvent,
    PlanItem,
    PlanStatus,
)


def plans_visible_to(user: Any) -> QuerySet:

    if not user.has_any_role(ADMINS):
        return DevelopmentPlan.objects.none()

    return scope(DevelopmentPlan.objects.select_related("instansi", "approved_by"), user).annotate(
        item_count=Count("items", distinct=True), total_idr=Sum("items__budget_idr")
    )


def plan_items_of(plan: Any) -> QuerySet:

    return (
        PlanItem.objects.filter(instansi_id=plan.instansi_id, plan=plan)
        .select_related("kompetensi", "unit_kerja", "penyelenggara", "program")
        .annotate(needs_count=Count("needs_items", distinct=True))
        .order_by("schedule_quarter", "schedule_month", "kompetensi__code", "id")
    )


def plan_totals(plan: Any) -> dict[str, Any]:
    """Totals per unit kerja and per source of funds against the ceiling; two aggregate queries."""

    items = PlanItem.objects.filter(instansi_id=plan.instansi_id, plan=plan)
    by_unit = list(
        items.values("unit_kerja__name").annotate(total=Sum("budget_idr"), n=Count("id")).order_by("unit_kerja__name")
    )
    by_source_raw = dict(items.values_list("funding_source").annotate(total=Sum("budget_idr")))
    labels = dict(FundingSource.choices)
    by_source = [(labels.get(k, k), v) for k, v in sorted(by_source_raw.items())]
    total = sum(by_source_raw.values())
    return {
        "total": total,
        "ceiling": plan.ceiling_idr,
        "remaining": plan.ceiling_idr - total,
        "over": total > plan.ceiling_idr,
        "by_unit": by_unit,
        "by_source": by_source,
    }


def plan_events_of(plan: Any) -> QuerySet:

    return (
        PlanEvent.objects.filter(instansi_id=plan.instansi_id, plan=plan)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def needs_choices_for_plan(plan: Any) -> QuerySet:

    return (
        NeedsItem.objects.filter(instansi_id=plan.instansi_id, year=plan.year)
        .exclude(status=NeedsStatus.CLOSED)
        .select_related("kompetensi", "pegawai", "unit_kerja", "jabatan")
        .order_by("kompetensi__code", "-priority", "id")
    )


def idps_visible_to(user: Any) -> QuerySet:
    """Follows pegawai visibility: the pegawai, their atasan and the instansi's admins."""

    return IndividualDevelopmentPlan.objects.filter(pegawai__in=pegawai_visible_to(user).values("pk")).select_related(
        "pegawai__unit_kerja", "pegawai__jabatan", "agreed_by"
    )


def idp_goals_of(idp: Any) -> QuerySet:

    return (
        IdpGoal.objects.filter(instansi_id=idp.instansi_id, idp=idp)
        .select_related("kompetensi", "needs_item")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=IdpActivity.objects.select_related("plan_item__kompetensi", "program").order_by(
                    "target_date", "id"
                ),
            )
        )
        .order_by("id")
    )


def idp_events_of(idp: Any) -> QuerySet:

    return IdpEvent.objects.filter(instansi_id=idp.instansi_id, idp=idp).select_related("actor").order_by("-created_at")


def team_idps(user: Any) -> QuerySet:
    """The IDPs of the atasan's direct reports: the ones waiting for their agreement first, then the
    newest year; a pegawai who moved to another atasan takes their IDPs with them."""

    waiting_first = Case(When(status=IdpStatus.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        IndividualDevelopmentPlan.objects.filter(pegawai__in=team_of(user).values("pk"))
        .select_related("pegawai__jabatan", "pegawai__unit_kerja")
        .annotate(goal_count=Count("goals", distinct=True), waiting=waiting_first)
        .order_by("waiting", "-year", "pegawai__name", "id")
    )


def team_idps_waiting(user: Any) -> list[Any]:
    """Submitted IDPs of the atasan's team, oldest request first: what the home card lists."""

    return list(
        IndividualDevelopmentPlan.objects.filter(pegawai__in=team_of(user).values("pk"), status=IdpStatus.SUBMITTED)
        .select_related("pegawai")
        .order_by("updated_at", "id")
    )


def team_without_idp(user: Any, year: int) -> int:
    """Direct reports who have no IDP for the year yet."""

    return team_of(user).exclude(idps__year=year).count()


def plans_waiting(instansi_id: int) -> list[Any]:
    """Plans (RPK) submitted and waiting for the head of BKPSDM's decision."""

    return list(
        DevelopmentPlan.objects.filter(instansi_id=instansi_id, status=PlanStatus.SUBMITTED).order_by("year", "id")
    )


def idps_of_pegawai(pegawai: Pegawai) -> QuerySet:

    return IndividualDevelopmentPlan.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai).order_by("-year")


def idp_open_activities_for_program(instansi_id: int, pegawai_id: int, program_id: int) -> QuerySet:
    """Planned activities of the pegawai's agreed IDPs that name the programme (directly or via a plan item)."""

    return IdpActivity.objects.filter(
        instansi_id=instansi_id,
        idp__pegawai_id=pegawai_id,
        idp__status=IdpStatus.AGREED,
        status=ActivityStatus.PLANNED,
    ).filter(Q(program_id=program_id) | Q(plan_item__program_id=program_id))


def idp_plan_items_for(pegawai: Pegawai, year: int) -> QuerySet:
    """Plan items of the instansi's current plan for the year that answer this pegawai's needs, or any when none."""

    return (
        PlanItem.objects.filter(instansi_id=pegawai.instansi_id, plan__year=year)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("kompetensi")
        .order_by("kompetensi__code", "id")
    )


def open_needs_of(pegawai: Pegawai, year: int) -> QuerySet:

    return (
        NeedsItem.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai, year=year)
        .exclude(status=NeedsStatus.CLOSED)
        .select_related("kompetensi")
        .order_by("-priority")
    )
