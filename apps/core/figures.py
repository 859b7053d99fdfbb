"""Cached figures: expensive aggregates (home panels, heat map, JP dashboard) kept in the cache per instansi,
and thrown away the moment that instansi's data changes.

Every instansi has a data version in the cache. Any save or delete of a row that carries an `instansi_id`
(wired in CoreConfig.ready() through post_save/post_delete, so no write path can forget it) bumps it at the
write and again when its transaction commits (two cache increments per write). A service whose only writes
are `.update()` or `bulk_create` calls `mark_changed(instansi_id)` itself. A cached figure's key holds the
version it was computed at, so after a change the next reader computes it afresh; FIGURE_TTL caps the age of
anything a missed write could leave.
Job and log bookkeeping (audit events, access logs, outbox, job progress, notices) is not figures data."""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

T = TypeVar("T")

FIGURE_TTL = 300  # seconds
# A cold figure asked for by many requests at once (the heat map after a change, under load) is computed by
# one of them; the others wait for it up to COMPUTE_WAIT seconds, then compute it themselves. The claim
# expires on its own if its holder dies.
COMPUTE_WAIT = 10.0
COMPUTE_CLAIM_TTL = 60
NOT_FIGURES = frozenset(
    {
        "core.auditevent",
        "core.personaldataaccess",
        "core.outboxmessage",
        "core.importjob",
        "reports.reportjob",
        "enrollments.notification",
        "sessions.session",
    }
)


def _version_key(instansi_id: int) -> str:
    return f"figures:v:{instansi_id}"


def data_version(instansi_id: int) -> int:
    return cache.get_or_set(_version_key(instansi_id), 1, timeout=None)


def _bump(instansi_ids: Iterable[int]) -> None:
    for instansi_id in instansi_ids:
        key = _version_key(instansi_id)
        if not cache.add(key, 2, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.set(key, 2, timeout=None)


def mark_changed(instansi_id: int | None) -> None:
    """The instansi's figures are stale at once (so the writing transaction reads its own writes) and again
    when that transaction commits (so a figure another request computed from the not-yet-committed state
    in between is thrown away too). A rolled-back write costs one needless recompute, never a stale figure."""
    if instansi_id is not None:
        _bump([instansi_id])
        transaction.on_commit(lambda: _bump([instansi_id]))


@functools.cache
def _is_figures_data(model: type) -> bool:
    """A model whose rows carry an `instansi_id` column (a property of that name, such as User's acting
    instansi, does not count) and that holds data rather than bookkeeping."""
    return model._meta.label_lower not in NOT_FIGURES and any(
        f.attname == "instansi_id" for f in model._meta.concrete_fields
    )


def row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete receiver for every model."""
    if _is_figures_data(sender):
        mark_changed(instance.instansi_id)


def figure_key(name: str, instansi_id: int, vary: Iterable[Any] = ()) -> str:
    varies = hashlib.md5(repr(tuple(vary)).encode(), usedforsecurity=False).hexdigest()[:12]
    return f"figures:{name}:{instansi_id}:{data_version(instansi_id)}:{translation.get_language()}:{varies}"


def cached(name: str, instansi_id: int, compute: Callable[[], T], *, vary: Iterable[Any] = ()) -> T:
    """`compute()` once per data version of the instansi (and language, and `vary`)."""
    key = figure_key(name, instansi_id, vary)
    kept = cache.get(key)  # a 1-tuple, so a figure that is None (a hidden panel) is kept too
    if kept is not None:
        return kept[0]
    claim = f"{key}:computing"
    claimed = cache.add(claim, 1, COMPUTE_CLAIM_TTL)
    if not claimed:
        deadline = time.monotonic() + COMPUTE_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if (kept := cache.get(key)) is not None:
                return kept[0]
    try:
        kept = (compute(),)
        cache.set(key, kept, FIGURE_TTL)
    finally:
        if claimed:
            cache.delete(claim)
    return kept[0]
