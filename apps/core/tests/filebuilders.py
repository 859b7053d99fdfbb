"""Build import files inside tests: real XLSX (openpyxl), CSV in any delimiter or encoding, and
hostile files (zip bombs). Nothing is read from disk, so each test shows exactly what it uploads."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.core.imports import get_importer

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(kind: str) -> list[str]:
    """The column headers the importer's own template uses."""
    return [str(c.header) for c in get_importer(kind).columns]


def table(kind: str, rows: Iterable[dict[str, Any]], *, columns: Sequence[str] | None = None) -> list[list[Any]]:
    """Header + rows, each row given as {column key: value}; missing keys are blank cells."""
    importer = get_importer(kind)
    cols = [c for c in importer.columns if columns is None or c.key in columns]
    return [[str(c.header) for c in cols], *[[row.get(c.key, "") for c in cols] for row in rows]]


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def encode(rows: Sequence[Sequence[Any]], fmt: str) -> tuple[str, bytes]:
    """fmt: 'xlsx', 'csv' (comma) or 'csv;' (semicolon, as Indonesian-locale Excel saves it)."""
    if fmt == "xlsx":
        return "data.xlsx", xlsx_bytes(rows)
    if fmt == "csv;":
        return "data.csv", csv_bytes(rows, delimiter=";")
    return "data.csv", csv_bytes(rows)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    content_type = XLSX_TYPE if name.endswith(".xlsx") else "text/csv"
    return SimpleUploadedFile(name, data, content_type=content_type)


def zip_bomb(uncompressed_bytes: int, *, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A small .xlsx-looking zip whose one member unpacks to `uncompressed_bytes` of zeros.
    Written in 1 MiB chunks so the test never holds the unpacked size in memory."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(name, "w", force_zip64=True) as member:
            left = uncompressed_bytes
            while left > 0:
                member.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return buffer.getvalue()


def pns_nip(n: int, *, sex: int = 1) -> str:
    """A valid PNS NIP, distinct for n < 9,000 and from the factories' (born 1980+, TMT 2005-03)."""
    born = date(1980, 1, 1) + timedelta(days=n % 3000)
    return f"{born:%Y%m%d}200503{sex}{n // 3000 * 300 + n % 300 + 1:03d}"


def pppk_nip(n: int, *, sex: int = 2) -> str:
    """A valid NI PPPK: born 1990+, appointed 2021, marker digit 2, sequence from n."""
    born = date(1990, 5, 1) + timedelta(days=n % 3000)
    return f"{born:%Y%m%d}202121{sex}{n % 999 + 1:03d}"
