"""Demo-data steps. Each app registers its step in AppConfig.ready(); `manage.py seed_demo` runs
them in order. Every step must be idempotent: re-running seed_demo duplicates nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SeedStep:
    order: int
    name: str
    run: Callable[[Callable[[str], None]], None]  # receives a `say` function for progress lines


_STEPS: dict[str, SeedStep] = {}


def register(step: SeedStep) -> None:
    _STEPS[step.name] = step


def steps() -> list[SeedStep]:
    return sorted(_STEPS.values(), key=lambda s: s.order)
