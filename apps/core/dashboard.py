"""Home-page panels. Each app registers what its roles have to do; the home view shows the panels
matching the user's roles, so core never imports the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]  # None hides the panel
    order: int = 100


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
        context = panel.context(request)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "ctx": context})
    return shown
