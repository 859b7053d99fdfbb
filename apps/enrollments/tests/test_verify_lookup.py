"""The public certificate lookup at /sertifikat/ (issue 23): no login, a typed code leads to the existing
check page, unknown codes get one answer that reveals nothing, and a network that keeps missing is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.conftest import ALL_ACTORS
from apps.enrollments.pdf import certificate_context
from apps.enrollments.tests.factories import certified_enrollment
from apps.enrollments.views.certificates import LOOKUP_MISS_LIMIT

pytestmark = pytest.mark.django_db
LOOKUP = "/sertifikat/"


@pytest.fixture
def certificate(world):
    return certified_enrollment(world)


def _grouped_lower(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, 16, 4)).lower()


def test_lookup_page_is_public(client):
    assert reverse("enrollments:verify_lookup") == LOOKUP
    resp = client.get(LOOKUP)
    assert resp.status_code == 200 and 'name="kode"' in resp.text and "Periksa keaslian sertifikat" in resp.text


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_lookup_page_for_every_role(actor, login_actor, client):
    login_actor(actor)
    assert client.get(LOOKUP).status_code == 200


def test_typed_code_redirects_to_the_check_page(client, certificate, world):
    resp = client.get(LOOKUP, {"kode": f"  {_grouped_lower(certificate.verification_code)} "})
    assert resp.status_code == 302
    assert resp["Location"] == reverse("enrollments:verify_certificate", args=[certificate.verification_code])
    page = client.get(resp["Location"])
    assert page.status_code == 200 and "ASLI" in page.text and world.owner_pegawai.name in page.text
    assert world.owner_pegawai.nip not in page.text


def test_unknown_code_says_so_in_indonesian_and_offers_the_form(client, certificate):
    resp = client.get(LOOKUP, {"kode": "AAAA-BBBB-CCCC-DDDD"}, follow=True)
    assert resp.status_code == 404
    assert "Kode verifikasi tidak ditemukan" in resp.text and 'name="kode"' in resp.text
    assert certificate.number not in resp.text


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Ketik kode verifikasi yang tercetak pada sertifikat."),
        ("ABC", "Kode verifikasi terdiri dari 16 huruf"),
        ("ABCD-EFGH-JKLM-2341", "Kode verifikasi terdiri dari 16 huruf"),  # 1 is not base32
        ("X" * 41, "Kode verifikasi terlalu panjang"),
    ],
)
def test_malformed_code_gets_a_field_error(typed, message, client):
    resp = client.get(LOOKUP, {"kode": typed})
    assert resp.status_code == 422 and message in resp.text


def test_a_network_that_keeps_missing_is_refused_for_a_while(client, certificate):
    good = reverse("enrollments:verify_certificate", args=[certificate.verification_code])
    for _ in range(5):  # found codes never count
        assert client.get(good).status_code == 200
    for i in range(LOOKUP_MISS_LIMIT):
        assert client.get(reverse("enrollments:verify_certificate", args=[f"AAAAAAAAAAAA{i:04d}"])).status_code == 404
    resp = client.get(good)
    assert resp.status_code == 429 and "Terlalu banyak kode" in resp.text and certificate.number not in resp.text
    other = client.get(good, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_login_page_and_certificate_link_to_the_lookup(client, certificate, settings):
    settings.SITE_URL = "https://asn.example.go.id"
    assert f'href="{LOOKUP}"' in client.get(reverse("accounts:login")).text
    assert certificate_context(certificate)["lookup_url"] == "https://asn.example.go.id/sertifikat/"
