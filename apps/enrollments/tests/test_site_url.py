"""Every absolute link (certificate QR and PDF, SIASN export, notice e-mails, the public SKM link) is built
from settings.SITE_URL, and `make run` sets SITE_URL to the address it serves (issue 23)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail

from apps.core.links import absolute_url
from apps.enrollments import exports, services
from apps.enrollments.pdf import verification_url
from apps.enrollments.tests.factories import certified_enrollment

pytestmark = pytest.mark.django_db
SITE = "https://asn.example.go.id/"
ROOT = Path(__file__).resolve().parents[3]
MAKE = shutil.which("make") or "/usr/bin/make"


@pytest.fixture
def certificate(world, settings):
    settings.SITE_URL = SITE
    return certified_enrollment(world)


def test_absolute_url_joins_site_url_with_one_slash(settings):
    settings.SITE_URL = SITE
    assert absolute_url("/pemberitahuan/") == "https://asn.example.go.id/pemberitahuan/"
    settings.SITE_URL = "http://10.0.0.5:8123"
    assert absolute_url("pemberitahuan/") == "http://10.0.0.5:8123/pemberitahuan/"
    assert absolute_url("") == ""


def test_certificate_qr_and_siasn_export_use_site_url(certificate):
    expected = f"https://asn.example.go.id/sertifikat/{certificate.verification_code}/"
    assert verification_url(certificate) == expected
    links = [row[-1] for row in exports.rows(certificate.instansi_id, certificate.issued_at.year)]
    assert expected in links


def test_notice_email_link_uses_site_url(world, settings):
    """A notice e-mail links to SITE_URL (one slash), not to the host that served the request."""
    settings.SITE_URL = SITE
    notice = services.notify(
        recipient_id=world.users["owner"].pk, title="Uji", url="/pendaftaran/saya/", dedupe_key="uji-site-url"
    )
    assert services.notification_email_send(notification_id=notice.pk)
    assert mail.outbox[-1].body.endswith("https://asn.example.go.id/pendaftaran/saya/")


def test_make_run_serves_and_links_on_the_same_address():
    out = subprocess.run(  # noqa: S603 — make with fixed arguments
        [MAKE, "-n", "run", "HOST=10.0.0.5", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    runserver = next(line for line in out.splitlines() if "runserver" in line)
    assert runserver.startswith("SITE_URL=http://10.0.0.5:8123 ") and runserver.endswith("runserver 10.0.0.5:8123")
    explicit = subprocess.run(  # noqa: S603
        [MAKE, "-n", "run", "HOST=0.0.0.0", "SITE_URL=https://asn.example.go.id"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "SITE_URL=https://asn.example.go.id " in explicit
