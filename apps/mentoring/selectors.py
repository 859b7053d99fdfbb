"""Reads of mentoring data. The only doors to programme, pair, session and project rows.

Visibility: BKPSDM admins see their instansi (a superadmin the one acted in, else all). A mentor sees
the pairs they mentor, a mentee their own pairs, an atasan the pairs and projects of direct reports;
a project is also visible to its assigned pegawai and its supervisor. Nobody sees another instansi."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.selectors import skj_required_map
from apps.core.roles import ADMINS
from apps.core.tenancy import scope, sees_all_instansi
from apps.employees.selectors import pegawai_for_instansi
from apps.mentoring.models import (
    MentoringGoal,
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    MentorStrength,
    PairEvent,
    PairStatus,
    ProgramMentee,
    ProgramMentor,
    ProgramStatus,
    ProjectAssignment,
    ProjectEvent,
    ProjectReport,
    ProjectStatus,
    SessionStatus,
)
from apps.needs.models import AssessmentScore
from apps.needs.selectors import current_ids, policy_for
from apps.organizations.models import UnitKerja

STALE_DAYS = 30
PAIR_RELATED = (
    "program",
    "mentor__pegawai__unit_kerja",
    "mentor__pegawai__jabatan",
    "mentee__pegawai__unit_kerja",
    "mentee__pegawai__jabatan",
)


def is_active_mentor(user: Any) -> bool:
    if not getattr(user, "pk", None):
        return False
    return ProgramMentor.objects.filter(
        pegawai__user=user, pegawai__is_active=True, is_active=True, program__status=ProgramStatus.ACTIVE
    ).exists()


def _is_admin(user: Any) -> bool:
    return user.has_any_role(ADMINS)


# --------------------------------------------------------------------------- programmes


def programs_for_instansi(instansi_id: int) -> QuerySet[MentoringProgram]:
    return MentoringProgram.objects.filter(instansi_id=instansi_id)


def programs_visible_to(user: Any) -> QuerySet[MentoringProgram]:
    """Programme administration is for BKPSDM admins only."""
    qs = MentoringProgram.objects.select_related("instansi", "jp_rule")
    if not _is_admin(user):
        return qs.none()
    return scope(qs, user)


def instansi_ids_with_running_programs() -> list[int]:
    return sorted(
        set(MentoringProgram.objects.filter(status=ProgramStatus.ACTIVE).values_list("instansi_id", flat=True))
    )


def program_list_rows(qs: QuerySet[MentoringProgram]) -> QuerySet[MentoringProgram]:
    return qs.annotate(
        active_pairs=Count("pairs", filter=Q(pairs__status=PairStatus.ACTIVE), distinct=True),
        mentor_count=Count("mentors", distinct=True),
        mentee_count=Count("mentees", distinct=True),
    ).order_by("-start_date", "-id")


@dataclass
class ProgramStats:
    active_pairs: int = 0
    sessions_this_month: int = 0
    stale_pairs: int = 0
    stale: list[MentoringPair] = field(default_factory=list)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def program_stats(program_ids: list[int], *, today: datetime.date | None = None) -> dict[int, ProgramStats]:
    """Active pairs, sessions this month and pairs without a session for 30 days, per programme, in
    two queries whatever the number of programmes."""
    today = today or timezone.localdate()
    stats = {pid: ProgramStats() for pid in program_ids}
    if not program_ids:
        return stats
    cutoff = today - datetime.timedelta(days=STALE_DAYS)
    pairs = (
        MentoringPair.objects.filter(program_id__in=program_ids, status=PairStatus.ACTIVE)
        .select_related("mentor__pegawai", "mentee__pegawai")
        .annotate(last_session=Max("sessions__date", filter=~Q(sessions__status=SessionStatus.DISPUTED)))
        .order_by("started_on", "id")
    )
    for pair in pairs:
        row = stats[pair.program_id]
        row.active_pairs += 1
        since = pair.last_session or pair.started_on
        if since is None or since < cutoff:
            row.stale_pairs += 1
            row.stale.append(pair)
    counts = (
        MentoringSession.objects.filter(pair__program_id__in=program_ids, date__gte=_month_start(today))
        .exclude(status=SessionStatus.DISPUTED)
        .values("pair__program_id")
        .annotate(n=Count("id"))
    )
    for c in counts:
        stats[c["pair__program_id"]].sessions_this_month = c["n"]
    return stats


def sessions_per_month(program: MentoringProgram, *, months: int = 6) -> list[dict[str, Any]]:
    """Sessions logged and confirmed per month (newest first) for the programme page."""
    rows = (
        MentoringSession.objects.filter(instansi_id=program.instansi_id, pair__program=program)
        .exclude(status=SessionStatus.DISPUTED)
        .values_list("date", "status", "jp_credited")
    )
    buckets: dict[tuple[int, int], dict[str, Any]] = {}
    for day, status, jp in rows:
        key = (day.year, day.month)
        b = buckets.setdefault(
            key, {"month": datetime.date(day.year, day.month, 1), "logged": 0, "confirmed": 0, "jp": 0}
        )
        b["logged"] += 1
        if status == SessionStatus.CONFIRMED:
            b["confirmed"] += 1
            b["jp"] += jp
    return [buckets[k] for k in sorted(buckets, reverse=True)[:months]]


def mentors_of(program: MentoringProgram) -> QuerySet[ProgramMentor]:
    return (
        ProgramMentor.objects.filter(instansi_id=program.instansi_id, program=program)
        .select_related("pegawai__unit_kerja", "pegawai__jabatan")
        .prefetch_related(Prefetch("strengths", queryset=MentorStrength.objects.select_related("kompetensi")))
        .annotate(active_pairs=Count("pairs", filter=Q(pairs__status__in=["proposed", "active"])))
        .order_by("pegawai__name", "id")
    )


def mentees_of(program: MentoringProgram) -> QuerySet[ProgramMentee]:
    return (
        ProgramMentee.objects.filter(instansi_id=program.instansi_id, program=program)
        .select_related("pegawai__unit_kerja", "pegawai__jabatan")
        .annotate(open_pairs=Count("pairs", filter=Q(pairs__status__in=["proposed", "active"])))
        .order_by("pegawai__name", "id")
    )


def pairs_of(program: MentoringProgram) -> QuerySet[MentoringPair]:
    return (
        MentoringPair.objects.filter(instansi_id=program.instansi_id, program=program)
        .select_related(*PAIR_RELATED)
        .annotate(
            last_session=Max("sessions__date", filter=~Q(sessions__status=SessionStatus.DISPUTED)),
            session_count=Count("sessions", filter=~Q(sessions__status=SessionStatus.DISPUTED)),
        )
        .order_by("status", "mentee__pegawai__name", "id")
    )


# --------------------------------------------------------------------------- pairs


def pairs_for_instansi(instansi_id: int) -> QuerySet[MentoringPair]:
    return MentoringPair.objects.filter(instansi_id=instansi_id)


def pairs_visible_to(user: Any) -> QuerySet[MentoringPair]:
    qs = MentoringPair.objects.select_related(*PAIR_RELATED)
    if sees_all_instansi(user) or _is_admin(user):
        return scope(qs, user)
    return scope(qs, user).filter(
        Q(mentor__pegawai__user=user) | Q(mentee__pegawai__user=user) | Q(mentee__pegawai__atasan__user=user)
    )


def _with_progress(qs: QuerySet[MentoringPair]) -> QuerySet[MentoringPair]:
    return qs.annotate(
        last_session=Max("sessions__date", filter=~Q(sessions__status=SessionStatus.DISPUTED)),
        session_count=Count("sessions", filter=Q(sessions__status=SessionStatus.CONFIRMED), distinct=True),
        pending_count=Count("sessions", filter=Q(sessions__status=SessionStatus.LOGGED), distinct=True),
    )


def pairs_as_mentor(user: Any) -> QuerySet[MentoringPair]:
    """Bimbingan saya: the pairs the user mentors, and nothing else."""
    if user.instansi_id is None:
        return MentoringPair.objects.none()
    qs = MentoringPair.objects.select_related(*PAIR_RELATED).filter(
        instansi_id=user.instansi_id, mentor__pegawai__user=user
    )
    return _with_progress(qs).order_by("status", "mentee__pegawai__name", "id")


def pairs_as_mentee(user: Any) -> QuerySet[MentoringPair]:
    if user.instansi_id is None:
        return MentoringPair.objects.none()
    qs = MentoringPair.objects.select_related(*PAIR_RELATED).filter(
        instansi_id=user.instansi_id, mentee__pegawai__user=user
    )
    return _with_progress(qs).order_by("status", "-started_on", "id")


def team_pairs(user: Any) -> QuerySet[MentoringPair]:
    """Pairs whose mentee reports directly to the user (atasan overview)."""
    if user.instansi_id is None:
        return MentoringPair.objects.none()
    qs = MentoringPair.objects.select_related(*PAIR_RELATED).filter(
        instansi_id=user.instansi_id, mentee__pegawai__atasan__user=user
    )
    return _with_progress(qs).order_by("mentee__pegawai__name", "-id")


def sessions_of(pair: MentoringPair) -> QuerySet[MentoringSession]:
    return MentoringSession.objects.filter(instansi_id=pair.instansi_id, pair=pair).order_by("-date", "-id")


def goals_of(pair: MentoringPair) -> QuerySet[MentoringGoal]:
    return (
        MentoringGoal.objects.filter(instansi_id=pair.instansi_id, pair=pair)
        .select_related("kompetensi")
        .order_by("status", "id")
    )


def pair_events(pair: MentoringPair) -> QuerySet[PairEvent]:
    return (
        PairEvent.objects.filter(instansi_id=pair.instansi_id, pair=pair)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def sessions_visible_to(user: Any) -> QuerySet[MentoringSession]:
    pairs = pairs_visible_to(user)
    return MentoringSession.objects.select_related(
        "pair__mentor__pegawai", "pair__mentee__pegawai", "pair__program"
    ).filter(pair__in=pairs.values("pk"))


def credited_sessions_in_month(pair: MentoringPair, day: datetime.date, *, exclude_id: int | None = None) -> int:
    start = _month_start(day)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    qs = MentoringSession.objects.filter(
        instansi_id=pair.instansi_id, pair=pair, status=SessionStatus.CONFIRMED, jp_credited__gt=0
    ).filter(date__gte=start, date__lt=end)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.count()


def open_sessions_in_month(pair: MentoringPair, day: datetime.date, *, exclude_id: int | None = None) -> int:
    """Sessions of the month that may still earn JP (confirmed with JP, or awaiting confirmation)."""
    start = _month_start(day)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    qs = MentoringSession.objects.filter(instansi_id=pair.instansi_id, pair=pair, date__gte=start, date__lt=end).filter(
        Q(status=SessionStatus.LOGGED) | Q(status=SessionStatus.CONFIRMED, jp_credited__gt=0)
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.count()


def stale_pairs_for_instansi(instansi_id: int, *, today: datetime.date) -> list[MentoringPair]:
    """Active pairs of a running programme with no session for 30 days (reminders)."""
    cutoff = today - datetime.timedelta(days=STALE_DAYS)
    pairs = (
        MentoringPair.objects.filter(
            instansi_id=instansi_id, status=PairStatus.ACTIVE, program__status=ProgramStatus.ACTIVE
        )
        .annotate(last_session=Max("sessions__date", filter=~Q(sessions__status=SessionStatus.DISPUTED)))
        .order_by("id")
    )
    return [p for p in pairs if (p.last_session or p.started_on or today) < cutoff]


# --------------------------------------------------------------------------- matching


@dataclass
class Suggestion:
    mentor: ProgramMentor
    score: int
    reasons: list[str]


@dataclass
class MenteeSuggestions:
    mentee: ProgramMentee
    needs: dict[int, int]
    suggestions: list[Suggestion]


def _opd_of(unit: UnitKerja, kinds: dict[int, str]) -> int | None:
    """The OPD (or setda/kecamatan) a unit belongs to, from its path: the ancestor nearest the root
    whose kind is a department; else the root itself."""
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    for uid in ids:
        if kinds.get(uid) in {"opd", "setda", "kecamatan"}:
            return uid
    return ids[0] if ids else unit.pk


def mentee_needs(
    mentees: list[ProgramMentee], program: MentoringProgram, target_ids: set[int]
) -> dict[int, dict[int, int]]:
    """{mentee_id: {kompetensi_id: weight}}. A mentee with a current assessment needs what it shows as
    gaps (needs app); without one the need is the SKJ
    requirement of the mentee's jabatan ("SKJ vs nothing"), limited to the programme's target
    competencies when it has any; a mentee without SKJ needs each target competency at weight 1."""
    jabatan_ids = sorted({m.pegawai.jabatan_id for m in mentees if m.pegawai.jabatan_id})
    skj = skj_required_map(program.instansi_id, jabatan_ids) if jabatan_ids else {}
    gaps = assessed_gaps(program.instansi_id, [m.pegawai_id for m in mentees])
    result: dict[int, dict[int, int]] = {}
    for m in mentees:
        assessed = gaps.get(m.pegawai_id)
        if assessed is not None:  # a current assessment: the real gaps (SKJ − actual), nothing else
            need = {k: g for k, g in assessed.items() if not target_ids or k in target_ids}
            result[m.pk] = need or dict.fromkeys(target_ids, 1)
            continue
        required = skj.get(m.pegawai.jabatan_id or 0, {})
        if target_ids:
            need = {k: required.get(k, 1) for k in target_ids}
        else:
            need = dict(required)
        result[m.pk] = need
    return result


def assessed_gaps(instansi_id: int, pegawai_ids: list[int]) -> dict[int, dict[int, int]]:
    """{pegawai_id: {kompetensi_id: gap size}} from each pegawai's current assessment (needs app,
    domain.md §5: gap = required − actual where actual < required); pegawai without a current
    assessment are absent. Two queries."""

    if not pegawai_ids:
        return {}
    today = timezone.localdate()
    policy = policy_for(instansi_id, today)
    qs = pegawai_for_instansi(instansi_id).filter(pk__in=pegawai_ids)
    rows = AssessmentScore.objects.filter(
        instansi_id=instansi_id, assessment_id__in=current_ids(qs, policy, today)
    ).values_list("assessment__pegawai_id", "kompetensi_id", "required_level", "actual_level")
    result: dict[int, dict[int, int]] = {}
    for pegawai_id, kompetensi_id, required, actual in rows:
        gaps = result.setdefault(pegawai_id, {})
        if actual is not None and actual < required:
            gaps[kompetensi_id] = required - actual
    return result


def suggestions_for(program: MentoringProgram, *, per_mentee: int = 3) -> list[MenteeSuggestions]:
    """Ranked mentor suggestions for every mentee without an open pair. Score 0–100: competency
    strength against the mentee's need (60), same unit or same OPD (25/15), spare capacity (15).
    Mentors at capacity are not suggested. A constant number of queries."""

    mentors = [m for m in mentors_of(program) if m.is_active]
    mentees = [m for m in mentees_of(program) if m.open_pairs == 0]
    if not mentees:
        return []
    target_ids = set(program.target_competencies.values_list("pk", flat=True))
    needs = mentee_needs(mentees, program, target_ids)
    unit_ids: set[int] = set()
    for p in [m.pegawai for m in mentors] + [m.pegawai for m in mentees]:
        unit_ids |= {int(x) for x in p.unit_kerja.path.strip("/").split("/") if x}
    kinds = dict(UnitKerja.objects.filter(pk__in=unit_ids).values_list("pk", "kind"))
    out: list[MenteeSuggestions] = []
    for mentee in mentees:
        need = needs[mentee.pk]
        total_need = sum(need.values()) or 1
        mentee_opd = _opd_of(mentee.pegawai.unit_kerja, kinds)
        ranked: list[Suggestion] = []
        for mentor in mentors:
            if mentor.pegawai_id == mentee.pegawai_id or mentor.active_pairs >= mentor.capacity:
                continue
            strengths = {s.kompetensi_id: s for s in mentor.strengths.all()}
            covered = sum(min(strengths[k].level, 5) * w for k, w in need.items() if k in strengths)
            comp = round(60 * covered / (5 * total_need))
            reasons = [
                f"{strengths[k].kompetensi.code} (level {strengths[k].level})"
                for k in sorted(need, key=lambda k: -need[k])
                if k in strengths
            ][:3]
            if mentor.pegawai.unit_kerja_id == mentee.pegawai.unit_kerja_id:
                place, reasons_place = 25, _("satu unit kerja")
            elif _opd_of(mentor.pegawai.unit_kerja, kinds) == mentee_opd:
                place, reasons_place = 15, _("satu perangkat daerah")
            else:
                place, reasons_place = 0, ""
            spare = mentor.capacity - mentor.active_pairs
            load = round(15 * spare / mentor.capacity)
            reason_list = []
            if reasons:
                reason_list.append(_("kuat di %(list)s") % {"list": ", ".join(reasons)})
            if reasons_place:
                reason_list.append(reasons_place)
            reason_list.append(_("beban %(n)s/%(cap)s mentee") % {"n": mentor.active_pairs, "cap": mentor.capacity})
            ranked.append(Suggestion(mentor=mentor, score=comp + place + load, reasons=reason_list))
        ranked.sort(key=lambda s: (-s.score, s.mentor.pegawai.name, s.mentor.pk))
        out.append(MenteeSuggestions(mentee=mentee, needs=need, suggestions=ranked[:per_mentee]))
    return out


def match_score(program: MentoringProgram, mentor: ProgramMentor, mentee: ProgramMentee) -> int:
    for row in suggestions_for(program, per_mentee=1000):
        if row.mentee.pk == mentee.pk:
            for s in row.suggestions:
                if s.mentor.pk == mentor.pk:
                    return s.score
    return 0


# --------------------------------------------------------------------------- projects


PROJECT_RELATED = ("pegawai__unit_kerja", "pegawai__jabatan", "supervisor", "instansi")


def projects_for_instansi(instansi_id: int) -> QuerySet[ProjectAssignment]:
    return ProjectAssignment.objects.filter(instansi_id=instansi_id)


def projects_visible_to(user: Any) -> QuerySet[ProjectAssignment]:
    qs = ProjectAssignment.objects.select_related(*PROJECT_RELATED)
    if sees_all_instansi(user) or _is_admin(user):
        return scope(qs, user)
    return scope(qs, user).filter(Q(pegawai__user=user) | Q(supervisor__user=user) | Q(pegawai__atasan__user=user))


def team_projects(user: Any) -> QuerySet[ProjectAssignment]:
    if user.instansi_id is None:
        return ProjectAssignment.objects.none()
    return (
        ProjectAssignment.objects.select_related(*PROJECT_RELATED)
        .filter(instansi_id=user.instansi_id, pegawai__atasan__user=user)
        .order_by("pegawai__name", "-start_date")
    )


def project_reports(project: ProjectAssignment) -> QuerySet[ProjectReport]:
    return (
        ProjectReport.objects.filter(instansi_id=project.instansi_id, project=project)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def project_events(project: ProjectAssignment) -> QuerySet[ProjectEvent]:
    return (
        ProjectEvent.objects.filter(instansi_id=project.instansi_id, project=project)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def project_pegawai_choices(user: Any):
    """Pegawai a user may assign a project to: admins their instansi, an atasan their direct reports."""

    if user.instansi_id is None:
        return pegawai_for_instansi(0).none()
    qs = pegawai_for_instansi(user.instansi_id).filter(is_active=True).select_related("jabatan")
    if _is_admin(user):
        return qs.order_by("name")
    return qs.filter(atasan__user=user).order_by("name")


def goals_visible_to(user: Any) -> QuerySet[MentoringGoal]:
    """Goals of the pairs the user may see (admin, mentor, mentee)."""
    return MentoringGoal.objects.filter(pair__in=pairs_visible_to(user).values("pk"))


# --------------------------------------------------------------------------- lists and choices for the pages


def target_competencies_of(program: MentoringProgram) -> QuerySet:
    return program.target_competencies.order_by("code")


def other_mentors_of(pair: MentoringPair) -> QuerySet[ProgramMentor]:
    """Mentors of the pair's programme a mentee may be moved to: everyone but the current one."""
    return mentors_of(pair.program).exclude(pk=pair.mentor_id)


def mentor_in_program(program: MentoringProgram, pk: int) -> ProgramMentor | None:
    return mentors_of(program).filter(pk=pk).first()


def mentee_in_program(program: MentoringProgram, pk: int) -> ProgramMentee | None:
    return mentees_of(program).filter(pk=pk).first()


def project_list_rows(qs: QuerySet[ProjectAssignment]) -> QuerySet[ProjectAssignment]:
    return qs.order_by("-start_date", "-id")


def project_competencies(project: ProjectAssignment) -> QuerySet:
    return project.competencies.order_by("code")


def project_evidence(project: ProjectAssignment) -> QuerySet:
    return project.evidence.select_related("kompetensi").order_by("kompetensi__code")


def projects_to_assess(user: Any) -> QuerySet[ProjectAssignment]:
    """Reported projects waiting for this user's assessment (they are the project's supervisor)."""
    waiting = projects_visible_to(user).filter(status=ProjectStatus.SUBMITTED, supervisor__user=user)
    return waiting.order_by("end_date", "pk")
