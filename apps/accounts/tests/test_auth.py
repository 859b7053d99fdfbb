"""Signing in and out, lockout, language, the role-dependent home page and menu, Django admin."""

import pytest
from django.conf import settings
from django.urls import reverse

PASSWORD = "rahasia-uji-123"  # apps/accounts/tests/factories.py
LOGIN = reverse("accounts:login")
WRONG = "Nama pengguna atau kata sandi salah."


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


# --- login page, wrong password, lockout ---------------------------------------------------------


def test_login_page_is_in_indonesian_whatever_the_browser_says(client, db):
    resp = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert resp.status_code == 200
    assert '<html lang="id">' in resp.text
    assert "Masuk ke ASN Kompetensi" in resp.text
    assert "Nama pengguna" in resp.text
    assert "Kata sandi" in resp.text


def test_correct_password_signs_in_and_goes_home(client, world):
    resp = _login(client, "pegawai_a")
    assert resp.status_code == 302
    assert resp.url == reverse("core:home")
    assert int(client.session["_auth_user_id"]) == world.users["owner"].pk


def test_login_honours_a_safe_next(client, world):
    resp = client.post(f"{LOGIN}?next=/pegawai/saya/", {"username": "pegawai_a", "password": PASSWORD})
    assert resp.url == "/pegawai/saya/"
    resp = client.post(f"{LOGIN}?next=https://evil.example/", {"username": "pegawai_a", "password": PASSWORD})
    assert resp.url == reverse("core:home")


@pytest.mark.parametrize("username, password", [("pegawai_a", "salah-sekali-123"), ("tidak_ada", PASSWORD)])
def test_wrong_credentials_show_one_indonesian_message(username, password, client, world):
    resp = _login(client, username, password)
    assert resp.status_code == 200
    assert WRONG in resp.text
    assert "_auth_user_id" not in client.session


def test_inactive_account_cannot_sign_in(client, world):
    owner = world.users["owner"]
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    resp = _login(client, "pegawai_a")
    assert resp.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account(client, world):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        resp = _login(client, "pegawai_a", "salah-sekali-123")
        assert resp.status_code == 200
        assert WRONG in resp.text
    locked = _login(client, "pegawai_a", "salah-sekali-123")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.text
    assert "accounts/locked.html" in [t.name for t in locked.templates]
    # even the right password is refused while locked
    again = _login(client, "pegawai_a")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client, world):
    for _attempt in range(5):
        _login(client, "pegawai_a", "salah-sekali-123")
    assert _login(client, "atasan_a").status_code == 302


def test_a_success_resets_the_failure_count(client, world):
    for _attempt in range(4):
        _login(client, "pegawai_a", "salah-sekali-123")
    assert _login(client, "pegawai_a").status_code == 302
    client.post(reverse("accounts:logout"))
    for _attempt in range(4):
        assert _login(client, "pegawai_a", "salah-sekali-123").status_code == 200


# --- logout and the global login requirement -----------------------------------------------------


def test_logout_is_a_post(client, world):
    client.force_login(world.users["owner"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    resp = client.post(reverse("accounts:logout"))
    assert resp.status_code == 302
    assert resp.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        reverse("core:home"),
        reverse("employees:list"),
        reverse("employees:me"),
        reverse("organizations:unit_list"),
        reverse("accounts:password_change"),
    ],
)
def test_anonymous_users_are_sent_to_the_login_page(url, client, db):
    resp = client.get(url)
    assert resp.status_code == 302
    assert resp.url == f"{LOGIN}?next={url}"


def test_signed_in_user_opening_login_goes_home(client, world):
    client.force_login(world.users["owner"])
    resp = client.get(LOGIN)
    assert resp.status_code == 302
    assert resp.url == reverse("core:home")


# --- language ------------------------------------------------------------------------------------


def test_language_switch_to_english_sticks(client, world):
    client.force_login(world.users["owner"])
    assert client.get(reverse("core:home"))["Content-Language"] == "id"
    resp = client.post(reverse("set_language"), {"language": "en", "next": reverse("employees:me")})
    assert resp.status_code == 302
    assert resp.url == reverse("employees:me")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("core:home"))
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.text


