"""The menu: a role-tagged table that each app fills in its AppConfig.ready().

Hiding a link is not access control; every view checks access itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url_name: str
    roles: set[str] | frozenset[str] | None  # None: every signed-in user
    order: int = 100
    icon: str = ""
    section: Any = None
    #: The page only makes sense inside one instansi (`core.decorators.instansi_or_404`): hidden from a
    #: superadmin who has not switched into one, so the menu never offers a 404.
    in_instansi: bool = False


_ITEMS: dict[str, NavItem] = {}
_URLS: dict[tuple[str, str], str] = {}  # (url name, script prefix) → path: menu links never change at run time


def _url(name: str) -> str:
    key = (name, get_script_prefix())
    if key not in _URLS:
        _URLS[key] = reverse(name)
    return _URLS[key]


def register(*items: NavItem) -> None:
    for item in items:
        _ITEMS[item.key] = item


def menu_for(roles: set[str], current_path: str, *, in_instansi: bool = True) -> list[dict[str, Any]]:
    """Top-level links first-come by order; items with a section are grouped under one dropdown
    placed where the section's first item would be."""
    menu: list[dict[str, Any]] = []
    sections: dict[str, dict[str, Any]] = {}
    for item in items_for(roles, current_path, in_instansi=in_instansi):
        if item["section"] is None:
            menu.append(item)
            continue
        key = str(item["section"])
        if key not in sections:
            sections[key] = {"section": item["section"], "children": [], "active": False, "key": item["key"]}
            menu.append(sections[key])
        sections[key]["children"].append(item)
        sections[key]["active"] = sections[key]["active"] or item["active"]
    return menu


def items_for(roles: set[str], current_path: str, *, in_instansi: bool = True) -> list[dict[str, Any]]:
    visible = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.roles is not None and not (roles & set(item.roles)):
            continue
        if item.in_instansi and not in_instansi:
            continue
        url = _url(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        visible.append({"key": item.key, "label": item.label, "url": url, "active": active, "section": item.section})
    return visible
