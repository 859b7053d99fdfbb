"""Mentoring, coaching and project-assignment writes.

Rules (domain.md §6, §7, §12 rules 14–17; issue 7):
- A programme pins the JP conversion-rule version (coaching or mentoring) in force on its start date,
  instansi override first; JP per session and the monthly cap per pair come from that row, never from
  code. The planned sessions per month may not exceed the rule's monthly cap.
- Mentees are newcomers (CPNS, or PPPK/PNS in the first year since TMT) or pegawai with a gap.
- A mentee has at most one open pair per programme (DB constraint `mpair_one_open_per_mentee`); a
  mentor never has more open pairs than their capacity (checked under a lock on the mentor row).
  Locks: ProgramMentor, then ProgramMentee, then MentoringPair.
- Pair status moves only through workflow.pair_transition (one PairEvent each, notice after commit);
  reassigning ends the old pair as "reassigned" and starts a new one, in one transaction.
- Sessions: logged by the mentor of an active pair, dated within the programme and pair period and
  not in the future (instansi time zone), duration > 0. The mentee confirms (or disputes). On
  confirmation JP are credited to the mentee through the enrollments ledger (source
  "mentoring-session:<id>", rule 17; the rule version kept, rule 16) to the year of the session day
  (rule 14), unless the pair already earned the monthly cap of sessions that month (rule 15): then the
  session stays logged with 0 JP and `jp_note` says why.
- Projects: defined by an admin or the pegawai's atasan; status moves only through
  workflow.project_transition; the assigned pegawai reports progress; the named supervisor assesses
  and records competency evidence.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import CapPeriod, ConversionUnit
from apps.core.exceptions import DomainError
from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.employees.models import EmploymentType, Pegawai
from apps.enrollments.errors import DuplicateCredit
from apps.enrollments.models import LedgerSource
from apps.enrollments.selectors import conversion_rule_for
from apps.enrollments.services import ledger_credit, notify
from apps.mentoring import selectors
from apps.mentoring.errors import (
    DurationNotPositive,
    MenteeAlreadyPaired,
    MentorAtCapacity,
    MentoringError,
    NoConversionRule,
    NotAllowed,
    NotEligibleMentee,
    OverMonthlyCap,
    SessionInFuture,
    SessionOutOfPeriod,
)
from apps.mentoring.models import (
    OPEN_PAIR_STATUSES,
    CompetencyEvidence,
    GoalStatus,
    MenteeReason,
    MentoringGoal,
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    MentorStrength,
    PairEvent,
    PairStatus,
    ProgramKind,
    ProgramMentee,
    ProgramMentor,
    ProgramStatus,
    ProjectAssignment,
    ProjectEvent,
    ProjectReport,
    ProjectStatus,
    SessionStatus,
)
from apps.mentoring.workflow import ADMINS, pair_transition, project_relations, project_transition

logger = logging.getLogger(__name__)


def local_today(instansi: Any) -> datetime.date:
    return timezone.localdate(timezone=ZoneInfo(instansi.timezone))


def _require_admin(actor: Any, instansi_id: int) -> None:
    if not actor.has_any_role(ADMINS) or actor.instansi_id not in (None, instansi_id):
        raise NotAllowed(_("Hanya admin BKPSDM instansi ini yang dapat melakukan ini."))


def _same_instansi(instansi_id: int, *rows: Any) -> None:
    for row in rows:
        if row is not None and row.instansi_id != instansi_id:
            raise MentoringError(_("Data terkait harus berada di instansi yang sama."))


# --------------------------------------------------------------------------- programmes


def monthly_session_cap(rule: Any) -> int | None:
    """Sessions per pair per month the rule credits (None: no cap)."""
    if rule is None or rule.cap_period != CapPeriod.MONTH or not rule.cap_units:
        return None
    return rule.cap_units


def jp_rule_for_program(*, instansi_id: int, kind: str, on: datetime.date) -> Any:
    rule = conversion_rule_for(instansi_id=instansi_id, form=kind, on=on)
    if rule is None:
        raise NoConversionRule(
            _("Belum ada aturan konversi JP untuk %(kind)s yang berlaku pada %(day)s; tambahkan di katalog.")
            % {"kind": ProgramKind(kind).label, "day": on.strftime("%d-%m-%Y")},
            field="kind",
        )
    return rule


def program_save(
    *,
    actor: Any,
    instansi_id: int,
    program: MentoringProgram | None = None,
    target_competencies: Iterable[Any] = (),
    **fields: Any,
) -> MentoringProgram:
    """Create or update. The JP rule is (re)picked while the programme is a draft; once running it
    stays, so credits already booked and those to come use the same version (rule 16)."""
    _require_admin(actor, instansi_id)
    creating = program is None
    program = program or MentoringProgram(instansi_id=instansi_id, created_by=actor)
    for key, value in fields.items():
        setattr(program, key, value)
    if program.end_date < program.start_date:
        raise MentoringError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="end_date")
    if creating or program.status == ProgramStatus.DRAFT or program.jp_rule.form != program.kind:
        program.jp_rule = jp_rule_for_program(instansi_id=instansi_id, kind=program.kind, on=program.start_date)
    cap = monthly_session_cap(program.jp_rule)
    if cap is not None and program.sessions_per_month > cap:
        raise OverMonthlyCap(
            _(
                "Rencana %(n)s sesi per bulan melebihi batas JP bulanan aturan konversi: paling banyak %(cap)s sesi "
                "per pasangan per bulan yang dihitung JP."
            )
            % {"n": program.sessions_per_month, "cap": cap},
            field="sessions_per_month",
        )
    targets = list(target_competencies)
    for k in targets:
        if k.instansi_id not in (None, instansi_id):
            raise MentoringError(_("Kompetensi sasaran tidak dikenal di instansi ini."), field="target_competencies")
    with transaction.atomic():
        program.save()
        program.target_competencies.set(targets)
        audit_log(
            actor=actor, action="mentoring.program_create" if creating else "mentoring.program_update", instance=program
        )
    return program


def mentor_enrol(
    *,
    actor: Any,
    program: MentoringProgram,
    pegawai: Pegawai,
    capacity: int,
    strengths: Iterable[tuple[Any, int]] = (),
    note: str = "",
    mentor: ProgramMentor | None = None,
) -> ProgramMentor:
    """Enrol (or update) a mentor with their strong competencies and capacity."""
    _require_admin(actor, program.instansi_id)
    _same_instansi(program.instansi_id, pegawai)
    if not pegawai.is_active:
        raise MentoringError(_("Pegawai tidak aktif."), field="pegawai")
    if capacity < 1:
        raise MentoringError(_("Kapasitas minimal 1 mentee."), field="capacity")
    pairs = list(strengths)
    for kompetensi, level in pairs:
        if kompetensi.instansi_id not in (None, program.instansi_id):
            raise MentoringError(_("Kompetensi tidak dikenal di instansi ini."), field="strengths")
        if not 1 <= int(level) <= 5:
            raise MentoringError(_("Level kompetensi harus 1–5."), field="strengths")
    try:
        with transaction.atomic():
            if mentor is None:
                mentor = ProgramMentor.objects.create(
                    instansi_id=program.instansi_id, program=program, pegawai=pegawai, capacity=capacity, note=note
                )
            else:
                locked = ProgramMentor.objects.select_for_update().get(pk=mentor.pk)
                open_pairs = locked.pairs.filter(status__in=OPEN_PAIR_STATUSES).count()
                if capacity < open_pairs:
                    raise MentorAtCapacity(
                        _("Kapasitas tidak boleh di bawah jumlah mentee aktif (%(n)s).") % {"n": open_pairs},
                        field="capacity",
                    )
                locked.capacity, locked.note = capacity, note
                locked.save(update_fields=["capacity", "note", "updated_at"])
                mentor = locked
            MentorStrength.objects.filter(mentor=mentor).delete()
            MentorStrength.objects.bulk_create(
                [
                    MentorStrength(instansi_id=program.instansi_id, mentor=mentor, kompetensi=k, level=int(level))
                    for k, level in pairs
                ]
            )
            audit_log(actor=actor, action="mentoring.mentor_enrol", instance=mentor)
    except IntegrityError as exc:
        if "mmentor_once_per_program" in str(exc):
            raise MentoringError(
                _("Pegawai ini sudah terdaftar sebagai mentor di program ini."), field="pegawai"
            ) from exc
        raise
    return mentor


def is_newcomer(pegawai: Pegawai, today: datetime.date) -> bool:
    """CPNS (in probation), or anyone in the first year since appointment (TMT)."""
    if pegawai.employment_type == EmploymentType.CPNS:
        return True
    if pegawai.tmt is None:
        return False
    return pegawai.tmt > today - datetime.timedelta(days=365)


def mentee_enrol(
    *, actor: Any, program: MentoringProgram, pegawai: Pegawai, reason: str, note: str = ""
) -> ProgramMentee:
    _require_admin(actor, program.instansi_id)
    _same_instansi(program.instansi_id, pegawai)
    if not pegawai.is_active:
        raise MentoringError(_("Pegawai tidak aktif."), field="pegawai")
    if reason == MenteeReason.NEWCOMER and not is_newcomer(pegawai, local_today(program.instansi)):
        raise NotEligibleMentee(
            _(
                "%(name)s bukan pegawai baru (CPNS, atau PPPK/PNS pada tahun pertama sejak TMT). "
                "Pilih alasan kesenjangan kompetensi bila ada."
            )
            % {"name": pegawai.name},
            field="reason",
        )
    if reason == MenteeReason.GAP and not note.strip():
        raise NotEligibleMentee(_("Sebutkan kesenjangan kompetensinya pada catatan."), field="note")
    if ProgramMentor.objects.filter(program=program, pegawai=pegawai, is_active=True).exists():
        raise MentoringError(_("Pegawai ini terdaftar sebagai mentor di program ini."), field="pegawai")
    try:
        with transaction.atomic():
            mentee = ProgramMentee.objects.create(
                instansi_id=program.instansi_id, program=program, pegawai=pegawai, reason=reason, note=note
            )
            audit_log(actor=actor, action="mentoring.mentee_enrol", instance=mentee)
    except IntegrityError as exc:
        if "mmentee_once_per_program" in str(exc):
            raise MentoringError(
                _("Pegawai ini sudah terdaftar sebagai mentee di program ini."), field="pegawai"
            ) from exc
        raise
    return mentee


# --------------------------------------------------------------------------- pairs


def _lock_for_pairing(mentor: ProgramMentor, mentee: ProgramMentee) -> tuple[ProgramMentor, ProgramMentee]:
    """Lock order: mentor, then mentee. Two admins giving a mentor their last slot at once must not
    both succeed, and neither may pair one mentee twice."""
    locked_mentor = ProgramMentor.objects.select_for_update().select_related("pegawai").get(pk=mentor.pk)
    locked_mentee = ProgramMentee.objects.select_for_update().select_related("pegawai").get(pk=mentee.pk)
    return locked_mentor, locked_mentee


def _check_pairable(program: MentoringProgram, mentor: ProgramMentor, mentee: ProgramMentee) -> None:
    if mentor.program_id != program.pk or mentee.program_id != program.pk:
        raise MentoringError(_("Mentor dan mentee harus terdaftar di program yang sama."))
    if program.status == ProgramStatus.CLOSED:
        raise MentoringError(_("Program sudah selesai; pasangan baru tidak dapat dibuat."))
    if not mentor.is_active:
        raise MentoringError(_("Mentor ini tidak aktif."))
    if mentor.pegawai_id == mentee.pegawai_id:
        raise MentoringError(_("Mentor dan mentee tidak boleh orang yang sama."))
    open_mentee = MentoringPair.objects.filter(program=program, mentee=mentee, status__in=OPEN_PAIR_STATUSES)
    if open_mentee.exists():
        raise MenteeAlreadyPaired(
            _("%(name)s sudah memiliki pasangan aktif di program ini; alihkan pasangan lama bila perlu.")
            % {"name": mentee.pegawai.name}
        )
    load = MentoringPair.objects.filter(mentor=mentor, status__in=OPEN_PAIR_STATUSES).count()
    if load >= mentor.capacity:
        raise MentorAtCapacity(
            _("%(name)s sudah membimbing %(n)s mentee (kapasitas %(cap)s); pilih mentor lain atau naikkan kapasitas.")
            % {"name": mentor.pegawai.name, "n": load, "cap": mentor.capacity}
        )


def _create_pair(
    *, actor: Any, program: MentoringProgram, mentor: ProgramMentor, mentee: ProgramMentee, note: str
) -> MentoringPair:
    score = selectors.match_score(program, mentor, mentee)
    try:
        with transaction.atomic():
            pair = MentoringPair.objects.create(
                instansi_id=program.instansi_id,
                program=program,
                mentor=mentor,
                mentee=mentee,
                status=PairStatus.PROPOSED,
                match_score=score,
            )
    except IntegrityError as exc:
        if "mpair_one_open_per_mentee" in str(exc):
            raise MenteeAlreadyPaired(_("Mentee ini sudah memiliki pasangan aktif di program ini.")) from exc
        raise
    PairEvent.objects.create(
        instansi_id=program.instansi_id,
        pair=pair,
        actor=actor,
        action="propose",
        to_status=PairStatus.PROPOSED,
        note=note,
    )
    return pair


def pair_match(
    *,
    actor: Any,
    program: MentoringProgram,
    mentor: ProgramMentor,
    mentee: ProgramMentee,
    confirm: bool = True,
    note: str = "",
) -> MentoringPair:
    """Admin pairs a mentee with a mentor (usually a suggestion): the pair is proposed and, when
    `confirm`, activated at once; both moves are event rows."""
    _require_admin(actor, program.instansi_id)
    with transaction.atomic():
        mentor, mentee = _lock_for_pairing(mentor, mentee)
        _check_pairable(program, mentor, mentee)
        pair = _create_pair(actor=actor, program=program, mentor=mentor, mentee=mentee, note=note)
        if confirm:
            pair = pair_confirm(actor=actor, pair=pair)
    return pair


def pair_confirm(*, actor: Any, pair: MentoringPair) -> MentoringPair:
    _require_admin(actor, pair.instansi_id)
    with transaction.atomic():
        pair = pair_transition(pair_id=pair.pk, action="confirm", actor=actor)
        pair.started_on = local_today(pair.program.instansi)
        pair.save(update_fields=["started_on", "updated_at"])
    return pair


def pair_end(*, actor: Any, pair: MentoringPair, note: str = "", action: str = "end") -> MentoringPair:
    _require_admin(actor, pair.instansi_id)
    with transaction.atomic():
        pair = pair_transition(pair_id=pair.pk, action=action, actor=actor, note=note)
        pair.ended_on = local_today(pair.program.instansi)
        pair.end_reason = note
        pair.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return pair


def pair_reassign(*, actor: Any, pair: MentoringPair, new_mentor: ProgramMentor, note: str) -> MentoringPair:
    """The pair did not work: end it as "reassigned" and pair the mentee with another mentor, all or
    nothing. Returns the new pair."""
    _require_admin(actor, pair.instansi_id)
    if not note.strip():
        raise MentoringError(_("Tuliskan alasan pengalihan."), field="note")
    if new_mentor.pk == pair.mentor_id:
        raise MentoringError(_("Pilih mentor yang berbeda dari mentor saat ini."), field="mentor")
    program = pair.program
    with transaction.atomic():
        mentor, mentee = _lock_for_pairing(new_mentor, pair.mentee)
        old = pair_end(actor=actor, pair=pair, note=note, action="reassign")
        _check_pairable(program, mentor, mentee)
        new = _create_pair(actor=actor, program=program, mentor=mentor, mentee=mentee, note=note)
        new = pair_confirm(actor=actor, pair=new)
        MentoringPair.objects.filter(pk=old.pk).update(replaced_by=new)
    return new


def pair_rate_program(*, actor: Any, pair: MentoringPair, rating: int, feedback: str = "") -> MentoringPair:
    """The mentee's rating of the programme, once the pair ended or the programme period is over."""
    if pair.mentee.pegawai.user_id != actor.pk:
        raise NotAllowed(_("Hanya mentee yang dapat menilai program."))
    if not 1 <= rating <= 5:
        raise MentoringError(_("Penilaian harus 1–5."), field="rating")
    finished = pair.status in (PairStatus.ENDED, PairStatus.REASSIGNED) or pair.program.status == ProgramStatus.CLOSED
    if not finished and local_today(pair.program.instansi) < pair.program.end_date:
        raise MentoringError(_("Penilaian program dapat diberikan setelah pasangan atau program selesai."))
    MentoringPair.objects.filter(pk=pair.pk).update(program_rating=rating, program_feedback=feedback)
    pair.program_rating, pair.program_feedback = rating, feedback
    audit_log(actor=actor, action="mentoring.program_rating", instance=pair)
    return pair


