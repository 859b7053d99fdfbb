"""Assessment-centre (and uji kompetensi / 360) results import: one row per pegawai × competency. Rows with
the same NIP, date and method form one assessment. Validated against maps loaded once; all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.competencies.selectors import skj_for_instansi
from apps.core.imports import Column, Row, RowError, formula_errors, parse_date
from apps.employees.models import Pegawai
from apps.needs.models import AssessmentMethod
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
    permission_roles = frozenset({"admin_bkpsdm", "superadmin"})
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
