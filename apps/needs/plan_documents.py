"""The annual plan as an official document: PDF (WeasyPrint) and XLSX (openpyxl). Text cells in the
spreadsheet go through core.imports.neutralise so names never become live formulas."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.imports import neutralise
from apps.needs import selectors


def plan_context(plan: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "instansi": plan.instansi,
        "items": list(selectors.plan_items_of(plan)),
        "totals": selectors.plan_totals(plan),
        "today": timezone.localdate(),
    }


def render_plan_pdf(plan: Any) -> bytes:
    from weasyprint import HTML

    with translation.override("id"), timezone.override(ZoneInfo(plan.instansi.timezone)):
        html = render_to_string("needs/plan_pdf.html", plan_context(plan))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _text(value: Any) -> Any:
    return neutralise(str(value)) if isinstance(value, str) else value


def render_plan_xlsx(plan: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ctx = plan_context(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "RPK"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    money = "#,##0"
    sheet.append([_text(plan.instansi.name.upper())])
    sheet.append([_text(_("RENCANA PENGEMBANGAN KOMPETENSI ASN TAHUN %(year)s") % {"year": plan.year})])
    sheet.append([_text(f"{plan.title} · {_('versi')} {plan.version} · {plan.get_status_display()}")])
    sheet.append([])
    for row in (1, 2):
        sheet.cell(row, 1).font = Font(bold=True, size=13)
    header = [
        "No.",
        _("Jenis kompetensi"),
        _("Sasaran ASN"),
        _("Jumlah"),
        _("Unit kerja"),
        _("Jalur"),
        _("Jenis / bentuk"),
        _("Penyelenggara"),
        _("Jadwal"),
        _("Sesuai kurikulum pembina"),
        _("Anggaran (Rp)"),
        _("Sumber dana"),
    ]
    sheet.append([str(h) for h in header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = border
    for number, item in enumerate(ctx["items"], start=1):
        provider = item.penyelenggara.name if item.penyelenggara_id else item.penyelenggara_text
        fit = _("Ya") if item.curriculum_fit else _("Tidak")
        if item.curriculum_note:
            fit = f"{fit} — {item.curriculum_note}"
        sheet.append(
            [
                number,
                _text(f"{item.kompetensi.code} {item.kompetensi.name}"),
                _text(item.target_description),
                item.target_count,
                _text(item.unit_kerja.name if item.unit_kerja_id else ""),
                _text(str(item.get_path_display())),
                _text(str(item.get_form_display())),
                _text(provider),
                _text(str(item.schedule_label)),
                _text(str(fit)),
                item.budget_idr,
                _text(str(item.get_funding_source_display())),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(sheet.max_row, 11).number_format = money
    totals = ctx["totals"]
    sheet.append([None] * 9 + [str(_("Jumlah")), totals["total"]])
    sheet.append([None] * 9 + [str(_("Pagu")), totals["ceiling"]])
    sheet.append([None] * 9 + [str(_("Sisa pagu")), totals["remaining"]])
    for row in range(sheet.max_row - 2, sheet.max_row + 1):
        sheet.cell(row, 10).font = Font(bold=True)
        sheet.cell(row, 11).number_format = money
        sheet.cell(row, 11).font = Font(
            bold=True, color="C00000" if totals["over"] and row == sheet.max_row else "000000"
        )
    sheet.append([])
    sheet.append([str(_("Per sumber dana"))])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for label, total in totals["by_source"]:
        sheet.append([None, _text(str(label)), None, None, None, None, None, None, None, None, total])
        sheet.cell(sheet.max_row, 11).number_format = money
    sheet.append([str(_("Per unit kerja"))])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for row in totals["by_unit"]:
        sheet.append(
            [
                None,
                _text(row["unit_kerja__name"] or str(_("Lintas unit"))),
                None,
                row["n"],
                None,
                None,
                None,
                None,
                None,
                None,
                row["total"],
            ]
        )
        sheet.cell(sheet.max_row, 11).number_format = money
    widths = [5, 32, 30, 8, 24, 16, 26, 26, 14, 22, 16, 18]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(header_row, index).column_letter].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
