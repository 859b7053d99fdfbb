"""Completion and the JP ledger: JP are booked once per activity, with the conversion-rule version,
to the year of the completion day; PNS below the yearly target become needs items (rule 18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan, AngkatanSession, CapPeriod
from apps.core.constraints import message_for
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.enrollments import jp, selectors
from apps.enrollments.errors import DuplicateCredit, EnrollmentError
from apps.enrollments.models import (
    AttendanceRecord,
    CompletionRule,
    Enrollment,
    EnrollmentStatus,
    JPLedgerEntry,
    LedgerSource,
)
from apps.enrollments.post_tests import has_post_test
from apps.enrollments.services.common import _lock_angkatan, _require_admin_of, local_today
from apps.enrollments.workflow import _transition
from apps.needs.services import idp_activities_complete_for_program, needs_from_jp_shortfall
from apps.organizations.models import Instansi

S = EnrollmentStatus
#: The fields of a JP ledger entry its audit row lists (the creator is the actor; the rule is in the data).
LEDGER_AUDITED = [
    "pegawai",
    "year",
    "credited_on",
    "jp",
    "source_type",
    "source_ref",
    "title",
    "provider",
    "start_date",
    "end_date",
]


def completion_rule_save(
    *, actor: Any, angkatan: Angkatan, min_attendance_percent: int, passing_score: int | None
) -> CompletionRule:
    _require_admin_of(actor, angkatan.instansi_id)
    rule, _created = CompletionRule.objects.update_or_create(
        instansi_id=angkatan.instansi_id,
        program_id=angkatan.program_id,
        defaults={"min_attendance_percent": min_attendance_percent, "passing_score": passing_score},
    )
    audit_log(actor=actor, action="completion_rule.save", instance=rule)
    return rule


def _periods_spanned(start: date, end: date, period: str) -> int:
    if period == CapPeriod.DAY:
        return (end - start).days + 1
    if period == CapPeriod.MONTH:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return 1


def jp_for_angkatan(angkatan: Angkatan, on: date) -> tuple[int, Any]:
    """JP a completed batch earns and the conversion-rule version used (rule 16). The programme's
    JP already follow the table (catalog computes them); a per-day/month JP cap of the rule (e-learning
    3 JP a day) limits them to what the batch's days allow (rule 15)."""
    program = angkatan.program
    rule = program.conversion_rule or selectors.conversion_rule_for(
        instansi_id=angkatan.instansi_id, form=program.form, on=on
    )
    return jp_capped(rule, program.learning_hours, angkatan.start_date, angkatan.end_date), rule


def jp_capped(rule: Any, amount: int, start: date, end: date) -> int:
    """`amount` limited by the rule's per-day/month cap over the activity's days (rule 15)."""
    if rule is not None and rule.cap_jp and rule.cap_period in (CapPeriod.DAY, CapPeriod.MONTH):
        return min(amount, rule.cap_jp * _periods_spanned(start, end, rule.cap_period))
    return amount


def jp_for_activity(*, instansi_id: int, form: str, start: date, end: date, claimed: int) -> tuple[int, Any]:
    """JP an activity outside the catalog (an e-learning course reported by its platform) may earn: the claim
    limited by the conversion rule of its form in force on its last day, and that rule (rules 15, 16)."""
    rule = selectors.conversion_rule_for(instansi_id=instansi_id, form=form, on=end)
    return jp_capped(rule, claimed, start, end), rule


