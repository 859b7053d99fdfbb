"""Pegawai import (XLSX/CSV). All rows are validated in memory against maps loaded once (units,
jabatan, NIPs already in the database, manajerial holders); atasan are resolved by NIP and checked
for cycles before anything is written; then every row is inserted with its atasan id already set
(PostgreSQL: reserved ids and one COPY; elsewhere bulk_create in waves, bosses first): no per-row
queries, no update pass. bench/run.py measures 50,000 rows against the one-minute budget."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import Column, Row, RowError, cell_text, copy_insert, formula_errors, parse_date, reserve_ids
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.employees.golongan import RANK_ORDER, golongan_allowed
from apps.employees.models import EmploymentType, Pegawai, Sex, TransferSource
from apps.employees.nip import validate_for_type
from apps.employees.selectors import nips_active_elsewhere
from apps.employees.services import transfer_request_open
from apps.organizations.models import MANAGERIAL_JENIS, Jabatan, UnitKerja

TYPE_ALIASES = {
    "pns": EmploymentType.PNS,
    "cpns": EmploymentType.CPNS,
    "pppk": EmploymentType.PPPK,
    "pppk paruh waktu": EmploymentType.PPPK_PART_TIME,
    "pppk_part_time": EmploymentType.PPPK_PART_TIME,
}
SEX_ALIASES = {"l": Sex.MALE, "laki-laki": Sex.MALE, "p": Sex.FEMALE, "perempuan": Sex.FEMALE}
SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
NIP_AS_NUMBER = gettext_lazy("NIP tersimpan sebagai angka sehingga digitnya hilang; format sel sebagai teks.")
# Text columns and the model's max_length: a longer value is a row error, never silently cut.
MAX_LENGTH = {"nama": 150, "lokasi_kerja": 200, "pendidikan": 100, "email": 254, "telepon": 30}


@dataclass
class _Plan:
    rows: list[dict[str, Any]] = field(default_factory=list)
    existing_nips: dict[str, int] = field(default_factory=dict)
    transfers: list[tuple[str, str]] = field(default_factory=list)  # (NIP, name) active in another instansi


class PegawaiImporter:
    kind = "pegawai"
    label = gettext_lazy("Pegawai")
    permission_roles = frozenset(ADMINS)
    use_copy: bool | None = None  # None: COPY on PostgreSQL, waves of bulk_create elsewhere
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
        """Every row is checked against maps loaded once (units, jabatan, NIPs already stored,
        manajerial holders); then each row's atasan is resolved by NIP (explicit, else the nearest
        manajerial holder above) and the chains are checked for cycles, so save() can insert
        bosses before their staff without a second pass."""
        today = timezone.localdate()
        header = {c.key: str(c.header) for c in self.columns}
        units = {u.code: u for u in UnitKerja.objects.filter(instansi_id=instansi_id).only("id", "code", "path")}
        jabatan = {j.code: j for j in Jabatan.objects.filter(instansi_id=instansi_id).only("id", "code", "jenis")}
        existing = dict(Pegawai.objects.filter(instansi_id=instansi_id, is_active=True).values_list("nip", "pk"))
        allowed_golongan = {t: frozenset(golongan_allowed(t)) for t in EmploymentType.values}
        plan = _Plan(existing_nips=existing)
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for index, row in enumerate(rows, start=1):
            number = row.number
            text = {key: cell_text(value) for key, value in row.values.items()}
            row_errors = formula_errors(row, self.columns)
            raw_nip = row.values.get("nip")
            emp_type = TYPE_ALIASES.get(text.get("jenis_kepegawaian", "").lower())
            birth_text = text.get("tanggal_lahir", "")
            birth = parse_date(row.values.get("tanggal_lahir")) if birth_text else None
            sex_text = text.get("jenis_kelamin", "")
            sex = SEX_ALIASES.get(sex_text.lower(), "") if sex_text else ""
            nip = ""
            if _typed_as_number(raw_nip):
                row_errors.append(RowError(number, header["nip"], str(NIP_AS_NUMBER)))
            elif emp_type is None:
                row_errors.append(RowError(number, header["jenis_kepegawaian"], _("Jenis kepegawaian tidak dikenal.")))
            else:
                result = validate_for_type(raw_nip, emp_type, today, birth_date=birth, sex=sex)
                nip = result.normalized
                for issue in result.errors:
                    row_errors.append(RowError(number, header["nip"], f"{issue.message} ({issue.rule})"))
                if result.is_valid and nip in existing:
                    row_errors.append(RowError(number, header["nip"], _("NIP sudah terdaftar di database.")))
                elif result.is_valid and nip in seen:
                    row_errors.append(
                        RowError(
                            number,
                            header["nip"],
                            _("NIP ganda di berkas (sama dengan baris %(r)s).") % {"r": seen[nip]},
                        )
                    )
                if result.is_valid:
                    seen.setdefault(nip, number)
            name = text.get("nama", "")
            if not name:
                row_errors.append(RowError(number, header["nama"], _("Nama wajib diisi.")))
            golongan = text.get("golongan", "")
            if golongan and emp_type and golongan not in allowed_golongan[emp_type]:
                row_errors.append(
                    RowError(number, header["golongan"], _("Golongan tidak sesuai dengan jenis kepegawaian."))
                )
            if birth_text and birth is None:
                row_errors.append(RowError(number, header["tanggal_lahir"], _("Tanggal tidak sah.")))
            if sex_text and not sex:
                row_errors.append(RowError(number, header["jenis_kelamin"], _("Isi L atau P.")))
            unit = units.get(text.get("kode_unit", ""))
            if unit is None:
                row_errors.append(RowError(number, header["kode_unit"], _("Unit kerja tidak dikenal.")))
            jab = None
            jabatan_code = text.get("kode_jabatan", "")
            if jabatan_code:
                jab = jabatan.get(jabatan_code)
                if jab is None:
                    row_errors.append(RowError(number, header["kode_jabatan"], _("Jabatan tidak dikenal.")))
            boss_as_number = _typed_as_number(row.values.get("nip_atasan"))
            if boss_as_number:
                row_errors.append(RowError(number, header["nip_atasan"], str(NIP_AS_NUMBER)))
            boss = "" if boss_as_number else "".join(text.get("nip_atasan", "").split())
            email = text.get("email", "")
            if email and not _is_email(email):
                row_errors.append(RowError(number, header["email"], _("Alamat email tidak sah.")))
            for key, limit in MAX_LENGTH.items():
                if len(text.get(key, "")) > limit:
                    row_errors.append(
                        RowError(number, header[key], _("Terlalu panjang; maksimal %(n)s karakter.") % {"n": limit})
                    )
            errors.extend(row_errors)
            plan.rows.append(
                {
                    "row": number,
                    "nip": nip,
                    "name": name,
                    "employment_type": emp_type,
                    "golongan": golongan,
                    "rank_order": RANK_ORDER.get(golongan, 0),
                    "birth_date": birth,
                    "sex": sex,
                    "unit": unit,
                    "jabatan": jab,
                    "explicit_atasan": bool(boss),
                    "atasan_nip": boss,
                    "work_location": text.get("lokasi_kerja", ""),
                    "education": text.get("pendidikan", ""),
                    "email": email,
                    "phone": text.get("telepon", ""),
                }
            )
            if index % 2000 == 0:
                progress(index)
        elsewhere = nips_active_elsewhere(instansi_id=instansi_id, nips=[r["nip"] for r in plan.rows])
        for planned in plan.rows:
            if planned["nip"] in elsewhere:
                errors.append(
                    RowError(
                        planned["row"],
                        header["nip"],
                        _(
                            "NIP ini terdaftar pada pegawai aktif di instansi lain (mutasi); "
                            "permintaan mutasi dikirim ke superadmin."
                        ),
                    )
                )
                plan.transfers.append((planned["nip"], planned["name"]))
        errors.extend(self._resolve_atasan(instansi_id, plan, header))
        progress(len(rows))
        return errors, plan

    def on_rejected(self, *, instansi_id: int, actor_id: int | None, prepared: _Plan) -> None:
        """A rejected file still asks the superadmin about its mutasi NIPs (one open request per NIP)."""
        if not prepared.transfers:
            return

        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
        for nip, name in prepared.transfers:
            transfer_request_open(
                actor=actor, instansi_id=instansi_id, nip=nip, name=name, source=TransferSource.IMPORT
            )

    @staticmethod
    def _resolve_atasan(instansi_id: int, plan: _Plan, header: dict[str, str]) -> list[RowError]:
        """Fill each row's `atasan_nip`: the explicit NIP atasan, else the nearest manajerial holder
        up the unit tree (a manajerial holder's own unit does not count). Holders already stored
        come first (lowest id), then the file's, in file order — the same choice as
        selectors.default_atasan. Then refuse unknown NIPs, self-references and cycles."""
        errors: list[RowError] = []
        heads: dict[int, str] = {}
        for nip, unit_id in (
            Pegawai.objects.filter(instansi_id=instansi_id, is_active=True, jabatan__jenis__in=list(MANAGERIAL_JENIS))
            .order_by("id")
            .values_list("nip", "unit_kerja_id")
        ):
            heads.setdefault(unit_id, nip)
        for item in plan.rows:
            jab = item["jabatan"]
            if item["nip"] and item["unit"] is not None and jab is not None and jab.jenis in MANAGERIAL_JENIS:
                heads.setdefault(item["unit"].pk, item["nip"])
        file_rows: dict[str, dict[str, Any]] = {}
        for item in plan.rows:
            if item["nip"]:
                file_rows.setdefault(item["nip"], item)
        for item in plan.rows:
            boss = item["atasan_nip"]
            if item["explicit_atasan"]:
                if boss not in plan.existing_nips and boss not in file_rows:
                    errors.append(RowError(item["row"], header["nip_atasan"], _("NIP atasan tidak ditemukan.")))
                elif boss == item["nip"]:
                    errors.append(RowError(item["row"], header["nip_atasan"], _("Atasan tidak boleh diri sendiri.")))
                    item["atasan_nip"] = ""
                continue
            if item["unit"] is None:
                continue
            unit_ids = [int(p) for p in item["unit"].path.strip("/").split("/") if p]
            if item["jabatan"] is not None and item["jabatan"].jenis in MANAGERIAL_JENIS:
                unit_ids = unit_ids[:-1]
            item["atasan_nip"] = next(
                (heads[u] for u in reversed(unit_ids) if heads.get(u) not in (None, item["nip"])), ""
            )
        errors.extend(_cycle_errors(file_rows, header))
        return errors

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: _Plan) -> int:
        """Every row goes in with its atasan id already set: no update pass. On PostgreSQL the ids
        are reserved up front and all rows go in one COPY (the atasan FK is checked at commit);
        elsewhere (the SQLite embedded default) rows go in waves, bosses before their staff."""
        use_copy = self.use_copy if self.use_copy is not None else connection.vendor == "postgresql"
        with transaction.atomic():
            if use_copy:
                created = self._copy(instansi_id, prepared)
            else:
                created = self._insert_in_waves(instansi_id, prepared)
            audit_log(
                actor=None, action="pegawai.import", instansi_id=instansi_id, data={"rows": created, "by": actor_id}
            )
        return created

    @staticmethod
    def _values(instansi_id: int, r: dict[str, Any], atasan_id: int | None) -> dict[str, Any]:
        return {
            "instansi_id": instansi_id,
            "nip": r["nip"],
            "name": r["name"],
            "employment_type": r["employment_type"],
            "golongan": r["golongan"],
            "rank_order": r["rank_order"],
            "birth_date": r["birth_date"],
            "sex": r["sex"],
            "unit_kerja_id": r["unit"].pk,
            "jabatan_id": r["jabatan"].pk if r["jabatan"] else None,
            "atasan_id": atasan_id,
            "work_location": r["work_location"],
            "education": r["education"],
            "email": r["email"],
            "phone": r["phone"],
        }

    def _copy(self, instansi_id: int, prepared: _Plan) -> int:
        rows = prepared.rows
        ids = reserve_ids(Pegawai, len(rows))
        known = dict(prepared.existing_nips)
        known.update(zip((r["nip"] for r in rows), ids, strict=True))
        copy_insert(
            Pegawai,
            [
                {"id": pk, **self._values(instansi_id, r, known[r["atasan_nip"]] if r["atasan_nip"] else None)}
                for pk, r in zip(ids, rows, strict=True)
            ],
        )
        return len(rows)

    def _insert_in_waves(self, instansi_id: int, prepared: _Plan) -> int:
        """Rows whose atasan is already stored (or who have none) first, then their staff: as many
        bulk inserts as the hierarchy has levels."""
        known = dict(prepared.existing_nips)
        pending = prepared.rows
        created = 0
        while pending:
            wave = [r for r in pending if not r["atasan_nip"] or r["atasan_nip"] in known]
            if not wave:  # validation refuses cycles; this only guards against an endless loop
                raise RuntimeError("pegawai import: atasan chain did not resolve")
            objs = [
                Pegawai(**self._values(instansi_id, r, known[r["atasan_nip"]] if r["atasan_nip"] else None))
                for r in wave
            ]
            Pegawai.objects.bulk_create(objs, batch_size=2000)
            known.update((o.nip, o.pk) for o in objs)
            placed = {r["nip"] for r in wave}
            pending = [r for r in pending if r["nip"] not in placed]
            created += len(objs)
        return created


def _typed_as_number(value: Any) -> bool:
    """A NIP that reached us as a number (or as Excel's scientific text, '1,98507E+17' in a CSV
    saved from Excel) has lost its last digits: Excel keeps 15 significant digits of 18."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(SCIENTIFIC.match(value.strip()))


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _cycle_errors(file_rows: dict[str, dict[str, Any]], header: dict[str, str]) -> list[RowError]:
    """Rows of the file whose atasan chain comes back to itself (A→B→A). Stored pegawai never
    point at rows that do not exist yet, so a cycle can only run through rows of this file."""
    errors: list[RowError] = []
    done: set[str] = set()
    for start in file_rows:
        path: list[str] = []
        on_path: set[str] = set()
        current = start
        while current in file_rows and current not in done and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = file_rows[current]["atasan_nip"]
        if current in on_path:
            cycle = path[path.index(current) :]
            chain = " → ".join(str(file_rows[n]["row"]) for n in [*cycle, cycle[0]])
            for nip in cycle:
                errors.append(
                    RowError(
                        file_rows[nip]["row"],
                        header["nip_atasan"],
                        _("Rantai atasan melingkar (baris %(chain)s).") % {"chain": chain},
                    )
                )
        done.update(path)
    return errors
