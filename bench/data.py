"""Synthetic but valid data for the benchmarks: a unit tree with manajerial jabatan per unit, and
any number of pegawai rows with distinct valid NIPs (PNS and PPPK), some with an explicit NIP
atasan, the rest left to the default (nearest manajerial holder above)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

OPD_COUNT = 40
BIDANG_PER_OPD = 5
SEKSI_PER_BIDANG = 3
STAFF_JABATAN = (
    ("fungsional_keahlian", "ahli_pertama", "ANALIS"),
    ("fungsional_keahlian", "ahli_muda", "PERAWAT"),
    ("fungsional_keterampilan", "terampil", "PRANATA"),
    ("pelaksana", "klerek", "PENGADMIN"),
    ("pelaksana", "operator", "OPERATOR"),
)


def unit_rows() -> list[dict[str, Any]]:
    """SETDA, then OPD → bidang → seksi; children come before parents half of the time."""
    rows = [{"kode": "SETDA", "nama": "Sekretariat Daerah", "jenis": "setda"}]
    for o in range(OPD_COUNT):
        opd = f"OPD{o:02d}"
        block = [{"kode": opd, "nama": f"Dinas {o}", "jenis": "opd", "kode_induk": "SETDA"}]
        for b in range(BIDANG_PER_OPD):
            bid = f"{opd}-B{b}"
            block.append({"kode": bid, "nama": f"Bidang {o}.{b}", "jenis": "bidang", "kode_induk": opd})
            for s in range(SEKSI_PER_BIDANG):
                block.append({"kode": f"{bid}-S{s}", "nama": f"Seksi {o}.{b}.{s}", "jenis": "seksi", "kode_induk": bid})
        if o % 2:
            block.reverse()
        rows += block
    return rows


def jabatan_rows(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One manajerial jabatan per unit (JPT for SETDA/OPD, administrator for bidang, pengawas for
    seksi) and the staff jabatan in every seksi."""
    rows = []
    for u in units:
        code, name = u["kode"], u["nama"]
        head = {"kode": f"KEP-{code}", "nama": f"Kepala {name}", "kode_unit": code}
        if u["jenis"] in {"setda", "opd"}:
            head.update(jenis="jpt", jenjang="madya" if u["jenis"] == "setda" else "pratama")
        else:
            head["jenis"] = "administrator" if u["jenis"] == "bidang" else "pengawas"
        rows.append(head)
        if u["jenis"] == "seksi":
            for jenis, jenjang, staff in STAFF_JABATAN:
                rows.append(
                    {"kode": f"{staff}-{code}", "nama": f"{staff.title()} {code}", "jenis": jenis, "jenjang": jenjang}
                    | {"kode_unit": code}
                )
    return rows


def pns_nip(i: int) -> str:
    """Distinct for i < 60,000: birth day from i % 12,000, sequence from i // 12,000."""
    born = date(1965, 1, 1) + timedelta(days=i % 12_000)
    tmt_year = born.year + 20 + i // 12_000
    return f"{born:%Y%m%d}{tmt_year}{1 + i % 12:02d}{1 + i % 2}{1 + i // 12_000:03d}"


def pppk_nip(i: int) -> str:
    born = date(1975, 1, 1) + timedelta(days=i % 9_000)
    return f"{born:%Y%m%d}{2019 + i % 5}2{1 + i % 9}{1 + i % 2}{1 + i // 9_000:03d}"


PNS_GOL = ("II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a")
PPPK_GOL = ("V", "VII", "IX", "XI")


def pegawai_rows(count: int, units: list[dict[str, Any]], *, seed: int = 42) -> list[dict[str, Any]]:
    """Every unit gets its head first (so defaults resolve); the rest are staff spread over the
    seksi. One row in ten names its atasan explicitly (the seksi head, wherever it sits in the
    file); the file is shuffled so bosses often come after their staff."""
    rng = random.Random(seed)  # reproducible synthetic data
    rows: list[dict[str, Any]] = []
    heads: dict[str, str] = {}
    for i, u in enumerate(units):
        nip = pns_nip(i)
        heads[u["kode"]] = nip
        rows.append(_person(nip, f"Kepala {u['kode']}", "PNS", "IV/a", u["kode"], f"KEP-{u['kode']}"))
    seksi = [u["kode"] for u in units if u["jenis"] == "seksi"]
    for i in range(len(units), count):
        unit = seksi[i % len(seksi)]
        _jenis, _jenjang, name = STAFF_JABATAN[i % len(STAFF_JABATAN)]
        if i % 5 == 0:
            row = _person(pppk_nip(i), f"Pegawai PPPK {i}", "PPPK", rng.choice(PPPK_GOL), unit, f"{name}-{unit}")
        else:
            row = _person(pns_nip(i), f"Pegawai {i}", "PNS", rng.choice(PNS_GOL), unit, f"{name}-{unit}")
        if i % 10 == 3:
            row["nip_atasan"] = heads[unit]
        rows.append(row)
    rng.shuffle(rows)
    return rows


def _person(nip: str, name: str, kind: str, golongan: str, unit: str, jabatan: str) -> dict[str, Any]:
    born = f"{nip[6:8]}/{nip[4:6]}/{nip[0:4]}"
    return {
        "nip": nip,
        "nama": name,
        "jenis_kepegawaian": kind,
        "golongan": golongan,
        "tanggal_lahir": born,
        "jenis_kelamin": "L" if nip[14] == "1" else "P",
        "kode_unit": unit,
        "kode_jabatan": jabatan,
        "lokasi_kerja": "Kantor pusat",
        "pendidikan": "S1",
        "email": f"p{nip}@example.go.id",
        "telepon": "+6281234567",
    }


def as_table(columns: list[Any], rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[str(c.header) for c in columns], *[[r.get(c.key, "") for c in columns] for r in rows]]


def to_csv(table: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(table)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(table: list[list[Any]]) -> bytes:
    """A normal workbook, as Excel or LibreOffice save one (shared strings, a dimension): openpyxl's
    write-only mode writes inline strings, which no spreadsheet program produces."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
