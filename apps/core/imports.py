"""Reading uploaded tables safely, and the registry of importers.

Rules: a file is refused whole when it is not a real XLSX/CSV, is empty, too big, has too many
rows, empty rows or columns, a too big shared-strings table, takes too long to read, or is a zip
bomb; cells that look like spreadsheet formulas are row errors; an importer
validates every row first and saves nothing unless every row is valid (all-or-nothing)."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import ImportRejected

FORMULA_START = re.compile(r"^[=@\t\r]|^[+\-](?![\d\s().\-]*$)")
FORMULA_CHARS = frozenset("=@\t\r+-")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")


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

    # Optional: `on_rejected(instansi_id=, actor_id=, prepared=)` after row errors, and
    # `result_message(prepared=, created=) -> str` for the job's closing line after a save.


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
    if type(value) is str:  # the common case first: this runs for every cell of a big file
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def looks_like_formula(value: Any) -> bool:
    """Checked on the raw cell and on the trimmed text: importers store the trimmed text, so
    ' =HYPERLINK(…)' would otherwise slip through and become a live formula on the next export.
    Runs on every cell of a file: the first character decides before any regex runs."""
    if not isinstance(value, str) or not value:
        return False
    first = value[0]
    if first.isspace() and first not in "\t\r":
        value = value.strip()
        first = value[:1]
    if not first or first not in FORMULA_CHARS:
        return False
    return bool(FORMULA_START.match(value))


def parse_date(value: Any) -> date | None:
    """Accepts a real spreadsheet date, YYYY-MM-DD or DD/MM/YYYY (and DD-MM-YYYY); day and month
    may have one digit. Parsed by hand: strptime costs seconds over a 50,000-row file."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if match := ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := DMY_DATE.match(text):
        day, _sep, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def neutralise(value: Any) -> Any:
    """For exports: a text cell that a spreadsheet would run as a formula gets a leading quote."""
    if looks_like_formula(value):
        return "'" + value
    return value


def read_table(data: bytes, filename: str, columns: Sequence[Column]) -> list[Row]:
    """Parse an uploaded XLSX or CSV into rows keyed by column key, or refuse the whole file.

    Limits are by what is read, not by file size (settings IMPORT_*): columns (IMPORT_MAX_COLUMNS),
    data rows (IMPORT_MAX_ROWS), empty rows in total (IMPORT_MAX_EMPTY_ROWS: past it the file is
    refused rather than cut short, so nothing below a gap is silently dropped), the XLSX shared
    strings table (IMPORT_MAX_SHARED_STRINGS_BYTES / IMPORT_MAX_SHARED_STRINGS, checked before
    openpyxl loads it) and the wall-clock time spent reading (IMPORT_MAX_SECONDS)."""
    deadline = time.monotonic() + settings.IMPORT_MAX_SECONDS
    if not data:
        raise ImportRejected(_("Berkas kosong."))
    if len(data) > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise ImportRejected(_("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": limit})
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw_rows = _read_xlsx(data, deadline)
    elif name.endswith(".csv"):
        raw_rows = _read_csv(data)
    else:
        raise ImportRejected(_("Jenis berkas tidak didukung; gunakan .xlsx atau .csv."))
    with closing(raw_rows):  # a refusal half-way closes the workbook at once
        return _to_rows(raw_rows, columns, deadline)


def _check_deadline(deadline: float) -> None:
    if time.monotonic() >= deadline:
        raise ImportRejected(
            _("Berkas tidak selesai dibaca dalam %(s)s detik; periksa isinya atau bagi menjadi beberapa berkas.")
            % {"s": f"{settings.IMPORT_MAX_SECONDS:g}"}
        )


def _too_wide(row: int, column: int) -> ImportRejected:
    return ImportRejected(
        _(
            "Baris %(row)s berisi data di kolom ke-%(col)s; batasnya %(n)s kolom. "
            "Hapus isi di luar tabel lalu unggah lagi."
        )
        % {"row": row, "col": column, "n": settings.IMPORT_MAX_COLUMNS}
    )


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"


