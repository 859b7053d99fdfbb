"""Constraint → message: the one place that turns a violated database constraint into words for people.

Each app registers the Indonesian message of every constraint a user can run into (`register`, at import time
of the app's errors.py); a service that catches an IntegrityError asks `message_for(exc)` (or compares
`constraint_name(exc)` when its message needs values of the row) instead of searching the error's text.

The name comes from the database error itself: PostgreSQL reports it in `diag.constraint_name`; SQLite names
only CHECK constraints in its message ("CHECK constraint failed: <name>"), so a unique violation there has no
name and no message, and the caller falls back to its generic one."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError

_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")
_MESSAGES: dict[str, Any] = {}


def register(messages: dict[str, Any]) -> None:
    """Add constraint name → (lazy) Indonesian message. One name means one message across all apps."""
    for name, message in messages.items():
        known = _MESSAGES.get(name)
        if known is not None and known is not message and str(known) != str(message):
            raise ValueError(f"constraint {name!r} already has another message")
        _MESSAGES[name] = message


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the constraint `exc` violated, when the database says it."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if name:
        return name
    found = _SQLITE_CHECK.search(str(exc))
    return found.group(1) if found else None


def message_for(exc: IntegrityError) -> str | None:
    """The registered message of the violated constraint, in the active language; None when unknown."""
    name = constraint_name(exc)
    message = _MESSAGES.get(name) if name else None
    return None if message is None else str(message)
