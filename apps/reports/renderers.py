"""PDF (WeasyPrint, charts as inline SVG) and XLSX (openpyxl, formatted sheets, formula injection
neutralised) from one ReportData."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.core.imports import neutralise
from apps.reports.kinds import Chart, ReportData

XLSX_FORMATS = {"0.00": "#,##0.00", "0.0000": "0.0000", "0": "#,##0", "pct": "0.00%"}


def render_pdf(report: ReportData, *, instansi: Any, job: Any) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "sections": [
                # Safe markup: svg.py draws the chart from numbers and escape()s every label and legend text.
                {"heading": s.heading, "text": s.text, "svg": mark_safe(s.svg), "table": s.table}  # nosec B703
                for s in report.sections
            ],
            "instansi": instansi,
            "job": job,
            "generated_at": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return None
    if isinstance(value, int | float | datetime.date):
        return value
    return neutralise(str(value))


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Data"
    base, n = name, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name


def _add_chart(wb: Any, chart: Chart, *, title: str, used: set[str]) -> None:
    """The PDF chart's numbers go on a sheet of their own (labels in column A, one column per series) and a
    native bar chart reads them from there, so the Excel chart can be restyled and stays true to its data."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef

    ws = wb.create_sheet(_sheet_name(_("Grafik %(t)s") % {"t": title}, used))
    ws.append([_cell(_("Kategori"))] + [_cell(name) for name, _values in chart.series])
    for i, label in enumerate(chart.labels):
        ws.append([_cell(label)] + [_cell(values[i]) for _name, values in chart.series])
    ws.column_dimensions["A"].width = min(60, max([10] + [len(str(label)) + 2 for label in chart.labels]))
    rows = len(chart.labels)
    bar = BarChart()
    bar.type = "bar" if chart.orientation == "hbar" else "col"
    bar.grouping = "clustered"
    bar.title = title
    bar.y_axis.scaling.min = 0
    bar.y_axis.scaling.max = float(chart.maximum)
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    if chart.orientation == "hbar":
        bar.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the PDF
        bar.legend = None
    bar.add_data(
        Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=1, max_row=1 + rows), titles_from_data=True
    )
    labels = Reference(ws, min_col=1, min_row=2, max_row=1 + rows)
    for series in bar.series:  # text labels: a string reference, not openpyxl's default numeric one
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    bar.width = 24
    bar.height = max(7.5, 0.6 * rows + 3) if chart.orientation == "hbar" else 9
    ws.add_chart(bar, f"{chr(ord('A') + len(chart.series) + 2)}2")


def render_xlsx(report: ReportData, *, instansi: Any, job: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    summary = wb.active
    summary.title = "Ringkasan"
    summary.append([_cell(report.title)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([_cell(report.subtitle)])
    summary.append([_cell(str(instansi))])
    summary.append([f"Dibuat {timezone.localtime():%d/%m/%Y %H:%M}"])
    summary.append([])
    for section in report.sections:
        summary.append([_cell(section.heading)])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        if section.text:
            summary.append([_cell(section.text)])
    summary.column_dimensions["A"].width = 110
    used: set[str] = {"Ringkasan"}
    header_fill = PatternFill("solid", fgColor="1F6F8B")
    for section in report.sections:
        table = section.table
        if table is None:
            continue
        ws = wb.create_sheet(_sheet_name(table.title, used))
        ws.append([_cell(c) for c in table.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            ws.append([_cell(v) for v in row])
        for idx in range(len(table.columns)):
            letter = get_column_letter(idx + 1)
            fmt = XLSX_FORMATS.get(table.formats.get(idx, ""))
            longest = max([len(str(table.columns[idx]))] + [len(str(r[idx])) for r in table.rows if idx < len(r)])
            ws.column_dimensions[letter].width = min(60, max(10, longest + 2))
            for cell in ws[letter][1:]:
                if fmt and isinstance(cell.value, int | float):
                    cell.number_format = fmt
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "dd/mm/yyyy"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    for section in report.sections:
        if section.chart is not None and section.chart.labels:
            _add_chart(wb, section.chart, title=section.heading, used=used)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
