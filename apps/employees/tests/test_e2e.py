"""Browser flow on a phone-sized screen: admin finds a pegawai by NIP and opens the profile."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_searches_pegawai_by_nip_and_opens_profile(world, e2e_login, live_server):
    target = world.owner_pegawai
    page = e2e_login("admin_a")
    assert "Selamat datang" in page.content()
    page.goto(f"{live_server.url}/pegawai/")
    page.get_by_role("button", name="Saring dan cari").click()  # filters fold away on a phone
    page.get_by_label("Cari nama atau NIP").fill(target.nip_display)
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_load_state()
    assert target.nip not in page.url  # the NIP search is POSTed, never put in a URL
    page.get_by_role("link", name=target.name).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=target.name).is_visible()
    assert target.nip_display in page.content()
    assert world.pegawai_b.name not in page.content()


def test_correction_flow_fits_a_phone(world, e2e_login, live_server):
    """At 390 px the pegawai asks for a correction and the admin applies it; no page scrolls sideways."""
    page = e2e_login("pegawai_a")
    page.goto(f"{live_server.url}/pegawai/saya/data-pribadi/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "data pribadi scrolls sideways"
    page.get_by_label("Data yang salah").select_option("education")
    page.get_by_label("Nilai yang benar").fill("S1 Keperawatan")
    page.get_by_label("Alasan").fill("Ijazah S1 tahun 2020")
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    assert "sisa 71 jam" in page.content() or "sisa 72 jam" in page.content()
    page.context.clear_cookies()
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/pegawai/perbaikan-data/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "queue scrolls sideways"
    page.get_by_role("link", name=re.compile(rf"^Jawab\W+{re.escape(world.owner_pegawai.name)}")).click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "request detail scrolls sideways"
    page.get_by_label("Perbaiki data").check()
    page.get_by_role("button", name="Simpan jawaban").click()
    page.wait_for_load_state()
    world.owner_pegawai.refresh_from_db()
    assert world.owner_pegawai.education == "S1 Keperawatan"
