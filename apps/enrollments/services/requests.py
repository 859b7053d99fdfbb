"""Requests, nominations and the decisions on them: atasan approval or rejection, BKPSDM verification,
cancellation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan, AngkatanStatus
from apps.core.exceptions import InvalidTransition
from apps.employees.models import Pegawai
from apps.employees.selectors import pegawai_of_user
from apps.enrollments import jp
from apps.enrollments.errors import (
    NotEligible,
    NotYourAtasan,
    OwnRequest,
    PPPKLimit,
    ReasonRequired,
    RegistrationClosed,
    TooLate,
)
from apps.enrollments.models import Enrollment, EnrollmentStatus
from apps.enrollments.services.common import (
    _check_eligible,
    _check_open,
    _create,
    _has_overlap,
    _is_admin_of,
    _is_current_atasan,
    _lock_angkatan,
    _lock_enrollment,
    _require_admin_of,
    local_today,
    pppk_limit_exceeded,
)
from apps.enrollments.services.seats import _promote_from_waitlist, _seat_or_waitlist
from apps.enrollments.workflow import _transition

S = EnrollmentStatus


def enrollment_request(
    *, actor: Any, angkatan: Angkatan, motivation: str, need_reference: str = "", needs_item: Any = None
) -> Enrollment:
    """A pegawai asks for a seat. Returns the enrolment with `warnings` (overlap, PPPK ceiling)."""
    pegawai = pegawai_of_user(actor)
    if pegawai is None or pegawai.instansi_id != angkatan.instansi_id:
        raise NotEligible(_("Akun Anda tidak terhubung ke data pegawai di instansi penyelenggara angkatan ini."))
    return _request(
        actor=actor,
        angkatan=angkatan,
        pegawai=pegawai,
        motivation=motivation,
        need_reference=need_reference,
        needs_item=needs_item,
    )


def enrollment_request_for(*, actor: Any, angkatan: Angkatan, pegawai: Pegawai, motivation: str) -> Enrollment:
    """Another system (the API, e.g. the instansi's HR portal) asks on a pegawai's behalf: the same checks and
    the same next step (atasan approval, or BKPSDM when none is needed) as the pegawai's own request."""
    if pegawai.instansi_id != angkatan.instansi_id:
        raise NotEligible(_("Pegawai bukan dari instansi penyelenggara angkatan ini."))
    if not pegawai.is_active:
        raise NotEligible(_("Pegawai ini tidak aktif."))
    return _request(actor=actor, angkatan=angkatan, pegawai=pegawai, motivation=motivation)


def _request(
    *,
    actor: Any,
    angkatan: Angkatan,
    pegawai: Pegawai,
    motivation: str,
    need_reference: str = "",
    needs_item: Any = None,
) -> Enrollment:
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
