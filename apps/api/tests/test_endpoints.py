"""The REST API v1: bearer tokens (unknown, revoked, expired → 401), scopes (403), one instansi per token
(row-level security behind the selectors), one log row per call, the rate limit and the read endpoints."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.api import selectors, services
from apps.api.models import ApiCallLog, ApiToken
from apps.api.tests.factories import bearer, make_token
from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory
from apps.employees.models import Pegawai
from apps.enrollments.tests.factories import certified_enrollment

pytestmark = pytest.mark.django_db

BATCHES = "/api/v1/batches/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the throttle counts in the cache


@pytest.fixture
def token_a(world):
    return make_token(world.a, actor=world.users["bkpsdm_admin"])


@pytest.fixture
def token_b(world):
    return make_token(world.b, actor=world.users["other_instansi_admin"])


@pytest.fixture
def batches(world):
    return {
        "a": AngkatanFactory(program=ProgramFactory(instansi=world.a), name="Angkatan Kota A"),
        "b": AngkatanFactory(program=ProgramFactory(instansi=world.b), name="Angkatan Kota B"),
    }


def test_urls_are_versioned():
    assert reverse("api:batches") == BATCHES
    assert reverse("api:schema") == "/api/v1/schema/"
    assert reverse("api:certificate", args=["ABCD"]) == "/api/v1/certificates/ABCD/"


def test_batches_with_a_token_list_only_its_instansi(client, world, token_a, batches):
    _token, secret = token_a
    resp = client.get(BATCHES, **bearer(secret))
    assert resp.status_code == 200
    body = resp.json()
    assert [row["name"] for row in body["results"]] == ["Angkatan Kota A"]
    row = body["results"][0]
    assert {"start_date", "end_date", "modality", "seats_total", "seats_left", "status"} <= set(row)
    assert row["seats_left"] == batches["a"].seats_total


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer asn_tidak-ada", "Token abc", "Bearer a b"])
def test_missing_or_unknown_token_is_401_in_indonesian(client, world, batches, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    resp = client.get(BATCHES, **extra)
    assert resp.status_code == 401
    assert resp["WWW-Authenticate"].startswith("Bearer")
    assert "token" in resp.json()["detail"].lower()


def test_revoked_token_is_401_and_the_call_is_logged(client, world, token_a):
    token, secret = token_a
    services.token_revoke(actor=world.users["bkpsdm_admin"], token=token)
    resp = client.get(BATCHES, **bearer(secret))
    assert resp.status_code == 401
    assert resp.json()["detail"] == "Token sudah dicabut."
    log = ApiCallLog.objects.get(token=token)
    assert (log.method, log.path, log.status, log.instansi_id) == ("GET", BATCHES, 401, world.a.pk)


def test_expired_token_is_401(client, world):
    _token, secret = make_token(world.a, days=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        resp = client.get(BATCHES, **bearer(secret))
    assert resp.status_code == 401
    assert resp.json()["detail"] == "Token sudah kedaluwarsa."


def test_a_token_without_read_scope_is_refused_403(client, world):
    _token, secret = make_token(world.a, scopes=["attendance"])
    resp = client.get(BATCHES, **bearer(secret))
    assert resp.status_code == 403
    assert resp.json()["detail"] == "Token ini tidak memiliki cakupan untuk aksi ini."


def test_writes_need_their_scope_even_with_read(client, world, token_a, monkeypatch):
    from apps.api.endpoints import BatchList

    monkeypatch.setattr(BatchList, "post", lambda self, request: None, raising=False)
    monkeypatch.setattr(BatchList, "write_scope", "attendance")
    _token, secret = token_a
    resp = client.post(BATCHES, {}, content_type="application/json", **bearer(secret))
    assert resp.status_code == 403


def test_a_session_is_not_enough(client, login_actor, batches):
    login_actor("bkpsdm_admin")
    assert client.get(BATCHES).status_code == 401


def test_the_token_of_b_never_sees_a_even_through_an_unfiltered_queryset(client, world, token_b, monkeypatch):
    """Row-level security behind the selectors: a selector that forgot the instansi filter still returns only
    the token's instansi, because the view runs inside `rls.tenant_context`."""
    monkeypatch.setattr(selectors, "api_pegawai", lambda instansi_id: Pegawai.objects.order_by("id"))
    _token, secret = token_b
    resp = client.get("/api/v1/pegawai/", **bearer(secret))
    assert resp.status_code == 200
    seen = {row["id"] for row in resp.json()["results"]}
    assert seen == set(Pegawai.objects.filter(instansi=world.b).values_list("pk", flat=True))
    assert world.owner_pegawai.pk not in seen


