"""Reads of assessments, JPM reference data and gaps. Gap pages aggregate in the database (one query per
table shown, whatever the number of pegawai); the current profile is chosen in SQL by source priority."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from apps.competencies.selectors import kompetensi_for_instansi
from apps.core import figures
from apps.core.roles import ADMINS
from apps.core.tenancy import scope, scope_with_shared
from apps.employees.models import Pegawai
from apps.employees.selectors import active_pegawai_visible_to, pegawai_for_instansi, pegawai_visible_to, team_of
from apps.needs.gaps import Heatmap, build_heatmap
from apps.needs.jpm import Band
from apps.needs.models import (
    PERFORMANCE_GAP,
    Assessment,
    AssessmentScore,
    Constraint,
    FgdSession,
    JpmPolicy,
    JpmScale,
    JpmThreshold,
    Modality,
    NeedsItem,
    NeedsSurvey,
    PerformanceRecord,
    PlanItem,
    PlanStatus,
    SurveyResponse,
)
from apps.needs.selectors.plans import (  # noqa: F401 - part of this module's API
    idp_events_of,
    idp_goals_of,
    idp_open_activities_for_program,
    idp_plan_items_for,
    idps_of_pegawai,
    idps_visible_to,
    needs_choices_for_plan,
    open_needs_of,
    plan_events_of,
    plan_items_of,
    plan_totals,
    plans_visible_to,
    plans_waiting,
    team_idps,
    team_idps_waiting,
    team_without_idp,
)


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _in_force(qs: QuerySet, on: datetime.date) -> QuerySet:
    return qs.filter(effective_from__lte=on).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def policy_for(instansi_id: int, on: datetime.date) -> JpmPolicy:
    """The instansi's own policy in force, else the national one."""
    rows = _in_force(JpmPolicy.objects.filter(Q(instansi_id=instansi_id) | Q(instansi__isnull=True)), on)
    policy = rows.order_by(F("instansi_id").desc(nulls_last=True), "-effective_from").first()
    if policy is None:  # no row at all: behave as the documented national default, unsaved
        policy = JpmPolicy(jpm_cap=True, validity_months=36, effective_from=on, source="default")
    return policy


def bands_for(instansi_id: int, on: datetime.date) -> tuple[list[Band], list[Band], str]:
    """Threshold bands of both scales in force (instansi rows replace the national scale) and a version tag."""
    rows = list(_in_force(JpmThreshold.objects.filter(Q(instansi_id=instansi_id) | Q(instansi__isnull=True)), on))
    result: dict[str, list[JpmThreshold]] = {}
    for scale in JpmScale.values:
        own = [r for r in rows if r.scale == scale and r.instansi_id == instansi_id]
        result[scale] = own or [r for r in rows if r.scale == scale and r.instansi_id is None]
    version = ",".join(str(r.pk) for scale in JpmScale.values for r in result[scale])

    def bands(scale: str) -> list[Band]:
        return [Band(r.code, r.label, r.min_percent) for r in result[scale]]

    return bands(JpmScale.FIT), bands(JpmScale.MAP), version


# The national category labels (seeded by migration 0002 in Indonesian), marked so the catalogue holds them.
NATIONAL_LABELS = (
    gettext_noop("Memenuhi Syarat"),
    gettext_noop("Masih Memenuhi Syarat"),
    gettext_noop("Kurang Memenuhi Syarat"),
    gettext_noop("Optimal"),
    gettext_noop("Cukup Optimal"),
    gettext_noop("Kurang Optimal"),
)


def labels_for(instansi_id: int, on: datetime.date) -> dict[str, str]:
    """Category code → label in the active language (a label an instansi typed itself stays as typed)."""
    fit, mapping, _version = bands_for(instansi_id, on)
    return {b.code: gettext(b.label) for b in [*fit, *mapping]}


def thresholds_visible_to(user: Any) -> QuerySet[JpmThreshold]:
    return scope_with_shared(JpmThreshold.objects.select_related("instansi"), user)


