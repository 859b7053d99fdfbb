"""Password reset by e-mail and password change: the reset never tells whether an address has an
account, is rate limited, mails only active accounts, works once and expires, ends other sessions and
lifts a login lockout; the change keeps the current session. Mail goes out after commit (on a worker;
in-process here)."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.tests.factories import UserFactory
from apps.conftest import ALL_ACTORS, role_matrix
from apps.core.models import AuditEvent

PASSWORD = "rahasia-uji-123"  # apps/accounts/tests/factories.py
NEW_PASSWORD = "Kopi-Toraja-2026!"
LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
RESET_DONE = reverse("accounts:password_reset_done")
CHANGE = reverse("accounts:password_change")
CHANGE_DONE = reverse("accounts:password_change_done")
SITE = "https://kompetensi.example.go.id"
LINK = re.compile(re.escape(SITE) + r"(/akun/atur-ulang-kata-sandi/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """The request counters live in the cache, which outlives a test; each test starts from zero."""
    settings.SITE_URL = SITE
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def request_reset(client, django_capture_on_commit_callbacks):
    """POST the reset form and run what the request queued after its commit (the mail task)."""

    def post(email, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, **extra)

    return post


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def _link_in(mail) -> str:
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)


def _set_new_password(client, path, password=NEW_PASSWORD):
    """Follow the mailed link (Django swaps the token for a session value) and submit the form."""
    opened = client.get(path)
    assert opened.status_code == 302, "a valid link redirects to the form without the token in the URL"
    form = client.get(opened.url)
    assert form.context["validlink"] is True
    return client.post(opened.url, {"new_password1": password, "new_password2": password})


# --- the whole reset flow ------------------------------------------------------------------------


def test_reset_flow_mails_a_link_that_sets_a_new_password(client, world, request_reset, mailoutbox):
    owner = world.users["owner"]
    resp = request_reset(owner.email.upper())  # the address matches whatever its case
    assert resp.status_code == 302 and resp.url == RESET_DONE

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [owner.email]
    assert mail.subject == "Atur ulang kata sandi ASN Kompetensi"
    assert "Kami menerima permintaan untuk membuat kata sandi baru" in mail.body
    assert "pegawai_a" in mail.body
    assert "Tautan berlaku 60 menit dan hanya dapat dipakai sekali." in mail.body
    assert not mail.alternatives  # plain text only

    done = _set_new_password(client, _link_in(mail))
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    assert "Kata sandi sudah diganti" in client.get(done.url).text
    assert "_auth_user_id" not in client.session  # a reset does not sign anyone in

    assert _login(client, "pegawai_a", PASSWORD).status_code == 200  # the old password no longer works
    assert _login(client, "pegawai_a", NEW_PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="user.password_reset")
    assert (event.actor_id, event.object_id, event.instansi_id) == (owner.pk, str(owner.pk), world.a.pk)


def test_mail_is_indonesian_and_link_uses_site_url_whatever_the_host_or_language(
    client, world, request_reset, mailoutbox, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]  # a host the proxy let through
    client.post(reverse("set_language"), {"language": "en", "next": RESET})
    request_reset(world.users["owner"].email, HTTP_HOST="evil.example", SERVER_NAME="evil.example")
    assert mailoutbox[0].subject == "Atur ulang kata sandi ASN Kompetensi"
    assert "evil.example" not in mailoutbox[0].body
    assert _link_in(mailoutbox[0])


def test_new_password_must_pass_the_validators_in_indonesian(client, world, request_reset, mailoutbox):
    request_reset(world.users["owner"].email)
    resp = _set_new_password(client, _link_in(mailoutbox[0]), password="12345")
    assert resp.status_code == 422
    errors = " ".join(resp.context["form"].errors["new_password2"])
    assert "terlalu pendek" in errors and "angka" in errors
    owner = User.objects.get(pk=world.users["owner"].pk)
    assert owner.check_password(PASSWORD)


def test_mismatched_passwords_give_an_indonesian_error(client, world, request_reset, mailoutbox):
    request_reset(world.users["owner"].email)
    opened = client.get(_link_in(mailoutbox[0]))
    resp = client.post(opened.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert "Kedua kata sandi tidak sama." in resp.text
    assert User.objects.get(pk=world.users["owner"].pk).check_password(PASSWORD)


# --- no user enumeration -------------------------------------------------------------------------


CSRF_TOKEN = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')


def _answer(resp, client):
    """What the person at the keyboard sees: the redirect and the page it leads to (CSRF tokens aside)."""
    page = client.get(resp.url)
    return resp.status_code, resp.url, page.status_code, CSRF_TOKEN.sub(r"\1", page.text)


def test_unknown_address_gets_the_identical_answer_and_no_mail(client, world, request_reset, mailoutbox):
    known = _answer(request_reset(world.users["owner"].email), client)
    assert len(mailoutbox) == 1
    unknown = _answer(request_reset("tidak.terdaftar@example.go.id"), client)
    assert unknown == known
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("change", ["inactive", "unusable_password", "no_email_match"])
def test_inactive_or_passwordless_accounts_get_no_mail_and_the_same_answer(
    change, client, world, request_reset, mailoutbox
):
    owner = world.users["owner"]
    email = owner.email
    if change == "inactive":
        owner.is_active = False
        owner.save(update_fields=["is_active"])
    elif change == "unusable_password":
        owner.set_unusable_password()
        owner.save(update_fields=["password"])
    else:
        email = "x" + email
    resp = request_reset(email)
    assert (resp.status_code, resp.url) == (302, RESET_DONE)
    assert mailoutbox == []


def test_account_deactivated_after_the_request_gets_no_mail(world, mailoutbox):
    """The worker checks again: the mail may be sent minutes after the request."""
    from apps.accounts.services import password_reset_mail_send

    owner = world.users["owner"]
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    password_reset_mail_send(user_id=owner.pk)
    assert mailoutbox == []


def test_invalid_address_is_a_form_error_known_or_not(client, db, mailoutbox):
    resp = client.post(RESET, {"email": "bukan-email"})
    assert resp.status_code == 422
    assert resp.context["form"].errors["email"]
    assert mailoutbox == []


# --- rate limits ---------------------------------------------------------------------------------


def test_sixth_request_for_one_address_in_an_hour_sends_nothing(client, world, request_reset, mailoutbox, caplog):
    email = world.users["owner"].email
    answers = set()
    for _attempt in range(5):
        resp = request_reset(email)
        answers.add((resp.status_code, resp.url))
    assert len(mailoutbox) == 5
    with caplog.at_level(logging.WARNING, logger="apps.accounts.services"):
        sixth = request_reset(email)
    assert (sixth.status_code, sixth.url) in answers  # the same neutral answer
    assert client.get(sixth.url).status_code == 200
    assert len(mailoutbox) == 5
    assert "password reset refused: e-mail limit reached" in caplog.text
    assert email not in caplog.text  # the log names the address by a hash only

    with time_machine.travel(timedelta(minutes=61), tick=False):
        request_reset(email)
    assert len(mailoutbox) == 6  # a new hour, a new allowance


def test_the_limit_per_address_ignores_case_and_client_ip(world, request_reset, mailoutbox, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    email = world.users["owner"].email
    request_reset(email, REMOTE_ADDR="10.0.0.1")
    request_reset(email.upper(), REMOTE_ADDR="10.0.0.2")
    request_reset(email, REMOTE_ADDR="10.0.0.3")
    assert len(mailoutbox) == 2


def test_one_client_ip_is_limited_across_addresses(world, request_reset, mailoutbox, settings, caplog):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 3
    users = [UserFactory() for _ in range(4)]
    with caplog.at_level(logging.WARNING, logger="apps.accounts.services"):
        for user in users:
            resp = request_reset(user.email, REMOTE_ADDR="10.9.8.7")
            assert (resp.status_code, resp.url) == (302, RESET_DONE)
    assert [m.to[0] for m in mailoutbox] == [u.email for u in users[:3]]
    assert "IP limit reached (ip=10.9.8.7" in caplog.text
    request_reset(users[3].email, REMOTE_ADDR="10.9.8.8")  # another office is not affected
    assert len(mailoutbox) == 4


# --- the link works once and expires -------------------------------------------------------------


def test_link_works_only_once(client, world, request_reset, mailoutbox):
    request_reset(world.users["owner"].email)
    path = _link_in(mailoutbox[0])
    _set_new_password(client, path)
    again = client.get(path)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert "Tautan tidak berlaku" in again.text
    assert f'href="{RESET}"' in again.text


@pytest.mark.parametrize("minutes_later, valid", [(59, True), (61, False)])
def test_link_expires_after_the_configured_time(minutes_later, valid, client, world, request_reset, mailoutbox):
    request_reset(world.users["owner"].email)
    path = _link_in(mailoutbox[0])
    # Relative travel: Django's token clock is naive local time, which an aware destination would re-zone.
    with time_machine.travel(timedelta(minutes=minutes_later), tick=False):
        resp = client.get(path, follow=True)
        assert resp.context["validlink"] is valid
        if not valid:
            resp = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
            assert resp.status_code == 200
    assert User.objects.get(pk=world.users["owner"].pk).check_password(PASSWORD)


def test_forged_token_is_refused(client, world):
    resp = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "abc-123"]))
    assert resp.status_code == 200
    assert resp.context["validlink"] is False


# --- what a reset does to sessions and lockouts --------------------------------------------------


def test_reset_signs_out_every_other_session(client, world, request_reset, mailoutbox):
    owner = world.users["owner"]
    elsewhere = Client()
    elsewhere.force_login(owner)
    assert elsewhere.get(reverse("core:home")).status_code == 200
    request_reset(owner.email)
    _set_new_password(client, _link_in(mailoutbox[0]))
    resp = elsewhere.get(reverse("core:home"))
    assert resp.status_code == 302 and resp.url.startswith(LOGIN)
    assert SESSION_KEY not in elsewhere.session


def test_reset_lifts_a_login_lockout(client, world, request_reset, mailoutbox):
    for _attempt in range(5):
        _login(client, "pegawai_a", "salah-sekali-123")
    assert _login(client, "pegawai_a", PASSWORD).status_code == 429
    request_reset(world.users["owner"].email)
    _set_new_password(client, _link_in(mailoutbox[0]))
    assert _login(client, "pegawai_a", NEW_PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.data == {"lockouts_cleared": 1}


# --- password change -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CHANGE, CHANGE_DONE])
def test_password_change_requires_login(url, client, db):
    resp = client.get(url)
    assert resp.status_code == 302
    assert resp.url == f"{LOGIN}?next={url}"


def test_wrong_current_password_is_an_indonesian_error_and_changes_nothing(client, login_actor):
    owner = login_actor("owner")
    resp = client.post(
        CHANGE, {"old_password": "bukan-ini-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert resp.status_code == 422
    assert "Kata sandi saat ini salah. Silakan coba lagi." in resp.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


def test_change_keeps_this_session_ends_the_others_and_is_audited(client, login_actor):
    owner = login_actor("owner")
    elsewhere = Client()
    elsewhere.force_login(owner)
    resp = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert resp.status_code == 302 and resp.url == CHANGE_DONE
    done = client.get(CHANGE_DONE)
    assert done.status_code == 200 and "Kata sandi sudah diganti" in done.text
    assert client.get(reverse("core:home")).status_code == 200  # still signed in here
    assert elsewhere.get(reverse("core:home")).status_code == 302  # signed out there
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.password_change")
    assert (event.actor_id, event.object_id) == (owner.pk, str(owner.pk))


def test_change_runs_the_password_validators_in_indonesian(client, login_actor):
    owner = login_actor("owner")
    resp = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"})
    assert resp.status_code == 422
    assert "Kata sandi ini terlalu umum." in resp.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# --- who reaches each page, menu, markup ---------------------------------------------------------


@pytest.mark.parametrize("actor, status", role_matrix(defaults=dict.fromkeys(ALL_ACTORS, 200)))
def test_every_role_can_change_their_own_password_from_the_menu(actor, status, client, login_actor):
    login_actor(actor)
    for url in (CHANGE, CHANGE_DONE):
        assert client.get(url).status_code == status
    home = client.get(reverse("core:home"))
    assert f'href="{CHANGE}"' in home.text
    assert "Ganti kata sandi" in home.text


RESET_PAGES = [RESET, RESET_DONE, reverse("accounts:password_reset_complete")]


@pytest.mark.parametrize("actor, status", role_matrix(defaults=dict.fromkeys(ALL_ACTORS, 200)))
def test_reset_pages_open_for_every_role(actor, status, client, login_actor):
    login_actor(actor)
    for url in RESET_PAGES:
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("url", RESET_PAGES + [reverse("accounts:password_reset_confirm", args=["MQ", "x-y"])])
def test_reset_pages_open_without_signing_in(url, client, db):
    resp = client.get(url)
    assert resp.status_code == 200
    assert '<html lang="id">' in resp.text


def test_login_page_links_to_the_reset(client, db):
    assert f'href="{RESET}">Lupa kata sandi?</a>' in client.get(LOGIN).text


def test_forms_carry_labels_and_autocomplete_hints(client, world, request_reset, mailoutbox):
    reset = client.get(RESET).text
    assert 'autocomplete="email"' in reset and re.search(r'<label\s+for="id_email"', reset)
    request_reset(world.users["owner"].email)
    opened = client.get(_link_in(mailoutbox[0]))
    confirm = client.get(opened.url).text
    assert confirm.count('autocomplete="new-password"') == 2
    assert re.search(r'<label\s+for="id_new_password1"', confirm)
    client.force_login(world.users["owner"])
    change = client.get(CHANGE).text
    assert 'autocomplete="current-password"' in change
    assert change.count('autocomplete="new-password"') == 2
    assert "Kata sandi saat ini" in change


def test_pages_have_english_translations(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert "Forgot your password?" in client.get(LOGIN).text
    assert "Forgot password" in client.get(RESET).text
    client.force_login(world.users["owner"])
    change = client.get(CHANGE).text
    assert "Current password" in change and "Save new password" in change


# --- in a 390 px browser under the Content-Security-Policy ---------------------------------------

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective);
});
"""