# --------------------------------------------------------------------------- goals


def goal_save(*, actor: Any, pair: MentoringPair, goal: MentoringGoal | None = None, **fields: Any) -> MentoringGoal:
    """Mentor or mentee proposes (or edits) a goal; the one who wrote it has agreed to it, the
    other agrees with goal_agree."""
    if actor.pk not in (pair.mentor.pegawai.user_id, pair.mentee.pegawai.user_id):
        raise NotAllowed(_("Hanya mentor atau mentee yang dapat menyusun sasaran."))
    if pair.status != PairStatus.ACTIVE:
        raise MentoringError(_("Sasaran hanya dapat disusun pada pasangan aktif."))
    kompetensi = fields.get("kompetensi")
    if kompetensi is not None and kompetensi.instansi_id not in (None, pair.instansi_id):
        raise MentoringError(_("Kompetensi tidak dikenal di instansi ini."), field="kompetensi")
    goal = goal or MentoringGoal(instansi_id=pair.instansi_id, pair=pair, created_by=actor)
    for key, value in fields.items():
        setattr(goal, key, value)
    goal.agreed_at = None
    goal.created_by = actor
    goal.save()
    return goal


def goal_agree(*, actor: Any, goal: MentoringGoal) -> MentoringGoal:
    pair = goal.pair
    if actor.pk not in (pair.mentor.pegawai.user_id, pair.mentee.pegawai.user_id) or goal.created_by_id == actor.pk:
        raise NotAllowed(_("Sasaran disepakati oleh pihak yang tidak menyusunnya."))
    goal.agreed_at = timezone.now()
    goal.save(update_fields=["agreed_at", "updated_at"])
    return goal