def policies_visible_to(user: Any) -> QuerySet[JpmPolicy]:
    return scope_with_shared(JpmPolicy.objects.select_related("instansi"), user)


# ---- assessments ------------------------------------------------------------------------------------


def assessments_visible_to(user: Any) -> QuerySet[Assessment]:
    """Follows pegawai visibility: admins their instansi, an atasan their team, a pegawai themself."""
    return Assessment.objects.filter(pegawai__in=pegawai_visible_to(user).values("pk")).select_related(
        "jabatan", "assessor", "pegawai"
    )


def _priority_rank(policy: JpmPolicy) -> Case:
    whens = [When(method=m, then=Value(i)) for i, m in enumerate(policy.priority_list)]
    return Case(*whens, default=Value(99), output_field=IntegerField())


def current_assessment_subquery(policy: JpmPolicy, on: datetime.date, outer: str = "pk") -> QuerySet[Assessment]:
    """Assessments of OuterRef(outer) within validity, best source first, newest first."""
    cutoff = months_before(on, policy.validity_months)
    return (
        Assessment.objects.filter(pegawai_id=OuterRef(outer), assessed_on__gte=cutoff, assessed_on__lte=on)
        .annotate(rank=_priority_rank(policy))
        .order_by("rank", "-assessed_on", "-id")
    )


def with_current_assessment(qs: QuerySet[Pegawai], policy: JpmPolicy, on: datetime.date) -> QuerySet[Pegawai]:
    current = current_assessment_subquery(policy, on)
    return qs.annotate(
        current_id=Subquery(current.values("id")[:1]),
        current_method=Subquery(current.values("method")[:1]),
        current_date=Subquery(current.values("assessed_on")[:1]),
        current_jpm=Subquery(current.values("jpm_percent")[:1]),
        current_fit=Subquery(current.values("jpm_fit")[:1]),
        current_map=Subquery(current.values("jpm_map")[:1]),
        current_complete=Subquery(current.values("jpm_complete")[:1]),
    )


def current_assessment_of(pegawai: Pegawai, policy: JpmPolicy, on: datetime.date) -> Assessment | None:
    cutoff = months_before(on, policy.validity_months)
    return (
        Assessment.objects.filter(pegawai=pegawai, assessed_on__gte=cutoff, assessed_on__lte=on)
        .annotate(rank=_priority_rank(policy))
        .order_by("rank", "-assessed_on", "-id")
        .select_related("jabatan", "assessor")
        .first()
    )


def scores_of(assessment: Assessment) -> QuerySet[AssessmentScore]:
    return (
        AssessmentScore.objects.filter(instansi_id=assessment.instansi_id, assessment=assessment)
        .select_related("kompetensi")
        .order_by("kompetensi__kind", "kompetensi__code")
    )


def history_of(pegawai: Pegawai) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai)
        .select_related("jabatan", "assessor")
        .order_by("-assessed_on", "-id")
    )


def current_ids(pegawai_qs: QuerySet[Pegawai], policy: JpmPolicy, on: datetime.date) -> QuerySet:
    """Ids of the current assessment of each pegawai of `pegawai_qs`, as a subquery."""
    current = current_assessment_subquery(policy, on)
    return pegawai_qs.annotate(cid=Subquery(current.values("id")[:1])).filter(cid__isnull=False).values("cid")


def gap_cells(
    pegawai_qs: QuerySet[Pegawai], policy: JpmPolicy, on: datetime.date, *, by: str = "unit"
) -> list[dict[str, Any]]:
    """One row per (unit or jabatan) × kompetensi: pegawai assessed, below required, missing; one query."""
    group = "assessment__pegawai__unit_kerja_id" if by == "unit" else "assessment__pegawai__jabatan_id"
    name = "assessment__pegawai__unit_kerja__name" if by == "unit" else "assessment__pegawai__jabatan__name"
    return list(
        AssessmentScore.objects.filter(assessment_id__in=current_ids(pegawai_qs, policy, on))
        .values(group, name, "kompetensi_id", "kompetensi__code", "kompetensi__name")
        .annotate(
            total=Count("id"),
            below=Count("id", filter=Q(actual_level__lt=F("required_level"))),
            missing=Count("id", filter=Q(actual_level__isnull=True)),
        )
        .order_by(name, "kompetensi__code")
    )


