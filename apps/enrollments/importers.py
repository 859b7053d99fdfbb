"""Attendance import: the provider's attendance list (XLSX/CSV) for sessions of the instansi's
batches. Rows name the session by its id (shown on the attendance page) and the pegawai by NIP;
every row is checked against maps loaded once, and nothing is saved unless all rows are valid."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.catalog.models import AngkatanSession
from apps.core.imports import Column, Row, RowError, formula_errors
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.employees.nip import normalize_nip
from apps.enrollments.models import Enrollment, EnrollmentStatus
from apps.enrollments.services import attendance_import_rows, local_today, session_has_started
from apps.organizations.selectors import instansi_by_id

YES = {"ya", "y", "yes", "hadir", "present", "1", "true", "h", "v", "x"}
NO = {"tidak", "t", "n", "no", "0", "false", "absen", "absent", "tidak hadir", "-"}


class AttendanceImporter:
    kind = "presensi"
    label = gettext_lazy("Presensi peserta (daftar hadir penyelenggara)")
    permission_roles = frozenset(ADMINS)
    columns = (
        Column(
            "sesi", gettext_lazy("ID sesi"), help=gettext_lazy("Angka ID sesi dari halaman presensi."), example="12"
        ),
        Column(
            "nip", gettext_lazy("NIP"), help=gettext_lazy("18 digit, ketik sebagai teks."), example="198507142010121001"
        ),
        Column("hadir", gettext_lazy("Hadir"), help=gettext_lazy("ya / tidak"), example="ya"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):

        header = {c.key: str(c.header) for c in self.columns}
        stored = list(AngkatanSession.objects.filter(instansi_id=instansi_id).only("pk", "angkatan_id", "date"))
        sessions = {s.pk: s.angkatan_id for s in stored}
        instansi = instansi_by_id(instansi_id)
        today = local_today(instansi) if instansi is not None else None
        not_started = {s.pk for s in stored if today is not None and not session_has_started(s, today=today)}
        wanted = set()
        for row in rows:
            if row.text("sesi").isdigit():
                wanted.add(sessions.get(int(row.text("sesi"))))
        participants = {
            (angkatan_id, nip): pk
            for pk, angkatan_id, nip in Enrollment.objects.filter(
                instansi_id=instansi_id,
                angkatan_id__in=[a for a in wanted if a],
                status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED),
            ).values_list("pk", "angkatan_id", "pegawai__nip")
        }
        errors: list[RowError] = []
        prepared: list[tuple[int, int, bool]] = []
        seen: dict[tuple[int, int], int] = {}
        for row in rows:
            row_errors = formula_errors(row, self.columns)
            sid_text = row.text("sesi")
            session_angkatan = sessions.get(int(sid_text)) if sid_text.isdigit() else None
            if session_angkatan is None:
                row_errors.append(RowError(row.number, header["sesi"], _("Sesi tidak dikenal di instansi ini.")))
            elif int(sid_text) in not_started:
                row_errors.append(RowError(row.number, header["sesi"], _("Sesi ini belum dimulai.")))
            nip = normalize_nip(row.text("nip"))
            enrollment_id = participants.get((session_angkatan, nip)) if session_angkatan else None
            if session_angkatan and enrollment_id is None:
                row_errors.append(
                    RowError(row.number, header["nip"], _("NIP ini bukan peserta angkatan sesi tersebut."))
                )
            flag = row.text("hadir").lower()
            if flag not in YES and flag not in NO:
                row_errors.append(RowError(row.number, header["hadir"], _("Isi ya atau tidak.")))
            if not row_errors and enrollment_id is not None:
                key = (int(sid_text), enrollment_id)
                if key in seen:
                    row_errors.append(
                        RowError(
                            row.number, header["nip"], _("Baris ganda (sama dengan baris %(r)s).") % {"r": seen[key]}
                        )
                    )
                seen.setdefault(key, row.number)
                prepared.append((int(sid_text), enrollment_id, flag in YES))
            errors.extend(row_errors)
        progress(len(rows))
        return errors, prepared

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: list[tuple[int, int, bool]]) -> int:

        with transaction.atomic():
            count = attendance_import_rows(instansi_id=instansi_id, actor_id=actor_id, rows=prepared)
            audit_log(
                actor=None, action="attendance.import", instansi_id=instansi_id, data={"rows": count, "by": actor_id}
            )
        return count
