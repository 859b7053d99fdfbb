"""Imported training history (riwayat diklat from a SIASN-style exchange file): credits that happened before
the instansi used this app, so the 20 JP ledger starts from the truth. The importer (importers.py) has checked
every row and left out those already in the ledger; this writes the rest in one go."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from apps.core.figures import mark_changed
from apps.core.imports import copy_insert, reserve_ids
from apps.core.services import audit_log
from apps.enrollments import jp
from apps.enrollments.models import JPLedgerEntry, LedgerSource

HISTORY_REF_PREFIX = "history:"


def history_source_ref(*, nip: str, title: str, start: date, end: date, certificate_number: str) -> str:
    """The same training of the same person always gets the same reference, so importing a file twice
    credits nothing twice (`jp_ledger_unique_source`). 8 + 40 characters: fits `source_ref` (60)."""
    key = "|".join([nip, title_key(title), start.isoformat(), end.isoformat(), certificate_number])
    return HISTORY_REF_PREFIX + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def title_key(title: str) -> str:
    """A training title as compared for duplicates: case and runs of spaces do not make another training."""
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class HistoryCredit:
    pegawai_id: int
    employment_type: str
    tmt: date | None
    jp: int
    title: str
    provider: str
    start: date
    end: date
    source_ref: str
    exchange: dict[str, str]


def history_import_rows(
    *, instansi_id: int, actor_id: int | None, rows: list[HistoryCredit], use_copy: bool | None = None
) -> int:
    """Append one HISTORY credit per row, credited on the training's last day to that day's ledger year
    (PPPK: contract year). One summary audit row per import, as the other bulk importers write: the ledger
    rows themselves say who recorded them (`created_by`). On PostgreSQL one COPY (a province's history is
    tens of thousands of rows); elsewhere (the SQLite embedded default) bulk_create."""
    if use_copy is None:
        use_copy = connection.vendor == "postgresql"
    values = [
        {
            "instansi_id": instansi_id,
            "pegawai_id": r.pegawai_id,
            "year": jp.credit_year(employment_type=r.employment_type, credited_on=r.end, tmt=r.tmt),
            "credited_on": r.end,
            "jp": r.jp,
            "source_type": LedgerSource.HISTORY.value,
            "source_ref": r.source_ref,
            "enrollment_id": None,
            "conversion_rule_id": None,
            "reverses_id": None,
            "title": r.title[:250],
            "provider": r.provider[:200],
            "start_date": r.start,
            "end_date": r.end,
            "exchange": r.exchange,
            "created_by_id": actor_id,
        }
        for r in rows
    ]
    with transaction.atomic():
        if use_copy:
            ids = reserve_ids(JPLedgerEntry, len(values))
            copy_insert(JPLedgerEntry, [{"id": pk, **v} for pk, v in zip(ids, values, strict=True)])
        else:
            JPLedgerEntry.objects.bulk_create([JPLedgerEntry(**v) for v in values], batch_size=1000)
        audit_log(
            actor=None,
            action="jp.history_import",
            instansi_id=instansi_id,
            data={"rows": len(values), "jp": sum(r.jp for r in rows), "by": actor_id},
        )
        mark_changed(instansi_id)  # COPY and bulk_create send no post_save: the JP dashboard must recount
    return len(values)
