"""XLSX exports of programmes and angkatan, with the importers' column headers so a file can be
edited and imported again. Text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import io
from collections.abc import Iterable

from apps.catalog.importers import AngkatanImporter, ProgramImporter
from apps.catalog.models import Angkatan, Program
from apps.core.imports import neutralise


def _workbook(headers: list[str], rows: Iterable[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def programs_xlsx(programs: Iterable[Program]) -> bytes:
    qs = programs.select_related("penyelenggara").prefetch_related("modules")
    headers = [str(c.header) for c in ProgramImporter.columns] + ["Versi", "Jalur"]

    def rows():
        for p in qs.iterator(chunk_size=500):
            modules = "; ".join(f"{m.title} | {m.learning_hours}" for m in p.modules.all())
            yield [
                p.code,
                p.title,
                p.form,
                p.modality,
                p.visibility,
                p.penyelenggara.name if p.penyelenggara_id else "",
                p.description,
                p.objectives,
                modules,
                p.learning_hours,
                p.jp_quantity or "",
                p.status,
                p.version,
                p.get_path_display(),
            ]

    return _workbook(headers, rows())


def angkatan_xlsx(batches: Iterable[Angkatan]) -> bytes:
    qs = batches.select_related("program")
    headers = [str(c.header) for c in AngkatanImporter.columns] + ["Status", "Kursi terisi"]

    def rows():
        for a in qs.iterator(chunk_size=1000):
            yield [
                a.code,
                a.program.code,
                a.name,
                a.start_date,
                a.end_date,
                a.registration_opens,
                a.registration_closes,
                a.modality,
                a.venue,
                a.venue_address,
                a.region,
                a.online_link,
                a.seats_total,
                a.waitlist_size,
                a.cost_idr,
                a.funding_source,
                "ya" if a.requires_atasan_approval else "tidak",
                a.status,
                a.seats_taken,
            ]

    return _workbook(headers, rows())
