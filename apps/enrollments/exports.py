"""SIASN-style training-history export (domain.md §8: riwayat diklat/kursus; field names ours, not
an official format). Every text cell goes through `neutralise` so a training title typed as
'=HYPERLINK(…)' stays text in the spreadsheet; NIPs are text cells so no digit is lost."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.catalog.models import Form
from apps.core.imports import neutralise
from apps.core.links import absolute_url
from apps.enrollments import selectors
from apps.enrollments.models import ExternalTraining, LedgerSource

STRUKTURAL_CODES = {
    Form.LATSAR: "LATSAR",
    Form.PKP: "PKP",
    Form.PKA: "PKA",
    Form.PKN_II: "PKN-II",
    Form.PKN_I: "PKN-I",
}
JENIS_BY_FORM = {
    **dict.fromkeys(STRUKTURAL_CODES, "struktural"),
    Form.FUNGSIONAL: "fungsional",
    Form.KURSUS: "kursus",
    Form.PENATARAN: "kursus",
    Form.E_LEARNING: "kursus",
    Form.PJJ: "kursus",
    Form.SEMINAR: "seminar",
    Form.WORKSHOP: "seminar",
    Form.SOSIALISASI: "seminar",
}


def jenis_for(form: str) -> str:
    return JENIS_BY_FORM.get(form, "teknis")


def headers() -> list[str]:
    return [
        _("NIP"),
        _("Nama"),
        _("Jenis diklat"),
        _("Kode diklat struktural"),
        _("Nama diklat"),
        _("Penyelenggara"),
        _("Tempat"),
        _("Tanggal mulai"),
        _("Tanggal selesai"),
        _("Jumlah JP"),
        _("Nomor sertifikat"),
        _("Tanggal sertifikat"),
        _("Tautan sertifikat"),
    ]


def rows(instansi_id: int, year: int | None = None, *, between: tuple[date, date] | None = None):
    """One row per training that still stands, of the ledger year or of `between` (first and last credited
    day, inclusive; see selectors.ledger_export_rows). SIASN's riwayat diklat is a list of trainings a pegawai
    *has* (each row a certificate), not an account of movements, so a negative "reversal" row would be
    read as another training; a credit withdrawn by a revoked certificate is therefore left out, together
    with its reversal, and the next export simply no longer lists it (its JP sum drops by the same amount)."""
    entries = selectors.ledger_export_rows(instansi_id, year, between=between)
    external_ids = [
        int(ref.split(":", 1)[1])
        for ref in entries.filter(source_ref__startswith="external:").values_list("source_ref", flat=True)
    ]
    externals = {e.pk: e for e in ExternalTraining.objects.filter(instansi_id=instansi_id, pk__in=external_ids)}
    for entry in entries.iterator(chunk_size=2000):
        form, place, number, cert_date, link = "", "", "", None, ""
        enrollment = entry.enrollment
        if enrollment is not None:
            angkatan = enrollment.angkatan
            form = angkatan.program.form
            place = angkatan.venue or (_("Daring") if angkatan.online_link else "")
            certificate = getattr(enrollment, "certificate", None)
            if certificate is not None and certificate.revoked_at is None:
                number = certificate.number
                cert_date = certificate.issued_at.date()
                link = absolute_url(reverse("enrollments:verify_certificate", args=[certificate.verification_code]))
        elif entry.source_type == LedgerSource.ELEARNING:
            form = Form.E_LEARNING  # a course an e-learning platform reported through the API: jenis "kursus"
        elif entry.source_ref.startswith("external:"):
            external = externals.get(int(entry.source_ref.split(":", 1)[1]))
            if external is not None:
                form = external.form
                number = external.certificate_number
                cert_date = external.end_date
        given = entry.exchange or {}  # what an imported history row or an LMS completion brought: given back as is
        yield [
            entry.pegawai.nip,
            entry.pegawai.name,
            given.get("jenis") or jenis_for(form),
            given.get("kode") or STRUKTURAL_CODES.get(form, ""),
            entry.title,
            entry.provider,
            given.get("tempat") or place,
            entry.start_date or entry.credited_on,
            entry.end_date or entry.credited_on,
            entry.jp,
            given.get("nomor") or number,
            _date_or_none(given.get("tanggal_sertifikat")) or cert_date,
            link,
        ]


def _date_or_none(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def siasn_workbook(instansi_id: int, year: int | None = None, values: Iterable[list[Any]] | None = None) -> bytes:
    """`values` defaults to `rows(instansi_id, year)` (a caller counting them passes them wrapped). This is the
    exchange file: dates are real date cells, JP numbers, NIPs text (apps/enrollments/importers.py reads it
    back as the training-history import)."""
    return _workbook(
        _("Riwayat diklat"),
        headers(),
        rows(instansi_id, year) if values is None else values,
        widths=SIASN_WIDTHS,
    )


#: Column widths (characters) of the exchange file, in the order of `headers()`.
SIASN_WIDTHS = (21, 30, 13, 12, 42, 30, 20, 14, 14, 10, 28, 14, 40)


def untrained_workbook(pegawai: Iterable[Any], year: int) -> bytes:
    """The 'belum pelatihan' list as it is filtered on the page (rows from selectors.nothing_this_year)."""
    titles = [_("NIP"), _("Nama"), _("Jabatan"), _("Unit kerja"), _("JP terakhir")]
    values = ([p.nip, p.name, p.jabatan.name if p.jabatan else "", p.unit_kerja.name, p.last_credited] for p in pegawai)
    return _workbook(_("Belum pelatihan %(year)s") % {"year": year}, titles, values, widths=(21, 30, 30, 30, 14))


def _workbook(title: str, titles: list[str], values: Iterable[list[Any]], widths: Iterable[int] = ()) -> bytes:
    """One sheet, bold header row frozen above the data, columns sized so the file opens readable; the first
    column (NIP) is text so no digit is lost, dates are date cells shown as yyyy-mm-dd."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"  # write-only sheets take views and column widths before the first row
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for text in titles:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in values:
        out: list[Any] = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
            if index == 0:
                cell.number_format = "@"
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            out.append(cell)
        sheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
