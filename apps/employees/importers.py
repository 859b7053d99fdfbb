"""Pegawai import (XLSX/CSV). All rows are validated in memory against maps loaded once (units,
jabatan, NIPs already in the database), then inserted with bulk_create: no per-row queries, so
50,000 rows fit well inside a minute on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import Column, Row, RowError, formula_errors, parse_date
from apps.core.services import audit_log
from apps.employees.golongan import RANK_ORDER, golongan_allowed
from apps.employees.models import EmploymentType, Pegawai, Sex
from apps.employees.nip import validate_for_type
from apps.organizations.models import MANAGERIAL_JENIS, Jabatan, UnitKerja

TYPE_ALIASES = {
    "pns": EmploymentType.PNS,
    "cpns": EmploymentType.CPNS,
    "pppk": EmploymentType.PPPK,
    "pppk paruh waktu": EmploymentType.PPPK_PART_TIME,
    "pppk_part_time": EmploymentType.PPPK_PART_TIME,
}
SEX_ALIASES = {"l": Sex.MALE, "laki-laki": Sex.MALE, "p": Sex.FEMALE, "perempuan": Sex.FEMALE}


@dataclass
class _Plan:
    rows: list[dict[str, Any]] = field(default_factory=list)
    existing_nips: dict[str, int] = field(default_factory=dict)


class PegawaiImporter:
    kind = "pegawai"
    label = gettext_lazy("Pegawai")
    permission_roles = frozenset({"admin_bkpsdm", "superadmin"})
    columns = (
        Column(
            "nip",
            gettext_lazy("NIP"),
            help=gettext_lazy("18 digit; ketik sebagai teks agar digit tidak hilang."),
            example="198507142010121001",
        ),
        Column("nama", gettext_lazy("Nama lengkap"), example="Siti Rahmawati, S.Kep."),
        Column(
            "jenis_kepegawaian",
            gettext_lazy("Jenis kepegawaian"),
            help="PNS, CPNS, PPPK, PPPK paruh waktu",
            example="PNS",
        ),
        Column(
            "golongan",
            gettext_lazy("Golongan"),
            required=False,
            help=gettext_lazy("PNS: I/a–IV/e; PPPK: I–XVII"),
            example="III/c",
        ),
        Column(
            "tanggal_lahir",
            gettext_lazy("Tanggal lahir"),
            required=False,
            help=gettext_lazy("YYYY-MM-DD atau DD/MM/YYYY"),
            example="1985-07-14",
        ),
        Column("jenis_kelamin", gettext_lazy("Jenis kelamin"), required=False, help="L / P", example="L"),
        Column("kode_unit", gettext_lazy("Kode unit"), example="DINKES"),
        Column("kode_jabatan", gettext_lazy("Kode jabatan"), required=False, example="JF-PERAWAT-AM"),
        Column(
            "nip_atasan",
            gettext_lazy("NIP atasan"),
            required=False,
            help=gettext_lazy("Kosong: pemegang jabatan manajerial terdekat di atasnya."),
            example="",
        ),
        Column("lokasi_kerja", gettext_lazy("Lokasi kerja"), required=False, example="Puskesmas Abeli"),
        Column("pendidikan", gettext_lazy("Pendidikan terakhir"), required=False, example="S1 Keperawatan"),
        Column("email", gettext_lazy("Email"), required=False, example="siti@example.go.id"),
        Column("telepon", gettext_lazy("Telepon"), required=False, example="081234567890"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        today = timezone.localdate()
        header = {c.key: str(c.header) for c in self.columns}
        units = {u.code: u for u in UnitKerja.objects.filter(instansi_id=instansi_id).only("id", "code", "path")}
        jabatan = {j.code: j for j in Jabatan.objects.filter(instansi_id=instansi_id).only("id", "code", "jenis")}
        existing = dict(Pegawai.objects.filter(instansi_id=instansi_id, is_active=True).values_list("nip", "pk"))
        plan = _Plan(existing_nips=existing)
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for index, row in enumerate(rows, start=1):
            row_errors = formula_errors(row, self.columns)
            raw_nip = row.values.get("nip")
            emp_type = TYPE_ALIASES.get(row.text("jenis_kepegawaian").lower())
            birth_text = row.text("tanggal_lahir")
            birth = parse_date(row.values.get("tanggal_lahir")) if birth_text else None
            sex_text = row.text("jenis_kelamin")
            sex = SEX_ALIASES.get(sex_text.lower(), "") if sex_text else ""
            nip = ""
            if isinstance(raw_nip, float) and raw_nip >= 1e15:
                row_errors.append(
                    RowError(
                        row.number,
                        header["nip"],
                        _("NIP tersimpan sebagai angka sehingga digitnya hilang; format sel sebagai teks."),
                    )
                )
            elif emp_type is None:
                row_errors.append(
                    RowError(row.number, header["jenis_kepegawaian"], _("Jenis kepegawaian tidak dikenal."))
                )
            else:
                result = validate_for_type(raw_nip, emp_type, today, birth_date=birth, sex=sex)
                nip = result.normalized
                for issue in result.errors:
                    row_errors.append(RowError(row.number, header["nip"], f"{issue.message} ({issue.rule})"))
                if result.is_valid and nip in existing:
                    row_errors.append(RowError(row.number, header["nip"], _("NIP sudah terdaftar di database.")))
                elif result.is_valid and nip in seen:
                    row_errors.append(
                        RowError(
                            row.number,
                            header["nip"],
                            _("NIP ganda di berkas (sama dengan baris %(r)s).") % {"r": seen[nip]},
                        )
                    )
                seen.setdefault(nip, row.number)
            if not row.text("nama"):
                row_errors.append(RowError(row.number, header["nama"], _("Nama wajib diisi.")))
            golongan = row.text("golongan")
            if golongan and emp_type and golongan not in golongan_allowed(emp_type):
                row_errors.append(
                    RowError(row.number, header["golongan"], _("Golongan tidak sesuai dengan jenis kepegawaian."))
                )
            if birth_text and birth is None:
                row_errors.append(RowError(row.number, header["tanggal_lahir"], _("Tanggal tidak sah.")))
            if sex_text and not sex:
                row_errors.append(RowError(row.number, header["jenis_kelamin"], _("Isi L atau P.")))
            unit = units.get(row.text("kode_unit"))
            if unit is None:
                row_errors.append(RowError(row.number, header["kode_unit"], _("Unit kerja tidak dikenal.")))
            jab = None
            if row.text("kode_jabatan"):
                jab = jabatan.get(row.text("kode_jabatan"))
                if jab is None:
                    row_errors.append(RowError(row.number, header["kode_jabatan"], _("Jabatan tidak dikenal.")))
            errors.extend(row_errors)
            plan.rows.append(
                {
                    "row": row.number,
                    "nip": nip,
                    "name": row.text("nama")[:150],
                    "employment_type": emp_type,
                    "golongan": golongan,
                    "rank_order": RANK_ORDER.get(golongan, 0),
                    "birth_date": birth,
                    "sex": sex,
                    "unit": unit,
                    "jabatan": jab,
                    "atasan_nip": "".join(row.text("nip_atasan").split()),
                    "work_location": row.text("lokasi_kerja")[:200],
                    "education": row.text("pendidikan")[:100],
                    "email": row.text("email")[:254],
                    "phone": row.text("telepon")[:30],
                }
            )
            if index % 2000 == 0:
                progress(index)
        file_nips = {r["nip"] for r in plan.rows}
        for item in plan.rows:
            boss = item["atasan_nip"]
            if boss and boss not in existing and boss not in file_nips:
                errors.append(RowError(item["row"], header["nip_atasan"], _("NIP atasan tidak ditemukan.")))
            elif boss and boss == item["nip"]:
                errors.append(RowError(item["row"], header["nip_atasan"], _("Atasan tidak boleh diri sendiri.")))
        progress(len(rows))
        return errors, plan

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: _Plan) -> int:
        with transaction.atomic():
            objs = [
                Pegawai(
                    instansi_id=instansi_id,
                    nip=r["nip"],
                    name=r["name"],
                    employment_type=r["employment_type"],
                    golongan=r["golongan"],
                    rank_order=r["rank_order"],
                    birth_date=r["birth_date"],
                    sex=r["sex"],
                    unit_kerja_id=r["unit"].pk,
                    jabatan_id=r["jabatan"].pk if r["jabatan"] else None,
                    work_location=r["work_location"],
                    education=r["education"],
                    email=r["email"],
                    phone=r["phone"],
                )
                for r in prepared.rows
            ]
            Pegawai.objects.bulk_create(objs, batch_size=1000)
            self._link_atasan(instansi_id, objs, prepared)
            audit_log(
                actor=None, action="pegawai.import", instansi_id=instansi_id, data={"rows": len(objs), "by": actor_id}
            )
        return len(objs)

    @staticmethod
    def _link_atasan(instansi_id: int, objs: list[Pegawai], prepared: _Plan) -> None:
        """Explicit NIP atasan first; otherwise the nearest manajerial holder up the unit tree,
        resolved in memory from one query."""
        by_nip = dict(prepared.existing_nips)
        by_nip.update({o.nip: o.pk for o in objs})
        heads: dict[int, int] = {}
        for pk, unit_id in (
            Pegawai.objects.filter(instansi_id=instansi_id, is_active=True, jabatan__jenis__in=list(MANAGERIAL_JENIS))
            .order_by("id")
            .values_list("pk", "unit_kerja_id")
        ):
            heads.setdefault(unit_id, pk)
        changed = []
        for obj, r in zip(objs, prepared.rows, strict=True):
            if r["atasan_nip"]:
                obj.atasan_id = by_nip[r["atasan_nip"]]
            else:
                unit_ids = [int(p) for p in r["unit"].path.strip("/").split("/") if p]
                if r["jabatan"] is not None and r["jabatan"].jenis in MANAGERIAL_JENIS:
                    unit_ids = unit_ids[:-1]
                obj.atasan_id = next((heads[u] for u in reversed(unit_ids) if heads.get(u) not in (None, obj.pk)), None)
            if obj.atasan_id:
                changed.append(obj)
        Pegawai.objects.bulk_update(changed, ["atasan"], batch_size=1000)
