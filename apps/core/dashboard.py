"""Home-page panels. Each app registers what its roles have to do; the home view shows the panels
matching the user's roles, so core never imports the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from apps.core import figures


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]  # None hides the panel
    order: int = 100
    #: The same for every user of the instansi who sees it (the admins' counts): kept once per instansi,
    #: not once per user. Every panel is kept per data version of the instansi and per day
    #: (apps/core/figures.py), so a change anywhere in the instansi shows on the next page.
    shared: bool = False


_PANELS: dict[str, Panel] = {}


def register(*panels: Panel) -> None:
    for panel in panels:
        _PANELS[panel.key] = panel


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    roles = set(request.user.roles)
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not roles & panel.roles:
            continue
        context = _context(panel, request, roles)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "ctx": context})
    return shown


def _context(panel: Panel, request: HttpRequest, roles: set[str]) -> dict[str, Any] | None:
    instansi_id = request.user.instansi_id
    if instansi_id is None:
        return panel.context(request)
    who = sorted(roles) if panel.shared else request.user.pk
    return figures.cached(
        f"panel.{panel.key}", instansi_id, lambda: panel.context(request), vary=(who, timezone.localdate())
    )
