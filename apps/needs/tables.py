"""Spreadsheet shapes of the gap pages: header and rows for the XLSX downloads of the gap list and
the heatmap. Pure shaping of rows the selectors already read; the workbook itself is exports.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.needs.models import AssessmentMethod


def gap_list_header() -> list[str]:
    return [
        _("Nama"),
        _("Unit kerja"),
        _("Jabatan"),
        _("Metode"),
        _("Tanggal"),
        _("JPM (%)"),
        _("Kelayakan"),
        _("Pemetaan"),
    ]


def gap_list_rows(qs: QuerySet, labels: dict[str, str]) -> Iterator[list[Any]]:
    """One row per pegawai (annotated by `with_current_assessment`), streamed in chunks."""
    methods = dict(AssessmentMethod.choices)
    return (
        [
            p.name,
            p.unit_kerja.name,
            p.jabatan.name if p.jabatan else "",
            str(methods.get(p.current_method, "")),
            p.current_date,
            float(p.current_jpm) if p.current_jpm is not None else None,
            labels.get(p.current_fit or "", ""),
            labels.get(p.current_map or "", ""),
        ]
        for p in qs.iterator(chunk_size=1000)
    )


def heatmap_header(table: Any, by: str) -> list[str]:
    return [_("Unit kerja") if by == "unit" else _("Jabatan")] + [code for _k, code, _n in table.columns]


def heatmap_rows(table: Any) -> Iterator[list[Any]]:
    return (
        [name] + [float(c.share) if c and c.share is not None else None for c in cells]
        for _id, name, cells in table.rows
    )
