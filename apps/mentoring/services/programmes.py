"""Mentoring and coaching programmes, their mentors and mentees."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.catalog.models import CapPeriod
from apps.core.constraints import constraint_name, message_for
from apps.core.services import audit_log
from apps.employees.models import EmploymentType, Pegawai
from apps.enrollments.selectors import conversion_rule_for
from apps.mentoring.errors import MentorAtCapacity, MentoringError, NoConversionRule, NotEligibleMentee, OverMonthlyCap
from apps.mentoring.models import (
    OPEN_PAIR_STATUSES,
    MenteeReason,
    MentoringProgram,
    MentorStrength,
    ProgramKind,
    ProgramMentee,
    ProgramMentor,
    ProgramStatus,
)
from apps.mentoring.services.common import _require_admin, _same_instansi, local_today


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
            % {"kind": ProgramKind(kind).label, "day": date_format(on, "j M Y")},
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
        if constraint_name(exc) == "mmentor_once_per_program":
            raise MentoringError(message_for(exc), field="pegawai") from exc
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
        if constraint_name(exc) == "mmentee_once_per_program":
            raise MentoringError(message_for(exc), field="pegawai") from exc
        raise
    return mentee
