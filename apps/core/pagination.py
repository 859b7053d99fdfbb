"""Pagination helpers: 25 rows a page; keyset paging for append-only logs."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime

PAGE_SIZE = 25


def paginate(request: HttpRequest, qs: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def keyset_page(request: HttpRequest, qs: QuerySet, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """Newest first on (created_at, id); `after` is the cursor of the last row shown. Deep pages
    cost the same as the first, unlike OFFSET."""
    qs = qs.order_by("-created_at", "-id")
    cursor = request.GET.get("after", "")
    created, _sep, pk = cursor.partition("_")
    try:
        moment: datetime | None = parse_datetime(created) if created else None
    except ValueError:  # well formed but impossible (30 February): an unreadable cursor is the first page
        moment = None
    if moment is not None and re.fullmatch(r"[0-9]{1,18}", pk):
        qs = qs.filter(Q(created_at__lt=moment) | Q(created_at=moment, id__lt=int(pk)))
    rows = list(qs[: per_page + 1])
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = f"{rows[-1].created_at.isoformat()}_{rows[-1].pk}" if has_next else ""
    return {"rows": rows, "next_cursor": next_cursor, "is_first": not cursor}