def test_pegawai_show_only_the_limited_fields(client, world, token_a):
    _token, secret = token_a
    resp = client.get("/api/v1/pegawai/", {"page_size": 100}, **bearer(secret))
    rows = resp.json()["results"]
    assert {tuple(sorted(r)) for r in rows} == {("id", "jabatan", "name", "nip", "unit_kerja")}
    owner = next(r for r in rows if r["id"] == world.owner_pegawai.pk)
    assert owner["unit_kerja"] == "Dinas Kesehatan A" and owner["jabatan"] == "Perawat Ahli Pertama"
    assert world.pegawai_b.pk not in {r["id"] for r in rows}


def test_programs_are_the_published_catalog_of_the_instansi(client, world, token_b):
    own = ProgramFactory(instansi=world.b, title="Program Kota B")
    ProgramFactory(instansi=world.b, title="Draf Kota B", status="draft")
    ProgramFactory(instansi=world.a, title="Program Kota A")
    shared = ProgramFactory(instansi=None, title="Program Nasional", visibility="shared")
    _token, secret = token_b
    rows = client.get("/api/v1/programs/", **bearer(secret)).json()["results"]
    assert {r["id"]: r["shared"] for r in rows} == {own.pk: False, shared.pk: True}


def test_pages_are_numbered(client, world, token_a):
    program = ProgramFactory(instansi=world.a)
    AngkatanFactory.create_batch(3, program=program)
    _token, secret = token_a
    body = client.get(BATCHES, {"page_size": 2}, **bearer(secret)).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"].endswith("page=2&page_size=2")


@pytest.fixture
def certificate(world):
    return certified_enrollment(world)


def test_certificate_verification_of_its_own_instansi(client, world, token_a, token_b, certificate):
    code = certificate.verification_code
    grouped = "-".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
    resp = client.get(f"/api/v1/certificates/{grouped}/", **bearer(token_a[1]))
    assert resp.status_code == 200
    body = resp.json()
    assert body["valid"] is True and body["number"] == certificate.number
    assert body["nip_masked"] == world.owner_pegawai.nip_masked and world.owner_pegawai.nip not in resp.text
    # Another instansi's token learns nothing, as for a code that does not exist.
    assert client.get(f"/api/v1/certificates/{code}/", **bearer(token_b[1])).status_code == 404
    missing = client.get("/api/v1/certificates/AAAABBBBCCCCDDDD/", **bearer(token_a[1]))
    assert missing.status_code == 404 and missing.json()["detail"] == "Kode verifikasi tidak ditemukan."


def test_drf_messages_are_indonesian_and_djangos_own_stay_untouched(client, world, token_a):
    """DRF's catalogue is not loaded (it would replace Django's Indonesian messages site-wide): the API
    answers its own defaults in Indonesian."""
    from django.utils import translation

    djangos_own = "The submitted file is empty."  # a variable: not a msgid of this project's catalogue
    with translation.override("id"):
        assert translation.gettext(djangos_own) == "Berkas yang dikirimkan kosong."
    _token, secret = make_token(world.a, scopes=["read", "attendance"])
    resp = client.post(BATCHES, {}, content_type="application/json", **bearer(secret))
    assert resp.status_code == 405 and resp.json()["detail"] == "Metode ini tidak diizinkan di alamat ini."


def test_every_call_is_one_log_row_and_last_used_is_written_once_a_minute(client, world, token_a, batches):
    token, secret = token_a
    assert token.last_used_at is None
    client.get(BATCHES, **bearer(secret))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get(BATCHES, **bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        client.get("/api/v1/programs/", **bearer(secret))
        assert ApiToken.objects.get(pk=token.pk).last_used_at > first
    assert list(ApiCallLog.objects.filter(token=token).order_by("id").values_list("path", "status")) == [
        (BATCHES, 200),
        (BATCHES, 200),
        ("/api/v1/programs/", 200),
    ]


def test_a_call_costs_a_fixed_number_of_queries(client, world, token_a, django_assert_max_num_queries):
    program = ProgramFactory(instansi=world.a)
    AngkatanFactory.create_batch(20, program=program)
    _token, secret = token_a
    client.get(BATCHES, **bearer(secret))  # last_used_at written once
    # token lookup, count, page rows, call log
    with django_assert_max_num_queries(4):
        assert client.get(BATCHES, **bearer(secret)).status_code == 200


def test_the_rate_limit_is_per_token(client, world, token_a, token_b, settings):
    settings.API_RATE_LIMIT = "2/hour"
    responses = [client.get(BATCHES, **bearer(token_a[1])) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].json()["detail"].startswith("Terlalu banyak permintaan dengan token ini.")
    assert client.get(BATCHES, **bearer(token_b[1])).status_code == 200
