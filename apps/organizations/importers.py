"""Importers for unit kerja and jabatan (XLSX/CSV). Validate every row, save all or nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import Column, Row, RowError, formula_errors
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.organizations.models import (
    JENJANG_BY_JENIS,
    Jabatan,
    JenisJabatan,
    Jenjang,
    JobFunction,
    JobTask,
    UnitKerja,
    UnitKind,
)

YES = {"ya", "y", "yes", "true", "1", "x"}
# Text columns and the model's max_length: a longer value is a row error, never silently cut.
UNIT_MAX_LENGTH = {"kode": 30, "nama": 200, "alamat": 250, "wilayah": 100}
JABATAN_MAX_LENGTH = {"kode": 30, "nama": 200, "pembina": 150}


def _length_errors(row: Row, limits: dict[str, int], header: dict[str, str]) -> list[RowError]:
    return [
        RowError(row.number, header[key], _("Terlalu panjang; maksimal %(n)s karakter.") % {"n": limit})
        for key, limit in limits.items()
        if len(row.text(key)) > limit
    ]


def _choice(value: str, choices: type) -> str | None:
    """Match a choice by its code or its Indonesian label, case-insensitively."""
    norm = value.strip().lower()
    for code, label in choices.choices:
        if norm in {str(code).lower(), str(label).lower()}:
            return code
    return None


@dataclass
class _UnitPlan:
    rows: list[dict[str, Any]] = field(default_factory=list)
    existing_paths: dict[str, tuple[int, str]] = field(default_factory=dict)


class UnitImporter:
    kind = "unit_kerja"
    label = gettext_lazy("Unit kerja")
    permission_roles = ADMINS
    columns = (
        Column("kode", gettext_lazy("Kode unit"), help=gettext_lazy("Unik di instansi."), example="DINKES"),
        Column("nama", gettext_lazy("Nama unit"), example="Dinas Kesehatan"),
        Column(
            "jenis",
            gettext_lazy("Jenis unit"),
            help=gettext_lazy("opd, bidang, seksi, upt, puskesmas, sekolah, kecamatan, kelurahan, setda"),
            example="opd",
        ),
        Column(
            "kode_induk",
            gettext_lazy("Kode unit induk"),
            required=False,
            help=gettext_lazy("Kosong untuk unit teratas; boleh merujuk baris lain di berkas."),
            example="SETDA",
        ),
        Column("alamat", gettext_lazy("Alamat"), required=False, example="Jl. Balai Kota No. 1"),
        Column("wilayah", gettext_lazy("Wilayah"), required=False, example="Kadia"),
        Column(
            "terpencil", gettext_lazy("Terpencil"), required=False, help=gettext_lazy("ya / tidak"), example="tidak"
        ),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        errors: list[RowError] = []
        existing = {
            u.code: (u.pk, u.path) for u in UnitKerja.objects.filter(instansi_id=instansi_id).only("code", "path")
        }
        seen: dict[str, int] = {}
        plan = _UnitPlan(existing_paths=existing)
        header = {c.key: str(c.header) for c in self.columns}
        for index, row in enumerate(rows, start=1):
            row_errors = formula_errors(row, self.columns)
            code, name = row.text("kode"), row.text("nama")
            kind = _choice(row.text("jenis"), UnitKind)
            if not code:
                row_errors.append(RowError(row.number, header["kode"], _("Kode unit wajib diisi.")))
            elif code in existing:
                row_errors.append(RowError(row.number, header["kode"], _("Kode unit sudah ada di database.")))
            elif code in seen:
                row_errors.append(
                    RowError(
                        row.number,
                        header["kode"],
                        _("Kode unit ganda di berkas (sama dengan baris %(r)s).") % {"r": seen[code]},
                    )
                )
            if not name:
                row_errors.append(RowError(row.number, header["nama"], _("Nama unit wajib diisi.")))
            if kind is None:
                row_errors.append(RowError(row.number, header["jenis"], _("Jenis unit tidak dikenal.")))
            row_errors.extend(_length_errors(row, UNIT_MAX_LENGTH, header))
            if code and code not in seen:
                seen[code] = row.number
            errors.extend(row_errors)
            plan.rows.append(
                {
                    "row": row.number,
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "parent": row.text("kode_induk"),
                    "address": row.text("alamat"),
                    "region": row.text("wilayah"),
                    "is_remote": row.text("terpencil").lower() in YES,
                }
            )
            if index % 1000 == 0:
                progress(index)
        file_codes = {r["code"] for r in plan.rows}
        for item in plan.rows:
            parent = item["parent"]
            if parent and parent not in existing and parent not in file_codes:
                errors.append(RowError(item["row"], header["kode_induk"], _("Unit induk tidak dikenal.")))
        if not errors:
            errors.extend(self._cycles(plan, header))
        progress(len(rows))
        return errors, plan

    @staticmethod
    def _cycles(plan: _UnitPlan, header: dict[str, str]) -> list[RowError]:
        parent_of = {r["code"]: r["parent"] for r in plan.rows}
        errors = []
        for item in plan.rows:
            seen, current = set(), item["code"]
            while current in parent_of and parent_of[current]:
                if current in seen:
                    errors.append(RowError(item["row"], header["kode_induk"], _("Hubungan induk membentuk lingkaran.")))
                    break
                seen.add(current)
                current = parent_of[current]
        return errors

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: _UnitPlan) -> int:
        """Insert level by level so each parent has an id (and a path) before its children."""
        known = dict(prepared.existing_paths)
        pending = list(prepared.rows)
        created = 0
        while pending:
            level = [r for r in pending if not r["parent"] or r["parent"] in known]
            if not level:  # validation refuses cycles; this only guards against an endless loop
                raise RuntimeError("unit import: parent chain did not resolve")
            objs = [
                UnitKerja(
                    instansi_id=instansi_id,
                    code=r["code"],
                    name=r["name"],
                    kind=r["kind"],
                    parent_id=known[r["parent"]][0] if r["parent"] else None,
                    address=r["address"],
                    region=r["region"],
                    is_remote=r["is_remote"],
                )
                for r in level
            ]
            UnitKerja.objects.bulk_create(objs, batch_size=1000)
            for obj, r in zip(objs, level, strict=True):
                parent_path = known[r["parent"]][1] if r["parent"] else "/"
                obj.path = f"{parent_path}{obj.pk}/"
                obj.depth = obj.path.count("/") - 2
                known[obj.code] = (obj.pk, obj.path)
            UnitKerja.objects.bulk_update(objs, ["path", "depth"], batch_size=1000)
            done = {r["code"] for r in level}
            pending = [r for r in pending if r["code"] not in done]
            created += len(objs)
        audit_log(actor=None, action="unit.import", instansi_id=instansi_id, data={"rows": created, "by": actor_id})
        return created


def split_tasks(text: str) -> list[dict[str, str]]:
    """'Tugas A | hasil A; Tugas B' → [{description, output}, …]. Newlines also separate tasks."""
    tasks = []
    for part in re.split(r"[;\n]+", text):
        if not part.strip():
            continue
        description, _sep, output = part.partition("|")
        tasks.append({"description": description.strip(), "output": output.strip()[:250]})
    return tasks


def split_functions(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]+", text) if p.strip()]


class JabatanImporter:
    kind = "jabatan"
    label = gettext_lazy("Jabatan")
    permission_roles = ADMINS
    columns = (
        Column("kode", gettext_lazy("Kode jabatan"), example="JF-PERAWAT-AM"),
        Column("nama", gettext_lazy("Nama jabatan"), example="Perawat Ahli Muda"),
        Column(
            "jenis",
            gettext_lazy("Jenis jabatan"),
            help=gettext_lazy("jpt, administrator, pengawas, fungsional_keahlian, fungsional_keterampilan, pelaksana"),
            example="fungsional_keahlian",
        ),
        Column(
            "jenjang",
            gettext_lazy("Jenjang"),
            required=False,
            help=gettext_lazy("Sesuai jenis, mis. ahli_muda; kosong untuk administrator/pengawas"),
            example="ahli_muda",
        ),
        Column("kode_unit", gettext_lazy("Kode unit"), example="PKM-ABELI"),
        Column("kelas_jabatan", gettext_lazy("Kelas jabatan"), required=False, help="1–17", example="9"),
        Column("ikhtisar", gettext_lazy("Ikhtisar jabatan"), required=False, example="Melakukan asuhan keperawatan"),
        Column(
            "uraian_tugas",
            gettext_lazy("Uraian tugas"),
            required=False,
            help=gettext_lazy("Pisahkan tugas dengan ';' dan hasil kerja dengan '|'"),
            example="Melakukan pengkajian keperawatan | Dokumen pengkajian; Menyusun rencana asuhan | Rencana asuhan",
        ),
        Column("fungsi", gettext_lazy("Fungsi"), required=False, help=gettext_lazy("Pisahkan dengan ';'"), example=""),
        Column("pembina", gettext_lazy("Instansi pembina"), required=False, example="Kementerian Kesehatan"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        errors: list[RowError] = []
        header = {c.key: str(c.header) for c in self.columns}
        units = dict(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("code", "pk"))
        existing = set(Jabatan.objects.filter(instansi_id=instansi_id).values_list("code", flat=True))
        seen: dict[str, int] = {}
        plan: list[dict[str, Any]] = []
        for index, row in enumerate(rows, start=1):
            row_errors = formula_errors(row, self.columns)
            code, name = row.text("kode"), row.text("nama")
            jenis = _choice(row.text("jenis"), JenisJabatan)
            jenjang_text = row.text("jenjang")
            jenjang = _choice(jenjang_text, Jenjang) if jenjang_text else ""
            if not code:
                row_errors.append(RowError(row.number, header["kode"], _("Kode jabatan wajib diisi.")))
            elif code in existing:
                row_errors.append(RowError(row.number, header["kode"], _("Kode jabatan sudah ada di database.")))
            elif code in seen:
                row_errors.append(
                    RowError(
                        row.number,
                        header["kode"],
                        _("Kode jabatan ganda di berkas (sama dengan baris %(r)s).") % {"r": seen[code]},
                    )
                )
            seen.setdefault(code, row.number)
            if not name:
                row_errors.append(RowError(row.number, header["nama"], _("Nama jabatan wajib diisi.")))
            if jenis is None:
                row_errors.append(RowError(row.number, header["jenis"], _("Jenis jabatan tidak dikenal.")))
            elif jenjang is None or (jenjang not in JENJANG_BY_JENIS[jenis] if JENJANG_BY_JENIS[jenis] else jenjang):
                row_errors.append(
                    RowError(row.number, header["jenjang"], _("Jenjang tidak sesuai dengan jenis jabatan."))
                )
            unit_id = units.get(row.text("kode_unit"))
            if unit_id is None:
                row_errors.append(RowError(row.number, header["kode_unit"], _("Unit kerja tidak dikenal.")))
            row_errors.extend(_length_errors(row, JABATAN_MAX_LENGTH, header))
            job_class = None
            if row.text("kelas_jabatan"):
                try:
                    job_class = int(row.text("kelas_jabatan"))
                except ValueError:
                    job_class = 0
                if not 1 <= job_class <= 17:
                    row_errors.append(
                        RowError(row.number, header["kelas_jabatan"], _("Kelas jabatan harus bilangan bulat 1–17."))
                    )
            errors.extend(row_errors)
            plan.append(
                {
                    "code": code,
                    "name": name,
                    "jenis": jenis,
                    "jenjang": jenjang or "",
                    "unit_kerja_id": unit_id,
                    "job_class": job_class,
                    "summary": row.text("ikhtisar"),
                    "pembina": row.text("pembina"),
                    "tasks": split_tasks(row.text("uraian_tugas")),
                    "functions": split_functions(row.text("fungsi")),
                }
            )
            if index % 1000 == 0:
                progress(index)
        progress(len(rows))
        return errors, plan

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: list[dict[str, Any]]) -> int:
        with transaction.atomic():
            objs = [
                Jabatan(instansi_id=instansi_id, **{k: v for k, v in item.items() if k not in {"tasks", "functions"}})
                for item in prepared
            ]
            Jabatan.objects.bulk_create(objs, batch_size=1000)
            tasks, functions = [], []
            for obj, item in zip(objs, prepared, strict=True):
                tasks += [
                    JobTask(instansi_id=instansi_id, jabatan=obj, order=i, **t)
                    for i, t in enumerate(item["tasks"], start=1)
                ]
                functions += [
                    JobFunction(instansi_id=instansi_id, jabatan=obj, order=i, description=f)
                    for i, f in enumerate(item["functions"], start=1)
                ]
            JobTask.objects.bulk_create(tasks, batch_size=1000)
            JobFunction.objects.bulk_create(functions, batch_size=1000)
            audit_log(
                actor=None, action="jabatan.import", instansi_id=instansi_id, data={"rows": len(objs), "by": actor_id}
            )
        return len(objs)
