"""Assessment-centre (and uji kompetensi / 360) results import: one row per pegawai × competency. Rows with
the same NIP, date and method form one assessment. Validated against maps loaded once; all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.competencies.selectors import kompetensi_for_instansi, skj_for_instansi
from apps.core.imports import Column, Row, RowError, formula_errors, parse_date
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.needs.models import AssessmentMethod, PerformanceRecord
from apps.needs.services import assessment_import

METHOD_ALIASES = {
    "": AssessmentMethod.ASSESSMENT_CENTER,
    "assessment center": AssessmentMethod.ASSESSMENT_CENTER,
    "assessment_center": AssessmentMethod.ASSESSMENT_CENTER,
    "ac": AssessmentMethod.ASSESSMENT_CENTER,
    "uji kompetensi": AssessmentMethod.UJI_KOMPETENSI,
    "uji_kompetensi": AssessmentMethod.UJI_KOMPETENSI,
    "360": AssessmentMethod.THREE_SIXTY,
}


class AssessmentCenterImporter:
    kind = "assessment_center"
    label = gettext_lazy("Hasil assessment center / uji kompetensi")
    permission_roles = frozenset(ADMINS)
    columns = (
        Column(
            "nip", gettext_lazy("NIP"), help=gettext_lazy("18 digit, ketik sebagai teks."), example="198507142010121001"
        ),
        Column(
            "tanggal",
            gettext_lazy("Tanggal asesmen"),
            help=gettext_lazy("YYYY-MM-DD atau DD/MM/YYYY"),
            example="2026-03-15",
        ),
        Column(
            "metode",
            gettext_lazy("Metode"),
            required=False,
            help=gettext_lazy("assessment center (bawaan), uji kompetensi, 360"),
            example="assessment center",
        ),
        Column("penyelenggara", gettext_lazy("Penyelenggara"), required=False, example="UPT Penilaian Kompetensi BKN"),
        Column("kode_kompetensi", gettext_lazy("Kode kompetensi"), example="M.01"),
        Column("level", gettext_lazy("Level"), help=gettext_lazy("Bilangan bulat 1–5."), example="3"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        today = timezone.localdate()
        header = {c.key: str(c.header) for c in self.columns}
        pegawai = {
            p.nip: p for p in Pegawai.objects.filter(instansi_id=instansi_id, is_active=True).select_related("jabatan")
        }
        skj: dict[int, dict[str, tuple[int, int]]] = {}
        for jabatan_id, kompetensi_id, code, level in skj_for_instansi(instansi_id).values_list(
            "jabatan_id", "kompetensi_id", "kompetensi__code", "required_level"
        ):
            skj.setdefault(jabatan_id, {})[code.upper()] = (kompetensi_id, level)
        groups: dict[tuple[str, Any, str], dict[str, Any]] = {}
        errors: list[RowError] = []
        for row in rows:
            row_errors = formula_errors(row, self.columns)
            nip = "".join(row.text("nip").split())
            person = pegawai.get(nip)
            if person is None:
                row_errors.append(RowError(row.number, header["nip"], _("NIP tidak ditemukan di instansi ini.")))
            when = parse_date(row.values.get("tanggal"))
            if when is None:
                row_errors.append(RowError(row.number, header["tanggal"], _("Tanggal tidak sah.")))
            elif when > today:
                row_errors.append(RowError(row.number, header["tanggal"], _("Tanggal tidak boleh di masa depan.")))
            method = METHOD_ALIASES.get(row.text("metode").lower())
            if method is None:
                row_errors.append(RowError(row.number, header["metode"], _("Metode tidak dikenal.")))
            level_text = row.text("level")
            level = int(level_text) if level_text.isdigit() else 0
            if not 1 <= level <= 5:
                row_errors.append(RowError(row.number, header["level"], _("Level harus bilangan bulat 1–5.")))
            code = row.text("kode_kompetensi").upper()
            entry = None
            if person is not None:
                job_skj = skj.get(person.jabatan_id or 0)
                if not job_skj:
                    row_errors.append(RowError(row.number, header["nip"], _("SKJ jabatan pegawai ini belum diisi.")))
                else:
                    entry = job_skj.get(code)
                    if entry is None:
                        row_errors.append(
                            RowError(
                                row.number,
                                header["kode_kompetensi"],
                                _("Kompetensi tidak termasuk SKJ jabatan pegawai."),
                            )
                        )
            if not row_errors and person is not None and entry is not None:
                key = (nip, when, method)
                group = groups.setdefault(
                    key,
                    {
                        "pegawai": person,
                        "date": when,
                        "method": method,
                        "provider": row.text("penyelenggara"),
                        "required": dict(skj[person.jabatan_id].values()),
                        "levels": {},
                        "rows": {},
                    },
                )
                if entry[0] in group["levels"]:
                    row_errors.append(
                        RowError(
                            row.number,
                            header["kode_kompetensi"],
                            _("Kompetensi ganda (sama dengan baris %(r)s).") % {"r": group["rows"][entry[0]]},
                        )
                    )
                else:
                    group["levels"][entry[0]] = level
                    group["rows"][entry[0]] = row.number
            errors.extend(row_errors)
        progress(len(rows))
        return errors, list(groups.values())

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: list[dict[str, Any]]) -> int:
        return assessment_import(instansi_id=instansi_id, actor_id=actor_id, groups=prepared)


PREDIKAT_ALIASES = {
    "sangat baik": "sangat_baik",
    "baik": "baik",
    "butuh perbaikan": "butuh_perbaikan",
    "kurang": "kurang",
    "kurang/misconduct": "kurang",
    "misconduct": "kurang",
    "sangat kurang": "sangat_kurang",
}
RATING_ALIASES = {
    "": "",
    "di atas": "di_atas",
    "di atas ekspektasi": "di_atas",
    "sesuai": "sesuai",
    "sesuai ekspektasi": "sesuai",
    "di bawah": "di_bawah",
    "di bawah ekspektasi": "di_bawah",
}


class PerformanceImporter:
    """SKP results per pegawai per year; a row for an existing year replaces that year's record."""

    kind = "skp"
    label = gettext_lazy("Kinerja pegawai (SKP)")
    permission_roles = frozenset(ADMINS)
    columns = (
        Column("nip", gettext_lazy("NIP"), example="198507142010121001"),
        Column("tahun", gettext_lazy("Tahun"), example="2025"),
        Column(
            "predikat",
            gettext_lazy("Predikat"),
            help="Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang",
            example="Baik",
        ),
        Column(
            "hasil_kerja",
            gettext_lazy("Hasil kerja"),
            required=False,
            help="Di Atas / Sesuai / Di Bawah",
            example="Sesuai",
        ),
        Column("perilaku_kerja", gettext_lazy("Perilaku kerja"), required=False, example="Sesuai"),
        Column(
            "kode_kompetensi",
            gettext_lazy("Kompetensi terkait"),
            required=False,
            help=gettext_lazy("Kode dipisah koma, mis. M.04, T.KEMENKES.01"),
            example="",
        ),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):

        header = {c.key: str(c.header) for c in self.columns}
        this_year = timezone.localdate().year
        pegawai = {p.nip: p for p in Pegawai.objects.filter(instansi_id=instansi_id, is_active=True)}
        codes: dict[str, int] = {}
        for pk, code in kompetensi_for_instansi(instansi_id).order_by("-instansi_id").values_list("pk", "code"):
            codes.setdefault(code.upper(), pk)
        plan: list[dict[str, Any]] = []
        seen: dict[tuple[str, int], int] = {}
        errors: list[RowError] = []
        for row in rows:
            row_errors = formula_errors(row, self.columns)
            nip = "".join(row.text("nip").split())
            person = pegawai.get(nip)
            if person is None:
                row_errors.append(RowError(row.number, header["nip"], _("NIP tidak ditemukan di instansi ini.")))
            year_text = row.text("tahun")
            year = int(year_text) if year_text.isdigit() else 0
            if not 2000 <= year <= this_year:
                row_errors.append(RowError(row.number, header["tahun"], _("Tahun tidak sah.")))
            predikat = PREDIKAT_ALIASES.get(row.text("predikat").lower())
            if predikat is None:
                row_errors.append(
                    RowError(row.number, header["predikat"], _("Predikat harus salah satu dari lima predikat SKP."))
                )
            hasil = RATING_ALIASES.get(row.text("hasil_kerja").lower())
            perilaku = RATING_ALIASES.get(row.text("perilaku_kerja").lower())
            if hasil is None:
                row_errors.append(RowError(row.number, header["hasil_kerja"], _("Isi Di Atas, Sesuai, atau Di Bawah.")))
            if perilaku is None:
                row_errors.append(
                    RowError(row.number, header["perilaku_kerja"], _("Isi Di Atas, Sesuai, atau Di Bawah."))
                )
            komp_ids = []
            for code in [c.strip().upper() for c in row.text("kode_kompetensi").split(",") if c.strip()]:
                if code not in codes:
                    row_errors.append(
                        RowError(
                            row.number,
                            header["kode_kompetensi"],
                            _("Kompetensi %(c)s tidak ada di kamus.") % {"c": code},
                        )
                    )
                else:
                    komp_ids.append(codes[code])
            if (nip, year) in seen:
                row_errors.append(
                    RowError(
                        row.number,
                        header["tahun"],
                        _("Data ganda (sama dengan baris %(r)s).") % {"r": seen[(nip, year)]},
                    )
                )
            seen.setdefault((nip, year), row.number)
            errors.extend(row_errors)
            if not row_errors:
                plan.append(
                    {
                        "pegawai": person,
                        "year": year,
                        "predikat": predikat,
                        "hasil": hasil,
                        "perilaku": perilaku,
                        "komp": komp_ids,
                    }
                )
        progress(len(rows))
        return errors, plan

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: list[dict[str, Any]]) -> int:

        with transaction.atomic():
            for item in prepared:
                record, _created = PerformanceRecord.objects.update_or_create(
                    pegawai=item["pegawai"],
                    year=item["year"],
                    defaults={
                        "instansi_id": instansi_id,
                        "predikat": item["predikat"],
                        "hasil_kerja": item["hasil"],
                        "perilaku_kerja": item["perilaku"],
                    },
                )
                record.kompetensi.set(item["komp"])
            audit_log(
                actor=None,
                action="performance.import",
                instansi_id=instansi_id,
                data={"n": len(prepared), "by": actor_id},
            )
        return len(prepared)