def goal_set_status(*, actor: Any, goal: MentoringGoal, status: str) -> MentoringGoal:
    pair = goal.pair
    if actor.pk != pair.mentor.pegawai.user_id:
        raise NotAllowed(_("Hanya mentor yang menandai sasaran tercapai atau dibatalkan."))
    if status not in GoalStatus.values:
        raise MentoringError(_("Status sasaran tidak dikenal."))
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal


# --------------------------------------------------------------------------- sessions


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
            % {"start": program.start_date.strftime("%d-%m-%Y"), "end": program.end_date.strftime("%d-%m-%Y")},
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
        from apps.mentoring.tasks import send_session_notice

        enqueue(send_session_notice, session_id=session.pk)
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
            MentoringPair.objects.select_for_update()
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
        locked = MentoringSession.objects.select_for_update().select_related("pair__mentee__pegawai").get(pk=session.pk)
        if locked.pair.mentee.pegawai.user_id != actor.pk:
            raise NotAllowed(_("Hanya mentee pasangan ini yang dapat menolak sesi."))
        if locked.status != SessionStatus.LOGGED:
            raise MentoringError(_("Sesi ini sudah dikonfirmasi atau ditolak."))
        locked.status = SessionStatus.DISPUTED
        locked.mentee_comment = comment
        locked.save(update_fields=["status", "mentee_comment", "updated_at"])
        audit_log(actor=actor, action="mentoring.session_dispute", instance=locked)
    return locked


