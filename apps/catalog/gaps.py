""" "Fills my gaps" for the catalog. The catalog sits below the needs app, so it cannot read
assessments; needs registers a provider in its AppConfig.ready(): fn(pegawai) -> competency ids
the pegawai is below the SKJ in, biggest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

GapProvider = Callable[[Any], list[int]]
_PROVIDERS: list[GapProvider] = []


def register_gap_provider(fn: GapProvider) -> None:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)


def gap_competency_ids(pegawai: Any) -> list[int]:
    found: list[int] = []
    for provider in _PROVIDERS:
        found += [k for k in provider(pegawai) if k not in found]
    return found


def has_gap_provider() -> bool:
    return bool(_PROVIDERS)
