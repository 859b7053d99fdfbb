"""The audit page on a 390 px phone: filters, before → after and paging fit without sideways scrolling."""

import pytest

from apps.core.services import audit_log, snapshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_audit_page_fits_a_phone(world, e2e_login, live_server):
    pegawai = world.owner_pegawai
    before = snapshot(pegawai, ["name", "unit_kerja", "birth_date"])
    pegawai.name = "Nama yang sangat panjang sekali untuk melihat apakah baris tabel tetap muat di layar ponsel"
    audit_log(actor=world.users["bkpsdm_admin"], action="pegawai.update", instance=pegawai, before=before)
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/audit/?object_type=employees.pegawai&object_id={pegawai.pk}")
    assert "sangat panjang" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "audit page scrolls sideways"
