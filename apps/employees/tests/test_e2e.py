"""Browser flow on a phone-sized screen: admin finds a pegawai by NIP and opens the profile."""

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