def team_gap_cells(user: Any, policy: JpmPolicy, on: datetime.date) -> list[dict[str, Any]]:
    """Member × kompetensi gap of the atasan's team (current profile), one query."""
    return list(
        AssessmentScore.objects.filter(assessment_id__in=current_ids(team_of(user), policy, on))
        .values("assessment__pegawai_id", "kompetensi__code", "actual_level", "required_level")
        .order_by("kompetensi__code")
    )


def assessment_summary(instansi_id: int, policy: JpmPolicy, on: datetime.date) -> dict[str, int]:
    pegawai = Pegawai.objects.filter(instansi_id=instansi_id, is_active=True)
    rows = with_current_assessment(pegawai, policy, on).aggregate(
        total=Count("id"),
        assessed=Count("id", filter=Q(current_id__isnull=False)),
        kms=Count("id", filter=Q(current_fit="KMS")),
    )
    return rows


# ---- performance (SKP) ------------------------------------------------------------------------------


def performance_visible_to(user: Any) -> QuerySet:

    if not user.has_any_role(ADMINS):
        return PerformanceRecord.objects.none()
    qs = PerformanceRecord.objects.select_related("pegawai__unit_kerja", "pegawai__jabatan").prefetch_related(
        "kompetensi"
    )
    return scope(qs, user)


# ---- surveys and FGD --------------------------------------------------------------------------------


def surveys_visible_to(user: Any) -> QuerySet:

    return scope(NeedsSurvey.objects.all(), user).annotate(response_count=Count("responses", distinct=True))


def open_surveys(user: Any, on: datetime.date) -> QuerySet:
    return surveys_visible_to(user).filter(opens_on__lte=on, closes_on__gte=on)


def answered_survey_ids(pegawai: Pegawai) -> set[int]:

    return set(SurveyResponse.objects.filter(respondent=pegawai).values_list("survey_id", flat=True))


