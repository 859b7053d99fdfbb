"""Limits by what is read, not by file size (issue 21 items 3 and 4): declared dimensions, empty
rows, columns, the shared-strings table and the time spent reading.

Every hostile file is built here from raw XML in a zip (or raw CSV text), kept small by lowering
the limit under test with `settings`. No test times itself: each asserts what was read or refused,
and a file that is refused early stays quick."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl.utils import get_column_letter

from apps.core import imports
from apps.core.exceptions import ImportRejected
from apps.core.imports import get_importer, read_table
from apps.core.models import ImportStatus
from apps.core.services import import_job_create, import_job_run
from apps.core.tests import filebuilders as fb
from apps.employees.models import Pegawai

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
EMPTY_ROWS_MESSAGE = "baris kosong"
COLUMNS_MESSAGE = "kolom ke-"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- building files by hand -------------------------------------------------------------------------


def _ok(n: int, **overrides: Any) -> dict[str, Any]:
    row = {"nip": fb.pns_nip(n), "nama": f"Pegawai {n}", "jenis_kepegawaian": "PNS", "kode_unit": "DINKES"}
    row.update(overrides)
    return row


def cell(column: int, row: int, value: Any, *, shared: dict[str, int] | None = None) -> str:
    ref = f"{get_column_letter(column)}{row}"
    if value is None or value == "":
        return ""
    if shared is not None:
        index = shared.setdefault(str(value), len(shared))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: Sequence[Any], *, extra: str = "", shared: dict[str, int] | None = None) -> str:
    cells = "".join(cell(i, number, v, shared=shared) for i, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}{extra}</row>'


def sheet_xml(rows: Iterable[str], *, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{"".join(rows)}</sheetData></worksheet>'


def sst_xml(strings: Sequence[str], *, declared: int | None = None) -> str:
    count = len(strings) if declared is None else declared
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def workbook(sheet: str, *, strings: str | None = None, strings_path: str = "xl/sharedStrings.xml") -> bytes:
    """The smallest workbook openpyxl reads: content types, two rels, workbook.xml, one sheet and,
    when given, a shared-strings part (found, as Excel and openpyxl find it, via content types)."""
    override = f'<Override PartName="/{strings_path}" ContentType="{SST_TYPE}"/>' if strings is not None else ""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            f"{override}</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        parts[strings_path] = strings
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def pegawai_sheet(
    rows: Sequence[dict[str, Any]], *, dimension: str | None = None, shared: dict[str, int] | None = None
) -> str:
    table = fb.table("pegawai", rows)
    return sheet_xml(
        [row_xml(n, values, shared=shared) for n, values in enumerate(table, start=1)], dimension=dimension
    )


def last_filled(row: dict[str, Any]) -> int:
    """The 1-based column of the row's last value, in the importer's column order."""
    return max(i for i, c in enumerate(pegawai_columns(), start=1) if row.get(c.key))


def pegawai_columns() -> Sequence[imports.Column]:
    return get_importer("pegawai").columns


def run_import(world, name: str, data: bytes):
    job = import_job_create(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        kind="pegawai",
        upload=fb.upload(name, data),
        enqueue=False,
    )
    return import_job_run(job_id=job.pk)


def assert_refused(job, before: int, *fragments: str) -> None:
    assert job.status == ImportStatus.REJECTED
    for fragment in fragments:
        assert fragment in job.message
    assert job.errors == []
    assert job.created_rows == 0
    assert Pegawai.objects.count() == before


def refusal(data: bytes, name: str = "data.xlsx") -> str:
    with pytest.raises(ImportRejected) as caught:
        read_table(data, name, pegawai_columns())
    return caught.value.message


# --- the declared dimension is ignored -------------------------------------------------------------


def test_declared_full_sheet_dimension_is_not_padded(world):
    """Issue 21 item 3: A1:XFD1048576 made every row 16,384 cells and a million rows long."""
    data = workbook(pegawai_sheet([_ok(1), _ok(2)], dimension="A1:XFD1048576"))
    assert len(data) < 5 * 1024
    rows = read_table(data, "data.xlsx", pegawai_columns())
    assert [r.number for r in rows] == [2, 3]
    assert {r.text("nip") for r in rows} == {fb.pns_nip(1), fb.pns_nip(2)}
    keys = {c.key for c in pegawai_columns()}
    assert all(set(r.values) <= keys for r in rows)

    reader = imports._read_xlsx(data, time.monotonic() + 60)
    widths = [len(values) for _number, values in reader]
    assert widths == [len(fb.headers("pegawai")), last_filled(_ok(1)), last_filled(_ok(2))]  # no padding


def test_declared_dimension_file_imports_through_the_job(world):
    before = Pegawai.objects.count()
    data = workbook(pegawai_sheet([_ok(1), _ok(2)], dimension="A1:XFD1048576"))
    job = run_import(world, "data.xlsx", data)
    assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
    assert job.total_rows == 2
    assert Pegawai.objects.count() == before + 2


def test_styled_empty_cells_far_right_are_not_padded_or_refused(world):
    """Excel writes <c r="XFD2" s="1"/> for a formatted empty cell: no value, so no column."""
    table = fb.table("pegawai", [_ok(1)])
    far = '<c r="XFD{n}" s="0"/>'
    sheet = sheet_xml(row_xml(n, values, extra=far.format(n=n)) for n, values in enumerate(table, start=1))
    widths = [len(values) for _number, values in imports._read_xlsx(workbook(sheet), time.monotonic() + 60)]
    assert widths == [len(fb.headers("pegawai")), last_filled(_ok(1))]


# --- empty rows --------------------------------------------------------------------------------------


def test_empty_rows_between_data_within_the_limit_keep_row_numbers(world, settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 500
    table = fb.table("pegawai", [_ok(1), _ok(2)])
    blanks = [f'<row r="{n}"/>' for n in range(3, 503)]  # 500 empty rows, exactly the limit
    sheet = sheet_xml([row_xml(1, table[0]), row_xml(2, table[1]), *blanks, row_xml(503, table[2])])
    rows = read_table(workbook(sheet), "data.xlsx", pegawai_columns())
    assert [r.number for r in rows] == [2, 503]


def test_data_after_200000_missing_rows_is_refused_without_reading_them(world):
    """Rows an XLSX leaves out between two row numbers count as empty rows by arithmetic, so a
    gap of 200,000 (default limit 100,000) is refused at once, and nothing below it is dropped
    silently: the whole file is refused."""
    table = fb.table("pegawai", [_ok(1), _ok(2)])
    sheet = sheet_xml([row_xml(1, table[0]), row_xml(2, table[1]), row_xml(200_003, table[2])])
    message = refusal(workbook(sheet))
    assert message == (
        "Berkas berisi lebih dari 100000 baris kosong (sampai baris 200003); hapus baris kosong itu lalu unggah lagi."
    )


def test_200000_empty_row_elements_then_data_are_refused_through_the_job(world, settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 1000
    before = Pegawai.objects.count()
    table = fb.table("pegawai", [_ok(1), _ok(2)])
    blanks = [f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 200_003)]
    sheet = sheet_xml([row_xml(1, table[0]), row_xml(2, table[1]), *blanks, row_xml(200_003, table[2])])
    job = run_import(world, "data.xlsx", workbook(sheet, strings=None))
    assert_refused(job, before, "lebih dari 1000 baris kosong (sampai baris 1003)")


def test_empty_rows_above_the_header_count_too(world, settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 10
    table = fb.table("pegawai", [_ok(1)])
    sheet = sheet_xml([row_xml(12, table[0]), row_xml(13, table[1])])
    assert "lebih dari 10 baris kosong (sampai baris 12)" in refusal(workbook(sheet))
    settings.IMPORT_MAX_EMPTY_ROWS = 11
    assert [r.number for r in read_table(workbook(sheet), "data.xlsx", pegawai_columns())] == [13]


def test_csv_with_a_million_empty_lines_is_refused(world):
    header = ",".join(fb.headers("pegawai")) + "\r\n"
    data = (header + "\r\n" * 1_000_000).encode()
    assert len(data) < 10 * 1024 * 1024
    assert refusal(data, "data.csv").startswith("Berkas berisi lebih dari 100000 baris kosong (sampai baris 100002)")


def test_csv_empty_lines_through_the_job(world, settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 5
    before = Pegawai.objects.count()
    rows = fb.table("pegawai", [_ok(1)])
    data = fb.csv_bytes(rows[:1]) + b"\r\n" * 6 + fb.csv_bytes(rows[1:])
    job = run_import(world, "data.csv", data)
    assert_refused(job, before, "lebih dari 5 baris kosong")


# --- columns -----------------------------------------------------------------------------------------


def test_value_past_the_column_limit_is_refused(world):
    before = Pegawai.objects.count()
    table = fb.table("pegawai", [_ok(1), _ok(2)])
    far = f'<c r="{get_column_letter(201)}3" t="inlineStr"><is><t>catatan</t></is></c>'
    sheet = sheet_xml([row_xml(1, table[0]), row_xml(2, table[1]), row_xml(3, table[2], extra=far)])
    job = run_import(world, "data.xlsx", workbook(sheet))
    assert_refused(job, before, "Baris 3 berisi data di kolom ke-201; batasnya 200 kolom.")


def test_value_in_the_last_allowed_column_is_read(world):
    table = fb.table("pegawai", [_ok(1)])
    far = f'<c r="{get_column_letter(200)}2" t="inlineStr"><is><t>catatan</t></is></c>'
    sheet = sheet_xml([row_xml(1, table[0]), row_xml(2, table[1], extra=far)])
    rows = read_table(workbook(sheet), "data.xlsx", pegawai_columns())
    assert [r.text("nip") for r in rows] == [fb.pns_nip(1)]


def test_value_at_xfd_is_refused(world):
    table = fb.table("pegawai", [_ok(1)])
    far = '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c>'
    sheet = sheet_xml([row_xml(1, table[0]), row_xml(2, table[1], extra=far)], dimension="A1:XFD1048576")
    assert refusal(workbook(sheet)).startswith("Baris 2 berisi data di kolom ke-16384; batasnya 200 kolom.")


def test_csv_line_with_50000_separators_and_a_value_is_refused(world):
    before = Pegawai.objects.count()
    rows = fb.table("pegawai", [_ok(1), _ok(2)])
    lines = fb.csv_bytes(rows).decode().splitlines()
    lines[2] += "," * 50_000 + "x"
    job = run_import(world, "data.csv", "\r\n".join(lines).encode())
    width = len(fb.headers("pegawai")) + 50_000
    assert_refused(job, before, f"Baris 3 berisi data di kolom ke-{width}; batasnya 200 kolom.")


def test_csv_line_padded_with_50000_empty_separators_is_read(world):
    """Excel pads every CSV line to the widest one: trailing empty fields are not data."""
    rows = fb.table("pegawai", [_ok(1)])
    lines = fb.csv_bytes(rows).decode().splitlines()
    lines[1] += "," * 50_000
    parsed = read_table("\r\n".join(lines).encode(), "data.csv", pegawai_columns())
    assert [r.text("nip") for r in parsed] == [fb.pns_nip(1)]


def test_column_limit_is_configurable(world, settings):
    settings.IMPORT_MAX_COLUMNS = 3
    name, data = fb.encode(fb.table("pegawai", [_ok(1)]), "xlsx")
    assert refusal(data, name).startswith("Baris 1 berisi data di kolom ke-")
    name, data = fb.encode(fb.table("pegawai", [_ok(1)]), "csv")
    assert "batasnya 3 kolom" in refusal(data, name)


# --- the shared-strings table ------------------------------------------------------------------------


def shared_workbook(rows: Sequence[dict[str, Any]], *, declared: int | None = None, **kwargs: Any) -> bytes:
    shared: dict[str, int] = {}
    sheet = pegawai_sheet(rows, shared=shared)
    return workbook(sheet, strings=sst_xml(list(shared), declared=declared), **kwargs)


def test_workbook_with_shared_strings_imports(world):
    before = Pegawai.objects.count()
    job = run_import(world, "data.xlsx", shared_workbook([_ok(1), _ok(2, nama="Siti & Co")]))
    assert job.status == ImportStatus.SUCCEEDED, (job.message, job.errors)
    assert Pegawai.objects.count() == before + 2
    assert Pegawai.objects.get(nip=fb.pns_nip(2)).name == "Siti & Co"


def test_shared_strings_over_the_size_limit_are_refused_before_loading(world, settings):
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 2048
    before = Pegawai.objects.count()
    data = shared_workbook([_ok(n) for n in range(1, 40)])
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml").file_size
    assert size > settings.IMPORT_MAX_SHARED_STRINGS_BYTES
    job = run_import(world, "data.xlsx", data)
    assert_refused(job, before, "Berkas ditolak: tabel teks bersama (sharedStrings.xml) terlalu besar; batasnya 2 KB.")


def test_huge_declared_shared_string_count_is_refused(world):
    before = Pegawai.objects.count()
    job = run_import(world, "data.xlsx", shared_workbook([_ok(1)], declared=5_000_000_000))
    assert_refused(job, before, "tabel teks bersama (sharedStrings.xml) berisi lebih dari 1000000 teks")


def test_shared_strings_are_counted_not_trusted(world, settings):
    """A table that declares uniqueCount="1" but holds more entries than the limit."""
    settings.IMPORT_MAX_SHARED_STRINGS = 10
    data = shared_workbook([_ok(n) for n in range(1, 6)], declared=1)
    assert "berisi lebih dari 10 teks" in refusal(data)


def test_shared_strings_count_is_exact_across_chunks(world, settings):
    """Over 1 MB of entries is read in chunks: an entry split by a chunk edge is counted once."""
    strings = [f"teks nomor {i:06d} " + "x" * (i % 7) for i in range(60_000)]
    sheet = sheet_xml([row_xml(1, fb.headers("pegawai")), row_xml(2, list(_ok(1).values()))])
    data = workbook(sheet, strings=sst_xml(strings, declared=1))
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml").file_size > 1024 * 1024
    settings.IMPORT_MAX_SHARED_STRINGS = len(strings) - 1
    assert f"berisi lebih dari {len(strings) - 1} teks" in refusal(data)
    settings.IMPORT_MAX_SHARED_STRINGS = len(strings)
    assert len(read_table(data, "data.xlsx", pegawai_columns())) == 1


def test_shared_strings_under_another_name_are_checked_too(world, settings):
    """openpyxl finds the table through [Content_Types].xml, whatever the part is called."""
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 1024
    data = shared_workbook([_ok(n) for n in range(1, 40)], strings_path="xl/teks.xml")
    assert "sharedStrings.xml) terlalu besar" in refusal(data)


# --- the time budget ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_reading_past_the_time_budget_is_refused(world, settings, fmt):
    settings.IMPORT_MAX_SECONDS = 0
    before = Pegawai.objects.count()
    name, data = fb.encode(fb.table("pegawai", [_ok(1)]), fmt)
    job = run_import(world, name, data)
    assert_refused(
        job,
        before,
        "Berkas tidak selesai dibaca dalam 0 detik; periksa isinya atau bagi menjadi beberapa berkas.",
    )


def test_time_budget_also_covers_the_shared_strings_scan(world, settings):
    settings.IMPORT_MAX_SECONDS = 0
    assert refusal(shared_workbook([_ok(1)])).startswith("Berkas tidak selesai dibaca dalam 0 detik")
