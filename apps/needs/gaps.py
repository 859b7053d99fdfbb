"""Turn aggregated gap rows (from selectors) into tables for pages and exports. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from apps.needs.jpm import share_below


@dataclass
class Cell:
    total: int
    below: int
    missing: int

    @property
    def share(self) -> Decimal | None:
        return share_below(self.below, self.total)

    @property
    def bucket(self) -> str:
        share = self.share
        if share is None:
            return "none"
        if share == 0:
            return "0"
        if share < 25:
            return "low"
        if share < 50:
            return "mid"
        return "high"


@dataclass
class Heatmap:
    columns: list[tuple[int, str, str]] = field(default_factory=list)  # kompetensi id, code, name
    rows: list[tuple[int, str, list[Cell | None]]] = field(default_factory=list)  # group id, name, cells


def build_heatmap(cells: Iterable[Mapping[str, Any]], *, by: str = "unit") -> Heatmap:
    key = "assessment__pegawai__unit_kerja_id" if by == "unit" else "assessment__pegawai__jabatan_id"
    name_key = "assessment__pegawai__unit_kerja__name" if by == "unit" else "assessment__pegawai__jabatan__name"
    columns: dict[int, tuple[str, str]] = {}
    groups: dict[int, str] = {}
    data: dict[tuple[int, int], Cell] = {}
    for c in cells:
        columns[c["kompetensi_id"]] = (c["kompetensi__code"], c["kompetensi__name"])
        groups[c[key]] = c[name_key] or "—"
        data[(c[key], c["kompetensi_id"])] = Cell(c["total"], c["below"], c["missing"])
    ordered_cols = sorted(columns.items(), key=lambda kv: kv[1][0])
    heatmap = Heatmap(columns=[(k, code, name) for k, (code, name) in ordered_cols])
    for group_id, group_name in sorted(groups.items(), key=lambda kv: str(kv[1])):
        heatmap.rows.append((group_id, group_name, [data.get((group_id, k)) for k, _c in ordered_cols]))
    return heatmap


def team_matrix(cells: Iterable[Mapping[str, Any]]) -> tuple[list[str], dict[int, dict[str, tuple[int | None, int]]]]:
    """({codes}, {pegawai_id: {code: (actual, required)}}) for the atasan's team view."""
    codes: list[str] = []
    matrix: dict[int, dict[str, tuple[int | None, int]]] = {}
    for c in cells:
        if c["kompetensi__code"] not in codes:
            codes.append(c["kompetensi__code"])
        matrix.setdefault(c["assessment__pegawai_id"], {})[c["kompetensi__code"]] = (
            c["actual_level"],
            c["required_level"],
        )
    return sorted(codes), matrix
