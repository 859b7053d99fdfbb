"""The API pages in a 390 px phone browser under the site's CSP: Swagger UI starts from the sidecar's static
files and a static init script (no violation, no CDN), and an admin makes a token and sees its secret once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.api.models import ApiToken
from apps.core.tests.test_csp import WATCH_VIOLATIONS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page, what):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{what} scrolls sideways at 390 px"


def test_docs_page_renders_swagger_ui_without_csp_violation(world, e2e_login, live_server, browser_page):
    browser_page.add_init_script(WATCH_VIOLATIONS)
    requests: list[str] = []
    browser_page.on("request", lambda r: requests.append(r.url))
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}{reverse('api:docs')}")
    page.locator(".opblock-summary-path", has_text="/api/v1/batches/").first.wait_for()
    page.wait_for_timeout(100)
    assert page.evaluate("window.__cspViolations") == []
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
    _no_sideways_scroll(page, "the API documentation")


def test_admin_creates_a_token_and_sees_the_secret_once(world, e2e_login, live_server, browser_page):
    browser_page.add_init_script(WATCH_VIOLATIONS)
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}{reverse('api:token_list')}")
    page.get_by_label("Nama token").fill("SIMPEG")
    page.get_by_role("button", name="Buat token").click()
    secret = page.locator("#token-secret").input_value()
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix) and len(secret) >= 40
    _no_sideways_scroll(page, "the token list")
    page.goto(f"{live_server.url}{reverse('api:token_list')}")  # a fresh GET: the secret is gone
    assert page.locator("#token-secret").count() == 0
    page.get_by_role("button", name="Cabut").click()
    assert page.get_by_text("Token SIMPEG dicabut.").is_visible()
    assert page.evaluate("window.__cspViolations") == []
