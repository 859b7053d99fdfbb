"""Reads of enrolments, attendance, the JP ledger and certificates. The only door to these rows:
lists, details, exports, panels, tasks and other apps start here (`*_visible_to(user)` for people,
`*_for_instansi(id)` for code without a user)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.catalog.models import Angkatan, AngkatanSession, AngkatanStatus, JPConversionRule
from apps.core import figures
from apps.core.roles import ADMINS
from apps.core.tenancy import scope
from apps.employees.models import Pegawai
from apps.enrollments import jp
from apps.enrollments.models import (
    HOLDING_STATUSES,
    PENDING_STATUSES,
    AttendanceCode,
    AttendanceRecord,
    BulkNomination,
    Certificate,
    CompletionRule,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    ExternalStatus,
    ExternalTraining,
    JPLedgerEntry,
    Notification,
)
from apps.needs.models import NeedsItem, NeedsStatus

LIST_RELATED = (
    "pegawai",
    "needs_item__kompetensi",
    "pegawai__unit_kerja",
    "pegawai__jabatan",
    "angkatan",
    "angkatan__program",
)
PARTICIPANT_STATUSES = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.NOT_COMPLETED,
)
COMPLETED_ANY = (EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED)
ACTIVE_STATUSES = (*PENDING_STATUSES, *HOLDING_STATUSES)


def is_admin(user: Any) -> bool:
    return user.has_any_role(ADMINS)


# --------------------------------------------------------------------------- enrolments


def enrollments_for_instansi(instansi_id: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(instansi_id=instansi_id)


def enrollments_visible_to(user: Any) -> QuerySet[Enrollment]:
    """Admins: their instansi. Others: their own requests and those of their direct reports."""
    qs = scope(Enrollment.objects.select_related(*LIST_RELATED), user)
    if is_admin(user):
        return qs
    return qs.filter(Q(pegawai__user=user) | Q(pegawai__atasan__user=user))


def my_enrollments(user: Any) -> QuerySet[Enrollment]:
    return scope(Enrollment.objects.select_related(*LIST_RELATED), user).filter(pegawai__user=user)


def enrollment_timeline(enrollment: Enrollment) -> QuerySet[EnrollmentEvent]:
    return EnrollmentEvent.objects.filter(enrollment=enrollment).select_related("actor").order_by("created_at", "id")


def approval_queue(user: Any) -> QuerySet[Enrollment]:
    """Requests of the atasan's direct reports waiting for them (rule 22: the *current* atasan)."""
    if user.instansi_id is None:
        return Enrollment.objects.none()
    return (
        Enrollment.objects.select_related(*LIST_RELATED)
        .filter(instansi_id=user.instansi_id, status=EnrollmentStatus.REQUESTED, pegawai__atasan__user=user)
        .exclude(pegawai__user=user)
        .order_by("created_at", "id")
    )


def verification_queue(user: Any) -> QuerySet[Enrollment]:
    if not is_admin(user):
        return Enrollment.objects.none()
    return (
        scope(Enrollment.objects.select_related(*LIST_RELATED), user)
        .filter(status=EnrollmentStatus.APPROVED)
        .order_by("created_at", "id")
    )


def participants(angkatan: Angkatan) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.select_related("pegawai", "pegawai__unit_kerja", "pegawai__jabatan", "certificate")
        .filter(instansi_id=angkatan.instansi_id, angkatan=angkatan, status__in=PARTICIPANT_STATUSES)
        .order_by("pegawai__name", "id")
    )


def waitlist(angkatan: Angkatan) -> QuerySet[Enrollment]:
    """First come, first served (rule 20): by the moment they entered the waitlist, then id."""
    return (
        Enrollment.objects.select_related("pegawai", "pegawai__unit_kerja", "pegawai__jabatan")
        .filter(instansi_id=angkatan.instansi_id, angkatan=angkatan, status=EnrollmentStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")
    )


def pending_count(angkatan: Angkatan) -> int:
    return Enrollment.objects.filter(
        instansi_id=angkatan.instansi_id, angkatan=angkatan, status__in=PENDING_STATUSES
    ).count()


def active_enrollment(pegawai: Pegawai, angkatan: Angkatan) -> Enrollment | None:
    return (
        Enrollment.objects.filter(pegawai=pegawai, angkatan=angkatan)
        .exclude(status__in=[EnrollmentStatus.REJECTED, EnrollmentStatus.CANCELLED])
        .first()
    )


def overlapping_enrollments(
    pegawai_id: int, start: datetime.date, end: datetime.date, *, exclude_angkatan_id: int | None = None, statuses=None
) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.select_related("angkatan").filter(
        pegawai_id=pegawai_id,
        status__in=statuses or (EnrollmentStatus.ENROLLED,),
        angkatan__start_date__lte=end,
        angkatan__end_date__gte=start,
    )
    if exclude_angkatan_id:
        qs = qs.exclude(angkatan_id=exclude_angkatan_id)
    return qs


def open_needs_of(pegawai: Pegawai | None) -> QuerySet[NeedsItem]:
    """The pegawai's own open needs items, for "which need does this training serve"."""
    if pegawai is None:
        return NeedsItem.objects.none()
    return (
        NeedsItem.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai, status=NeedsStatus.OPEN)
        .select_related("kompetensi")
        .order_by("-year", "-priority", "id")
    )