# --------------------------------------------------------------------------- projects


def project_save(
    *,
    actor: Any,
    instansi_id: int,
    project: ProjectAssignment | None = None,
    competencies: Iterable[Any] = (),
    **fields: Any,
) -> ProjectAssignment:
    """Define (or edit, while a draft) a project; admins for anyone, an atasan for direct reports."""
    from apps.employees.selectors import is_supervisor_of

    creating = project is None
    project = project or ProjectAssignment(instansi_id=instansi_id, created_by=actor)
    if not creating and project.status != ProjectStatus.DRAFT:
        raise MentoringError(_("Proyek hanya dapat diubah selama masih draf."))
    for key, value in fields.items():
        setattr(project, key, value)
    pegawai, supervisor = project.pegawai, project.supervisor
    _same_instansi(instansi_id, pegawai, supervisor)
    admin = actor.has_any_role(ADMINS) and actor.instansi_id in (None, instansi_id)
    if not (admin or is_supervisor_of(actor, pegawai)):
        raise NotAllowed(_("Hanya admin BKPSDM atau atasan pegawai yang dapat menetapkan proyek."), field="pegawai")
    if supervisor.pk == pegawai.pk:
        raise MentoringError(_("Pembimbing tidak boleh pegawai itu sendiri."), field="supervisor")
    if project.end_date < project.start_date:
        raise MentoringError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="end_date")
    targets = list(competencies)
    if not targets:
        raise MentoringError(_("Pilih minimal satu kompetensi."), field="competencies")
    with transaction.atomic():
        project.save()
        project.competencies.set(targets)
        if creating:
            ProjectEvent.objects.create(
                instansi_id=instansi_id, project=project, actor=actor, action="define", to_status=project.status
            )
        audit_log(
            actor=actor, action="mentoring.project_create" if creating else "mentoring.project_update", instance=project
        )
    return project


