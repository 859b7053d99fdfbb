"""Enrolments, seats, attendance, completion, the JP ledger and certificates.

Rules (domain.md §6, §8, §12 rules 14–23):
- One active request per pegawai per angkatan (DB constraint `enrollment_one_active`).
- Status changes only through workflow._transition (one EnrollmentEvent each, notice after commit).
- Only the pegawai's *current* atasan approves; nobody approves, verifies or nominates-and-verifies
  their own request (rule 22). A batch without atasan approval (or a pegawai without an atasan)
  skips that step, recorded as its own event.
- Eligibility (jenis jabatan, employment type, golongan range) is checked at request and again at
  verification (rule 21).
- A PPPK request that would pass 24 JP in the contract year needs a BKPSDM override with a reason
  at verification (rule 19).
- Overlapping batches: a warning at request, a block when a seat would be given (rule 20).
- Seats: lock Angkatan, then Enrollment (then Pegawai); the seat counter moves by a conditional
  UPDATE and `angkatan_seats_le_total` is the backstop. A freed seat goes to the first on the
  waitlist (by waitlisted_at, id) who has no overlapping seat.
- JP are booked only on completion, once per activity (`jp_ledger_unique_source`, rule 17), with
  the conversion-rule version kept (rule 16), to the year of the completion day in the instansi's
  time zone (PPPK: contract year, rule 14).
- Attendance (code, checkboxes, import) is recorded only once the session's day has come in the
  instansi's time zone (`session_has_started`).
- Certificate numbers come from a locked per-instansi-per-year counter (rule 23); verification
  codes are random.
"""

from __future__ import annotations

import logging
import secrets
from base64 import b32encode
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan, AngkatanSession, AngkatanStatus, CapPeriod
from apps.core.exceptions import InvalidTransition
from apps.core.jobs import enqueue
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.employees.selectors import pegawai_of_user
from apps.enrollments import jp, selectors
from apps.enrollments.errors import (
    AttendanceError,
    CertificateError,
    DuplicateCredit,
    DuplicateRequest,
    EnrollmentError,
    NotEligible,
    NotYourAtasan,
    OverlapBlocked,
    OwnRequest,
    PPPKLimit,
    ReasonRequired,
    RegistrationClosed,
    SeatsFull,
    TooLate,
)
from apps.enrollments.models import (
    AttendanceCode,
    AttendanceMethod,
    AttendanceRecord,
    BulkNomination,
    Certificate,
    CertificateCounter,
    CompletionRule,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    ExternalStatus,
    ExternalTraining,
    JobStatus,
    JPLedgerEntry,
    LedgerSource,
    Notification,
)
from apps.enrollments.workflow import ADMINS, _transition, record_event
from apps.needs.services import idp_activities_complete_for_program, needs_from_jp_shortfall
from apps.organizations.selectors import instansi_list_for_superadmin

logger = logging.getLogger(__name__)
S = EnrollmentStatus

BULK_SYNC_LIMIT = 50  # larger bulk nominations run as a Celery job
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over a bad line
REMINDER_DAYS = 3


# --------------------------------------------------------------------------- helpers


def local_today(instansi: Any) -> date:
    return timezone.localdate(timezone=ZoneInfo(instansi.timezone))


def session_has_started(session: AngkatanSession, *, today: date | None = None) -> bool:
    """The one rule for when attendance may be recorded: from the session's day, in the instansi's
    time zone. Self check-in by code, the admin's checkboxes and the import all ask here."""
    return (today or local_today(session.angkatan.instansi)) >= session.date


def _require_session_started(session: AngkatanSession) -> None:
    if not session_has_started(session):
        raise AttendanceError(_("Sesi ini belum dimulai."))


def _require_admin_of(actor: Any, instansi_id: int) -> None:
    if not actor.has_any_role(ADMINS):
        raise EnrollmentError(_("Hanya admin BKPSDM yang dapat melakukan ini."))
    if actor.has_role("superadmin") and actor.instansi_id is None:
        return
    if actor.instansi_id != instansi_id:
        raise EnrollmentError(_("Data ini bukan milik instansi Anda."))


def _is_admin_of(actor: Any, instansi_id: int) -> bool:
    try:
        _require_admin_of(actor, instansi_id)
    except EnrollmentError:
        return False
    return True


def _is_current_atasan(actor: Any, pegawai: Pegawai) -> bool:
    return pegawai.atasan_id is not None and Pegawai.objects.filter(pk=pegawai.atasan_id, user=actor).exists()


def _lock_angkatan(angkatan_id: int) -> Angkatan:
    return Angkatan.objects.select_for_update(of=("self",)).select_related("program", "instansi").get(pk=angkatan_id)


def _lock_enrollment(enrollment_id: int) -> Enrollment:
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("pegawai", "pegawai__jabatan", "angkatan", "angkatan__program")
        .get(pk=enrollment_id)
    )


