"""Session logs: the mentor logs, the mentee confirms or disputes; JP go to the enrollments ledger
within the monthly cap (rules 14-17)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.catalog.models import ConversionUnit
from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.enrollments.errors import DuplicateCredit
from apps.enrollments.models import LedgerSource
from apps.enrollments.services import ledger_credit
from apps.mentoring import selectors
from apps.mentoring.errors import DurationNotPositive, MentoringError, NotAllowed, SessionInFuture, SessionOutOfPeriod
from apps.mentoring.models import MentoringPair, MentoringSession, PairStatus, SessionStatus
from apps.mentoring.services.common import local_today
from apps.mentoring.services.programmes import monthly_session_cap


def cap_message(rule: Any, cap: int) -> str:
    return _(
        "Batas %(cap)s sesi per pasangan per bulan (aturan konversi JP %(rule)s) sudah tercapai bulan ini; "
        "sesi tetap tercatat, tetapi tidak menambah JP."
    ) % {"cap": cap, "rule": str(rule)}


def session_log(
    *,
    actor: Any,
    pair: MentoringPair,
    date: datetime.date,
    duration_minutes: int,
    topic: str,
    notes: str = "",
    next_steps: str = "",
) -> tuple[MentoringSession, str]:
    """The mentor logs a session. Returns the session and a warning ("" if none): a session past the
    monthly cap is logged, but will earn no JP."""
    if pair.mentor.pegawai.user_id != actor.pk:
        raise NotAllowed(_("Hanya mentor pasangan ini yang dapat mencatat sesi."))
    program = pair.program
    today = local_today(program.instansi)
    if duration_minutes is None or duration_minutes <= 0:
        raise DurationNotPositive(_("Durasi harus lebih dari 0 menit."), field="duration_minutes")
    if date > today:
        raise SessionInFuture(_("Tanggal sesi tidak boleh di masa depan."), field="date")
    if date < program.start_date or date > program.end_date:
        raise SessionOutOfPeriod(
            _("Tanggal sesi harus dalam masa program (%(start)s – %(end)s).")
            % {"start": date_format(program.start_date, "j M Y"), "end": date_format(program.end_date, "j M Y")},
            field="date",
        )
    if pair.started_on and date < pair.started_on:
        raise SessionOutOfPeriod(_("Tanggal sesi sebelum pasangan dimulai."), field="date")
    with transaction.atomic():
        locked = MentoringPair.objects.select_for_update().get(pk=pair.pk)
        if locked.status != PairStatus.ACTIVE:
            raise MentoringError(_("Sesi hanya dapat dicatat pada pasangan aktif."))
        cap = monthly_session_cap(program.jp_rule)
        warning = ""
        if cap is not None and selectors.open_sessions_in_month(locked, date) >= cap:
            warning = cap_message(program.jp_rule, cap)
        session = MentoringSession.objects.create(
            instansi_id=pair.instansi_id,
            pair=locked,
            date=date,
            duration_minutes=duration_minutes,
            topic=topic,
            notes=notes,
            next_steps=next_steps,
            logged_by=actor,
        )
        enqueue("apps.mentoring.tasks.send_session_notice", session_id=session.pk)
    return session, warning


def _session_jp(rule: Any, session: MentoringSession) -> int:
    if rule.unit == ConversionUnit.MINUTES:
        return rule.compute_jp(session.duration_minutes)
    if rule.unit == ConversionUnit.SESSION:
        return rule.compute_jp(1)
    return 0


def session_confirm(
    *, actor: Any, session: MentoringSession, rating: int | None = None, comment: str = ""
) -> MentoringSession:
    """The mentee confirms; JP are credited within the cap (see module docstring)."""
    if rating is not None and not 1 <= rating <= 5:
        raise MentoringError(_("Penilaian harus 1–5."), field="rating")
    with transaction.atomic():
        pair = (
            # Only the pair is locked: a national JP rule is readable, not lockable, under row-level security.
            MentoringPair.objects.select_for_update(of=("self",))
            .select_related("program__instansi", "program__jp_rule", "mentee__pegawai")
            .get(pk=session.pair_id)
        )
        locked = MentoringSession.objects.select_for_update().get(pk=session.pk)
        mentee = pair.mentee.pegawai
        if mentee.user_id != actor.pk:
            raise NotAllowed(_("Hanya mentee pasangan ini yang dapat mengonfirmasi sesi."))
        if locked.status != SessionStatus.LOGGED:
            raise MentoringError(_("Sesi ini sudah dikonfirmasi atau ditolak."))
        rule = pair.program.jp_rule
        cap = monthly_session_cap(rule)
        jp_amount = _session_jp(rule, locked)
        note = ""
        if cap is not None and selectors.credited_sessions_in_month(pair, locked.date) >= cap:
            jp_amount, note = 0, cap_message(rule, cap)
        elif jp_amount == 0:
            note = _("Aturan konversi JP tidak memberi JP untuk sesi ini.")
        locked.status = SessionStatus.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.mentee_rating = rating
        locked.mentee_comment = comment
        locked.jp_credited = jp_amount
        locked.jp_note = note
        locked.save()
        if jp_amount:
            try:
                ledger_credit(
                    actor=actor,
                    pegawai=mentee,
                    jp_amount=jp_amount,
                    credited_on=locked.date,
                    source_type=LedgerSource.MENTORING,
                    source_ref=locked.source_ref,
                    title=f"{pair.program.get_kind_display()}: {locked.topic}"[:250],
                    provider=str(pair.mentor.pegawai),
                    start_date=locked.date,
                    end_date=locked.date,
                    conversion_rule=rule,
                )
            except DuplicateCredit as exc:  # a retried confirmation: nothing more to book
                raise MentoringError(exc.message) from exc
        audit_log(actor=actor, action="mentoring.session_confirm", instance=locked, data={"jp": jp_amount})
    return locked


def session_dispute(*, actor: Any, session: MentoringSession, comment: str) -> MentoringSession:
    if not comment.strip():
        raise MentoringError(_("Tuliskan alasan penolakan."), field="comment")
    with transaction.atomic():
        locked = (
            MentoringSession.objects.select_for_update(of=("self",))
            .select_related("pair__mentee__pegawai")
            .get(pk=session.pk)
        )
        if locked.pair.mentee.pegawai.user_id != actor.pk:
            raise NotAllowed(_("Hanya mentee pasangan ini yang dapat menolak sesi."))
        if locked.status != SessionStatus.LOGGED:
            raise MentoringError(_("Sesi ini sudah dikonfirmasi atau ditolak."))
        locked.status = SessionStatus.DISPUTED
        locked.mentee_comment = comment
        locked.save(update_fields=["status", "mentee_comment", "updated_at"])
        audit_log(actor=actor, action="mentoring.session_dispute", instance=locked)
    return locked