def _fits_and_obeys_csp(page, what):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{what} scrolls sideways at 390 px"
    assert page.evaluate("window.__cspViolations") == [], what


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_reset_and_change_in_a_phone_browser(world, live_server, browser_page, e2e_login, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    page = browser_page
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(f"{live_server.url}{LOGIN}")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    _fits_and_obeys_csp(page, "reset form")
    page.get_by_label("Alamat email").fill(world.users["owner"].email)
    page.get_by_role("button", name="Kirim tautan").click()
    page.get_by_role("heading", name="Periksa email Anda").wait_for()
    _fits_and_obeys_csp(page, "reset done")

    link = re.search(re.escape(live_server.url) + r"/akun/atur-ulang-kata-sandi/\S+", mailoutbox[0].body)
    page.goto(link[0])
    _fits_and_obeys_csp(page, "new password form")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_role("heading", name="Kata sandi sudah diganti").wait_for()
    _fits_and_obeys_csp(page, "reset complete")

    e2e_login("pegawai_a", NEW_PASSWORD)
    page.goto(f"{live_server.url}{CHANGE}")
    _fits_and_obeys_csp(page, "change form")
    page.locator("#id_old_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password1").fill(PASSWORD + "-baru")
    page.locator("#id_new_password2").fill(PASSWORD + "-baru")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    page.get_by_role("heading", name="Kata sandi sudah diganti").wait_for()
    _fits_and_obeys_csp(page, "change done")