def eligibility_problems(program: Any, pegawai: Pegawai) -> list[str]:
    """Rule 21 against the programme's targets (empty target = everyone). The catalog has no jenjang
    target yet, so jenjang is not checked."""
    problems: list[str] = []
    jenis = program.jenis_list
    if jenis and (pegawai.jabatan is None or pegawai.jabatan.jenis not in jenis):
        problems.append(_("Jenis jabatan tidak termasuk sasaran program ini."))
    types = program.employment_type_list
    if types and pegawai.employment_type not in types:
        problems.append(_("Jenis kepegawaian tidak termasuk sasaran program ini."))
    if program.min_rank_order and pegawai.rank_order < program.min_rank_order:
        problems.append(_("Golongan di bawah golongan terendah yang disyaratkan."))
    if program.max_rank_order and pegawai.rank_order > program.max_rank_order:
        problems.append(_("Golongan di atas golongan tertinggi yang disyaratkan."))
    return problems


def _check_eligible(program: Any, pegawai: Pegawai) -> None:
    problems = eligibility_problems(program, pegawai)
    if problems:
        raise NotEligible(" ".join(problems))


def _check_open(angkatan: Angkatan, today: date, *, nomination: bool = False) -> None:
    if angkatan.status in (AngkatanStatus.CANCELLED, AngkatanStatus.FINISHED, AngkatanStatus.RUNNING):
        raise RegistrationClosed(_("Angkatan ini tidak menerima pendaftaran."))
    if today >= angkatan.start_date:
        raise RegistrationClosed(_("Angkatan ini sudah dimulai; pendaftaran ditutup."))
    if nomination:
        return
    if angkatan.status not in (AngkatanStatus.OPEN, AngkatanStatus.FULL):
        raise RegistrationClosed(_("Pendaftaran angkatan ini belum dibuka."))
    if angkatan.registration_opens and today < angkatan.registration_opens:
        raise RegistrationClosed(_("Pendaftaran angkatan ini belum dibuka."))
    if angkatan.registration_closes and today > angkatan.registration_closes:
        raise RegistrationClosed(_("Pendaftaran angkatan ini sudah ditutup."))


def pppk_limit_exceeded(pegawai: Pegawai, angkatan: Angkatan, *, exclude_id: int | None = None) -> bool:
    """Rule 19, counted over the contract year containing the batch's last day: JP already credited
    plus JP of batches the pegawai holds a seat in, plus this programme's JP."""
    if pegawai.employment_type not in jp.PPPK_LIMITED_TYPES:
        return False
    start, end = jp.period_bounds(employment_type=pegawai.employment_type, on=angkatan.end_date, tmt=pegawai.tmt)
    so_far = selectors.jp_in_period(pegawai, start, end) + selectors.jp_committed_in_period(
        pegawai, start, end, exclude_id=exclude_id
    )
    return jp.pppk_would_exceed(
        employment_type=pegawai.employment_type, jp_so_far=so_far, jp_requested=angkatan.program.learning_hours
    )


def _has_overlap(pegawai_id: int, angkatan: Angkatan, statuses=None) -> bool:
    return selectors.overlapping_enrollments(
        pegawai_id, angkatan.start_date, angkatan.end_date, exclude_angkatan_id=angkatan.pk, statuses=statuses
    ).exists()


def _create(*, actor: Any, angkatan: Angkatan, pegawai: Pegawai, status: str, action: str, **fields: Any) -> Enrollment:
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                instansi_id=angkatan.instansi_id,
                pegawai=pegawai,
                angkatan=angkatan,
                status=status,
                requested_by_id=getattr(actor, "pk", None),
                **fields,
            )
    except IntegrityError as exc:
        if "enrollment_one_active" in str(exc):
            raise DuplicateRequest(
                _("%(name)s sudah memiliki pendaftaran aktif di angkatan ini.") % {"name": pegawai.name}
            ) from exc
        raise
    record_event(
        enrollment=enrollment,
        action=action,
        actor=actor,
        from_status="",
        to_status=status,
        note=fields.get("motivation", "") if action == "request" else "",
    )
    return enrollment


# --------------------------------------------------------------------------- request, nominate, decide


def enrollment_request(
    *, actor: Any, angkatan: Angkatan, motivation: str, need_reference: str = "", needs_item: Any = None
) -> Enrollment:
    """A pegawai asks for a seat. Returns the enrolment with `warnings` (overlap, PPPK ceiling)."""
    pegawai = pegawai_of_user(actor)
    if pegawai is None or pegawai.instansi_id != angkatan.instansi_id:
        raise NotEligible(_("Akun Anda tidak terhubung ke data pegawai di instansi penyelenggara angkatan ini."))
    _check_open(angkatan, local_today(angkatan.instansi))
    _check_eligible(angkatan.program, pegawai)
    if needs_item is not None and needs_item.pegawai_id != pegawai.pk:
        raise NotEligible(_("Kebutuhan yang dipilih bukan milik Anda."))
    warnings: list[str] = []
    overlap = _has_overlap(pegawai.pk, angkatan, statuses=(S.REQUESTED, S.APPROVED, S.ENROLLED, S.WAITLISTED))
    if overlap:
        warnings.append(_("Jadwal angkatan ini bertabrakan dengan pelatihan lain yang Anda ikuti atau ajukan."))
    over = pppk_limit_exceeded(pegawai, angkatan)
    if over:
        warnings.append(
            _("Pelatihan ini membuat JP Anda melebihi %(n)s JP dalam tahun kontrak; BKPSDM harus memberi izin.")
            % {"n": jp.PPPK_MAX_JP}
        )
    with transaction.atomic():
        enrollment = _create(
            actor=actor,
            angkatan=angkatan,
            pegawai=pegawai,
            status=S.REQUESTED,
            action="request",
            motivation=motivation.strip(),
            need_reference=need_reference.strip(),
            needs_item=needs_item,
            overlap_warning=overlap,
            jp_override_required=over,
        )
        if not angkatan.requires_atasan_approval or pegawai.atasan_id is None:
            note = (
                _("Angkatan ini tidak memerlukan persetujuan atasan.")
                if not angkatan.requires_atasan_approval
                else _("Pegawai tidak memiliki atasan langsung; diteruskan ke BKPSDM.")
            )
            enrollment = _transition(
                enrollment_id=enrollment.pk, action="skip_approval", actor=actor, note=note, system=True
            )
    enrollment.warnings = warnings
    return enrollment


