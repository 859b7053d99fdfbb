"""Content-Security-Policy: the header is strict (no inline script, handler or style) and the pages
the roles use raise no violation in a real browser — the language switch still works without an
inline handler."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db

# Recorded in the page before any of its own script runs, so no violation slips by unseen.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def test_every_response_carries_a_strict_policy_and_permissions_policy(client):
    resp = client.get(reverse("accounts:login"))
    policy = resp.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in resp.headers["Permissions-Policy"]


def test_templates_have_no_inline_handlers_scripts_or_styles():
    """Served templates only (the *pdf.html templates are rendered by WeasyPrint, never sent to a browser)."""
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if path.name.endswith("pdf.html"):
            continue
        text = path.read_text()
        for pattern in (r"\son[a-z]+=", r'\sstyle="', r"<script(?![^>]*\ssrc=)(?![^>]*application/json)", r"<style"):
            if re.search(pattern, text):
                offenders.append(f"{path.name}: {pattern}")
    assert offenders == []


ROLES = ("admin_a", "atasan_a", "pegawai_a", "mentor_a", "superadmin")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_every_menu_page_of_every_role_raises_no_csp_violation(world, e2e_login, live_server, browser_page):
    """Each role signs in and opens every page of its own menu; any blocked script, style or handler fails."""
    browser_page.add_init_script(WATCH_VIOLATIONS)
    console_errors: list[str] = []
    browser_page.on(
        "console",
        lambda msg: console_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    browser_page.goto(f"{live_server.url}{reverse('accounts:login')}")
    assert browser_page.evaluate("window.__cspViolations") == []
    seen = 0
    for username in ROLES:
        browser_page.context.clear_cookies()
        page = e2e_login(username)
        links = page.locator("#mainnav a[href^='/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert links, username
        for href in dict.fromkeys(links):
            page.goto(f"{live_server.url}{href}")  # waits for "load": deferred scripts have run
            assert page.evaluate("window.__cspViolations") == [], f"{username} {href}"
            seen += 1
    assert seen >= 20
    page.wait_for_timeout(100)  # violation events are queued: let the last page's arrive
    assert page.evaluate("window.__cspViolations") == []
    assert console_errors == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_language_switch_works_without_inline_handler(world, e2e_login, live_server, browser_page):
    browser_page.add_init_script(WATCH_VIOLATIONS)
    page = e2e_login("pegawai_a")
    page.get_by_label("Bahasa").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # waits for the reload the switch causes
    assert page.evaluate("window.__cspViolations") == []
