"""Browser flow: the pegawai self-assesses, the atasan assesses, the admin sees the gap and generates needs
items from it (issue 4). Uses the national competencies shipped by data migrations, hence serialized_rollback."""

import pytest
from django.utils import timezone

from apps.competencies.models import MANDATORY_CODES, Kompetensi, SKJItem
from apps.needs.models import Assessment, NeedsItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ATASAN_LEVELS = {"M.03": 2, "M.06": 1}


def _fill(page, skj, levels):
    for code, k in skj.items():
        page.locator(f"input[name='level_{k.pk}'][value='{levels.get(code, 3)}']").check()
    page.get_by_role("button", name="Simpan penilaian").click()
    page.wait_for_load_state()


def test_self_then_atasan_then_admin_generates_needs(world, e2e_login, live_server, browser_page):
    national = {k.code: k for k in Kompetensi.objects.filter(instansi=None, code__in=MANDATORY_CODES)}
    for k in national.values():
        SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=k, required_level=3)

    page = e2e_login("pegawai_a")
    page.goto(f"{live_server.url}/kebutuhan/penilaian-mandiri/")
    _fill(page, national, {"M.03": 3})
    assert Assessment.objects.filter(method="self", pegawai=world.owner_pegawai).exists()
    page.context.clear_cookies()

    page = e2e_login("atasan_a")
    page.goto(f"{live_server.url}/kebutuhan/tim/{world.owner_pegawai.pk}/nilai/")
    _fill(page, national, ATASAN_LEVELS)
    assert Assessment.objects.filter(method="atasan", pegawai=world.owner_pegawai).exists()
    page.context.clear_cookies()

    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/kebutuhan/pegawai/{world.owner_pegawai.pk}/")
    content = page.content()
    assert "Penilaian atasan" in content and "-2" in content  # the atasan's profile counts, M.06 two below
    page.goto(f"{live_server.url}/kebutuhan/kebutuhan/")
    page.get_by_label("Tahun rencana").fill(str(timezone.localdate().year + 1))
    page.get_by_role("button", name="Hasilkan dari kesenjangan").click()
    page.wait_for_load_state()
    assert "2 kebutuhan baru" in page.content()
    assert NeedsItem.objects.filter(pegawai=world.owner_pegawai, status="open").count() == 2
    page.get_by_role("button", name="Hasilkan dari kesenjangan").click()  # idempotent
    page.wait_for_load_state()
    assert "0 kebutuhan baru" in page.content()
    assert NeedsItem.objects.count() == 2
