"""Browser flow on a phone-sized screen: the BKPSDM admin creates a programme with modules,
publishes it, schedules a batch with a session and opens registration; a pegawai then finds it in the
catalog with the search and filters and opens its page."""

import datetime

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _date(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_admin_creates_program_and_batch_pegawai_finds_it(world, e2e_login, live_server, browser_page):
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/katalog/kelola/program/baru/")
    page.get_by_label("Kode program").fill("E2E-PRIMA")
    page.get_by_label("Judul program").fill("Pelayanan Prima Puskesmas Pesisir")
    page.get_by_label("Bentuk").select_option("teknis")
    page.get_by_label("Moda").select_option("tatap_muka")
    page.locator("#id_modul-0-title").fill("Standar pelayanan")
    page.locator("#id_modul-0-learning_hours").fill("6")
    # "Tambah baris" adds the row in the page (static/js/formset.js): no round trip, nothing typed is lost.
    page.get_by_role("button", name="Tambah baris").first.click()
    page.get_by_role("button", name="Tambah baris").first.click()
    page.get_by_role("button", name="Tambah baris").first.click()
    assert page.locator("#id_modul-5-title").is_visible()
    assert page.locator("#id_modul-0-title").input_value() == "Standar pelayanan"
    page.locator("#id_modul-5-title").fill("Penanganan pengaduan")
    page.locator("#id_modul-5-learning_hours").fill("4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "10 JP" in page.content()
    page.get_by_role("button", name="Terbitkan").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Buat angkatan").click()
    page.wait_for_load_state()
    page.get_by_label("Kode angkatan").fill("E2E-PRIMA-1")
    page.get_by_label("Nama angkatan").fill("Pelayanan Prima Angkatan I")
    page.get_by_label("Tanggal mulai").fill(_date(30))
    page.get_by_label("Tanggal selesai").fill(_date(31))
    page.get_by_label("Pendaftaran dibuka").fill(_date(-1))
    page.get_by_label("Pendaftaran ditutup").fill(_date(20))
    page.get_by_label("Moda").select_option("tatap_muka")
    page.get_by_label("Tempat", exact=True).fill("Aula Puskesmas Abeli")
    page.get_by_label("Kuota peserta").fill("25")
    page.locator("#id_sesi-0-date").fill(_date(30))
    page.locator("#id_sesi-0-start_time").fill("08:00")
    page.locator("#id_sesi-0-end_time").fill("12:00")
    page.locator("#id_sesi-0-topic").fill("Standar pelayanan")
    # Session rows stack at 390 px: nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Buka pendaftaran").click()
    page.wait_for_load_state()
    assert "Pendaftaran dibuka" in page.content()

    page.context.clear_cookies()
    page = e2e_login("pegawai_a")
    page.goto(f"{live_server.url}/katalog/")
    page.get_by_role("button", name="Saring dan cari").click()
    page.get_by_label("Cari judul, kode, penyelenggara").fill("prima pesisir")
    page.get_by_label("Moda").select_option("tatap_muka")
    page.get_by_label("Masih ada kursi").select_option("true")
    page.get_by_label("Bulan").select_option(_date(30)[:7])
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Pelayanan Prima Puskesmas Pesisir").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Pelayanan Prima Angkatan I").is_visible()
    assert "Sisa 25 dari 25" in page.content()
    assert "Standar pelayanan" in page.content()
