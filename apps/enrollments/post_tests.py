"""Which batches have a post-test. Domain.md §8: a participant completes with attendance ≥ the threshold
and, *where a post-test exists*, a score ≥ the passing score. The post-tests live in evaluations (above
this app), so evaluations registers its check here in AppConfig.ready(); grep `register_post_test_check`."""

from __future__ import annotations

from collections.abc import Callable

PostTestCheck = Callable[[int], bool]
_CHECKS: list[PostTestCheck] = []


def register_post_test_check(fn: PostTestCheck) -> None:
    """`fn(angkatan_id)` → True when the batch has an L2 post-test its participants take."""
    if fn not in _CHECKS:
        _CHECKS.append(fn)


def has_post_test(angkatan_id: int) -> bool:
    return any(check(angkatan_id) for check in _CHECKS)
