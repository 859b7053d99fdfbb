"""Browser flow on a phone-sized screen: pegawai requests a seat from the catalog page → atasan
approves via HTMX → admin verifies → attendance → completion → certificate downloaded and its code
checked on the public page (signed out)."""

import datetime

import pytest
from django.utils import timezone

from apps.catalog.models import Angkatan
from apps.enrollments.models import Certificate, Enrollment
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _switch(page, e2e_login, username):
    page.context.clear_cookies()
    return e2e_login(username)


def test_request_to_verified_certificate(world, e2e_login, live_server, tmp_path):
    angkatan = AngkatanFactory(instansi=world.a, seats_total=5, program__title="Pelatihan Pelayanan Prima E2E")
    session = SessionFactory(angkatan=angkatan)
    base = live_server.url

    page = e2e_login("pegawai_a")
    page.goto(f"{base}/katalog/angkatan/{angkatan.pk}/")
    page.get_by_role("link", name="Daftar", exact=True).click()
    page.get_by_label("Motivasi").fill("Saya melayani pasien setiap hari dan perlu pelatihan ini.")
    page.get_by_role("button", name="Ajukan pendaftaran").click()
    page.wait_for_load_state()
    assert "Pendaftaran diajukan" in page.content()
    enrollment = Enrollment.objects.get(angkatan=angkatan)
    assert enrollment.status == "requested"

    page = _switch(page, e2e_login, "atasan_a")
    page.goto(f"{base}/pendaftaran/persetujuan/")
    row = page.locator(f"#enr-{enrollment.pk}")
    row.get_by_role("button", name="Setujui").click()
    page.locator(f"#enr-{enrollment.pk}").get_by_text("Disetujui atasan").wait_for()
    assert page.url.endswith("/pendaftaran/persetujuan/")  # swapped in place by HTMX, no reload
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"

    page = _switch(page, e2e_login, "admin_a")
    page.goto(f"{base}/pendaftaran/verifikasi/")
    page.locator(f"#enr-{enrollment.pk}").get_by_role("button", name="Verifikasi").click()
    page.locator(f"#enr-{enrollment.pk}").get_by_text("Terdaftar").wait_for()
    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"

    # the batch takes place
    today = timezone.localdate()
    Angkatan.objects.filter(pk=angkatan.pk).update(start_date=today - datetime.timedelta(days=1), end_date=today)
    type(session).objects.filter(pk=session.pk).update(date=today - datetime.timedelta(days=1))

    page.goto(f"{base}/pendaftaran/sesi/{session.pk}/presensi/")
    page.get_by_label(world.owner_pegawai.name).check()
    page.get_by_role("button", name="Simpan presensi").click()
    page.wait_for_load_state()
    assert "Presensi sesi disimpan" in page.content()

    page.goto(f"{base}/pendaftaran/angkatan/{angkatan.pk}/kelulusan/")
    page.get_by_label(world.owner_pegawai.name).fill("88")
    page.get_by_role("button", name="Tetapkan kelulusan").click()
    page.wait_for_load_state()
    assert "1 peserta lulus" in page.content()
    page.get_by_role("button", name="Terbitkan sertifikat yang belum ada").click()
    page.wait_for_load_state()
    certificate = Certificate.objects.get(enrollment=enrollment)

    page = _switch(page, e2e_login, "pegawai_a")
    page.goto(f"{base}/pendaftaran/{enrollment.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    target = tmp_path / "sertifikat.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    page.context.clear_cookies()  # the public check needs no account
    page.goto(f"{base}/sertifikat/{certificate.verification_code}/")
    assert "Sertifikat ASLI dan berlaku" in page.content()
    assert certificate.number in page.content() and world.owner_pegawai.nip not in page.content()