def ledger_credit(
    *,
    actor: Any,
    pegawai: Pegawai,
    jp_amount: int,
    credited_on: date,
    source_type: str,
    source_ref: str,
    title: str,
    provider: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    enrollment: Enrollment | None = None,
    conversion_rule: Any = None,
    exchange: dict[str, str] | None = None,
) -> JPLedgerEntry:
    """Append one credit; the same activity twice raises DuplicateCredit (rule 17)."""
    year = jp.credit_year(employment_type=pegawai.employment_type, credited_on=credited_on, tmt=pegawai.tmt)
    try:
        with transaction.atomic():
            entry = JPLedgerEntry.objects.create(
                instansi_id=pegawai.instansi_id,
                pegawai=pegawai,
                year=year,
                credited_on=credited_on,
                jp=jp_amount,
                source_type=source_type,
                source_ref=source_ref,
                enrollment=enrollment,
                conversion_rule=conversion_rule,
                title=title[:250],
                provider=provider[:200],
                start_date=start_date,
                end_date=end_date,
                exchange=exchange or {},
                created_by_id=getattr(actor, "pk", None),
            )
            audit_log(actor=actor, action="jp.credit", instance=entry, before=dict.fromkeys(LEDGER_AUDITED))
            return entry
    except IntegrityError as exc:
        message = message_for(exc)
        if message is not None:
            raise DuplicateCredit(message) from exc
        raise


def ledger_reverse(*, actor: Any, entry: JPLedgerEntry, reason: str) -> JPLedgerEntry:
    """Withdraw a credit (a revoked certificate): append its negative, linked to it, in the same year and
    on the same credited day, so yearly totals, the PPPK period sum, the "below 20 JP" list and the export
    all net to zero for it; the original stays as history. The reason takes the `provider` line, which the JP
    history shows under the title (the export leaves reversals out). Twice raises DuplicateCredit (one-to-one
    link)."""
    if entry.reverses_id is not None or entry.jp <= 0:
        raise EnrollmentError(_("Catatan pembatalan JP tidak dapat dibatalkan lagi."))
    try:
        with transaction.atomic():
            reversal = JPLedgerEntry.objects.create(
                instansi_id=entry.instansi_id,
                pegawai_id=entry.pegawai_id,
                year=entry.year,
                credited_on=entry.credited_on,
                jp=-entry.jp,
                source_type=entry.source_type,
                source_ref=f"reversal:{entry.pk}",
                reverses=entry,
                conversion_rule_id=entry.conversion_rule_id,
                title=(_("Ditarik: %(title)s") % {"title": entry.title})[:250],
                provider=(reason.strip() or entry.provider)[:200],
                start_date=entry.start_date,
                end_date=entry.end_date,
                created_by_id=getattr(actor, "pk", None),
            )
            audit_log(
                actor=actor,
                action="jp.reverse",
                instance=reversal,
                before=dict.fromkeys([*LEDGER_AUDITED, "reverses"]),
                data={"reverses": entry.pk},
            )
            return reversal
    except IntegrityError as exc:
        message = message_for(exc)
        if message is not None:
            raise DuplicateCredit(message) from exc
        raise


def post_test_score_record(*, pegawai_id: int, angkatan_id: int, score: Decimal) -> Enrollment | None:
    """The L2 post-test score becomes the participant's final score while the completion decision is
    still open (enrolled, or not completed and awaiting a re-run); a completed participant keeps the
    decision already made. Stored rounded down: for a whole-number passing score, score ≥ pass exactly
    when floor(score) ≥ pass, so 69.99 never becomes a pass."""
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .filter(pegawai_id=pegawai_id, angkatan_id=angkatan_id, status__in=(S.ENROLLED, S.NOT_COMPLETED))
            .first()
        )
        if enrollment is None:
            return None
        enrollment.final_score = max(0, min(100, int(score)))
        enrollment.save(update_fields=["final_score", "updated_at"])
    return enrollment


def _passes(pct: int, score: int | None, rule: CompletionRule, post_test: bool) -> bool:
    """Domain.md §8: attendance ≥ the threshold and, where a post-test exists, score ≥ the passing score.
    Without a post-test a missing score does not block; with one, not having taken it does."""
    if pct < rule.min_attendance_percent:
        return False
    if rule.passing_score is None:
        return True
    if score is None:
        return not post_test
    return score >= rule.passing_score