def enrollment_nominate(
    *, actor: Any, angkatan: Angkatan, pegawai: Pegawai, note: str = "", override_reason: str = ""
) -> Enrollment:
    """An atasan nominates a direct report (counts as the atasan's approval); an admin nominates
    anyone of the instansi and verifies at once (seat or waitlist)."""
    if pegawai.instansi_id != angkatan.instansi_id:
        raise NotEligible(_("Pegawai bukan dari instansi penyelenggara angkatan ini."))
    if pegawai.user_id is not None and pegawai.user_id == getattr(actor, "pk", None):
        raise OwnRequest(_("Anda tidak dapat menominasikan diri sendiri; ajukan pendaftaran biasa."))
    as_admin = _is_admin_of(actor, angkatan.instansi_id)
    if not as_admin and not _is_current_atasan(actor, pegawai):
        raise NotYourAtasan(_("Anda hanya dapat menominasikan bawahan langsung Anda."))
    _check_open(angkatan, local_today(angkatan.instansi), nomination=True)
    _check_eligible(angkatan.program, pegawai)
    with transaction.atomic():
        enrollment = _create(
            actor=actor,
            angkatan=angkatan,
            pegawai=pegawai,
            status=S.APPROVED,
            action="nominate",
            motivation=note.strip(),
            nominated_by=actor,
            overlap_warning=_has_overlap(pegawai.pk, angkatan, statuses=(S.ENROLLED, S.WAITLISTED, S.APPROVED)),
            jp_override_required=pppk_limit_exceeded(pegawai, angkatan),
        )
        if as_admin:
            enrollment = enrollment_verify(actor=actor, enrollment=enrollment, override_reason=override_reason)
    return enrollment


def enrollment_approve(*, actor: Any, enrollment: Enrollment, note: str = "") -> Enrollment:
    if enrollment.pegawai.user_id == actor.pk:
        raise OwnRequest(_("Anda tidak dapat menyetujui pendaftaran Anda sendiri."))
    if not _is_current_atasan(actor, enrollment.pegawai):
        raise NotYourAtasan(_("Hanya atasan langsung pegawai saat ini yang dapat menyetujui."))
    return _transition(enrollment_id=enrollment.pk, action="approve", actor=actor, note=note.strip())


def enrollment_reject(*, actor: Any, enrollment: Enrollment, reason: str) -> Enrollment:
    """Atasan (while requested) or admin (any open step) rejects, always with a reason."""
    if not reason.strip():
        raise ReasonRequired(_("Alasan penolakan wajib diisi."))
    if enrollment.pegawai.user_id == actor.pk:
        raise OwnRequest(_("Anda tidak dapat memutus pendaftaran Anda sendiri."))
    as_admin = _is_admin_of(actor, enrollment.instansi_id)
    if not as_admin and (enrollment.status != S.REQUESTED or not _is_current_atasan(actor, enrollment.pegawai)):
        raise NotYourAtasan(_("Hanya atasan langsung pegawai saat ini yang dapat menolak."))
    return _transition(enrollment_id=enrollment.pk, action="reject", actor=actor, note=reason.strip())


def enrollment_verify(*, actor: Any, enrollment: Enrollment, override_reason: str = "") -> Enrollment:
    """BKPSDM verification: a seat if one is free, else the waitlist. Two admins verifying the last
    seat at once must not both get it: the angkatan row is locked first, then the enrolment."""
    _require_admin_of(actor, enrollment.instansi_id)
    if enrollment.pegawai.user_id == actor.pk:
        raise OwnRequest(_("Anda tidak dapat memverifikasi pendaftaran Anda sendiri."))
    with transaction.atomic():
        angkatan = _lock_angkatan(enrollment.angkatan_id)
        locked = _lock_enrollment(enrollment.pk)
        if locked.status != S.APPROVED:
            raise InvalidTransition(_("Pendaftaran ini tidak menunggu verifikasi."))
        if angkatan.status in (AngkatanStatus.CANCELLED, AngkatanStatus.FINISHED):
            raise RegistrationClosed(_("Angkatan ini sudah selesai atau dibatalkan."))
        _check_eligible(angkatan.program, locked.pegawai)
        fields: dict[str, Any] = {}
        if pppk_limit_exceeded(locked.pegawai, angkatan, exclude_id=locked.pk):
            if not override_reason.strip():
                raise PPPKLimit(
                    _(
                        "Pegawai PPPK ini akan melebihi %(n)s JP dalam tahun kontrak. Centang izin BKPSDM dan isi "
                        "alasannya untuk melanjutkan."
                    )
                    % {"n": jp.PPPK_MAX_JP}
                )
            fields = {"jp_override_required": True, "override_reason": override_reason.strip(), "override_by": actor}
        Pegawai.objects.select_for_update().filter(pk=locked.pegawai_id).first()  # two batches, one pegawai
        return _seat_or_waitlist(actor=actor, angkatan=angkatan, enrollment=locked, fields=fields)


