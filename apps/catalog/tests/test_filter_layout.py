"""Issue 23: the catalog's filter form keeps every filter readable (main filters in a row, the rest
behind "Filter lainnya"), and a filter in use is never hidden behind the closed section."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "url_name, main, more",
    [
        ("catalog:index", ["q", "month", "modality", "seats_left"], ["kompetensi", "path", "form", "penyelenggara"]),
        ("catalog:program_catalog", ["q", "kompetensi", "modality"], ["path", "form", "penyelenggara", "for_me"]),
    ],
)
def test_main_filters_first_and_the_rest_behind_filter_lainnya(url_name, main, more, world, login_actor, client):
    login_actor("owner")
    resp = client.get(reverse(url_name))
    assert resp.status_code == 200
    html = resp.text
    head, _sep, details = html.partition("<details")
    details = details.partition("</details>")[0]
    assert "Filter lainnya" in details and not re.match(r"[^>]*\bopen\b", details)
    for name in main:
        assert f'name="{name}"' in head and f'name="{name}"' not in details
    for name in more:
        assert f'name="{name}"' in details
    assert html.count("<select") + html.count('type="text"') >= len(main) + len(more)


def test_a_filter_in_use_opens_filter_lainnya(world, login_actor, client):
    login_actor("owner")
    resp = client.get(reverse("catalog:index"), {"path": "klasikal"})
    assert resp.status_code == 200
    assert re.search(r"<details[^>]*\bopen\b", resp.text)
    resp = client.get(reverse("catalog:index"), {"modality": "daring", "seats_left": "unknown"})
    assert not re.search(r"<details[^>]*\bopen\b", resp.text)