def survey_results(survey: Any) -> dict[str, Any]:
    """Counts per competency, modality and constraint; three queries whatever the number of answers."""

    responses = SurveyResponse.objects.filter(instansi_id=survey.instansi_id, survey=survey)
    by_kompetensi = [
        row
        for row in responses.values("kompetensi__id", "kompetensi__code", "kompetensi__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "kompetensi__code")
        if row["kompetensi__code"]
    ]
    modality = dict(responses.values_list("modality").annotate(n=Count("id")))
    constraint_counts: dict[str, int] = {}
    topics: list[str] = []
    for constraints, topic in responses.values_list("constraints", "topics"):
        for c in constraints or []:
            constraint_counts[c] = constraint_counts.get(c, 0) + 1
        if topic:
            topics.append(topic)
    return {
        "total": sum(modality.values()),
        "by_kompetensi": by_kompetensi,
        "modality": [(label, modality.get(value, 0)) for value, label in Modality.choices],
        "constraints": [(label, constraint_counts.get(value, 0)) for value, label in Constraint.choices],
        "topics": topics[:200],
    }


def fgd_visible_to(user: Any) -> QuerySet:

    if not user.has_any_role(ADMINS):
        return FgdSession.objects.none()
    return (
        scope(FgdSession.objects.select_related("unit_kerja"), user)
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related("kompetensi")
    )


# ---- needs inventory --------------------------------------------------------------------------------


def needs_visible_to(user: Any) -> QuerySet:
    """Needs items are the admin's planning material: admins of the instansi (and the superadmin)."""

    if not user.has_any_role(ADMINS):
        return NeedsItem.objects.none()
    return scope(
        NeedsItem.objects.select_related("kompetensi", "pegawai__unit_kerja", "unit_kerja", "jabatan", "source_fgd"),
        user,
    )


def needs_of_fgd(fgd: FgdSession) -> QuerySet:
    """The needs items an FGD produced, for its detail page."""
    return (
        NeedsItem.objects.filter(instansi_id=fgd.instansi_id, source_fgd=fgd)
        .select_related("kompetensi", "unit_kerja", "jabatan")
        .order_by("-year", "-priority", "-id")
    )


def needs_for_instansi(instansi_id: int) -> QuerySet:

    return NeedsItem.objects.filter(instansi_id=instansi_id)


def competency_gap_rows(instansi_id: int, policy: JpmPolicy, on: datetime.date) -> QuerySet:
    """Every below-SKJ score of each active pegawai's current assessment, aggregated by the database in one
    query: (pegawai, unit, jabatan, kompetensi, required, actual, method, date)."""

    pegawai = pegawai_for_instansi(instansi_id).filter(is_active=True)
    return (
        AssessmentScore.objects.filter(
            instansi_id=instansi_id,
            assessment_id__in=current_ids(pegawai, policy, on),
            actual_level__lt=F("required_level"),
        )
        .values_list(
            "assessment__pegawai_id",
            "assessment__pegawai__unit_kerja_id",
            "assessment__jabatan_id",
            "kompetensi_id",
            "required_level",
            "actual_level",
            "assessment__method",
            "assessment__assessed_on",
        )
        .order_by()
    )


def performance_gap_rows(instansi_id: int, year: int) -> QuerySet:
    """(pegawai, unit, jabatan, kompetensi, SKP year, predikat) of SKP records of the year before the plan year
    (or the plan year itself) that show a performance gap (rule 29) and point at a competency."""

    return (
        PerformanceRecord.objects.filter(
            instansi_id=instansi_id, year__in=[year - 1, year], pegawai__is_active=True, kompetensi__isnull=False
        )
        .filter(PERFORMANCE_GAP)
        .values_list("pegawai_id", "pegawai__unit_kerja_id", "pegawai__jabatan_id", "kompetensi", "year", "predikat")
        .order_by("-year")
    )


def existing_person_needs(instansi_id: int, year: int) -> dict[tuple[int, int], tuple[int, str, str, int]]:
    """{(pegawai, kompetensi): (id, status, source, gap)} of the year's per-pegawai items, open ones winning."""

    rows = (
        NeedsItem.objects.filter(instansi_id=instansi_id, year=year, pegawai__isnull=False)
        .values_list("pegawai_id", "kompetensi_id", "id", "status", "source", "gap_size")
        .order_by()
    )
    result: dict[tuple[int, int], tuple[int, str, str, int]] = {}
    for pegawai_id, kompetensi_id, pk, status, source, gap_size in rows:
        key = (pegawai_id, kompetensi_id)
        if key not in result or result[key][1] == "closed":
            result[key] = (pk, status, source, gap_size)
    return result


def survey_respondents_for(survey: Any, kompetensi_id: int) -> list[int]:

    return list(
        SurveyResponse.objects.filter(instansi_id=survey.instansi_id, survey=survey, kompetensi=kompetensi_id)
        .values_list("respondent_id", flat=True)
        .distinct()
    )


# ---- recommendations ----------------------------------------------------------------------------------


def biggest_gaps_of_pegawai(pegawai: Pegawai, policy: JpmPolicy, on: datetime.date, limit: int = 5) -> list[dict]:
    """The pegawai's largest below-SKJ competencies in their current profile."""

    current = current_assessment_of(pegawai, policy, on)
    if current is None:
        return []
    return list(
        AssessmentScore.objects.filter(
            instansi_id=pegawai.instansi_id, assessment=current, actual_level__lt=F("required_level")
        )
        .annotate(size=ExpressionWrapper(F("required_level") - F("actual_level"), output_field=IntegerField()))
        .values("kompetensi_id", "kompetensi__code", "kompetensi__name", "size")
        .order_by("-size", "kompetensi__code")[:limit]
    )


def gap_competency_ids_for(pegawai: Pegawai) -> list[int]:
    """Competencies the pegawai is below the SKJ in today, biggest gap first (the catalog's
    "fills my gaps" filter asks this through apps.catalog.gaps)."""

    today = timezone.localdate()
    policy = policy_for(pegawai.instansi_id, today)
    return [row["kompetensi_id"] for row in biggest_gaps_of_pegawai(pegawai, policy, today, limit=10)]


def biggest_gaps_of_unit(unit: Any, policy: JpmPolicy, on: datetime.date, limit: int = 5) -> list[dict]:
    """Competencies with the most pegawai below SKJ in the unit and its sub-units (one query)."""

    pegawai = pegawai_for_instansi(unit.instansi_id).filter(is_active=True, unit_kerja__path__startswith=unit.path)
    return list(
        AssessmentScore.objects.filter(instansi_id=unit.instansi_id, assessment_id__in=current_ids(pegawai, policy, on))
        .values("kompetensi_id", "kompetensi__code", "kompetensi__name")
        .annotate(size=Count("id", filter=Q(actual_level__lt=F("required_level"))), total=Count("id"))
        .filter(size__gt=0)
        .order_by("-size", "kompetensi__code")[:limit]
    )


def fallback_plan_items(instansi_id: int, kompetensi_ids: list[int], year: int) -> QuerySet:

    return (
        PlanItem.objects.filter(
            instansi_id=instansi_id, kompetensi_id__in=kompetensi_ids, plan__year__in=[year, year + 1]
        )
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("kompetensi", "penyelenggara", "plan")
        .order_by("kompetensi__code", "id")[:20]
    )


# --------------------------------------------------------------------------- lists and choices for the pages


def gap_list_base(user: Any, policy: JpmPolicy, on: datetime.date) -> QuerySet[Pegawai]:

    return with_current_assessment(active_pegawai_visible_to(user), policy, on)


def gap_list_rows(qs: QuerySet[Pegawai]) -> QuerySet[Pegawai]:
    return qs.order_by("name", "id")


def performance_list_rows(qs: QuerySet) -> QuerySet:
    return qs.order_by("-year", "pegawai__name", "id")


def survey_list_rows(qs: QuerySet) -> QuerySet:
    return qs.order_by("-opens_on", "-id")


def survey_kompetensi_choices(survey: Any) -> QuerySet:
    """The competencies a survey offers; a survey that offers none asks about the whole dictionary."""

    offered = survey.kompetensi.all()
    qs = offered if offered.exists() else kompetensi_for_instansi(survey.instansi_id)
    return qs.order_by("code")


def fgd_list_rows(user: Any) -> QuerySet:
    return fgd_visible_to(user).order_by("-held_on", "-id")


def needs_list_rows(qs: QuerySet) -> QuerySet:
    return qs.order_by("-year", "-priority", "-id")


def plan_list_rows(user: Any) -> QuerySet:
    return plans_visible_to(user).order_by("-year", "-version", "-id")


def idp_kompetensi_choices(pegawai: Pegawai, skj_ids: list[int]) -> QuerySet:
    """Competencies an IDP goal may target: the jabatan's SKJ when it has one, else the whole dictionary."""

    qs = kompetensi_for_instansi(pegawai.instansi_id)
    if skj_ids:
        qs = qs.filter(pk__in=skj_ids)
    return qs.order_by("code")


def heatmap_table(instansi_id: int, pegawai: QuerySet, today: datetime.date, *, by: str, vary: Any) -> Heatmap:
    """The competency-gap heat map of these pegawai, computed once per data version of the instansi
    (apps/core/figures.py): a province's map aggregates every current assessment score."""
    policy = policy_for(instansi_id, today)
    return figures.cached(
        "needs.heatmap", instansi_id, lambda: build_heatmap(gap_cells(pegawai, policy, today, by=by), by=by), vary=vary
    )
