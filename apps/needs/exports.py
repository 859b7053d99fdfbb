"""XLSX exports of gap tables. Every text cell goes through core.imports.neutralise so a name such as
'=HYPERLINK(…)' never becomes a live formula in the recipient's spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from apps.core.imports import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    return xlsx_download(filename, xlsx_bytes(title, header, rows))


def xlsx_download(filename: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for row in rows:
        sheet.append([neutralise(str(v)) if isinstance(v, str) else v for v in row])
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
