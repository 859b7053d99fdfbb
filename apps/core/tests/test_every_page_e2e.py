"""Every menu page, as each role of the demo opens it, on a 390×844 phone and a 1366×900 screen, in
Indonesian and in English (issue 23): no page scrolls sideways, no raw status code or unrounded number is
shown, the English pages' headings, menus, table heads, labels and buttons are English, and axe-core finds no
serious or critical WCAG 2 A/AA violation. The demo data (`manage.py seed_demo`) fills the pages, loaded
once for the whole walk."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Kompetensi#2026"  # apps/employees/seed.py DEMO_PASSWORD
ROLES = ["admin.kendari", "atasan.kendari", "pegawai.kendari", "mentor.kendari", "superadmin"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# A status or field code where its label belongs: snake_case words, or the workflow states by name.
RAW_CODE = re.compile(
    r"\b(?:[a-z]+_[a-z_]+|requested|approved|verified|waitlisted|submitted|in_progress|cancelled|"
    r"rejected|agreed|superseded)\b"
)
# A float printed as it is stored: five or more decimals (the IKM's nilai interval is shown with four).
UNROUNDED = re.compile(r"\d[.,]\d{5,}")
# Indonesian words of the interface (not of the data): a heading, menu entry, label or button in English mode
# that still carries one was not translated.
INDONESIAN_UI = re.compile(
    r"\b(?:yang|dan|untuk|belum|tidak|simpan|tambah|cari|semua|ubah|hapus|lihat|daftar|pilih|tanggal|"
    r"menunggu|kembali|keluar|masuk|baru|unduh|laporan|pelatihan|penilaian|kesenjangan)\b",
    re.IGNORECASE,
)
CHROME = "h1, h2, nav#mainnav a, th, label, button, .nav-section"
# A page's own data (programme titles, unit names, answers typed by people) is Indonesian in either language:
# in a cell, or marked lang="id" where it stands among the interface's words.
DATA_CELLS = "td, tbody th, [lang='id']:not(html)"

# Pages where a decision is taken row by row: on a phone each row's buttons sit inside the screen, not in a
# table that scrolls sideways (issue 23, item 1).
DECISION_PAGES = ("/pendaftaran/persetujuan/", "/pendaftaran/verifikasi/")
BUTTONS_OFF_SCREEN = """() => Array.from(document.querySelectorAll('main button, main .btn'))
    .filter(b => b.offsetParent !== null && b.getBoundingClientRect().right > window.innerWidth + 1)
    .map(b => b.innerText.trim())"""
VISIBLE_TEXT = "() => document.body.innerText"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Each visible piece of the interface, with any data inside it (a lang="id" description in a label) left out.
CHROME_TEXT = f"""() => Array.from(document.querySelectorAll({CHROME!r}))
    .filter(el => el.offsetParent !== null && !el.closest({DATA_CELLS!r}))
    .map(el => {{
        const copy = el.cloneNode(true);
        copy.querySelectorAll({DATA_CELLS!r}).forEach(data => data.remove());
        return copy.textContent.replace(/\\s+/g, " ").trim();
    }})
    .filter(Boolean)"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def _login(page, base, username, english=False):
    page.context.clear_cookies()
    if english:
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    assert "/akun/masuk/" not in page.url, f"{username} could not sign in"


def _menu(page):
    return page.eval_on_selector_all("nav#mainnav a.nav-link", "els => els.map(a => a.getAttribute('href'))")


def _serious(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:8]]}"  # every offender, to fix them at once
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _problems_at_phone(page, path, username):
    problems = []
    if (overflow := page.evaluate(OVERFLOW)) > 1:
        problems.append(f"{path}: scrolls {overflow}px sideways at 390 px")
    text = page.evaluate(VISIBLE_TEXT)
    problems += [f"{path}: raw code {m!r}" for m in sorted(set(RAW_CODE.findall(text)))]
    problems += [f"{path}: unrounded {m!r}" for m in sorted(set(UNROUNDED.findall(text)))]
    problems += [f"{path}: axe {v}" for v in _serious(page)]
    if path.startswith(DECISION_PAGES):
        problems += [f"{path}: button {b!r} off a 390-px screen" for b in page.evaluate(BUTTONS_OFF_SCREEN)]
    if shots := os.environ.get("E2E_SCREENSHOTS"):  # look at the pages as a user would: not committed
        name = re.sub(r"[^a-z0-9]+", "-", f"{page.url.split('//', 1)[1].split('/', 1)[1]}").strip("-") or "home"
        page.screenshot(path=str(Path(shots) / f"{username}-{name}.png"), full_page=True)
    return problems


def _problems_in_english(page, path):
    problems = []
    if (overflow := page.evaluate(OVERFLOW)) > 1:
        problems.append(f"{path}: scrolls {overflow}px sideways at 1366 px")
    for text in page.evaluate(CHROME_TEXT):
        if INDONESIAN_UI.search(text):
            problems.append(f"{path}: untranslated {text[:60]!r}")
    return problems


def test_every_menu_page_of_every_role(demo, live_server, browser_page):
    page = browser_page
    base = live_server.url
    problems: list[str] = []
    opened = 0
    for username in ROLES:
        page.set_viewport_size(PHONE)
        _login(page, base, username)
        paths = ["/", *[p for p in _menu(page) if p != "/"]]
        assert len(paths) > 3, f"{username} sees almost no menu"
        for path in paths:
            response = page.goto(base + path)
            if response.status >= 400:
                problems.append(f"{username} {path}: answers {response.status}")
                continue
            problems += [f"{username} {p}" for p in _problems_at_phone(page, path, username)]
        page.set_viewport_size(DESKTOP)
        _login(page, base, username, english=True)
        for path in paths:
            page.goto(base + path)
            problems += [f"{username} {p}" for p in _problems_in_english(page, path)]
        opened += len(paths)
    assert opened > 40
    assert not problems, "\n".join(problems)