def project_report_add(
    *, actor: Any, project: ProjectAssignment, progress_percent: int, summary: str, file: Any = None
) -> ProjectReport:
    if project.pegawai.user_id != actor.pk:
        raise NotAllowed(_("Hanya pegawai yang ditugaskan yang dapat melaporkan kemajuan."))
    if project.status != ProjectStatus.ACTIVE:
        raise MentoringError(_("Laporan kemajuan hanya untuk proyek yang sedang berjalan."))
    if not 0 <= progress_percent <= 100:
        raise MentoringError(_("Kemajuan harus 0–100 %."), field="progress_percent")
    with transaction.atomic():
        report = ProjectReport.objects.create(
            instansi_id=project.instansi_id,
            project=project,
            progress_percent=progress_percent,
            summary=summary,
            file=file or "",
            created_by=actor,
        )
        audit_log(actor=actor, action="mentoring.project_report", instance=report, instansi_id=project.instansi_id)
    return report


def project_assess(
    *,
    actor: Any,
    project: ProjectAssignment,
    outcome_rating: int,
    outcome_note: str,
    evidence: Iterable[tuple[Any, int, str]],
    update_assessment: bool = False,
) -> ProjectAssignment:
    """The supervisor assesses the outcome and records one observed level per competency. With
    `update_assessment`, a supervisor who is also the pegawai's atasan records the evidence as a new
    atasan assessment in the needs app (SKJ competencies only; the other SKJ levels are carried over
    from the current assessment), and each evidence row keeps a reference to it."""
    if "supervisor" not in project_relations(actor, project):
        raise NotAllowed(_("Hanya pembimbing proyek yang dapat menilai."))
    if not 1 <= outcome_rating <= 5:
        raise MentoringError(_("Nilai hasil harus 1–5."), field="outcome_rating")
    rows = list(evidence)
    allowed = set(project.competencies.values_list("pk", flat=True))
    for kompetensi, level, _note in rows:
        if kompetensi.pk not in allowed:
            raise MentoringError(_("Bukti hanya untuk kompetensi proyek."))
        if not 1 <= int(level) <= 5:
            raise MentoringError(_("Level kompetensi harus 1–5."))
    with transaction.atomic():
        project = project_transition(project_id=project.pk, action="assess", actor=actor, note=outcome_note)
        project.outcome_rating = outcome_rating
        project.outcome_note = outcome_note
        project.assessed_at = timezone.now()
        project.save(update_fields=["outcome_rating", "outcome_note", "assessed_at", "updated_at"])
        created = CompetencyEvidence.objects.bulk_create(
            [
                CompetencyEvidence(
                    instansi_id=project.instansi_id,
                    project=project,
                    kompetensi=k,
                    observed_level=int(level),
                    note=note,
                    assessed_by=actor,
                )
                for k, level, note in rows
            ]
        )
        if update_assessment and created:
            assessment = _evidence_to_assessment(actor=actor, project=project, rows=rows)
            CompetencyEvidence.objects.filter(pk__in=[e.pk for e in created]).update(
                applied_ref=f"needs.assessment:{assessment.pk}"
            )
    return project


