"""Browser flow: an admin requests a report, watches its status page finish and downloads the PDF."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_request_watch_and_download_report(world, live_server, browser_page, e2e_login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from apps.evaluations import selectors, services
    from apps.evaluations.tests.factories import skm, skm_values
    from apps.evaluations.tests.test_scoring import EXAMPLE

    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    for row in EXAMPLE:
        services.response_submit(questionnaire=q, values=skm_values(selectors.items_of(q), row))
    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/laporan/minta/")
    page.get_by_label("Jenis laporan").select_option("ikm_unit")
    page.get_by_label("Tahun", exact=True).fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Buat laporan").click()
    page.wait_for_url("**/laporan/*/")
    status = page.locator("[data-status]")
    status.filter(has_text="Selesai").wait_for(timeout=30_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename.endswith(".pdf") and path.read_bytes()[:4] == b"%PDF"
    page.goto(f"{live_server.url}/laporan/")
    assert "IKM per unit layanan" in page.content()
