"""Certificates and external-training certificates are downloaded only through their access checks
(never by a /media/ path), and their stored names carry a random folder."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.conftest import role_matrix
from apps.enrollments import services
from apps.enrollments.tests.factories import certified_enrollment

pytestmark = pytest.mark.django_db
SCAN = b"%PDF-1.4 sertifikat eksternal"
TOKEN = r"[A-Za-z0-9_-]{22}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def certificate(world):
    return certified_enrollment(world)


@pytest.fixture
def external(world):
    return services.external_report(
        actor=world.users["owner"],
        title="Kursus Data",
        provider="Universitas Halu Oleo",
        form="kursus",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 2),
        jp_claimed=12,
        certificate_file=SimpleUploadedFile("sertifikat saya.pdf", SCAN),
    )


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=404,
        mentor=404,
        other_instansi_admin=404,
    ),
)
def test_certificate_download_matrix(actor, status, login_actor, client, certificate):
    login_actor(actor)
    resp = client.get(reverse("enrollments:certificate_download", args=[certificate.pk]))
    assert resp.status_code == status
    if status == 200:
        assert b"".join(resp.streaming_content).startswith(b"%PDF")
        certificate.refresh_from_db()
        pattern = rf"enrollments/certificates/{certificate.instansi_id}/{certificate.year}/{TOKEN}/sertifikat-\w+\.pdf"
        assert re.fullmatch(pattern, certificate.pdf.name)


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        owner=200,
        supervisor=404,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=404,
        mentor=404,
        other_instansi_admin=404,
    ),
)
def test_external_certificate_file_matrix(actor, status, login_actor, client, external):
    login_actor(actor)
    resp = client.get(reverse("enrollments:external_file", args=[external.pk]))
    assert resp.status_code == status
    if status == 200:
        assert b"".join(resp.streaming_content) == SCAN
        assert 'filename="sertifikat_saya.pdf"' in resp["Content-Disposition"]
    assert re.fullmatch(
        rf"enrollments/external/{external.instansi_id}/{TOKEN}/sertifikat_saya\.pdf", external.certificate_file.name
    )