def _evidence_to_assessment(*, actor: Any, project: ProjectAssignment, rows: list[tuple[Any, int, str]]) -> Any:
    from apps.employees.selectors import is_supervisor_of
    from apps.needs.selectors import current_assessment_of, policy_for, scores_of
    from apps.needs.services import assessment_record

    pegawai = project.pegawai
    if not is_supervisor_of(actor, pegawai):
        raise NotAllowed(
            _("Hanya atasan langsung pegawai yang dapat memperbarui penilaian kompetensinya."),
            field="update_assessment",
        )
    today = local_today(project.instansi)
    current = current_assessment_of(pegawai, policy_for(pegawai.instansi_id, today), today)
    levels: dict[int, Any] = {}
    if current is not None:
        levels = {s.kompetensi_id: s.actual_level for s in scores_of(current) if s.actual_level}
    evidence_notes = {}
    for kompetensi, level, note in rows:
        levels[kompetensi.pk] = int(level)
        evidence_notes[kompetensi.pk] = f"{project.title}: {note}".strip(": ")
    skj_ids = set(skj_required_ids(pegawai))
    try:
        return assessment_record(
            actor=actor,
            pegawai=pegawai,
            method="atasan",
            levels={k: v for k, v in levels.items() if k in skj_ids},
            assessed_on=today,
            evidence={k: v for k, v in evidence_notes.items() if k in skj_ids},
            note=_("Bukti kompetensi dari penugasan proyek: %(title)s") % {"title": project.title},
            require_all=False,
        )
    except DomainError as exc:
        raise MentoringError(exc.message, field="update_assessment") from exc


