"""Records other apps keep per session. The catalog sits below enrollments, so it cannot count
attendance itself; before a session is removed it asks every registered counter how many rows the
cascade would take with it. Enrollments registers `register_session_record_counter(fn)` in its
AppConfig.ready(): fn(session_ids) -> {session id: number of attendance records}."""

from __future__ import annotations

from collections.abc import Callable, Iterable

SessionRecordCounter = Callable[[Iterable[int]], dict[int, int]]
_COUNTERS: list[SessionRecordCounter] = []


def register_session_record_counter(fn: SessionRecordCounter) -> None:
    if fn not in _COUNTERS:
        _COUNTERS.append(fn)


def session_record_counts(session_ids: Iterable[int]) -> dict[int, int]:
    """Session id → records that would be deleted with it (ids without records are left out)."""
    ids = list(session_ids)
    totals: dict[int, int] = {}
    if not ids:
        return totals
    for counter in _COUNTERS:
        for session_id, count in counter(ids).items():
            if count:
                totals[session_id] = totals.get(session_id, 0) + count
    return totals
