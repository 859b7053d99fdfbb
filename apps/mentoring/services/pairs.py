"""Pairs: matching under locks (ProgramMentor, then ProgramMentee, then MentoringPair), confirming,
ending, reassigning, rating."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.constraints import constraint_name, message_for
from apps.core.services import audit_log
from apps.mentoring import selectors
from apps.mentoring.errors import MenteeAlreadyPaired, MentorAtCapacity, MentoringError, NotAllowed
from apps.mentoring.models import (
    OPEN_PAIR_STATUSES,
    MentoringPair,
    MentoringProgram,
    PairEvent,
    PairStatus,
    ProgramMentee,
    ProgramMentor,
    ProgramStatus,
)
from apps.mentoring.services.common import _require_admin, local_today
from apps.mentoring.workflow import pair_transition


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
        if constraint_name(exc) == "mpair_one_open_per_mentee":
            raise MenteeAlreadyPaired(message_for(exc)) from exc
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
