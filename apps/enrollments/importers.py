"""Imports into enrollments: the provider's attendance list (XLSX/CSV) for sessions of the instansi's
batches (rows name the session by its id, shown on the attendance page, and the pegawai by NIP), and the
training history (riwayat diklat) of the SIASN-style exchange file. Every row is checked against maps
loaded once, and nothing is saved unless all rows are valid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.catalog.models import AngkatanSession
from apps.core.imports import Column, Row, RowError, formula_errors, parse_date
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.employees.nip import normalize_nip
from apps.employees.selectors import active_pegawai_for_instansi
from apps.enrollments import jp
from apps.enrollments.models import (
    Certificate,
    Enrollment,
    EnrollmentStatus,
    ExternalStatus,
    ExternalTraining,
    JPLedgerEntry,
)
from apps.enrollments.services import (
    HistoryCredit,
    attendance_import_rows,
    history_import_rows,
    history_source_ref,
    local_today,
    session_has_started,
    title_key,
)
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


JENIS_DIKLAT = ("struktural", "fungsional", "teknis", "kursus", "seminar")
MAX_HISTORY_JP = 999


@dataclass
class HistoryPlan:
    credits: list[HistoryCredit]
    skipped: int


def _known_credits(instansi_id: int) -> dict[str, set]:
    """What an imported training-history row may already be in the instansi's ledger, loaded once per import
    (five queries whatever the file's size):
    - `refs`: (pegawai_id, source_ref) of credits imported before (the same file again);
    - `certificates`: (pegawai_id, NUMBER) of the instansi's own certificates and approved external reports
      (its catalog credits exported and imported back);
    - `signatures`: (pegawai_id, title, first day, last day) of every credit, titles compared case-blind, so a
      credit whose certificate number the export could not carry is still recognised.
    A credit withdrawn here (a revoked certificate) counts as known too: a national history that still lists
    it must not credit it again."""
    refs = set(
        JPLedgerEntry.objects.filter(instansi_id=instansi_id, source_ref__startswith="history:").values_list(
            "pegawai_id", "source_ref"
        )
    )
    certificates = {
        (pegawai_id, number.strip().upper())
        for pegawai_id, number in Certificate.objects.filter(
            instansi_id=instansi_id, enrollment__ledger_entry__isnull=False
        ).values_list("enrollment__pegawai_id", "number")
    }
    certificates |= {
        (pegawai_id, number.strip().upper())
        for pegawai_id, number in ExternalTraining.objects.filter(
            instansi_id=instansi_id, status=ExternalStatus.APPROVED
        )
        .exclude(certificate_number="")
        .values_list("pegawai_id", "certificate_number")
    }
    certificates |= {  # numbers an earlier import or an LMS completion brought (JPLedgerEntry.exchange)
        (pegawai_id, str(number).strip().upper())
        for pegawai_id, number in JPLedgerEntry.objects.filter(
            instansi_id=instansi_id, reverses__isnull=True, exchange__has_key="nomor"
        ).values_list("pegawai_id", "exchange__nomor")
    }
    signatures = {
        (pegawai_id, title_key(title), start or credited_on, end or credited_on)
        for pegawai_id, title, start, end, credited_on in JPLedgerEntry.objects.filter(
            instansi_id=instansi_id, reverses__isnull=True
        ).values_list("pegawai_id", "title", "start_date", "end_date", "credited_on")
    }
    return {"refs": refs, "certificates": certificates, "signatures": signatures}


def _exchange(row: Row, *, jenis: str, number: str) -> dict[str, str]:
    """The exchange columns the ledger does not hold elsewhere, kept so the export gives them back."""
    issued = parse_date(row.values.get("tanggal_sertifikat")) if row.text("tanggal_sertifikat") else None
    given = {
        "jenis": jenis,
        "kode": row.text("kode_diklat_struktural")[:20],
        "tempat": row.text("tempat")[:200],
        "nomor": number,
        "tanggal_sertifikat": issued.isoformat() if issued else "",
    }
    return {key: value for key, value in given.items() if value}


class TrainingHistoryImporter:
    """Riwayat diklat from the SIASN-style exchange file (exports.headers(): the file the JP dashboard
    exports reads back unchanged), so the 20 JP ledger starts from the trainings pegawai already have.

    Column keys are the Indonesian headers as read by the header matcher, so an Indonesian file is
    recognised whatever language the worker runs in. Each row is one training of one pegawai of this
    instansi (by NIP). A row already in the ledger (imported before, the instansi's own certificate, or the
    same title and dates) is skipped and counted, not credited again; a row repeating another row of the
    same file is an error. All rows are checked against maps loaded once; nothing is saved unless every
    row is valid."""

    kind = "riwayat_diklat"
    label = gettext_lazy("Riwayat diklat (ekspor SIASN)")
    permission_roles = frozenset(ADMINS)
    use_copy: bool | None = None  # None: COPY on PostgreSQL (tests force the other path)
    columns = (
        Column(
            "nip", gettext_lazy("NIP"), help=gettext_lazy("18 digit, ketik sebagai teks."), example="198507142010121001"
        ),
        Column(
            "nama",
            gettext_lazy("Nama"),
            required=False,
            help=gettext_lazy("Hanya untuk dibaca; pegawai dicari dengan NIP."),
        ),
        Column(
            "jenis_diklat",
            gettext_lazy("Jenis diklat"),
            help=gettext_lazy("struktural / fungsional / teknis / kursus / seminar"),
            example="teknis",
        ),
        Column("kode_diklat_struktural", gettext_lazy("Kode diklat struktural"), required=False, example=""),
        Column("nama_diklat", gettext_lazy("Nama diklat"), example="Pelatihan Pelayanan Prima"),
        Column("penyelenggara", gettext_lazy("Penyelenggara"), required=False, example="BPSDM Provinsi"),
        Column("tempat", gettext_lazy("Tempat"), required=False, example="Kendari"),
        Column(
            "tanggal_mulai",
            gettext_lazy("Tanggal mulai"),
            help=gettext_lazy("Tanggal, atau teks YYYY-MM-DD / DD/MM/YYYY."),
            example="2024-03-04",
        ),
        Column(
            "tanggal_selesai",
            gettext_lazy("Tanggal selesai"),
            help=gettext_lazy("JP dicatat pada tanggal ini."),
            example="2024-03-06",
        ),
        Column("jumlah_jp", gettext_lazy("Jumlah JP"), help=gettext_lazy("Bilangan bulat 1–999."), example="24"),
        Column("nomor_sertifikat", gettext_lazy("Nomor sertifikat"), required=False, example="123/BPSDM/2024"),
        Column("tanggal_sertifikat", gettext_lazy("Tanggal sertifikat"), required=False, example="2024-03-06"),
        Column(
            "tautan_sertifikat",
            gettext_lazy("Tautan sertifikat"),
            required=False,
            help=gettext_lazy("Diabaikan saat impor."),
        ),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        header = {c.key: str(c.header) for c in self.columns}
        people = {
            nip: (pk, employment_type, tmt)
            for pk, nip, employment_type, tmt in active_pegawai_for_instansi(instansi_id).values_list(
                "pk", "nip", "employment_type", "tmt"
            )
        }
        known = _known_credits(instansi_id)
        instansi = instansi_by_id(instansi_id)
        today = local_today(instansi) if instansi is not None else None
        errors: list[RowError] = []
        credits: list[HistoryCredit] = []
        skipped = 0
        seen: dict[Any, int] = {}
        for row in rows:
            row_errors = formula_errors(row, self.columns)
            nip = normalize_nip(row.text("nip"))
            person = people.get(nip)
            if not nip:
                row_errors.append(RowError(row.number, header["nip"], _("NIP wajib diisi.")))
            elif person is None:
                row_errors.append(RowError(row.number, header["nip"], _("NIP tidak dikenal di instansi ini.")))
            title = row.text("nama_diklat")
            if not title or len(title) > 250:
                row_errors.append(
                    RowError(row.number, header["nama_diklat"], _("Nama diklat wajib diisi, maksimal 250 karakter."))
                )
            jenis = row.text("jenis_diklat").lower()
            if jenis not in JENIS_DIKLAT:
                row_errors.append(
                    RowError(
                        row.number,
                        header["jenis_diklat"],
                        _("Isi salah satu: %(choices)s.") % {"choices": ", ".join(JENIS_DIKLAT)},
                    )
                )
            start = self._date(row, "tanggal_mulai", header, row_errors)
            end = self._date(row, "tanggal_selesai", header, row_errors)
            if start and end and end < start:
                row_errors.append(
                    RowError(row.number, header["tanggal_selesai"], _("Tanggal selesai sebelum tanggal mulai."))
                )
            elif end and today and end > today:
                row_errors.append(
                    RowError(
                        row.number,
                        header["tanggal_selesai"],
                        _("Tanggal selesai belum lewat; riwayat hanya memuat pelatihan yang sudah selesai."),
                    )
                )
            if row.text("tanggal_sertifikat") and parse_date(row.values.get("tanggal_sertifikat")) is None:
                row_errors.append(
                    RowError(
                        row.number,
                        header["tanggal_sertifikat"],
                        _("Tanggal tidak sah (YYYY-MM-DD atau DD/MM/YYYY)."),
                    )
                )
            jp_text = row.text("jumlah_jp")
            amount = int(jp_text) if jp_text.isascii() and jp_text.isdigit() else None
            if amount is None or not 1 <= amount <= MAX_HISTORY_JP:
                row_errors.append(
                    RowError(
                        row.number,
                        header["jumlah_jp"],
                        _("JP harus bilangan bulat 1–%(max)s.") % {"max": MAX_HISTORY_JP},
                    )
                )
            number = row.text("nomor_sertifikat")
            if len(number) > 100:
                row_errors.append(
                    RowError(row.number, header["nomor_sertifikat"], _("Nomor sertifikat maksimal 100 karakter."))
                )
            errors.extend(row_errors)
            if row_errors or person is None or start is None or end is None or amount is None:
                continue
            pegawai_id, employment_type, tmt = person
            ref = history_source_ref(nip=nip, title=title, start=start, end=end, certificate_number=number)
            signature = (pegawai_id, title_key(title), start, end)
            first = seen.get(ref) or seen.get(signature)
            if first is not None:
                errors.append(
                    RowError(
                        row.number, header["nama_diklat"], _("Baris ganda (sama dengan baris %(r)s).") % {"r": first}
                    )
                )
                continue
            seen[ref] = seen[signature] = row.number
            if (
                (pegawai_id, ref) in known["refs"]
                or (number and (pegawai_id, number.upper()) in known["certificates"])
                or signature in known["signatures"]
            ):
                skipped += 1
                continue
            credits.append(
                HistoryCredit(
                    pegawai_id=pegawai_id,
                    employment_type=employment_type,
                    tmt=tmt,
                    jp=amount,
                    title=title,
                    provider=row.text("penyelenggara"),
                    start=start,
                    end=end,
                    source_ref=ref,
                    exchange=_exchange(row, jenis=jenis, number=number),
                )
            )
        progress(len(rows))
        return errors, HistoryPlan(credits=credits, skipped=skipped)

    @staticmethod
    def _date(row: Row, key: str, header: dict[str, str], row_errors: list[RowError]) -> date | None:
        if not row.text(key):
            row_errors.append(RowError(row.number, header[key], _("Tanggal wajib diisi.")))
            return None
        value = parse_date(row.values.get(key))
        if value is None:
            row_errors.append(RowError(row.number, header[key], _("Tanggal tidak sah (YYYY-MM-DD atau DD/MM/YYYY).")))
        elif value < jp.EARLIEST_CREDIT_DATE:
            row_errors.append(RowError(row.number, header[key], _("Tanggal sebelum tahun 1960 tidak diterima.")))
            return None
        return value

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: HistoryPlan) -> int:
        return history_import_rows(
            instansi_id=instansi_id, actor_id=actor_id, rows=prepared.credits, use_copy=self.use_copy
        )

    def result_message(self, *, prepared: HistoryPlan, created: int) -> str:
        """The job's closing line: a file imported again says how many rows were already in the ledger."""
        message = _("%(n)s baris berhasil disimpan.") % {"n": created}
        if prepared.skipped:
            message += " " + _("%(n)s baris dilewati karena sudah tercatat di buku JP.") % {"n": prepared.skipped}
        return message