def skj_required_ids(pegawai: Pegawai) -> list[int]:
    from apps.competencies.selectors import skj_of

    if pegawai.jabatan_id is None:
        return []
    return [item.kompetensi_id for item in skj_of(pegawai.jabatan)]


# --------------------------------------------------------------------------- notifications


def _notify_users(user_ids: Iterable[int | None], *, title: str, url: str, key: str, instansi_id: int) -> int:
    sent = 0
    for uid in dict.fromkeys(u for u in user_ids if u):
        notify(recipient_id=uid, title=title, url=url, dedupe_key=f"{key}:{uid}", instansi_id=instansi_id)
        sent += 1
    return sent


PAIR_TITLES = {
    "confirm": _("Pasangan mentoring aktif: %(mentor)s membimbing %(mentee)s (%(program)s)"),
    "reassign": _("Pasangan mentoring %(mentor)s – %(mentee)s dialihkan (%(program)s)"),
    "end": _("Pasangan mentoring %(mentor)s – %(mentee)s selesai (%(program)s)"),
    "discard": _("Usulan pasangan %(mentor)s – %(mentee)s dibatalkan (%(program)s)"),
}


def pair_event_notify(*, event_id: int) -> int:
    """Tell mentor and mentee about a move of their pair. Safe to run twice: `notified_at` is set
    under a row lock and notices are deduplicated per event."""
    with transaction.atomic():
        event = (
            PairEvent.objects.select_for_update(of=("self",))
            .select_related("pair__program", "pair__mentor__pegawai", "pair__mentee__pegawai")
            .get(pk=event_id)
        )
        if event.notified_at is not None:
            return 0
        template = PAIR_TITLES.get(event.action)
        sent = 0
        if template:
            pair = event.pair
            title = str(template) % {
                "mentor": pair.mentor.pegawai.name,
                "mentee": pair.mentee.pegawai.name,
                "program": pair.program.name,
            }
            sent = _notify_users(
                [pair.mentor.pegawai.user_id, pair.mentee.pegawai.user_id],
                title=title,
                url=reverse("mentoring:pair_detail", args=[pair.pk]),
                key=f"mpair-event:{event.pk}",
                instansi_id=event.instansi_id,
            )
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