def _seat_or_waitlist(*, actor: Any, angkatan: Angkatan, enrollment: Enrollment, fields: dict[str, Any]) -> Enrollment:
    if angkatan.seats_taken < angkatan.seats_total:
        if _has_overlap(enrollment.pegawai_id, angkatan):
            raise OverlapBlocked(
                _("Pegawai sudah terdaftar di angkatan lain yang jadwalnya bertabrakan; batalkan salah satunya dulu.")
            )
        taken = Angkatan.objects.filter(pk=angkatan.pk, seats_taken__lt=F("seats_total")).update(
            seats_taken=F("seats_taken") + 1
        )
        if taken:
            angkatan.seats_taken += 1
            return _transition(enrollment_id=enrollment.pk, action="enrol", actor=actor, **fields)
    waiting = Enrollment.objects.filter(angkatan_id=angkatan.pk, status=S.WAITLISTED).count()
    if waiting >= angkatan.waitlist_size:
        raise SeatsFull(_("Kuota peserta dan daftar tunggu angkatan ini sudah penuh."))
    return _transition(
        enrollment_id=enrollment.pk, action="waitlist", actor=actor, waitlisted_at=timezone.now(), **fields
    )


def _promote_from_waitlist(*, actor: Any, angkatan: Angkatan) -> list[Enrollment]:
    """Caller holds the angkatan lock. First come first served; someone holding an overlapping seat
    is passed over (and stays waiting)."""
    promoted: list[Enrollment] = []
    angkatan.refresh_from_db(fields=["seats_taken", "seats_total"])
    free = angkatan.seats_total - angkatan.seats_taken
    if free <= 0:
        return promoted
    for candidate in (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(angkatan_id=angkatan.pk, status=S.WAITLISTED)
        .order_by("waitlisted_at", "id")
    ):
        if len(promoted) >= free:
            break
        if _has_overlap(candidate.pegawai_id, angkatan):
            continue
        updated = Angkatan.objects.filter(pk=angkatan.pk, seats_taken__lt=F("seats_total")).update(
            seats_taken=F("seats_taken") + 1
        )
        if not updated:
            break
        promoted.append(
            _transition(
                enrollment_id=candidate.pk,
                action="promote",
                actor=actor,
                system=True,
                note=_("Kursi kosong; naik dari daftar tunggu."),
            )
        )
    return promoted


def waitlist_fill(*, actor: Any, angkatan: Angkatan) -> list[Enrollment]:
    """After the admin raised the quota: give the new seats to the waitlist in order."""
    _require_admin_of(actor, angkatan.instansi_id)
    with transaction.atomic():
        locked = _lock_angkatan(angkatan.pk)
        return _promote_from_waitlist(actor=actor, angkatan=locked)


