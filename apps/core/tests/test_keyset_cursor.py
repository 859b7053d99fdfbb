"""An unreadable keyset cursor (a hand-edited ?after=) shows the first page, never a 500."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from apps.core.models import AuditEvent
from apps.core.pagination import keyset_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cursor",
    ["2026-02-30T00:00:00_1", "2026-01-01T00:00:00+00:00_²", "kemarin_1", "_", "2026-01-01T00:00:00_" + "9" * 40],
)
def test_a_bad_cursor_is_the_first_page(cursor):
    request = RequestFactory().get("/", {"after": cursor})
    page = keyset_page(request, AuditEvent.objects.all())
    assert page["rows"] == [] and page["next_cursor"] == ""