def annotate_workload(rows: list[Enrollment], *, year: int) -> list[Enrollment]:
    """For the approval and verification queues: each row gets `jp_this_year` and `other_trainings`
    (the pegawai's other active enrolments overlapping the batch). Two queries whatever the page size."""
    if not rows:
        return rows
    pegawai_ids = {r.pegawai_id for r in rows}
    totals = dict(
        JPLedgerEntry.objects.filter(pegawai_id__in=pegawai_ids, year=year)
        .values("pegawai_id")
        .annotate(total=Sum("jp"))
        .values_list("pegawai_id", "total")
    )
    lo = min(r.angkatan.start_date for r in rows)
    hi = max(r.angkatan.end_date for r in rows)
    others: dict[int, list[Enrollment]] = defaultdict(list)
    for other in (
        Enrollment.objects.select_related("angkatan")
        .filter(
            pegawai_id__in=pegawai_ids,
            status__in=(*PENDING_STATUSES, *HOLDING_STATUSES),
            angkatan__start_date__lte=hi,
            angkatan__end_date__gte=lo,
        )
        .order_by("angkatan__start_date")
    ):
        others[other.pegawai_id].append(other)
    gaps: dict[int, list[str]] = defaultdict(list)
    for pegawai_id, code, name in (
        NeedsItem.objects.filter(pegawai_id__in=pegawai_ids, status=NeedsStatus.OPEN)
        .order_by("-priority", "id")
        .values_list("pegawai_id", "kompetensi__code", "kompetensi__name")
    ):
        gaps[pegawai_id].append(f"{code} {name}")
    for row in rows:
        row.gaps = gaps[row.pegawai_id][:3]
        row.jp_this_year = totals.get(row.pegawai_id) or 0
        row.other_trainings = [
            o
            for o in others[row.pegawai_id]
            if o.pk != row.pk
            and o.angkatan.start_date <= row.angkatan.end_date
            and o.angkatan.end_date >= row.angkatan.start_date
        ]
    return rows


def angkatan_for_instansi(instansi_id: int) -> QuerySet[Angkatan]:
    return Angkatan.objects.filter(instansi_id=instansi_id).select_related("program", "program__penyelenggara")


def angkatan_in_instansi(user: Any) -> QuerySet[Angkatan]:
    """Every batch of the user's instansi whatever its status: the admin's enrolment pages, and the
    batches an atasan may nominate into (planned ones too). What a pegawai may see and request is
    catalog.selectors.angkatan_visible_to, the one door to a batch by id."""
    return scope(Angkatan.objects.select_related("program", "program__penyelenggara", "instansi"), user)


def sessions_of(angkatan: Angkatan) -> list[AngkatanSession]:
    return list(AngkatanSession.objects.filter(angkatan=angkatan).order_by("date", "start_time", "id"))


def session_visible_to(user: Any) -> QuerySet[AngkatanSession]:
    return scope(AngkatanSession.objects.select_related("angkatan", "angkatan__program"), user)


def attendance_matrix(angkatan: Angkatan) -> dict[tuple[int, int], bool]:
    return {
        (r.enrollment_id, r.session_id): r.present
        for r in AttendanceRecord.objects.filter(instansi_id=angkatan.instansi_id, session__angkatan=angkatan).only(
            "enrollment_id", "session_id", "present"
        )
    }


def attendance_of_session(session: AngkatanSession) -> dict[int, bool]:
    """enrollment id → present, as plain tuples (1,000 rows: no model instances)."""
    return dict(
        AttendanceRecord.objects.filter(instansi_id=session.instansi_id, session=session).values_list(
            "enrollment_id", "present"
        )
    )