def test_language_switch_works_before_signing_in(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(LOGIN).text


def test_unknown_language_falls_back_to_indonesian(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="id">' in client.get(LOGIN).text


def test_language_switch_refuses_an_outside_next(client, db):
    resp = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert "evil.example" not in resp.get("Location", "")


# --- home page panels and menu per role ----------------------------------------------------------

PANEL_HEADINGS = {
    "pegawai_admin": '<h2 class="h5">Pegawai instansi</h2>',
    "team": '<h2 class="h5">Tim saya</h2>',
    "me": '<h2 class="h5">Profil saya</h2>',
}


@pytest.mark.parametrize(
    "actor, panels",
    [
        ("bkpsdm_admin", {"pegawai_admin", "me"}),
        ("supervisor", {"team", "me"}),
        ("owner", {"me"}),
        ("other_employee", {"me"}),
        ("mentor", {"me"}),
        ("other_instansi_admin", {"pegawai_admin", "me"}),
        ("superadmin", set()),  # not switched into an instansi and no pegawai record
    ],
)
def test_home_shows_each_role_its_panels(actor, panels, client, login_actor):
    login_actor(actor)
    resp = client.get(reverse("core:home"))
    assert resp.status_code == 200
    shown = {p["key"] for p in resp.context["panels"]}
    for key, heading in PANEL_HEADINGS.items():
        assert (key in shown) == (key in panels), key
        assert (heading in resp.text) == (key in panels), key


def test_superadmin_switched_in_sees_the_admin_panel(client, login_actor, world):
    from apps.core.tenancy import ACTING_SESSION_KEY

    login_actor("superadmin")
    session = client.session
    session[ACTING_SESSION_KEY] = world.a.pk
    session.save()
    resp = client.get(reverse("core:home"))
    assert PANEL_HEADINGS["pegawai_admin"] in resp.text
    assert "Pemerintah Kota A" in resp.text  # the acting instansi is shown in the navbar


def test_admin_panel_counts_own_instansi_only(client, login_actor, world):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:home"))
    ctx = next(p["ctx"] for p in resp.context["panels"] if p["key"] == "pegawai_admin")
    assert ctx["total"] == 6  # instansi A: admin, atasan, two reports, other, mentor


ADMIN_LINKS = ["employees:list", "organizations:unit_list", "organizations:jabatan_list"]


@pytest.mark.parametrize(
    "actor, admin_links, superadmin_links",
    [
        ("owner", False, False),
        ("supervisor", False, False),
        ("other_employee", False, False),
        ("mentor", False, False),
        ("bkpsdm_admin", True, False),
        ("other_instansi_admin", True, False),
        ("superadmin", True, True),
    ],
)
def test_menu_shows_admin_links_only_to_admins(actor, admin_links, superadmin_links, client, login_actor):
    login_actor(actor)
    resp = client.get(reverse("core:home"))
    hrefs = {i["url"] for i in _flatten(resp.context["nav_items"])}
    for name in ADMIN_LINKS:
        assert (reverse(name) in hrefs) == admin_links, name
        assert (f'href="{reverse(name)}"' in resp.text) == admin_links, name
    assert (reverse("organizations:instansi_list") in hrefs) == superadmin_links
    assert (reverse("employees:team") in hrefs) == (actor == "supervisor")


def _flatten(items):
    for item in items:
        if item.get("children"):
            yield from item["children"]
        else:
            yield item


# --- Django admin --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/superadmin/", "/superadmin/employees/pegawai/", "/superadmin/core/auditevent/"])
@pytest.mark.parametrize(
    "actor, opens",
    [
        ("superadmin", True),
        ("bkpsdm_admin", False),
        ("other_instansi_admin", False),
        ("supervisor", False),
        ("owner", False),
        ("mentor", False),
        ("other_employee", False),
    ],
)
def test_django_admin_is_for_the_superadmin_only(url, actor, opens, client, login_actor, world):
    login_actor(actor)
    resp = client.get(url)
    if opens:
        assert resp.status_code == 200
        assert "ASN Kompetensi — Superadmin" in resp.text
    else:
        assert resp.status_code == 302
        assert resp.url.startswith("/superadmin/login/")


def test_django_admin_refuses_anonymous(client, db):
    resp = client.get("/superadmin/")
    assert resp.status_code == 302
    assert "/login/" in resp.url


def test_django_admin_shows_pegawai_read_only(client, login_actor, world):
    login_actor("superadmin")
    resp = client.get(f"/superadmin/employees/pegawai/{world.owner_pegawai.pk}/change/")
    assert resp.status_code == 200
    assert 'name="_save"' not in resp.text
    assert client.get("/superadmin/employees/pegawai/add/").status_code == 403
