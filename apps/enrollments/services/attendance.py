"""Attendance: checkboxes, import and self check-in by code, only once the session's day has come."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Angkatan, AngkatanSession
from apps.core.services import audit_log
from apps.employees.nip import normalize_nip
from apps.employees.selectors import pegawai_of_user
from apps.enrollments.errors import AttendanceError, AttendanceRowsInvalid
from apps.enrollments.models import AttendanceCode, AttendanceMethod, AttendanceRecord, Enrollment, EnrollmentStatus
from apps.enrollments.services.common import _require_admin_of, _require_session_started

S = EnrollmentStatus
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over a bad line


def _participant_ids(angkatan: Angkatan) -> set[int]:
    return set(
        Enrollment.objects.filter(
            angkatan_id=angkatan.pk, status__in=(S.ENROLLED, S.COMPLETED, S.NOT_COMPLETED)
        ).values_list("pk", flat=True)
    )


def _attendance_changes(was: dict[int, bool], now: dict[int, bool]) -> dict[str, list[Any]]:
    """{"hadir: <name> (#<enrollment>)": [before, after]} of the participants whose mark changed."""
    moved = [eid for eid, present in now.items() if was.get(eid) != present]
    names = dict(Enrollment.objects.filter(pk__in=moved).values_list("pk", "pegawai__name")) if moved else {}
    return {f"hadir: {names.get(eid, '')} (#{eid})": [was.get(eid), now[eid]] for eid in moved}


def attendance_save(*, actor: Any, session: AngkatanSession, present_ids: set[int]) -> int:
    """Manual checkboxes: every participant gets a row for the session, present or not."""
    _require_admin_of(actor, session.instansi_id)
    _require_session_started(session)
    allowed = _participant_ids(session.angkatan)
    unknown = set(present_ids) - allowed
    if unknown:
        raise AttendanceError(_("Ada peserta yang bukan bagian dari angkatan ini."))
    now = timezone.now()
    was = dict(AttendanceRecord.objects.filter(session=session).values_list("enrollment_id", "present"))
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
            changes=_attendance_changes(was, {row.enrollment_id: row.present for row in rows}),
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


def attendance_record_by_nip(*, actor: Any, session: AngkatanSession, marks: list[tuple[str, bool]]) -> int:
    """Marks another system sends for one session (the API): each NIP must be a participant of the session's
    batch and appear once; the session must have begun. All or nothing; participants not named keep their mark.
    The call is audited with what changed, like the checkboxes."""
    _require_session_started(session)
    by_nip = dict(
        Enrollment.objects.filter(
            angkatan_id=session.angkatan_id, status__in=(S.ENROLLED, S.COMPLETED, S.NOT_COMPLETED)
        ).values_list("pegawai__nip", "pk")
    )
    errors: list[tuple[int, str, str]] = []
    chosen: dict[int, bool] = {}
    seen: set[str] = set()
    for index, (raw_nip, present) in enumerate(marks):
        nip = normalize_nip(raw_nip)
        if nip in seen:
            errors.append((index, "nip", _("NIP ini sudah ada di baris sebelumnya.")))
        elif nip not in by_nip:
            errors.append((index, "nip", _("NIP ini bukan peserta angkatan sesi tersebut.")))
        else:
            chosen[by_nip[nip]] = bool(present)
        seen.add(nip)
    if errors:
        raise AttendanceRowsInvalid(_("Ada baris presensi yang salah; tidak ada yang disimpan."), rows=errors)
    was = dict(
        AttendanceRecord.objects.filter(session=session, enrollment_id__in=chosen).values_list(
            "enrollment_id", "present"
        )
    )
    with transaction.atomic():
        attendance_import_rows(
            instansi_id=session.instansi_id,
            actor_id=getattr(actor, "pk", None),
            rows=[(session.pk, eid, present) for eid, present in sorted(chosen.items())],
        )
        audit_log(
            actor=actor,
            action="attendance.api",
            instance=session,
            instansi_id=session.instansi_id,
            data={"present": sum(chosen.values()), "total": len(chosen), "via": str(actor)},
            changes=_attendance_changes(was, chosen),
        )
    return len(chosen)


def _new_short_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def attendance_code_create(*, actor: Any, session: AngkatanSession, valid_hours: int = 72) -> AttendanceCode:
    """A fresh code for the session (replacing an older one). Valid from the session day for
    `valid_hours` after the session ends, so participants offline during the session enter it later."""
    _require_admin_of(actor, session.instansi_id)
    tz = ZoneInfo(session.angkatan.instansi.timezone)

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