def enrollment_cancel(*, actor: Any, enrollment: Enrollment, note: str = "") -> Enrollment:
    """The pegawai cancels before the batch starts; an admin any time before completion. A freed
    seat is handed to the waitlist in the same transaction."""
    owner = enrollment.pegawai.user_id == actor.pk
    if not owner:
        _require_admin_of(actor, enrollment.instansi_id)
    with transaction.atomic():
        angkatan = _lock_angkatan(enrollment.angkatan_id)
        locked = _lock_enrollment(enrollment.pk)
        if (
            owner
            and not _is_admin_of(actor, enrollment.instansi_id)
            and local_today(angkatan.instansi) >= angkatan.start_date
        ):
            raise TooLate(_("Angkatan sudah dimulai; pembatalan hanya melalui BKPSDM."))
        was = locked.status
        cancelled = _transition(enrollment_id=locked.pk, action="cancel", actor=actor, note=note.strip())
        if was == S.ENROLLED:
            Angkatan.objects.filter(pk=angkatan.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
            cancelled.promoted = _promote_from_waitlist(actor=actor, angkatan=angkatan)
    return cancelled


# --------------------------------------------------------------------------- bulk nomination


def bulk_nominate_start(
    *, actor: Any, angkatan: Angkatan, pegawai_ids: list[int], description: str = ""
) -> BulkNomination:
    _require_admin_of(actor, angkatan.instansi_id)
    ids = list(
        Pegawai.objects.filter(instansi_id=angkatan.instansi_id, pk__in=pegawai_ids, is_active=True)
        .order_by("name", "id")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise EnrollmentError(_("Tidak ada pegawai yang cocok dengan filter."))
    job = BulkNomination.objects.create(
        instansi_id=angkatan.instansi_id,
        angkatan=angkatan,
        pegawai_ids=ids,
        total=len(ids),
        filter_description=description[:300],
        created_by=actor,
    )
    audit_log(actor=actor, action="enrollment.bulk_nominate", instance=job, data={"total": len(ids)})
    if len(ids) <= BULK_SYNC_LIMIT:
        return bulk_nominate_run(job_id=job.pk)
    from apps.enrollments.tasks import run_bulk_nomination

    enqueue(run_bulk_nomination, job_id=job.pk)
    return job


def bulk_nominate_run(*, job_id: int) -> BulkNomination:
    """Each nomination in its own transaction; a retried job finds the finished ones as duplicates."""
    with transaction.atomic():
        job = BulkNomination.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.DONE:
            return job
        job.status = JobStatus.RUNNING
        job.save(update_fields=["status"])
    angkatan = Angkatan.objects.select_related("program", "instansi").get(pk=job.angkatan_id)
    actor = job.created_by
    enrolled = waitlisted = 0
    skipped: list[dict[str, str]] = []
    people = {p.pk: p for p in Pegawai.objects.select_related("jabatan").filter(pk__in=job.pegawai_ids)}
    for pid in job.pegawai_ids:
        pegawai = people.get(pid)
        if pegawai is None:
            continue
        try:
            result = enrollment_nominate(actor=actor, angkatan=angkatan, pegawai=pegawai)
        except EnrollmentError as exc:
            skipped.append({"pegawai": pegawai.name, "reason": exc.message})
            continue
        except InvalidTransition as exc:
            skipped.append({"pegawai": pegawai.name, "reason": exc.message})
            continue
        if result.status == S.ENROLLED:
            enrolled += 1
        else:
            waitlisted += 1
    BulkNomination.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, enrolled=enrolled, waitlisted=waitlisted, skipped=skipped, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


# --------------------------------------------------------------------------- attendance


def _participant_ids(angkatan: Angkatan) -> set[int]:
    return set(
        Enrollment.objects.filter(
            angkatan_id=angkatan.pk, status__in=(S.ENROLLED, S.COMPLETED, S.NOT_COMPLETED)
        ).values_list("pk", flat=True)
    )


def attendance_save(*, actor: Any, session: AngkatanSession, present_ids: set[int]) -> int:
    """Manual checkboxes: every participant gets a row for the session, present or not."""
    _require_admin_of(actor, session.instansi_id)
    _require_session_started(session)
    allowed = _participant_ids(session.angkatan)
    unknown = set(present_ids) - allowed
    if unknown:
        raise AttendanceError(_("Ada peserta yang bukan bagian dari angkatan ini."))
    now = timezone.now()
    rows = [
        AttendanceRecord(
            instansi_id=session.instansi_id,
            enrollment_id=eid,
            session=session,
            present=eid in present_ids,
            method=AttendanceMethod.MANUAL,
            recorded_by=actor,
            recorded_at=now,
        )
        for eid in sorted(allowed)
    ]
    with transaction.atomic():
        AttendanceRecord.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["enrollment", "session"],
            update_fields=["present", "method", "recorded_by", "recorded_at"],
        )
        audit_log(
            actor=actor,
            action="attendance.save",
            instance=session,
            instansi_id=session.instansi_id,
            data={"present": len(present_ids), "total": len(allowed)},
        )
    return len(rows)


def attendance_import_rows(*, instansi_id: int, actor_id: int | None, rows: list[tuple[int, int, bool]]) -> int:
    """(session_id, enrollment_id, present) already validated by the importer."""
    now = timezone.now()
    objs = [
        AttendanceRecord(
            instansi_id=instansi_id,
            enrollment_id=eid,
            session_id=sid,
            present=present,
            method=AttendanceMethod.IMPORT,
            recorded_by_id=actor_id,
            recorded_at=now,
        )
        for sid, eid, present in rows
    ]
    AttendanceRecord.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["enrollment", "session"],
        update_fields=["present", "method", "recorded_by", "recorded_at"],
    )
    return len(objs)


def _new_short_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def attendance_code_create(*, actor: Any, session: AngkatanSession, valid_hours: int = 72) -> AttendanceCode:
    """A fresh code for the session (replacing an older one). Valid from the session day for
    `valid_hours` after the session ends, so participants offline during the session enter it later."""
    _require_admin_of(actor, session.instansi_id)
    tz = ZoneInfo(session.angkatan.instansi.timezone)
    from datetime import datetime

    ends = datetime.combine(session.date, session.end_time, tzinfo=tz)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                code, _created = AttendanceCode.objects.update_or_create(
                    session=session,
                    defaults={
                        "instansi_id": session.instansi_id,
                        "code": _new_short_code(),
                        "valid_until": ends + timedelta(hours=valid_hours),
                        "created_by": actor,
                    },
                )
                return code
        except IntegrityError:
            continue
    raise AttendanceError(_("Gagal membuat kode presensi; coba lagi."))


def attendance_code_enter(*, actor: Any, code: str) -> AttendanceRecord:
    """A participant enters the session code once; the session must have begun (its day) and the
    code still be valid."""
    pegawai = pegawai_of_user(actor)
    normal = "".join(code.split()).upper()
    if pegawai is None or not normal:
        raise AttendanceError(_("Kode presensi tidak dikenal atau sudah kedaluwarsa."))
    row = (
        AttendanceCode.objects.select_related("session", "session__angkatan", "session__angkatan__instansi")
        .filter(instansi_id=pegawai.instansi_id, code=normal)
        .first()
    )
    if row is None or row.valid_until < timezone.now():
        raise AttendanceError(_("Kode presensi tidak dikenal atau sudah kedaluwarsa."))
    session = row.session
    _require_session_started(session)
    enrollment = Enrollment.objects.filter(pegawai=pegawai, angkatan_id=session.angkatan_id, status=S.ENROLLED).first()
    if enrollment is None:
        raise AttendanceError(_("Anda bukan peserta angkatan sesi ini."))
    with transaction.atomic():
        record = AttendanceRecord.objects.select_for_update().filter(enrollment=enrollment, session=session).first()
        if record is not None and record.present:
            raise AttendanceError(_("Presensi Anda untuk sesi ini sudah tercatat."))
        if record is None:
            record = AttendanceRecord(instansi_id=session.instansi_id, enrollment=enrollment, session=session)
        record.present = True
        record.method = AttendanceMethod.CODE
        record.recorded_by = actor
        record.save()
    return record


