"""Sessions end when they should: when the user's role or instansi changes (the session hash covers the
memberships), and after SESSION_IDLE_TIMEOUT without a request (the test settings switch the idle check
off; these tests switch it on). Password rules: the configured validators, in Indonesian."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apps.accounts.middleware import LAST_SEEN_KEY
from apps.accounts.models import Membership, User
from apps.accounts.services import membership_grant
from apps.core.roles import Role

PASSWORD = "rahasia-uji-123"  # apps/accounts/tests/factories.py
LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
IDLE = "Sesi Anda berakhir karena tidak aktif"


def _signed_in_elsewhere(user) -> Client:
    other = Client()
    other.force_login(User.objects.get(pk=user.pk))
    assert other.get(HOME).status_code == 200
    return other


# --- role or instansi changes end the user's sessions --------------------------------------------


def test_a_new_role_ends_the_users_sessions(world):
    owner = world.users["owner"]
    elsewhere = _signed_in_elsewhere(owner)
    membership_grant(actor=world.users["bkpsdm_admin"], user=owner, role=Role.ADMIN_BKPSDM, instansi_id=world.a.pk)
    resp = elsewhere.get(HOME)
    assert resp.status_code == 302 and resp.url.startswith(LOGIN)
    assert SESSION_KEY not in elsewhere.session


def test_a_role_taken_away_ends_the_users_sessions(world):
    admin = world.users["bkpsdm_admin"]
    elsewhere = _signed_in_elsewhere(admin)
    Membership.objects.filter(user=admin, role=Role.ADMIN_BKPSDM).delete()
    assert elsewhere.get(HOME).status_code == 302


def test_a_move_to_another_instansi_ends_the_users_sessions(world):
    owner = world.users["owner"]
    elsewhere = _signed_in_elsewhere(owner)
    Membership.objects.filter(user=owner).update(instansi=world.b)
    assert elsewhere.get(HOME).status_code == 302


def test_other_users_changes_leave_a_session_alone(world):
    owner = world.users["owner"]
    elsewhere = _signed_in_elsewhere(owner)
    membership_grant(
        actor=world.users["bkpsdm_admin"], user=world.users["other_employee"], role=Role.MENTOR, instansi_id=world.a.pk
    )
    owner.full_name = "Nama Baru"
    owner.save(update_fields=["full_name"])
    assert elsewhere.get(HOME).status_code == 200


def test_the_session_check_adds_no_query(world, client, django_assert_max_num_queries):
    """The memberships the hash needs are the ones the request loads for its roles anyway."""
    client.force_login(world.users["owner"])
    client.get(HOME)
    with django_assert_max_num_queries(30) as captured:
        client.get(HOME)
    membership_queries = [q for q in captured.captured_queries if 'FROM "accounts_membership"' in q["sql"]]
    assert len(membership_queries) == 1


# --- idle sessions -------------------------------------------------------------------------------


@pytest.fixture
def idle_30(settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60


def _login(client):
    resp = client.post(LOGIN, {"username": "pegawai_a", "password": PASSWORD})
    assert resp.status_code == 302


def test_a_session_idle_for_longer_than_the_timeout_ends_with_a_message(client, world, idle_30):
    _login(client)
    assert client.get(HOME).status_code == 200
    with time_machine.travel(timedelta(minutes=31), tick=True):
        resp = client.get(reverse("employees:me"))
        assert resp.status_code == 302 and resp.url == f"{LOGIN}?next=/pegawai/saya/"
        assert SESSION_KEY not in client.session
        page = client.get(resp.url)
        assert IDLE in page.text
        assert IDLE not in client.get(LOGIN).text  # said once


def test_a_session_in_use_stays_and_is_saved_at_most_once_a_minute(client, world, idle_30):
    _login(client)
    first = client.session[LAST_SEEN_KEY]
    with time_machine.travel(timedelta(seconds=30), tick=True):
        client.get(HOME)
        assert client.session[LAST_SEEN_KEY] == first  # not rewritten within the minute
    for minutes in (20, 40, 60):  # each request within 30 minutes of the one before
        with time_machine.travel(timedelta(minutes=minutes), tick=True):
            assert client.get(HOME).status_code == 200
            assert client.session[LAST_SEEN_KEY] > first


def test_the_idle_check_can_be_switched_off(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    _login(client)
    with time_machine.travel(timedelta(hours=5), tick=True):
        assert client.get(HOME).status_code == 200


def test_the_idle_message_has_an_english_translation(client, world, idle_30):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    _login(client)
    with time_machine.travel(timedelta(minutes=31), tick=True):
        client.get(HOME)
        assert "Your session ended because it was inactive" in client.get(LOGIN).text


# --- password rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab3$efgh", "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter."),
        ("password123", "Kata sandi ini terlalu umum."),
        ("8734529018273", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("pegawai_a_2026", "Kata sandi terlalu mirip dengan nama pengguna."),
    ],
)
def test_password_rules_answer_in_indonesian(password, message, world):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, world.users["owner"])
    assert message in " ".join(caught.value.messages)


def test_the_password_change_page_lists_the_rules(client, login_actor):
    login_actor("owner")
    page = client.get(reverse("accounts:password_change")).text
    assert "Kata sandi Anda harus memuat setidaknya 10 karakter." in page
    resp = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "pegawai_a_2026", "new_password2": "pegawai_a_2026"},
    )
    assert "terlalu mirip" in resp.text
