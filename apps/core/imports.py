"""Reading uploaded tables safely, and the registry of importers.

Rules: a file is refused whole when it is not a real XLSX/CSV, is empty, too big, has too many
rows, or is a zip bomb; cells that look like spreadsheet formulas are row errors; an importer
validates every row first and saves nothing unless every row is valid (all-or-nothing)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.exceptions import ImportRejected

FORMULA_START = re.compile(r"^[=@\t\r]|^[+\-](?![\d\s().\-]*$)")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": str(self.column), "message": str(self.message)}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    help: str = ""
    example: str = ""


@dataclass
class Row:
    number: int  # spreadsheet row number: the header is row 1
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))


class Importer(Protocol):
    kind: str
    label: str
    columns: Sequence[Column]
    permission_roles: frozenset[str]

    def validate(
        self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]
    ) -> tuple[list[RowError], Any]: ...

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: Any) -> int: ...


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _REGISTRY[importer.kind] = importer


def get_importer(kind: str) -> Importer | None:
    return _REGISTRY.get(kind)


def importers() -> Iterable[Importer]:
    return _REGISTRY.values()


def cell_text(value: Any) -> str:
    """A cell as trimmed text. Whole floats lose their '.0' (Excel stores numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def looks_like_formula(value: Any) -> bool:
    """Checked on the raw cell and on the trimmed text: importers store the trimmed text, so
    ' =HYPERLINK(…)' would otherwise slip through and become a live formula on the next export."""
    if not isinstance(value, str):
        return False
    return bool(FORMULA_START.match(value) or FORMULA_START.match(value.strip()))


def parse_date(value: Any) -> date | None:
    """Accepts a real spreadsheet date, YYYY-MM-DD or DD/MM/YYYY (and DD-MM-YYYY)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, not a moment
        except ValueError:
            continue
    return None


def neutralise(value: Any) -> Any:
    """For exports: a text cell that a spreadsheet would run as a formula gets a leading quote."""
    if looks_like_formula(value):
        return "'" + value
    return value


def read_table(data: bytes, filename: str, columns: Sequence[Column]) -> list[Row]:
    """Parse an uploaded XLSX or CSV into rows keyed by column key, or refuse the whole file."""
    if not data:
        raise ImportRejected(_("Berkas kosong."))
    if len(data) > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise ImportRejected(_("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": limit})
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw_rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        raw_rows = _read_csv(data)
    else:
        raise ImportRejected(_("Jenis berkas tidak didukung; gunakan .xlsx atau .csv."))
    return _to_rows(raw_rows, columns)


def _read_xlsx(data: bytes) -> Iterable[Sequence[Any]]:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRejected(_("Berkas bukan XLSX yang sah."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportRejected(_("Berkas bukan XLSX yang sah.")) from exc
    uncompressed = sum(i.file_size for i in infos)
    if len(infos) > 2000 or uncompressed > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise ImportRejected(_("Berkas ditolak: isi terkompresinya terlalu besar (kemungkinan zip bomb)."))
    if "[Content_Types].xml" not in archive.namelist():
        raise ImportRejected(_("Berkas bukan XLSX yang sah."))
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise ImportRejected(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from exc
    return _sheet_rows(workbook, sheet)


def _sheet_rows(workbook: Any, sheet: Any) -> Iterable[Sequence[Any]]:
    """Rows one at a time, so the row limit stops a huge sheet before it is all in memory. A sheet
    that turns out damaged half-way (bad CRC, broken XML) is refused like any unreadable file."""
    try:
        yield from sheet.iter_rows(values_only=True)
    except ImportRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile/XML errors of a damaged file
        raise ImportRejected(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from exc
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Iterable[Sequence[Any]]:
    if b"\x00" in data[:4096]:
        raise ImportRejected(_("Berkas bukan CSV teks yang sah."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(_("Berkas CSV harus memakai encoding UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        raise ImportRejected(_("Berkas CSV rusak atau tidak dapat dibaca.")) from exc


def _normal_header(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell_text(value).lower()).strip("_")


def _to_rows(raw_rows: Iterable[Sequence[Any]], columns: Sequence[Column]) -> list[Row]:
    """Row numbers are the spreadsheet's own (1-based, blank rows above the header counted), so
    an error report points at the row the user sees."""
    iterator = enumerate(raw_rows, start=1)
    header: Sequence[Any] | None = None
    for _number, candidate in iterator:
        if any(cell_text(c) for c in candidate):
            header = candidate
            break
    if header is None:
        raise ImportRejected(_("Berkas kosong."))
    by_name: dict[str, str] = {}
    for col in columns:
        by_name[_normal_header(col.key)] = col.key
        by_name[_normal_header(col.header)] = col.key
    positions: dict[int, str] = {}
    for index, cell in enumerate(header):
        key = by_name.get(_normal_header(cell))
        if key:
            positions[index] = key
    missing = [str(c.header) for c in columns if c.required and c.key not in positions.values()]
    if missing:
        raise ImportRejected(_("Kolom wajib tidak ditemukan: %(cols)s.") % {"cols": ", ".join(missing)})
    rows: list[Row] = []
    for number, raw in iterator:
        if not any(cell_text(c) for c in raw):
            continue
        values = {key: raw[i] if i < len(raw) else None for i, key in positions.items()}
        rows.append(Row(number=number, values=values))
        if len(rows) > settings.IMPORT_MAX_ROWS:
            raise ImportRejected(
                _("Terlalu banyak baris; batasnya %(n)s baris per berkas.") % {"n": settings.IMPORT_MAX_ROWS}
            )
    if not rows:
        raise ImportRejected(_("Berkas tidak berisi baris data di bawah judul kolom."))
    return rows


def formula_errors(row: Row, columns: Sequence[Column]) -> list[RowError]:
    headers = {c.key: str(c.header) for c in columns}
    return [
        RowError(row.number, headers[key], _("Isi sel tampak seperti rumus spreadsheet; ketik sebagai teks biasa."))
        for key, value in row.values.items()
        if looks_like_formula(value)
    ]


def template_workbook(importer: Importer) -> bytes:
    """An XLSX with the importer's headers, one example row and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append([str(c.header) for c in importer.columns])
    sheet.append([str(c.example) for c in importer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for index, col in enumerate(importer.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(col.header) + 4)
        sheet.cell(2, index).number_format = "@"
    guide = workbook.create_sheet("Petunjuk")
    guide.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Contoh")])
    for col in importer.columns:
        guide.append([str(col.header), _("ya") if col.required else _("tidak"), str(col.help), str(col.example)])
    guide.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