# --------------------------------------------------------------------------- completion and JP


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
    amount = program.learning_hours
    if rule is not None and rule.cap_jp and rule.cap_period in (CapPeriod.DAY, CapPeriod.MONTH):
        amount = min(amount, rule.cap_jp * _periods_spanned(angkatan.start_date, angkatan.end_date, rule.cap_period))
    return amount, rule


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
) -> JPLedgerEntry:
    """Append one credit; the same activity twice raises DuplicateCredit (rule 17)."""
    year = jp.credit_year(employment_type=pegawai.employment_type, credited_on=credited_on, tmt=pegawai.tmt)
    try:
        with transaction.atomic():
            return JPLedgerEntry.objects.create(
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
                created_by_id=getattr(actor, "pk", None),
            )
    except IntegrityError as exc:
        if "jp_ledger_unique_source" in str(exc) or "enrollment_id" in str(exc):
            raise DuplicateCredit(_("Kegiatan ini sudah dikreditkan ke pegawai tersebut.")) from exc
        raise


def angkatan_complete(*, actor: Any, angkatan: Angkatan, scores: dict[int, int | None] | None = None) -> dict[str, int]:
    """Mark every participant completed or not (attendance ≥ threshold and, where a score is
    recorded, score ≥ passing) and book JP for the completed. Re-running only finishes the rest."""
    _require_admin_of(actor, angkatan.instansi_id)
    scores = scores or {}
    with transaction.atomic():
        locked = _lock_angkatan(angkatan.pk)
        rule = selectors.completion_rule_for(locked)
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
            score = scores.get(row.pk, row.final_score)
            pct = (present.get(row.pk, 0) * 100 // session_count) if session_count else 100
            passed = pct >= rule.min_attendance_percent and (
                rule.passing_score is None or score is None or score >= rule.passing_score
            )
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
                _transition(enrollment_id=row.pk, action="not_complete", actor=actor, note=note, **fields)
                counts["not_completed"] += 1
            else:
                Enrollment.objects.filter(pk=row.pk).update(**fields)
                counts["not_completed"] += 1
        audit_log(actor=actor, action="angkatan.complete", instance=locked, data=counts)
    return counts


# --------------------------------------------------------------------------- external training


def external_report(*, actor: Any, **fields: Any) -> ExternalTraining:
    pegawai = pegawai_of_user(actor)
    if pegawai is None:
        raise NotEligible(_("Akun Anda tidak terhubung ke data pegawai."))
    training = ExternalTraining.objects.create(instansi_id=pegawai.instansi_id, pegawai=pegawai, **fields)
    audit_log(actor=actor, action="external_training.report", instance=training)
    return training


def external_decide(
    *, actor: Any, training: ExternalTraining, approve: bool, jp_approved: int | None = None, note: str = ""
) -> ExternalTraining:
    _require_admin_of(actor, training.instansi_id)
    if training.pegawai.user_id == actor.pk:
        raise OwnRequest(_("Anda tidak dapat memverifikasi laporan Anda sendiri."))
    if not approve and not note.strip():
        raise ReasonRequired(_("Alasan penolakan wajib diisi."))
    with transaction.atomic():
        locked = ExternalTraining.objects.select_for_update().select_related("pegawai").get(pk=training.pk)
        if locked.status != ExternalStatus.PENDING:
            raise InvalidTransition(_("Laporan ini sudah diputus."))
        locked.status = ExternalStatus.APPROVED if approve else ExternalStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        if approve:
            locked.jp_approved = jp_approved if jp_approved is not None else locked.jp_claimed
            rule = selectors.conversion_rule_for(instansi_id=locked.instansi_id, form=locked.form, on=locked.end_date)
            ledger_credit(
                actor=actor,
                pegawai=locked.pegawai,
                jp_amount=locked.jp_approved,
                credited_on=locked.end_date,
                source_type=LedgerSource.EXTERNAL,
                source_ref=f"external:{locked.pk}",
                title=locked.title,
                provider=locked.provider,
                start_date=locked.start_date,
                end_date=locked.end_date,
                conversion_rule=rule,
            )
        locked.save()
        audit_log(actor=actor, action=f"external_training.{locked.status}", instance=locked)
        if locked.pegawai.user_id:
            title = (
                _("Laporan pelatihan eksternal Anda disetujui: %(jp)s JP") % {"jp": locked.jp_approved}
                if approve
                else _("Laporan pelatihan eksternal Anda ditolak")
            )
            notify(
                recipient_id=locked.pegawai.user_id,
                instansi_id=locked.instansi_id,
                title=title,
                body=f"{locked.title}\n{locked.decision_note}".strip(),
                url=reverse("enrollments:my_jp"),
                dedupe_key=f"external:{locked.pk}",
            )
    return locked


# --------------------------------------------------------------------------- certificates


def _verification_code() -> str:
    """80 random bits in base32 (16 characters, no padding): short enough for a QR and a URL."""
    return b32encode(secrets.token_bytes(10)).decode("ascii")


def certificate_issue(*, actor: Any, enrollment: Enrollment) -> Certificate:
    _require_admin_of(actor, enrollment.instansi_id)
    if enrollment.status != S.COMPLETED:
        raise CertificateError(_("Sertifikat hanya untuk peserta yang lulus."))
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        raise CertificateError(_("Sertifikat untuk peserta ini sudah diterbitkan."))
    instansi = enrollment.angkatan.instansi
    year = local_today(instansi).year
    with transaction.atomic():
        CertificateCounter.objects.bulk_create(
            [CertificateCounter(instansi_id=instansi.pk, year=year)], ignore_conflicts=True
        )
        counter = CertificateCounter.objects.select_for_update().get(instansi_id=instansi.pk, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        number = f"{counter.last:04d}/STTPP/{instansi.code.upper()}/{year}"
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    instansi_id=instansi.pk,
                    enrollment=enrollment,
                    year=year,
                    sequence=counter.last,
                    number=number,
                    verification_code=_verification_code(),
                    issued_at=timezone.now(),
                    issued_by=actor,
                )
        except IntegrityError as exc:
            raise CertificateError(_("Sertifikat untuk peserta ini sudah diterbitkan.")) from exc
        record_event(
            enrollment=enrollment,
            action="certificate",
            actor=actor,
            from_status=enrollment.status,
            to_status=enrollment.status,
            note=number,
        )
        from apps.enrollments.tasks import render_certificate_pdf

        enqueue(render_certificate_pdf, certificate_id=certificate.pk)
    return certificate


def certificates_issue_for_angkatan(*, actor: Any, angkatan: Angkatan) -> int:
    _require_admin_of(actor, angkatan.instansi_id)
    issued = 0
    for enrollment in (
        Enrollment.objects.select_related("angkatan__instansi", "pegawai")
        .filter(angkatan=angkatan, status=S.COMPLETED, certificate__isnull=True)
        .order_by("pegawai__name", "id")
    ):
        certificate_issue(actor=actor, enrollment=enrollment)
        issued += 1
    return issued


def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    _require_admin_of(actor, certificate.instansi_id)
    if not reason.strip():
        raise ReasonRequired(_("Alasan pencabutan wajib diisi."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise CertificateError(_("Sertifikat ini sudah dicabut."))
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason.strip()
        locked.revoked_by = actor
        locked.pdf = ""  # re-rendered with the revocation stamp
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "pdf"])
        from apps.enrollments.tasks import render_certificate_pdf

        enqueue(render_certificate_pdf, certificate_id=locked.pk)
        enrollment = Enrollment.objects.get(pk=locked.enrollment_id)
        record_event(
            enrollment=enrollment,
            action="certificate_revoke",
            actor=actor,
            from_status=enrollment.status,
            to_status=enrollment.status,
            note=reason.strip(),
        )
    return locked


def certificate_pdf_ensure(*, certificate_id: int) -> Certificate:
    """Render and store the PDF once; a retried task finds it there."""
    from django.core.files.base import ContentFile

    from apps.enrollments.pdf import render_certificate

    certificate = selectors.certificate_for_render(certificate_id)
    if certificate.pdf:
        return certificate
    data = render_certificate(certificate)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if not locked.pdf:
            locked.pdf.save(f"sertifikat-{locked.verification_code}.pdf", ContentFile(data), save=True)
    certificate.pdf = locked.pdf
    return certificate


# --------------------------------------------------------------------------- notifications


def notify(
    *, recipient_id: int, title: str, body: str = "", url: str = "", dedupe_key: str, instansi_id: int | None = None
) -> Notification:
    """Create the in-app notice once (per recipient and key) and e-mail it after commit."""
    notification, created = Notification.objects.get_or_create(
        recipient_id=recipient_id,
        dedupe_key=dedupe_key[:80],
        defaults={"title": str(title)[:200], "body": str(body), "url": url[:300], "instansi_id": instansi_id},
    )
    if created:
        from apps.enrollments.tasks import send_notification_email

        enqueue(send_notification_email, notification_id=notification.pk)
    return notification


def notification_email_send(*, notification_id: int) -> bool:
    """Send the e-mail of one notice once: `emailed_at` is set in the same locked transaction."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",)).select_related("recipient").get(pk=notification_id)
        )
        if notification.emailed_at is not None or not notification.recipient.email:
            return False
        link = settings.SITE_URL + notification.url if notification.url else ""
        send_mail(notification.title, f"{notification.body}\n\n{link}".strip(), None, [notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def _event_message(event: EnrollmentEvent) -> tuple[list[int], str]:
    enrollment = event.enrollment
    pegawai = enrollment.pegawai
    angkatan = enrollment.angkatan
    names = {"name": pegawai.name, "batch": str(angkatan)}
    owner = [pegawai.user_id] if pegawai.user_id else []
    atasan_user = pegawai.atasan.user_id if pegawai.atasan_id and pegawai.atasan.user_id else None
    action = event.action
    if action == "request":
        if not angkatan.requires_atasan_approval or atasan_user is None:
            return [], ""
        return [atasan_user], _("%(name)s mengajukan pendaftaran %(batch)s; menunggu persetujuan Anda") % names
    titles = {
        "nominate": _("Anda dinominasikan untuk %(batch)s"),
        "approve": _("Atasan menyetujui pendaftaran Anda di %(batch)s; menunggu verifikasi BKPSDM"),
        "reject": _("Pendaftaran Anda di %(batch)s ditolak"),
        "enrol": _("Anda terdaftar sebagai peserta %(batch)s"),
        "waitlist": _("Anda masuk daftar tunggu %(batch)s"),
        "promote": _("Kursi tersedia: Anda kini peserta %(batch)s"),
        "complete": _("Selamat, Anda lulus %(batch)s"),
        "not_complete": _("Anda dinyatakan tidak lulus %(batch)s"),
        "certificate": _("Sertifikat %(batch)s sudah terbit"),
        "certificate_revoke": _("Sertifikat %(batch)s dicabut"),
    }
    if action == "cancel":
        if event.actor_id == pegawai.user_id:
            recipients = [atasan_user] if atasan_user and event.from_status == S.REQUESTED else []
            return recipients, _("%(name)s membatalkan pendaftaran %(batch)s") % names
        return owner, _("Pendaftaran Anda di %(batch)s dibatalkan oleh BKPSDM") % names
    if action in titles:
        return owner, titles[action] % names
    return [], ""


def enrollment_notice_send(*, event_id: int) -> int:
    """In-app notice + e-mail for one event, once (event.notified_at is the marker)."""
    with transaction.atomic():
        event = (
            EnrollmentEvent.objects.select_for_update(of=("self",))
            .select_related("enrollment__pegawai__atasan", "enrollment__angkatan")
            .get(pk=event_id)
        )
        if event.notified_at is not None:
            return 0
        recipients, title = _event_message(event)
        url = reverse("enrollments:detail", args=[event.enrollment_id])
        if event.action == "request":
            url = reverse("enrollments:approvals")
        sent = 0
        for user_id in recipients:
            if user_id == event.actor_id and event.action not in ("promote",):
                continue  # nobody is told about their own act
            notify(
                recipient_id=user_id,
                instansi_id=event.instansi_id,
                title=title,
                body=event.note,
                url=url,
                dedupe_key=f"event:{event.pk}",
            )
            sent += 1
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


def atasan_digest_send() -> int:
    """Daily: one notice per atasan with requests waiting, per instansi, in its time zone."""
    sent = 0
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        with timezone.override(ZoneInfo(instansi.timezone)):
            today = timezone.localdate()
            for user_id, rows in selectors.pending_approvals_by_atasan(instansi.pk).items():
                lines = [f"- {r.pegawai.name}: {r.angkatan} ({r.created_at:%d-%m-%Y})" for r in rows[:20]]
                with transaction.atomic():
                    notification = notify(
                        recipient_id=user_id,
                        instansi_id=instansi.pk,
                        title=_("%(n)s permintaan pendaftaran menunggu persetujuan Anda") % {"n": len(rows)},
                        body="\n".join(lines),
                        url=reverse("enrollments:approvals"),
                        dedupe_key=f"digest:{today.isoformat()}",
                    )
                sent += 1 if notification else 0
    return sent


def batch_reminders_send(*, days_ahead: int = REMINDER_DAYS) -> int:
    """Daily: remind participants a few days before their batch starts (once per enrolment)."""
    sent = 0
    for instansi in instansi_list_for_superadmin().filter(is_active=True):
        with timezone.override(ZoneInfo(instansi.timezone)):
            today = timezone.localdate()
            for row in selectors.enrolled_starting_between(instansi.pk, today, today + timedelta(days=days_ahead)):
                with transaction.atomic():
                    claimed = Enrollment.objects.filter(pk=row.pk, reminded_at__isnull=True).update(
                        reminded_at=timezone.now()
                    )
                    if not claimed or not row.pegawai.user_id:
                        continue
                    place = row.angkatan.venue or row.angkatan.online_link or ""
                    notify(
                        recipient_id=row.pegawai.user_id,
                        instansi_id=instansi.pk,
                        title=_("Pengingat: %(batch)s dimulai %(date)s")
                        % {"batch": row.angkatan, "date": row.angkatan.start_date.strftime("%d-%m-%Y")},
                        body=place,
                        url=reverse("enrollments:detail", args=[row.pk]),
                        dedupe_key=f"reminder:{row.pk}",
                    )
                    sent += 1
    return sent


def notifications_mark_read(*, actor: Any) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def jp_shortfall_to_needs(*, actor: Any, instansi_id: int, year: int) -> Any:
    """Rule 18: PNS below the yearly target at 31 December become a needs item of the next year."""
    below = list(selectors.pns_below_target(instansi_id, year).values_list("pk", flat=True))
    return needs_from_jp_shortfall(
        actor=actor, instansi_id=instansi_id, year=year, pegawai_ids=below, target=jp.PNS_TARGET_JP
    )


def jp_shortfall_year_end() -> int:
    """Celery beat on 1 January: last year's shortfall of every active instansi. Safe to repeat."""
    from apps.organizations.models import Instansi

    done = 0
    for instansi in Instansi.objects.filter(is_active=True).only("pk", "timezone"):
        last_year = local_today(instansi).year - 1
        if jp_shortfall_to_needs(actor=None, instansi_id=instansi.pk, year=last_year) is not None:
            done += 1
    return done
