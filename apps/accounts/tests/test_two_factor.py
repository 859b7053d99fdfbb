"""The second factor (TOTP with django-otp): enrolment with a QR code and a first code, the code step after
the password, single-use recovery codes, switching it off with a code, the admins' obligation, and the
audit trail. The test settings switch the obligation off (existing tests sign admins in with
force_login); the tests here switch it on where it is the subject."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services
from apps.accounts.models import User
from apps.conftest import ALL_ACTORS, role_matrix
from apps.core.models import AuditEvent

PASSWORD = "rahasia-uji-123"  # apps/accounts/tests/factories.py
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:login_verify")
TWO_FACTOR = reverse("accounts:two_factor")
CODES = reverse("accounts:two_factor_codes")
REGENERATE = reverse("accounts:two_factor_regenerate")
DISABLE = reverse("accounts:two_factor_disable")
HOME = reverse("core:home")
WRONG_CODE = "Kode verifikasi salah atau sudah dipakai"


def code_for(key: str, *, later: int = 0) -> str:
    """The code an authenticator app shows now (or `later` steps of 30 s from now)."""
    import time

    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * later
    return f"{totp.token():06d}"


def enrol(user) -> tuple[str, list[str]]:
    """Switch the second factor on through the service; returns the secret and the recovery codes."""
    key = services.otp_new_key()
    _device, codes = services.otp_enrol(actor=user, key=key, token=code_for(key))
    return key, codes


def next_step():
    """Move past the code just used (TOTP refuses a code of a step already used) and any throttle delay."""
    return time_machine.travel(timedelta(seconds=65), tick=True)


# --- enrolment -----------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_and_a_first_code_switches_it_on(client, login_actor):
    owner = login_actor("owner")
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    key = client.session["otp_enrol_key"]
    secret = page.context["secret"]
    assert len(secret.replace(" ", "")) == 32
    assert secret in page.text
    assert client.get(TWO_FACTOR).context["secret"] == secret  # the same secret until confirmed

    resp = client.post(TWO_FACTOR, {"code": code_for(key)})
    assert resp.status_code == 302 and resp.url.startswith(CODES)
    owner.refresh_from_db()
    assert owner.otp_enabled_at is not None
    assert TOTPDevice.objects.get(user=owner).confirmed
    shown = client.get(resp.url)
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", shown.text)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True))
    assert client.get(CODES).status_code == 302  # shown once
    assert client.get(HOME).status_code == 200  # this session counts as verified
    assert "Verifikasi dua langkah aktif" in client.get(TWO_FACTOR).text
    event = AuditEvent.objects.get(action="user.otp_enrol")
    assert (event.actor_id, event.object_id) == (owner.pk, str(owner.pk))


@pytest.mark.parametrize(
    "code, message",
    [("", "Masukkan kode dari aplikasi autentikator."), ("12ab", "Kode terdiri dari 6 angka."), ("000000", "")],
)
def test_a_wrong_enrolment_code_is_a_422_in_indonesian_and_saves_nothing(code, message, client, login_actor):
    owner = login_actor("owner")
    client.get(TWO_FACTOR)
    if code == "000000" and code_for(client.session["otp_enrol_key"]) == code:
        code = "000001"
    resp = client.post(TWO_FACTOR, {"code": code})
    assert resp.status_code == 422
    assert (message or "Kode tidak cocok") in resp.text
    owner.refresh_from_db()
    assert owner.otp_enabled_at is None
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert not StaticToken.objects.filter(device__user=owner).exists()
    assert not AuditEvent.objects.filter(action="user.otp_enrol").exists()


def test_enrolling_ends_the_other_sessions(client, login_actor):
    owner = login_actor("owner")
    elsewhere = Client()
    elsewhere.force_login(owner)
    client.get(TWO_FACTOR)
    client.post(TWO_FACTOR, {"code": code_for(client.session["otp_enrol_key"])})
    assert client.get(HOME).status_code == 200
    resp = elsewhere.get(HOME)
    assert resp.status_code == 302 and resp.url.startswith(LOGIN)


# --- signing in with the second factor -----------------------------------------------------------


def test_login_asks_for_the_code_after_the_password(client, world):
    key, _codes = enrol(world.users["owner"])
    with next_step():
        resp = client.post(f"{LOGIN}?next=/pegawai/saya/", {"username": "pegawai_a", "password": PASSWORD})
        assert resp.status_code == 302 and resp.url.startswith(VERIFY)
        assert "next=%2Fpegawai%2Fsaya%2F" in resp.url
        page = client.get(resp.url)
        assert page.status_code == 200 and "Kode verifikasi" in page.text
        assert page.context["nav_items"] == []  # no menu of pages that would only bounce back here
        blocked = client.get(HOME)  # signed in by password only: every page leads to the code step
        assert blocked.status_code == 302 and blocked.url == f"{VERIFY}?next=%2F"
        wrong = client.post(VERIFY, {"code": "12345x", "next": "/pegawai/saya/"})
        assert wrong.status_code == 422 and WRONG_CODE in wrong.text
    with next_step(), next_step():
        ok = client.post(VERIFY, {"code": code_for(key), "next": "/pegawai/saya/"})
        assert ok.status_code == 302 and ok.url == "/pegawai/saya/"
        assert client.get(HOME).status_code == 200
        assert client.get(VERIFY).status_code == 302  # nothing more to verify


def test_the_code_step_refuses_an_outside_next(client, world):
    key, _codes = enrol(world.users["owner"])
    with next_step():
        client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD})
        resp = client.post(VERIFY, {"code": code_for(key), "next": "https://evil.example/"})
    assert resp.status_code == 302 and resp.url == HOME


def test_logout_works_before_the_code(client, world):
    enrol(world.users["owner"])
    with next_step():
        client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD})
        resp = client.post(reverse("accounts:logout"))
    assert resp.status_code == 302 and resp.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once_and_is_audited(client, world):
    owner = world.users["owner"]
    _key, codes = enrol(owner)
    with next_step():
        client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD})
        resp = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
        assert resp.redirect_chain[0][1] == 302
        assert "Sisa kode pemulihan: 9." in resp.text
    event = AuditEvent.objects.get(action="user.otp_recovery_used")
    assert event.data == {"remaining": 9}
    client.post(reverse("accounts:logout"))
    with next_step(), next_step():
        client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD})
        again = client.post(VERIFY, {"code": codes[0]})
        assert again.status_code == 422 and WRONG_CODE in again.text
        assert client.get(HOME).status_code == 302


def test_the_password_lockout_still_applies_before_the_code(client, world):
    enrol(world.users["owner"])
    for _attempt in range(5):
        client.post(LOGIN, {"username": "pegawai_a", "password": "salah-sekali-123"})
    assert client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_codes_are_throttled(client, world):
    key, _codes = enrol(world.users["owner"])
    with next_step():
        client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD})
        client.post(VERIFY, {"code": "000000" if code_for(key) != "000000" else "000001"})
        # right away the right code is refused too: the device waits after each failure
        assert client.post(VERIFY, {"code": code_for(key)}).status_code == 422


# --- recovery codes, switching off ---------------------------------------------------------------


def _verified_client(client, user, key):
    with next_step():
        client.post(LOGIN, {"username": user.username, "password": PASSWORD})
        client.post(VERIFY, {"code": code_for(key)})
    assert client.get(HOME).status_code == 200


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(client, world):
    owner = world.users["owner"]
    key, old = enrol(owner)
    _verified_client(client, owner, key)
    with next_step(), next_step():
        bad = client.post(REGENERATE, {"regenerate-code": "abc"})
        assert bad.status_code == 422 and "Kode verifikasi salah" in bad.text
        assert sorted(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True)) == sorted(old)
    with next_step(), next_step(), next_step():
        resp = client.post(REGENERATE, {"regenerate-code": code_for(key)})
        assert resp.status_code == 302 and resp.url == CODES
        new = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", client.get(CODES).text)
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEvent.objects.filter(action="user.otp_recovery_regenerate").count() == 1


def test_switching_off_needs_a_current_code(client, world):
    owner = world.users["owner"]
    key, _codes = enrol(owner)
    _verified_client(client, owner, key)
    with next_step(), next_step():
        bad = client.post(DISABLE, {"disable-code": ""})
        assert bad.status_code == 422 and "Masukkan kode verifikasi." in bad.text
        assert User.objects.get(pk=owner.pk).otp_enabled_at is not None
    with next_step(), next_step(), next_step():
        resp = client.post(DISABLE, {"disable-code": code_for(key)})
        assert resp.status_code == 302 and resp.url == TWO_FACTOR
        assert client.get(HOME).status_code == 200  # this session stays
    assert User.objects.get(pk=owner.pk).otp_enabled_at is None
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert AuditEvent.objects.filter(action="user.otp_disable", actor=owner).exists()
    client.post(reverse("accounts:logout"))
    assert client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD}).url == HOME


# --- the admins' obligation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, required", [(a, a in {"bkpsdm_admin", "other_instansi_admin", "superadmin"}) for a in ALL_ACTORS]
)
def test_admins_without_a_second_factor_are_sent_to_enrol(actor, required, client, login_actor, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    login_actor(actor)
    resp = client.get(reverse("employees:me"))
    if required:
        assert resp.status_code == 302 and resp.url == f"{TWO_FACTOR}?next=%2Fpegawai%2Fsaya%2F"
        page = client.get(resp.url)
        assert page.status_code == 200 and "Akun admin wajib memakai verifikasi dua langkah" in page.text
        assert page.context["nav_items"] == []
        htmx = client.get(HOME, HTTP_HX_REQUEST="true")
        assert htmx.headers["HX-Redirect"].startswith(TWO_FACTOR)
    else:
        assert not resp.get("Location", "").startswith(TWO_FACTOR)
        assert client.get(HOME).status_code == 200


def test_admin_enrols_then_reaches_the_page_and_cannot_switch_it_off(client, login_actor, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    admin = login_actor("bkpsdm_admin")
    assert client.get(HOME).status_code == 302
    client.get(TWO_FACTOR)
    key = client.session["otp_enrol_key"]
    resp = client.post(TWO_FACTOR, {"code": code_for(key), "next": "/pegawai/"})
    assert resp.status_code == 302
    codes_page = client.get(resp.url)
    assert 'href="/pegawai/"' in codes_page.text
    assert client.get(HOME).status_code == 200
    page = client.get(TWO_FACTOR)
    assert "tidak dapat dimatikan" in page.text and DISABLE not in page.text
    with next_step():
        refused = client.post(DISABLE, {"disable-code": code_for(key)})
    assert refused.status_code == 422 and "tidak dapat dimatikan" in refused.text
    assert User.objects.get(pk=admin.pk).otp_enabled_at is not None


def test_superadmin_reset_switches_it_off(world):
    owner = world.users["owner"]
    enrol(owner)
    services.otp_reset(actor=world.users["superadmin"], user=owner)
    assert User.objects.get(pk=owner.pk).otp_enabled_at is None
    assert AuditEvent.objects.filter(action="user.otp_reset", actor=world.users["superadmin"]).exists()


# --- who reaches each page -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [VERIFY, TWO_FACTOR, CODES])
def test_anonymous_users_are_sent_to_the_login_page(url, client, db):
    resp = client.get(url)
    assert resp.status_code == 302 and resp.url == f"{LOGIN}?next={url}"


@pytest.mark.parametrize("url", [REGENERATE, DISABLE])
def test_anonymous_posts_are_sent_to_the_login_page(url, client, db):
    resp = client.post(url, {"code": "123456"})
    assert resp.status_code == 302 and resp.url.startswith(LOGIN)


@pytest.mark.parametrize("actor, status", role_matrix(defaults=dict.fromkeys(ALL_ACTORS, 200)))
def test_every_role_can_enrol_from_the_account_menu(actor, status, client, login_actor):
    login_actor(actor)
    assert client.get(TWO_FACTOR).status_code == status
    home = client.get(HOME)
    assert f'href="{TWO_FACTOR}"' in home.text and "Verifikasi dua langkah" in home.text
    # nothing to verify or switch off yet: back to the pages, never an error
    assert client.get(VERIFY).status_code == 302
    assert client.post(DISABLE, {"disable-code": "123456"}).url == TWO_FACTOR
    assert client.post(REGENERATE, {"regenerate-code": "123456"}).url == TWO_FACTOR


def test_pages_have_english_translations(client, login_actor):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    login_actor("owner")
    page = client.get(TWO_FACTOR).text
    assert "Two-step verification" in page and "Secret key" in page


def test_superadmin_resets_it_from_the_user_list(client, login_actor, world):
    owner = world.users["owner"]
    enrol(owner)
    login_actor("superadmin")
    resp = client.post(
        "/superadmin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [owner.pk], "index": 0},
        follow=True,
    )
    assert resp.status_code == 200
    assert "Verifikasi dua langkah 1 pengguna dimatikan." in resp.text
    assert User.objects.get(pk=owner.pk).otp_enabled_at is None
    assert AuditEvent.objects.filter(action="user.otp_reset", object_id=str(owner.pk)).exists()


# --- in a 390 px browser under the Content-Security-Policy ---------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_admin_enrols_and_signs_in_with_a_recovery_code_in_a_phone_browser(world, live_server, browser_page, settings):
    import base64

    from apps.accounts.tests.test_password import WATCH_VIOLATIONS, _fits_and_obeys_csp

    settings.OTP_REQUIRED_FOR_ADMINS = True
    page = browser_page
    page.add_init_script(WATCH_VIOLATIONS)

    def sign_in():
        page.goto(f"{live_server.url}{LOGIN}")
        page.get_by_label("Nama pengguna").fill("admin_a")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()

    sign_in()
    page.get_by_text("Akun admin wajib memakai verifikasi dua langkah").wait_for()
    _fits_and_obeys_csp(page, "enrolment")
    secret = page.get_by_test_id("otp-secret").inner_text().replace(" ", "")
    page.get_by_label("Kode dari aplikasi").fill(code_for(base64.b32decode(secret).hex()))
    page.get_by_role("button", name="Aktifkan").click()
    page.get_by_role("heading", name="Kode pemulihan").wait_for()
    _fits_and_obeys_csp(page, "recovery codes")
    codes = page.get_by_test_id("recovery-codes").inner_text().split()
    assert len(codes) == 10
    page.get_by_role("link", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/"  # back where the admin was going: the home page

    page.context.clear_cookies()
    sign_in()
    page.get_by_role("heading", name="Kode verifikasi").wait_for()
    _fits_and_obeys_csp(page, "code step")
    page.get_by_label("Kode verifikasi").fill(codes[0])
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_text("Sisa kode pemulihan: 9.").wait_for()
    _fits_and_obeys_csp(page, "home after the code")