def angkatan_complete(*, actor: Any, angkatan: Angkatan, scores: dict[int, int | None] | None = None) -> dict[str, int]:
    """Mark every participant completed or not (attendance ≥ threshold and, where a score is
    recorded or a post-test exists, score ≥ passing) and book JP for the completed. A score typed
    here wins; an empty one keeps the recorded (post-test) score. Re-running only finishes the rest."""
    _require_admin_of(actor, angkatan.instansi_id)
    scores = scores or {}
    with transaction.atomic():
        locked = _lock_angkatan(angkatan.pk)
        rule = selectors.completion_rule_for(locked)
        post_test = has_post_test(locked.pk)
        session_count = AngkatanSession.objects.filter(angkatan=locked).count()
        today = local_today(locked.instansi)
        if today < locked.start_date:
            raise EnrollmentError(_("Angkatan belum dimulai; kelulusan belum dapat ditetapkan."))
        day = min(today, locked.end_date)
        rows = list(
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("pegawai")
            .filter(angkatan=locked, status__in=(S.ENROLLED, S.NOT_COMPLETED))
            .order_by("id")
        )
        present = dict(
            AttendanceRecord.objects.filter(enrollment__in=[r.pk for r in rows], present=True, session__angkatan=locked)
            .values("enrollment_id")
            .annotate(n=Count("id"))
            .values_list("enrollment_id", "n")
        )
        jp_amount, conv_rule = jp_for_angkatan(locked, day)
        counts = {"completed": 0, "not_completed": 0}
        for row in rows:
            score = scores.get(row.pk)
            score = row.final_score if score is None else score
            pct = (present.get(row.pk, 0) * 100 // session_count) if session_count else 100
            passed = _passes(pct, score, rule, post_test)
            fields = {"final_score": score, "attendance_percent": pct}
            if passed:
                note = _("Kehadiran %(p)s %%") % {"p": pct} + (f"; nilai {score}" if score is not None else "")
                done = _transition(
                    enrollment_id=row.pk, action="complete", actor=actor, note=note, completed_on=day, **fields
                )
                if jp_amount > 0:
                    ledger_credit(
                        actor=actor,
                        pegawai=row.pegawai,
                        jp_amount=jp_amount,
                        credited_on=day,
                        source_type=LedgerSource.ENROLLMENT,
                        source_ref=f"enrollment:{row.pk}",
                        title=locked.program.title,
                        provider=str(locked.program.penyelenggara or ""),
                        start_date=locked.start_date,
                        end_date=locked.end_date,
                        enrollment=done,
                        conversion_rule=conv_rule,
                    )
                idp_activities_complete_for_program(
                    instansi_id=locked.instansi_id,
                    pegawai_id=row.pegawai_id,
                    program_id=locked.program_id,
                    completed_on=day,
                )
                counts["completed"] += 1
            elif row.status == S.ENROLLED:
                note = _("Kehadiran %(p)s %% (minimal %(m)s %%)") % {"p": pct, "m": rule.min_attendance_percent}
                if score is not None and rule.passing_score is not None and score < rule.passing_score:
                    note += _("; nilai %(s)s (minimal %(m)s)") % {"s": score, "m": rule.passing_score}
                elif score is None and post_test and rule.passing_score is not None:
                    note += _("; belum ada nilai post-test")
                _transition(enrollment_id=row.pk, action="not_complete", actor=actor, note=note, **fields)
                counts["not_completed"] += 1
            else:
                Enrollment.objects.filter(pk=row.pk).update(**fields)
                counts["not_completed"] += 1
        audit_log(actor=actor, action="angkatan.complete", instance=locked, data=counts)
    return counts


def jp_shortfall_to_needs(*, actor: Any, instansi_id: int, year: int) -> Any:
    """Rule 18: PNS below the yearly target at 31 December become a needs item of the next year."""
    below = list(selectors.pns_below_target(instansi_id, year).values_list("pk", flat=True))
    return needs_from_jp_shortfall(
        actor=actor, instansi_id=instansi_id, year=year, pegawai_ids=below, target=jp.PNS_TARGET_JP
    )


def jp_shortfall_year_end() -> int:
    """Celery beat on 1 January: last year's shortfall of every active instansi. Safe to repeat."""
    done = 0
    for instansi in Instansi.objects.filter(is_active=True).only("pk", "timezone"):
        last_year = local_today(instansi).year - 1
        if jp_shortfall_to_needs(actor=None, instansi_id=instansi.pk, year=last_year) is not None:
            done += 1
    return done