def _read_xlsx(data: bytes, deadline: float) -> Generator[tuple[int, list[Any]], None, None]:
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
    _check_shared_strings(archive, deadline)
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise ImportRejected(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from exc
    return _sheet_rows(workbook, sheet)


SHARED_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?si[\s/>]")
SST_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?sst\b[^>]*>")
SST_COUNT = re.compile(rb"""\b(uniqueCount|count)\s*=\s*["']\s*(\d{1,20})\s*["']""")


def _check_shared_strings(archive: zipfile.ZipFile, deadline: float) -> None:
    """openpyxl loads the whole shared-strings table into a list before the first row, even in
    read-only mode: 190 MB of it cost 1.77 GB. So, before it does: the part's unpacked size
    (zipfile never unpacks past the size the archive declares), the count its <sst> tag declares
    (uniqueCount, else count), then the <si> entries it really holds, counted in 1 MB chunks."""
    path = _shared_strings_path(archive)
    if path is None:
        return
    try:
        info = archive.getinfo(path)
    except KeyError:
        return  # openpyxl then refuses the workbook as damaged
    too_many = _(
        "Berkas ditolak: tabel teks bersama (sharedStrings.xml) berisi lebih dari %(n)s teks; "
        "simpan ulang berkas atau bagi menjadi beberapa berkas."
    ) % {"n": settings.IMPORT_MAX_SHARED_STRINGS}
    if info.file_size > settings.IMPORT_MAX_SHARED_STRINGS_BYTES:
        raise ImportRejected(
            _("Berkas ditolak: tabel teks bersama (sharedStrings.xml) terlalu besar; batasnya %(size)s.")
            % {"size": _size_text(settings.IMPORT_MAX_SHARED_STRINGS_BYTES)}
        )
    overlap = 32  # longer than any match, so a tag split across two chunks is counted once
    counted, tail, first = 0, b"", True
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(1024 * 1024):
                buffer = tail + chunk
                if first:
                    first = False
                    if (start := SST_START.search(buffer, 0, 4096)) is not None:
                        declared = dict(SST_COUNT.findall(start.group()))
                        value = declared.get(b"uniqueCount", declared.get(b"count"))
                        if value is not None and int(value) > settings.IMPORT_MAX_SHARED_STRINGS:
                            raise ImportRejected(too_many)
                cut = max(len(buffer) - overlap, 0)
                counted += sum(1 for m in SHARED_STRING_TAG.finditer(buffer) if m.start() < cut)
                tail = buffer[cut:]
                if counted > settings.IMPORT_MAX_SHARED_STRINGS:
                    raise ImportRejected(too_many)
                _check_deadline(deadline)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportRejected(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from exc
    counted += len(SHARED_STRING_TAG.findall(tail))
    if counted > settings.IMPORT_MAX_SHARED_STRINGS:
        raise ImportRejected(too_many)


def _shared_strings_path(archive: zipfile.ZipFile) -> str | None:
    """The part openpyxl will load as shared strings, found the way openpyxl finds it: through the
    content types, so a table renamed to something other than xl/sharedStrings.xml is checked too."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring  # defusedxml-backed: no entity expansion

    if archive.getinfo(ARC_CONTENT_TYPES).file_size > 1024 * 1024:
        raise ImportRejected(_("Berkas bukan XLSX yang sah."))
    try:
        package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    except Exception as exc:  # noqa: BLE001 - XML, zip and openpyxl errors of a damaged file
        raise ImportRejected(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from exc
    part = package.find(SHARED_STRINGS)
    return part.PartName[1:] if part is not None else None


def _sheet_rows(workbook: Any, sheet: Any) -> Generator[tuple[int, list[Any]], None, None]:
    """(row number, values) one row at a time, the row number the sheet's own. Read with the parser
    that openpyxl's read-only iter_rows uses, not iter_rows itself: iter_rows pads every row to the
    declared dimension (A1:XFD1048576 means 16,384 cells a row) or to the row's last cell, styled
    but empty ones included, and yields missing rows one by one. Here the declared dimension is
    ignored, a row's values stop at its last cell that holds a value, and a value past
    IMPORT_MAX_COLUMNS refuses the file. A sheet that turns out damaged half-way (bad CRC, broken
    XML) is refused like any unreadable file."""
    from openpyxl.worksheet._reader import WorkSheetParser  # openpyxl is pinned (requirements.txt)

    limit = settings.IMPORT_MAX_COLUMNS
    try:
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=False,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                width = max((c["column"] for c in cells if c["value"] is not None), default=0)
                if width > limit:
                    raise _too_wide(number, width)
                values: list[Any] = [None] * width
                for cell in cells:
                    if cell["column"] <= width:
                        values[cell["column"] - 1] = cell["value"]
                yield number, values
    except ImportRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile/XML errors of a damaged file
        raise ImportRejected(_("Berkas XLSX rusak atau tidak dapat dibaca.")) from exc
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Generator[tuple[int, list[Any]], None, None]:
    if b"\x00" in data[:4096]:
        raise ImportRejected(_("Berkas bukan CSV teks yang sah."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(_("Berkas CSV harus memakai encoding UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    return _csv_rows(text, delimiter)


def _csv_rows(text: str, delimiter: str) -> Generator[tuple[int, list[Any]], None, None]:
    """Lazily, so the row, empty-row and time limits stop a huge file early. Trailing empty fields
    (Excel pads every line to the widest one) are fine; a value past IMPORT_MAX_COLUMNS is not."""
    limit = settings.IMPORT_MAX_COLUMNS
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if len(row) > limit:
                extra = next((i for i, v in enumerate(row[limit:], start=limit + 1) if v.strip()), None)
                if extra is not None:
                    raise _too_wide(number, extra)
                row = row[:limit]
            yield number, row
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        raise ImportRejected(_("Berkas CSV rusak atau tidak dapat dibaca.")) from exc


def _normal_header(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell_text(value).lower()).strip("_")


class _RowBudget:
    """Counts every row read, empty ones too (rows an XLSX skips between two row numbers
    included, by arithmetic, never one by one), and watches the clock."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.previous = 0
        self.empty = 0
        self.data = 0

    def read(self, number: int, raw: Sequence[Any]) -> bool:
        """True when the row holds data; refuses the file when a limit is passed."""
        _check_deadline(self.deadline)
        self.empty += max(number - self.previous - 1, 0)
        self.previous = max(number, self.previous)
        filled = any(cell_text(c) for c in raw)
        if filled:
            self.data += 1
        else:
            self.empty += 1
        if self.empty > settings.IMPORT_MAX_EMPTY_ROWS:
            raise ImportRejected(
                _(
                    "Berkas berisi lebih dari %(n)s baris kosong (sampai baris %(row)s); "
                    "hapus baris kosong itu lalu unggah lagi."
                )
                % {"n": settings.IMPORT_MAX_EMPTY_ROWS, "row": number}
            )
        return filled


def _to_rows(raw_rows: Iterable[tuple[int, Sequence[Any]]], columns: Sequence[Column], deadline: float) -> list[Row]:
    """Row numbers are the spreadsheet's own (1-based, blank rows above the header counted), so
    an error report points at the row the user sees."""
    budget = _RowBudget(deadline)
    iterator = iter(raw_rows)
    header: Sequence[Any] | None = None
    for number, candidate in iterator:
        if budget.read(number, candidate):
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
        if not budget.read(number, raw):
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
    """Called for every row of a big file: headers are translated only when a cell is refused."""
    flagged = [
        key
        for key, value in row.values.items()
        if type(value) is str
        and value
        and (value[0] in FORMULA_CHARS or value[0].isspace())
        and looks_like_formula(value)
    ]
    if not flagged:
        return []
    headers = {c.key: str(c.header) for c in columns}
    message = _("Isi sel tampak seperti rumus spreadsheet; ketik sebagai teks biasa.")
    return [RowError(row.number, headers[key], message) for key in flagged]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """PostgreSQL: take `count` ids from the table's sequence in one query, so rows that point at
    each other (an atasan further down the file) can be written with their ids in one COPY."""
    if count == 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, int | float | Decimal | UUID):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value).translate(_COPY_ESCAPES)
    raise TypeError(f"copy_insert cannot write {type(value).__name__}")


