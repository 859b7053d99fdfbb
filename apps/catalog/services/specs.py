"""Value objects the catalog services take from forms and imports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from apps.catalog.models import Narasumber


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    learning_hours: int
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class SessionSpec:
    """One session as the admin wants it. `id` names an existing session of the batch, which is
    then changed in place (its attendance stays); no `id` creates one. `row` is the number the
    admin sees on the form, so a refusal names the row they typed."""

    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    topic: str
    narasumber: Narasumber | None = None
    online_link: str = ""
    id: int | None = None
    row: int | None = None


SESSION_FIELDS = ("date", "start_time", "end_time", "topic", "narasumber", "online_link")


@dataclass(frozen=True)
class CompetencySpec:
    kompetensi: Any
    target_level: int


def _join(values: Any) -> str:
    items = [str(v) for v in (values or []) if str(v)]
    return f",{','.join(items)}," if items else ""