def attendance_counts_by_session(session_ids: Iterable[int]) -> dict[int, int]:
    """Session id → attendance records it holds; the catalog asks before a session is removed."""
    return dict(
        AttendanceRecord.objects.filter(session_id__in=list(session_ids))
        .values("session_id")
        .annotate(n=Count("id"))
        .values_list("session_id", "n")
    )


def attendance_codes(angkatan: Angkatan) -> dict[int, AttendanceCode]:
    return {
        c.session_id: c
        for c in AttendanceCode.objects.filter(instansi_id=angkatan.instansi_id, session__angkatan=angkatan)
    }


def completion_rule_for(angkatan: Angkatan) -> CompletionRule:
    """The per-programme setting of the instansi, or the domain.md §8 defaults (unsaved)."""
    rule = CompletionRule.objects.filter(instansi_id=angkatan.instansi_id, program_id=angkatan.program_id).first()
    return rule or CompletionRule(instansi_id=angkatan.instansi_id, program_id=angkatan.program_id)


def conversion_rule_for(*, instansi_id: int, form: str, on: datetime.date) -> JPConversionRule | None:
    """The rule version in force on `on`: the instansi's own, else the national one."""
    base = JPConversionRule.objects.filter(form=form, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    own = base.filter(instansi_id=instansi_id).order_by("-effective_from").first()
    return own or base.filter(instansi__isnull=True).order_by("-effective_from").first()


# --------------------------------------------------------------------------- JP ledger


def standing_credits() -> QuerySet[JPLedgerEntry]:
    """Credits that still stand: neither withdrawn (a revoked certificate) nor a withdrawal. For "who
    trained" questions and the export; sums need no such filter, since a credit and its reversal net to 0."""
    return JPLedgerEntry.objects.filter(reverses__isnull=True, reversal__isnull=True)


def trained_pegawai_ids(instansi_id: int, year: int) -> set[int]:
    """Pegawai with any JP booked in the year: the catalog's urban-vs-remote report counts them."""
    return set(
        standing_credits().filter(instansi_id=instansi_id, year=year).values_list("pegawai_id", flat=True).distinct()
    )


def ledger_for_pegawai(pegawai: Pegawai) -> QuerySet[JPLedgerEntry]:
    """The pegawai's JP history, withdrawals included (`reversal` marks a withdrawn credit)."""
    return (
        JPLedgerEntry.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai)
        .select_related("reversal")
        .order_by("-credited_on", "-id")
    )


def jp_in_period(pegawai: Pegawai, start: datetime.date, end: datetime.date) -> int:
    return (
        JPLedgerEntry.objects.filter(
            instansi_id=pegawai.instansi_id, pegawai=pegawai, credited_on__gte=start, credited_on__lt=end
        ).aggregate(total=Sum("jp"))["total"]
        or 0
    )