def session_notify(*, session_id: int) -> int:
    """Ask the mentee to confirm a logged session (once)."""
    with transaction.atomic():
        session = (
            MentoringSession.objects.select_for_update(of=("self",))
            .select_related("pair__mentor__pegawai", "pair__mentee__pegawai")
            .get(pk=session_id)
        )
        if session.notified_at is not None or session.status != SessionStatus.LOGGED:
            return 0
        pair = session.pair
        title = _("%(mentor)s mencatat sesi %(day)s (%(topic)s); mohon konfirmasi") % {
            "mentor": pair.mentor.pegawai.name,
            "day": session.date.strftime("%d-%m-%Y"),
            "topic": session.topic,
        }
        sent = _notify_users(
            [pair.mentee.pegawai.user_id],
            title=title,
            url=reverse("mentoring:pair_detail", args=[pair.pk]),
            key=f"msession:{session.pk}",
            instansi_id=session.instansi_id,
        )
        session.notified_at = timezone.now()
        session.save(update_fields=["notified_at"])
    return sent


PROJECT_TITLES = {
    "start": _("Penugasan proyek dimulai: %(title)s"),
    "cancel": _("Penugasan proyek dibatalkan: %(title)s"),
    "submit": _("%(name)s mengajukan hasil proyek %(title)s untuk dinilai"),
    "return": _("Hasil proyek %(title)s dikembalikan untuk diperbaiki"),
    "assess": _("Proyek %(title)s sudah dinilai"),
}


def project_event_notify(*, event_id: int) -> int:
    with transaction.atomic():
        event = (
            ProjectEvent.objects.select_for_update(of=("self",))
            .select_related("project__pegawai", "project__supervisor")
            .get(pk=event_id)
        )
        if event.notified_at is not None:
            return 0
        project = event.project
        template = PROJECT_TITLES.get(event.action)
        sent = 0
        if template:
            title = str(template) % {"title": project.title, "name": project.pegawai.name}
            recipients = [project.supervisor.user_id] if event.action == "submit" else [project.pegawai.user_id]
            if event.action == "start":
                recipients.append(project.supervisor.user_id)
            sent = _notify_users(
                recipients,
                title=title,
                url=reverse("mentoring:project_detail", args=[project.pk]),
                key=f"mproject-event:{event.pk}",
                instansi_id=event.instansi_id,
            )
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


def stale_pairs_remind(*, instansi_id: int, today: datetime.date, every_days: int = 7) -> int:
    """Remind mentor and mentee of active pairs with no session for 30 days; at most once every
    `every_days` per pair (the `reminded_at` marker makes a re-run a no-op)."""
    sent = 0
    threshold = timezone.now() - datetime.timedelta(days=every_days)
    for pair in selectors.stale_pairs_for_instansi(instansi_id, today=today):
        with transaction.atomic():
            locked = (
                MentoringPair.objects.select_for_update(of=("self",))
                .select_related("program", "mentor__pegawai", "mentee__pegawai")
                .get(pk=pair.pk)
            )
            if locked.reminded_at is not None and locked.reminded_at > threshold:
                continue
            title = _("Belum ada sesi mentoring %(mentor)s – %(mentee)s selama 30 hari (%(program)s)") % {
                "mentor": locked.mentor.pegawai.name,
                "mentee": locked.mentee.pegawai.name,
                "program": locked.program.name,
            }
            _notify_users(
                [locked.mentor.pegawai.user_id, locked.mentee.pegawai.user_id],
                title=title,
                url=reverse("mentoring:pair_detail", args=[locked.pk]),
                key=f"mpair-stale:{locked.pk}:{today.isoformat()}",
                instansi_id=instansi_id,
            )
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
            sent += 1
    return sent
