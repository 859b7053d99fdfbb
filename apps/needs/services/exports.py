"""Exports of personal data from needs: each writes one `personal_data.exported` row (who, what, how many)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from apps.core.services import CountedRows, personal_data_exported
from apps.needs.exports import xlsx_bytes


def gap_list_workbook(*, actor: Any, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The per-pegawai gap list as filtered on the page (NIP, name, jabatan, gaps)."""
    counted = CountedRows(rows)
    data = xlsx_bytes(title, header, counted)
    personal_data_exported(actor=actor, what="needs.gap_list", rows=counted.count)
    return data
