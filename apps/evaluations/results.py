"""Evaluation results, aggregated in the database (GROUP BY on answers), finished with the exact
arithmetic of scoring.py. Read-only; callers pass a questionnaire or an instansi already scoped by
selectors/access. Anonymous results under the minimum group size are suppressed (rule 28)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from apps.catalog.selectors import angkatan_for_instansi
from apps.evaluations import scoring, sources
from apps.evaluations.models import Answer, Invitation, Level, Question, QuestionKind, Questionnaire, Response
from apps.evaluations.selectors import _targets, ikm_band_picker, ikm_bands_on, questions_of
from apps.organizations.selectors import units_for_instansi


@dataclass
class QuestionResult:
    question: Question
    target_label: str = ""
    count: int = 0
    mean: Decimal | None = None
    distribution: list[int] = field(default_factory=list)
    choice_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def score25(self) -> Decimal | None:
        return None if self.mean is None else scoring.to_decimal(self.mean * 25)


@dataclass
class QuestionnaireResult:
    questionnaire: Questionnaire
    invited: int
    respondents: int
    suppressed: bool
    questions: list[QuestionResult]
    comments: list[str]

    @property
    def response_rate(self) -> Decimal | None:
        return scoring.percent(self.respondents, self.invited)


def _target_labels(questionnaire: Questionnaire) -> dict[tuple[str, int], str]:

    return {(kind, pk): label for kind, rows in _targets(questionnaire).items() for pk, label in rows}


def questionnaire_result(questionnaire: Questionnaire) -> QuestionnaireResult:
    q = questionnaire
    respondents = Response.objects.filter(questionnaire=q).count()
    invited = Invitation.objects.filter(questionnaire=q).count()
    suppressed = q.anonymous and scoring.is_suppressed(respondents, q.min_group_size)
    if suppressed:
        return QuestionnaireResult(q, invited, respondents, True, [], [])
    questions = {qq.pk: qq for qq in questions_of(q)}
    labels = _target_labels(q)
    counts: dict[tuple[int, str, int | None], dict[int, int]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(questionnaire=q, value_int__isnull=False)
        .values("question_id", "narasumber_id", "module_id", "kompetensi_id", "value_int")
        .annotate(n=Count("id"))
    )
    for r in rows:
        kind, target = "", None
        for k, col in (("narasumber", "narasumber_id"), ("module", "module_id"), ("kompetensi", "kompetensi_id")):
            if r[col]:
                kind, target = k, r[col]
        counts[(r["question_id"], kind, target)][r["value_int"]] = r["n"]
    single = defaultdict(dict)
    for r in (
        Answer.objects.filter(questionnaire=q, question__kind=QuestionKind.SINGLE)
        .exclude(value_text="")
        .values("question_id", "value_text")
        .annotate(n=Count("id"))
    ):
        single[r["question_id"]][r["value_text"]] = r["n"]
    multi: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for qid, chosen in Answer.objects.filter(questionnaire=q, question__kind=QuestionKind.MULTIPLE).values_list(
        "question_id", "value_choices"
    ):
        for value in chosen or []:
            multi[qid][str(value)] += 1
    results: list[QuestionResult] = []
    for qq in questions.values():
        if qq.scale:
            keys = sorted((k for k in counts if k[0] == qq.pk), key=lambda k: labels.get((k[1], k[2] or 0), ""))
            for key in keys:
                dist = counts[key]
                n = sum(dist.values())
                total = sum(v * c for v, c in dist.items())
                results.append(
                    QuestionResult(
                        qq,
                        labels.get((key[1], key[2] or 0), "") if key[1] else "",
                        n,
                        scoring.mean_from_sum(total, n),
                        scoring.distribution(dist, qq.scale),
                    )
                )
        elif qq.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            got = single.get(qq.pk) or multi.get(qq.pk) or {}
            results.append(
                QuestionResult(
                    qq,
                    count=sum(got.values()) if qq.kind == QuestionKind.SINGLE else respondents,
                    choice_counts=[(label, int(got.get(str(value), 0))) for value, label in qq.choices],
                )
            )
    # Comments in text order, never submission order: order would let a reader line them up
    # with who answered when.
    comments = list(
        Answer.objects.filter(questionnaire=q, question__kind=QuestionKind.TEXT)
        .exclude(value_text="")
        .order_by("value_text")
        .values_list("value_text", flat=True)[:200]
    )
    return QuestionnaireResult(q, invited, respondents, False, results, comments)


# --------------------------------------------------------------------------- L2


@dataclass
class GainResult:
    participants: int
    pre_mean: Decimal | None
    post_mean: Decimal | None
    gain: Decimal | None
    normalised: Decimal | None  # class-average normalised gain; None when pre mean = 100
    passing: int
    passing_share: Decimal | None
    rows: list[dict[str, Any]]


def l2_result(angkatan_id: int, instansi_id: int) -> GainResult | None:
    """Pre/post of one batch, matched per participant (both tests taken)."""
    qs = Questionnaire.objects.filter(instansi_id=instansi_id, angkatan_id=angkatan_id, level=Level.L2)
    pre = qs.filter(phase="pre").first()
    post = qs.filter(phase="post").first()
    if pre is None or post is None:
        return None
    pre_scores = dict(
        Response.objects.filter(questionnaire=pre, respondent__isnull=False).values_list("respondent_id", "score")
    )
    post_rows = list(
        Response.objects.filter(questionnaire=post, respondent__isnull=False)
        .select_related("respondent")
        .order_by("respondent__name")
    )
    rows = []
    for r in post_rows:
        if r.respondent_id in pre_scores and r.score is not None and pre_scores[r.respondent_id] is not None:
            g = scoring.l2_gain(pre_scores[r.respondent_id], r.score)
            rows.append(
                {
                    "name": r.respondent.name,
                    "pre": g.pre,
                    "post": g.post,
                    "gain": g.gain,
                    "normalised": g.normalised,
                    "passed": r.score >= post.pass_score,
                }
            )
    if not rows:
        return GainResult(0, None, None, None, None, 0, None, [])
    pre_mean = scoring.mean(r["pre"] for r in rows)
    post_mean = scoring.mean(r["post"] for r in rows)
    g = scoring.l2_gain(pre_mean, post_mean)
    passing = sum(1 for r in rows if r["passed"])
    return GainResult(
        len(rows), g.pre, g.post, g.gain, g.normalised, passing, scoring.percent(passing, len(rows)), rows
    )


# --------------------------------------------------------------------------- L1 and L3 summaries


def likert_mean_of(questionnaires: QuerySet[Questionnaire], *, scale: int = 4) -> tuple[Decimal | None, int]:
    """Mean of every Likert answer (all questions) in the questionnaires; (mean, answers)."""
    row = Answer.objects.filter(
        questionnaire__in=questionnaires,
        question__kind=QuestionKind.LIKERT4 if scale == 4 else QuestionKind.LIKERT5,
        value_int__isnull=False,
    ).aggregate(s=Sum("value_int"), n=Count("id"))
    return scoring.mean_from_sum(row["s"], row["n"]), row["n"]


@dataclass
class L3Result:
    answered: int
    applied: int
    partly: int
    behaviour_mean: Decimal | None
    level_before: Decimal | None
    level_after: Decimal | None

    @property
    def application_rate(self) -> Decimal | None:
        return scoring.percent(self.applied + self.partly, self.answered)


def l3_result(questionnaires: QuerySet[Questionnaire]) -> L3Result:
    base = Answer.objects.filter(
        questionnaire__in=questionnaires, questionnaire__level__in=[Level.L3_ALUMNI, Level.L3_ATASAN]
    )
    applied = dict(
        base.filter(question__code="L3.APPLIED")
        .values_list("value_text")
        .annotate(n=Count("id"))
        .values_list("value_text", "n")
    )
    agg = base.aggregate(
        behav=Avg("value_int", filter=Q(question__code="L3.BEHAV")),
        before=Avg("value_int", filter=Q(question__code="L3.BEFORE")),
        after=Avg("value_int", filter=Q(question__code="L3.AFTER")),
    )

    def dec(v: Any) -> Decimal | None:
        return None if v is None else scoring.to_decimal(Decimal(str(v)))

    return L3Result(
        answered=sum(applied.values()),
        applied=applied.get("ya", 0),
        partly=applied.get("sebagian", 0),
        behaviour_mean=dec(agg["behav"]),
        level_before=dec(agg["before"]),
        level_after=dec(agg["after"]),
    )


# --------------------------------------------------------------------------- SKM / IKM


def ikm_of(questionnaire_ids: list[int], *, on: datetime.date | None = None) -> tuple[scoring.IkmResult, str]:
    """IKM over complete responses (rule 26) of the questionnaires, graded with the band version in
    force on `on`. Returns (result, band version)."""
    respondents = Response.objects.filter(questionnaire_id__in=questionnaire_ids, complete=True).count()
    sums = {
        r["question__code"]: r["s"]
        for r in Answer.objects.filter(
            questionnaire_id__in=questionnaire_ids,
            response__complete=True,
            question__code__in=scoring.SKM_CODES,
        )
        .values("question__code")
        .annotate(s=Sum("value_int"))
    }
    version, bands = ikm_bands_on(on)
    if not respondents:
        return scoring.IkmResult(0), version
    return scoring.ikm_from_sums({c: sums.get(c, 0) for c in scoring.SKM_CODES}, respondents, bands), version


@dataclass
class UnitPeriod:
    unit_id: int
    unit_name: str
    period: str
    start: datetime.date | None
    questionnaire_ids: list[int]
    result: scoring.IkmResult
    band_version: str


def _period_label(q: Questionnaire) -> str:
    if q.period_start and q.period_end:
        return f"{q.period_start:%d/%m/%Y}–{q.period_end:%d/%m/%Y}"
    day = q.period_start or q.opens_on or q.created_at.date()
    return str(day.year)


def ikm_by_unit_period(questionnaires: QuerySet[Questionnaire]) -> list[UnitPeriod]:
    """One row per unit × period (questionnaires of the same unit and period are pooled)."""
    groups: dict[tuple[int, str], list[Questionnaire]] = defaultdict(list)
    for q in (
        questionnaires.filter(level=Level.SKM)
        .select_related("unit_kerja")
        .order_by("unit_kerja__name", "period_start", "id")
    ):
        groups[(q.unit_kerja_id, _period_label(q))].append(q)
    all_ids = [q.pk for qs in groups.values() for q in qs]
    respondents = dict(
        Response.objects.filter(questionnaire_id__in=all_ids, complete=True)
        .values_list("questionnaire_id")
        .annotate(n=Count("id"))
    )
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    for qid, code, total in (
        Answer.objects.filter(
            questionnaire_id__in=all_ids, response__complete=True, question__code__in=scoring.SKM_CODES
        )
        .values_list("questionnaire_id", "question__code")
        .annotate(s=Sum("value_int"))
    ):
        sums[qid][code] = total or 0
    bands_on = ikm_band_picker()
    rows = []
    for (unit_id, period), qs in groups.items():  # three queries in all, not three per unit and period
        start = qs[0].period_start or qs[0].opens_on
        on = qs[0].period_end or start
        version, bands = bands_on(on or timezone.localdate())
        n = sum(respondents.get(q.pk, 0) for q in qs)
        pooled = {c: sum(sums[q.pk].get(c, 0) for q in qs) for c in scoring.SKM_CODES}
        result = scoring.ikm_from_sums(pooled, n, bands) if n else scoring.IkmResult(0)
        rows.append(UnitPeriod(unit_id, qs[0].unit_kerja.name, period, start, [q.pk for q in qs], result, version))
    return rows


def skm_profile_breakdown(questionnaire_ids: list[int], key: str) -> list[tuple[str, int, Decimal | None]]:
    """IKM per respondent-profile group (e.g. sex); groups under 5 respondents show no IKM (rule 28)."""
    out = []
    groups = (
        Response.objects.filter(questionnaire_id__in=questionnaire_ids, complete=True)
        .values_list(f"profile__{key}")
        .annotate(n=Count("id"))
        .order_by(f"profile__{key}")
    )
    for value, n in groups:
        if scoring.is_suppressed(n):
            out.append((value or "—", n, None))
            continue
        sums = {
            r["question__code"]: r["s"]
            for r in Answer.objects.filter(
                questionnaire_id__in=questionnaire_ids,
                response__complete=True,
                question__code__in=scoring.SKM_CODES,
                **(
                    {f"response__profile__{key}": value}
                    if value is not None
                    else {f"response__profile__{key}__isnull": True}
                ),
            )
            .values("question__code")
            .annotate(s=Sum("value_int"))
        }
        out.append((value or "—", n, scoring.ikm_from_sums({c: sums.get(c, 0) for c in scoring.SKM_CODES}, n).ikm))
    return out


# --------------------------------------------------------------------------- narasumber and programme


def narasumber_ratings(
    questionnaires: QuerySet[Questionnaire], *, minimum: int = scoring.MIN_GROUP_SIZE
) -> list[dict[str, Any]]:
    rows = (
        Answer.objects.filter(questionnaire__in=questionnaires, narasumber__isnull=False, value_int__isnull=False)
        .values("narasumber_id", "narasumber__name")
        .annotate(
            s=Sum("value_int"),
            n=Count("id"),
            respondents=Count("response_id", distinct=True),
            batches=Count("questionnaire__angkatan", distinct=True),
        )
        .order_by("narasumber__name")
    )
    return [
        {
            "id": r["narasumber_id"],
            "name": r["narasumber__name"],
            "respondents": r["respondents"],
            "batches": r["batches"],
            "mean": None if scoring.is_suppressed(r["respondents"], minimum) else scoring.mean_from_sum(r["s"], r["n"]),
        }
        for r in rows
    ]


def program_over_time(instansi_id: int, program_id: int) -> list[dict[str, Any]]:
    """Per batch of the programme, oldest first: L1 mean, response rate, L2 gain, L3 application."""

    batches = list(angkatan_for_instansi(instansi_id).filter(program_id=program_id).order_by("start_date", "id"))
    qs = Questionnaire.objects.filter(instansi_id=instansi_id, angkatan__in=batches)
    l1_rows = {
        r["questionnaire__angkatan_id"]: r
        for r in Answer.objects.filter(questionnaire__in=qs.filter(level=Level.L1), question__kind=QuestionKind.LIKERT4)
        .values("questionnaire__angkatan_id")
        .annotate(s=Sum("value_int"), n=Count("id"), respondents=Count("response_id", distinct=True))
    }
    enrolled = sources.enrollment_counts(instansi_id, [b.pk for b in batches])
    out = []
    for b in batches:
        l1 = l1_rows.get(b.pk)
        suppressed = l1 is None or scoring.is_suppressed(l1["respondents"])
        gain = l2_result(b.pk, instansi_id)
        l3 = l3_result(qs.filter(angkatan=b))
        out.append(
            {
                "angkatan": b,
                "participants": enrolled.get(b.pk, 0),
                "l1_respondents": l1["respondents"] if l1 else 0,
                "l1_mean": None if suppressed else scoring.mean_from_sum(l1["s"], l1["n"]),
                "l2_gain": gain.gain if gain else None,
                "l2_normalised": gain.normalised if gain else None,
                "l2_passing": gain.passing_share if gain else None,
                "l3_rate": l3.application_rate,
            }
        )
    return out


# --------------------------------------------------------------------------- across levels


def trained_units_before_after(
    user: Any, instansi_id: int, questionnaires: QuerySet[Questionnaire]
) -> list[dict[str, Any]]:
    """For units whose staff completed training: IKM of the last SKM period ending before the first
    completion vs the first period starting after it, and the share of SKP Baik/Sangat Baik in the
    year before vs the year after."""
    trained = sources.trained_units(instansi_id)
    if not trained:
        return []
    periods = [p for p in ikm_by_unit_period(questionnaires.filter(unit_kerja_id__in=list(trained))) if p.start]
    by_unit: dict[int, list[UnitPeriod]] = defaultdict(list)
    for p in periods:
        by_unit[p.unit_id].append(p)
    years = sorted({d.year - 1 for d in trained.values()} | {d.year + 1 for d in trained.values()})
    skp = sources.skp_good_share_by_unit_year(user, list(trained), years)

    names = dict(units_for_instansi(instansi_id).filter(pk__in=list(trained)).values_list("pk", "name"))
    rows = []
    for unit_id, first in sorted(trained.items(), key=lambda kv: names.get(kv[0], "")):
        unit_periods = sorted(by_unit.get(unit_id, []), key=lambda p: p.start)
        before = [p for p in unit_periods if p.start < first]
        after = [p for p in unit_periods if p.start >= first]
        b, a = (before[-1] if before else None), (after[0] if after else None)
        skp_b, skp_a = skp.get((unit_id, first.year - 1)), skp.get((unit_id, first.year + 1))
        rows.append(
            {
                "unit": names.get(unit_id, str(unit_id)),
                "first_training": first,
                "ikm_before": b.result.ikm if b and not b.result.suppressed else None,
                "ikm_after": a.result.ikm if a and not a.result.suppressed else None,
                "period_before": b.period if b else "",
                "period_after": a.period if a else "",
                "skp_before": scoring.percent(*skp_b) if skp_b else None,
                "skp_after": scoring.percent(*skp_a) if skp_a else None,
            }
        )
    return rows


def fraction_or_none(value: Fraction | None) -> Decimal | None:
    return None if value is None else scoring.to_decimal(value)