ANALYZE_AFTER_ROWS = 1000  # a COPY this large refreshes the table's planner statistics once committed


def copy_insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """PostgreSQL COPY of already validated rows (dicts keyed by field attname) into the model's
    table: for 50,000 rows a second or two, where bulk_create spends most of half a minute
    preparing parameters. Fields a row leaves out get their default (auto_now fields: now). The
    database still checks every constraint; foreign keys are checked at commit (Django creates
    them DEFERRABLE INITIALLY DEFERRED), so rows may point at rows later in the same COPY."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    given = set(rows[0])
    fixed: dict[str, Any] = {}
    per_row: dict[str, Any] = {}
    for f in fields:
        if f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fixed[f.attname] = now
        elif f.has_default() and callable(f.default):
            per_row[f.attname] = f
        else:
            fixed[f.attname] = f.get_default()
    buffer = io.StringIO()
    for row in rows:
        values = []
        for f in fields:
            name = f.attname
            if name in row:
                value = row[name]
            elif name in per_row:
                value = per_row[name].get_default()
            else:
                value = fixed[name]
            values.append(_copy_value(value))
        buffer.write("\t".join(values))
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    # copy_expert is psycopg2's own method: wrap it so a constraint raises Django's IntegrityError.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
    if len(rows) >= ANALYZE_AFTER_ROWS:
        # Fresh statistics once the rows are committed: with stale ones the planner misjudges the row-level
        # security filters (their instansi is unknown when a query is planned) and may pick a plan of minutes.
        transaction.on_commit(lambda: _analyze(table))


def _analyze(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


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