def jp_committed_in_period(pegawai: Pegawai, start: datetime.date, end: datetime.date, *, exclude_id=None) -> int:
    """JP of batches the pegawai already holds a seat in (not yet credited) ending in the period."""
    qs = Enrollment.objects.filter(
        pegawai=pegawai,
        status=EnrollmentStatus.ENROLLED,
        angkatan__end_date__gte=start,
        angkatan__end_date__lt=end,
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.aggregate(total=Sum("angkatan__program__learning_hours"))["total"] or 0


def yearly_progress_of(
    pegawai: Pegawai, *, on: datetime.date
) -> tuple[jp.Progress, tuple[datetime.date, datetime.date]]:
    bounds = jp.period_bounds(employment_type=pegawai.employment_type, on=on, tmt=pegawai.tmt)
    total = jp_in_period(pegawai, *bounds)
    return jp.yearly_progress(employment_type=pegawai.employment_type, jp=total), bounds


def _jp_year_subquery(year: int) -> Subquery:
    return Subquery(
        JPLedgerEntry.objects.filter(pegawai_id=OuterRef("pk"), year=year)
        .values("pegawai_id")
        .annotate(total=Sum("jp"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


def pns_with_jp(instansi_id: int, year: int) -> QuerySet[Pegawai]:
    """Active PNS/CPNS of the instansi with `jp_total` for the year (one query, indexed subquery)."""
    return (
        Pegawai.objects.filter(instansi_id=instansi_id, is_active=True, employment_type__in=sorted(jp.PNS_TYPES))
        .select_related("unit_kerja", "jabatan")
        .annotate(jp_total=Coalesce(_jp_year_subquery(year), Value(0)))
    )


def jp_share_by_unit(instansi_id: int, year: int, target: int = jp.PNS_TARGET_JP) -> list[dict[str, Any]]:
    """Per unit kerja: PNS count, how many reached the target, and the share (rounded down %). Kept per
    data version of the instansi (apps/core/figures.py): it sums a province's whole JP ledger."""
    return figures.cached(
        "enrollments.jp_share", instansi_id, lambda: _jp_share_by_unit(instansi_id, year, target), vary=(year, target)
    )


def _jp_share_by_unit(instansi_id: int, year: int, target: int) -> list[dict[str, Any]]:
    rows = (
        pns_with_jp(instansi_id, year)
        .values("unit_kerja_id", "unit_kerja__name", "unit_kerja__path")
        .annotate(total=Count("id"), met=Count("id", filter=Q(jp_total__gte=target)))
        .order_by("unit_kerja__path")
    )
    out = []
    for row in rows:
        out.append(
            {
                "unit_id": row["unit_kerja_id"],
                "unit": row["unit_kerja__name"],
                "total": row["total"],
                "met": row["met"],
                "below": row["total"] - row["met"],
                "percent": row["met"] * 100 // row["total"] if row["total"] else 0,
            }
        )
    return out


def pns_below_target(instansi_id: int, year: int, target: int = jp.PNS_TARGET_JP) -> QuerySet[Pegawai]:
    return pns_with_jp(instansi_id, year).filter(jp_total__lt=target).order_by("jp_total", "name", "id")


def nothing_this_year(instansi_id: int, year: int) -> QuerySet[Pegawai]:
    """Active pegawai with no JP credited and no active/finished enrolment in a batch of the year:
    the ones to invite first. `last_credited` shows how long ago their last training was."""
    credited = standing_credits().filter(pegawai_id=OuterRef("pk"), year=year)
    enrolled = Enrollment.objects.filter(
        pegawai_id=OuterRef("pk"),
        status__in=(*ACTIVE_STATUSES, *COMPLETED_ANY),
        angkatan__start_date__year=year,
    )
    last = standing_credits().filter(pegawai_id=OuterRef("pk")).order_by("-credited_on").values("credited_on")[:1]
    return (
        Pegawai.objects.filter(instansi_id=instansi_id, is_active=True)
        .select_related("unit_kerja", "jabatan")
        .filter(~Exists(credited), ~Exists(enrolled))
        .annotate(last_credited=Subquery(last))
        .order_by("name", "id")
    )


def ledger_export_rows(
    instansi_id: int, year: int | None = None, *, between: tuple[datetime.date, datetime.date] | None = None
) -> QuerySet[JPLedgerEntry]:
    """Standing credits only: see exports.rows for why a withdrawn credit is left out rather than reversed.
    Either the ledger year (PPPK: contract year) or `between` = (first, last) credited day, both inclusive:
    a period export asks "what was completed in these days", whatever year the credit counts towards."""
    qs = standing_credits().filter(instansi_id=instansi_id)
    if between is not None:
        qs = qs.filter(credited_on__gte=between[0], credited_on__lte=between[1])
    else:
        qs = qs.filter(year=year)
    return qs.select_related("pegawai", "enrollment__angkatan__program", "enrollment__certificate").order_by(
        "pegawai__name", "credited_on", "id"
    )


# --------------------------------------------------------------------------- external training


def external_visible_to(user: Any) -> QuerySet[ExternalTraining]:
    qs = scope(ExternalTraining.objects.select_related("pegawai", "pegawai__unit_kerja"), user)
    if is_admin(user):
        return qs
    return qs.filter(pegawai__user=user)


def external_pending(user: Any) -> QuerySet[ExternalTraining]:
    if not is_admin(user):
        return ExternalTraining.objects.none()
    return external_visible_to(user).filter(status=ExternalStatus.PENDING).order_by("created_at", "id")


# --------------------------------------------------------------------------- certificates


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    qs = scope(
        Certificate.objects.select_related(
            "instansi",
            "enrollment__pegawai",
            "enrollment__angkatan__program",
            "enrollment__angkatan__program__penyelenggara",
        ),
        user,
    )
    if is_admin(user):
        return qs
    return qs.filter(Q(enrollment__pegawai__user=user) | Q(enrollment__pegawai__atasan__user=user))


def certificate_by_code(code: str) -> Certificate | None:
    """The public check: by the unguessable code only (no user, every instansi)."""
    return (
        Certificate.objects.select_related(
            "instansi",
            "enrollment__pegawai",
            "enrollment__angkatan__program",
            "enrollment__angkatan__program__penyelenggara",
        )
        .filter(verification_code=code)
        .first()
    )


def certificate_for_render(certificate_id: int) -> Certificate:
    return Certificate.objects.select_related(
        "instansi",
        "enrollment__pegawai",
        "enrollment__angkatan__program",
        "enrollment__angkatan__program__penyelenggara",
    ).get(pk=certificate_id)


# --------------------------------------------------------------------------- notifications, jobs


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def bulk_jobs_visible_to(user: Any) -> QuerySet[BulkNomination]:
    if not is_admin(user):
        return BulkNomination.objects.none()
    return scope(BulkNomination.objects.select_related("angkatan"), user)


def pending_approvals_by_atasan(instansi_id: int) -> dict[int, list[Enrollment]]:
    """For the daily digest: atasan user id → requests of their team still waiting."""
    out: dict[int, list[Enrollment]] = defaultdict(list)
    for row in (
        Enrollment.objects.select_related("pegawai", "pegawai__atasan", "angkatan")
        .filter(instansi_id=instansi_id, status=EnrollmentStatus.REQUESTED, pegawai__atasan__user__isnull=False)
        .order_by("created_at")
    ):
        out[row.pegawai.atasan.user_id].append(row)
    return out


def enrolled_starting_between(instansi_id: int, start: datetime.date, end: datetime.date) -> QuerySet[Enrollment]:
    return Enrollment.objects.select_related("pegawai", "angkatan").filter(
        instansi_id=instansi_id,
        status=EnrollmentStatus.ENROLLED,
        reminded_at__isnull=True,
        angkatan__start_date__gte=start,
        angkatan__start_date__lte=end,
    )


def enrollments_with_timeline(qs: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return qs.prefetch_related(
        Prefetch("events", queryset=EnrollmentEvent.objects.select_related("actor").order_by("created_at", "id"))
    )


# --------------------------------------------------------------------------- lists and choices for the pages


def my_enrollment_rows(qs: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return enrollments_with_timeline(qs.order_by("-created_at", "-id"))


def nominable_angkatan(user: Any) -> QuerySet[Angkatan]:
    """Batches an atasan may nominate into: not started yet, still planned, open or full (waitlist)."""

    today = timezone.localdate()
    return (
        angkatan_in_instansi(user)
        .filter(status__in=[AngkatanStatus.PLANNED, AngkatanStatus.OPEN, AngkatanStatus.FULL], start_date__gt=today)
        .order_by("start_date", "id")
    )


def angkatan_admin_rows(user: Any) -> QuerySet[Angkatan]:
    """Batches with their pending, waiting and completed enrolment counts, newest first."""
    S = EnrollmentStatus
    return (
        angkatan_in_instansi(user)
        .annotate(
            n_pending=Count("enrollments", filter=Q(enrollments__status__in=[S.REQUESTED, S.APPROVED])),
            n_waiting=Count("enrollments", filter=Q(enrollments__status=S.WAITLISTED)),
            n_done=Count("enrollments", filter=Q(enrollments__status=S.COMPLETED)),
        )
        .order_by("-start_date", "id")
    )


def recent_externals_of(user: Any, pegawai: Pegawai, *, limit: int = 10) -> list[ExternalTraining]:
    return list(external_visible_to(user).filter(pegawai=pegawai).order_by("-created_at")[:limit])


def recent_certificates_of(user: Any, pegawai: Pegawai, *, limit: int = 10) -> list[Certificate]:
    return list(certificates_visible_to(user).filter(enrollment__pegawai=pegawai).order_by("-issued_at")[:limit])


def external_queue_rows(qs: QuerySet[ExternalTraining]) -> QuerySet[ExternalTraining]:
    return qs.order_by("created_at", "id")


def angkatan_of_queue(queue: QuerySet[Enrollment]) -> QuerySet[Angkatan]:
    """The batches the requests of a queue are for, newest first."""
    return (
        Angkatan.objects.filter(pk__in=queue.order_by().values("angkatan_id"))
        .select_related("program")
        .order_by("-start_date", "id")
    )


def ledger_for_instansi(instansi_id: int) -> QuerySet[JPLedgerEntry]:
    return JPLedgerEntry.objects.filter(instansi_id=instansi_id)


def credit_like(pegawai_id: int, title: str, start: datetime.date, end: datetime.date) -> JPLedgerEntry | None:
    """A credit of the pegawai (standing or withdrawn, not a withdrawal) for the same training: same first and
    last day, title compared case- and space-blind, whatever its source (rule 17 across sources)."""
    wanted = " ".join(title.split()).casefold()
    for entry in JPLedgerEntry.objects.filter(
        pegawai_id=pegawai_id, reverses__isnull=True, start_date=start, end_date=end
    ).only("pk", "title", "source_type"):
        if " ".join(entry.title.split()).casefold() == wanted:
            return entry
    return None
