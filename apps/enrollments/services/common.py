"""What every enrollment service checks first: admin scope, the current atasan, row locks in the
documented order (Angkatan, then Enrollment, then Pegawai), eligibility, the registration window."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan, AngkatanSession
from apps.core.constraints import constraint_name
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.core.tenancy import sees_all_instansi
from apps.employees.models import Pegawai
from apps.enrollments import eligibility, jp, selectors
from apps.enrollments.errors import AttendanceError, DuplicateRequest, EnrollmentError, NotEligible, RegistrationClosed
from apps.enrollments.models import Enrollment
from apps.enrollments.workflow import record_event


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
    if sees_all_instansi(actor):
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


def _check_eligible(program: Any, pegawai: Pegawai) -> None:
    problems = eligibility.eligibility_problems(program, pegawai)
    if problems:
        raise NotEligible(" ".join(problems))


def _check_open(angkatan: Angkatan, today: date, *, nomination: bool = False) -> None:
    problem = eligibility.registration_problem(angkatan, today, nomination=nomination)
    if problem is not None:
        raise RegistrationClosed(problem)


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
        if constraint_name(exc) == "enrollment_one_active":
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
    audit_log(
        actor=actor,
        action=f"enrollment.{action}",
        instance=enrollment,
        before=dict.fromkeys(["pegawai", "angkatan", "status", *fields]),
    )
    return enrollment
