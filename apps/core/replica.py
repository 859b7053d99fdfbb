"""Report jobs read from a PostgreSQL streaming replica when one is configured (REPLICA_DATABASE_URL).

Only code inside `replica_reads()` is routed there, and report building is the only such code: a report
reads a year of data, while every web request keeps read-after-write on the primary simply by never
reading the replica. Inside the block, the job's own bookkeeping (the report job row, progress, outbox,
audit) still reads the primary, since a replica a few seconds behind may not have it yet. Writes always go
to the primary; the replica is never migrated (it copies the primary)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings

REPLICA = "replica"
PRIMARY_ONLY = frozenset(
    {"reports.reportjob", "core.outboxmessage", "core.auditevent", "core.importjob", "core.personaldataaccess"}
)
_reading = contextvars.ContextVar("replica_reads", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Reads of data inside this block go to the replica, if there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading.get() and configured() and model._meta.label_lower not in PRIMARY_ONLY:
            return REPLICA
        return None  # the primary ("default")

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same rows, one of them only a little later

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA
