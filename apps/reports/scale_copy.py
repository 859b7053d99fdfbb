"""COPY for the scale data generator: ids allocated from each table's sequence, rows written as
PostgreSQL text format, columns the row leaves out filled with the field's default as the ORM would."""

from __future__ import annotations

import datetime
import io
import itertools
import json
import random
from collections.abc import Iterable
from typing import Any

from django.db import connection, models


def _text(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Copier:
    """Allocates ids and COPYs rows of one model, filling each column the row leaves out with the
    field's default (or '' / NULL), as the ORM would."""

    def __init__(self, model: type[models.Model], now: datetime.datetime):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {}
        for f in self.fields:
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, (models.CharField, models.TextField)):
                self.defaults[f.attname] = ""

    def _default(self, name: str) -> Any:
        try:
            return self.defaults[name]
        except KeyError:
            raise RuntimeError(f"{self.model._meta.label}.{name} needs a value") from None

    def ids(self, n: int) -> list[int]:
        if n == 0:
            return []
        table = self.model._meta.db_table
        with connection.cursor() as cur:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, n],
            )
            last = cur.fetchone()[0]
        return list(range(last - n + 1, last + 1))

    def copy(self, rows: Iterable[dict[str, Any]]) -> int:
        """COPY the rows; a row without "id" takes one from the sequence."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        fields = [f for f in self.fields if not (f.primary_key and f.attname not in first)]
        names = [f.attname for f in fields]
        buf = io.StringIO()
        count = 0
        for row in itertools.chain([first], rows):
            buf.write("\t".join(_text(row[n] if n in row else self._default(n)) for n in names))
            buf.write("\n")
            count += 1
        buf.seek(0)
        columns = ", ".join(f'"{f.column}"' for f in fields)
        with connection.cursor() as cur:
            cur.copy_expert(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN', buf)
        return count


class NipSource:
    """Distinct valid NIPs: birth date (8) + TMT month (6) + sex (1) + sequence (3). Birth date, TMT and
    sequence are decoded from a running number, so no two pegawai of the whole data set share one."""

    def __init__(self, seed: int):
        self.n = seed * 7_919

    def next(self, rng: random.Random) -> tuple[str, datetime.date, datetime.date, str]:
        self.n += 1
        k = self.n
        days, k = k % 10_950, k // 10_950  # born 1966–1995
        months, k = k % 120, k // 120  # appointed 20–29 years later
        seq = k % 999 + 1
        birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=days)
        tmt = datetime.date(birth.year + 20 + months // 12, months % 12 + 1, 1)
        sex = rng.choice("LP")
        nip = f"{birth:%Y%m%d}{tmt:%Y%m}{1 if sex == 'L' else 2}{seq:03d}"
        return nip, birth, tmt, sex
