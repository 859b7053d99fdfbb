"""The admin pages of the API: the token list with its create form (the secret shown once, only its hash
stored), revoke (another instansi's token is 404), the documentation page, and the OpenAPI schema."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.api.models import ApiToken
from apps.api.tests.factories import make_token
from apps.conftest import role_matrix
from apps.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = "/api/token/"
DENIED = {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403}


def _create(client, **data):
    body = {"name": "SIMPEG Kota", "scopes": ["read"], "expires_on": "2026-12-31"} | data
    return client.post(LIST, body)


@pytest.mark.parametrize(
    "actor, status",
    # the superadmin acting in no instansi has no tokens to manage: 404, and the menu hides the link
    role_matrix(DENIED, bkpsdm_admin=200, other_instansi_admin=200, superadmin=404),
)
def test_token_list_matrix(actor, status, login_actor, client, world):
    make_token(world.a, name="Token Kota A")
    login_actor(actor)
    resp = client.get(LIST)
    assert resp.status_code == status
    assert ("Token Kota A" in resp.text) == (actor == "bkpsdm_admin")


@pytest.mark.parametrize(
    "actor, status", role_matrix(DENIED, bkpsdm_admin=302, other_instansi_admin=404, superadmin=404)
)
def test_revoke_matrix(actor, status, login_actor, client, world):
    token, _secret = make_token(world.a)
    login_actor(actor)
    resp = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert resp.status_code == status
    token.refresh_from_db()
    assert (token.revoked_at is not None) == (status == 302)
    assert AuditEvent.objects.filter(action="api_token.revoke").exists() == (status == 302)


@pytest.mark.parametrize(
    "actor, status", role_matrix(DENIED, bkpsdm_admin=200, other_instansi_admin=200, superadmin=200)
)
def test_docs_matrix(actor, status, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("api:docs"))
    assert resp.status_code == status
    if status == 200:
        assert "swagger-ui-bundle.js" in resp.text and "js/api-docs.js" in resp.text
        assert "<script>" not in resp.text  # the CSP forbids inline script


def test_create_shows_the_secret_once_and_stores_only_its_hash(login_actor, client, world):
    admin = login_actor("bkpsdm_admin")
    resp = _create(client)
    assert resp.status_code == 201
    assert "no-store" in resp["Cache-Control"]
    token = ApiToken.objects.get()
    secret = resp.context["created"].secret
    assert len(secret) >= 40 and secret.startswith(token.prefix) and secret in resp.text
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.instansi_id, token.created_by_id, token.scopes) == (world.a.pk, admin.pk, ["read"])
    stored = [str(v) for v in ApiToken.objects.values_list(*[f.attname for f in ApiToken._meta.concrete_fields])[0]]
    assert secret not in stored
    assert AuditEvent.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()
    again = client.get(LIST)
    assert secret not in again.text and token.prefix in again.text


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": " "}, "name", "Nama token wajib diisi."),
        ({"scopes": []}, "scopes", "Pilih sedikitnya satu cakupan."),
        ({"scopes": ["admin"]}, "scopes", "bukan salah satu"),
        ({"expires_on": "2026-06-10"}, "expires_on", "Tanggal berlaku harus setelah hari ini."),
        ({"expires_on": "2030-01-01"}, "expires_on", "Token berlaku paling lama dua tahun."),
        ({"expires_on": "31/31/2026"}, "expires_on", "tanggal"),
    ],
)
def test_bad_input_is_422_in_indonesian_and_nothing_saved(data, field, message, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = _create(client, **data)
    assert resp.status_code == 422
    errors = " ".join(resp.context["form"].errors[field])
    assert message.lower() in errors.lower(), errors
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.create").exists()


def test_an_admin_never_sees_or_revokes_another_instansis_token(login_actor, client, world):
    token_a, _secret = make_token(world.a, name="Token Kota A")
    login_actor("other_instansi_admin")
    assert "Token Kota A" not in client.get(LIST).text
    assert client.post(reverse("api:token_revoke", args=[token_a.pk])).status_code == 404
    token_a.refresh_from_db()
    assert token_a.revoked_at is None


def test_the_menu_offers_the_api_pages_to_admins_only(login_actor, client):
    login_actor("bkpsdm_admin")
    page = client.get("/").text
    assert LIST in page and reverse("api:docs") in page
    login_actor("owner")
    assert LIST not in client.get("/").text


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/programs/", "/api/v1/batches/", "/api/v1/pegawai/", "/api/v1/certificates/{code}/"):
        assert path in text
    assert "bearerAuth" in text and "birth_date" not in text


def test_schema_for_a_token_or_an_admin_only(client, login_actor, world):
    url = reverse("api:schema")
    assert client.get(url).status_code == 401
    _token, secret = make_token(world.a)
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    login_actor("owner")
    assert client.get(url).status_code == 403
    login_actor("bkpsdm_admin")
    resp = client.get(url, {"format": "json"})
    assert resp.status_code == 200 and resp.json()["openapi"].startswith("3.")


def test_schema_waits_for_the_second_factor_of_an_admin(client, login_actor, world, settings):
    """The schema view is open to the middleware that holds a session still owing its code: it holds it itself."""
    from apps.accounts.tests.test_two_factor import enrol

    admin = login_actor("bkpsdm_admin")
    enrol(admin)
    admin.refresh_from_db()
    client.force_login(admin)  # signed in with the password only: the code is still owed
    assert client.get(reverse("api:schema")).status_code == 403
    settings.OTP_REQUIRED_FOR_ADMINS = True
    login_actor("other_instansi_admin")  # no second factor although admins must have one
    assert client.get(reverse("api:schema")).status_code == 403
