"""The report progress page tells the truth: its heading follows the job's status, so it never says the report
is still being made next to "100 % Selesai", and only a finished report offers its downloads."""

import pytest
from django.urls import reverse

from apps.reports.models import ReportJob

pytestmark = pytest.mark.django_db

HEADINGS = {
    "pending": "Laporan menunggu giliran di antrean",
    "running": "Laporan sedang dibuat",
    "succeeded": "Laporan selesai dibuat",
    "failed": "Laporan gagal dibuat",
}


@pytest.mark.parametrize(
    "status, progress", [("pending", 0), ("running", 45), ("running", 100), ("succeeded", 100), ("failed", 60)]
)
@pytest.mark.parametrize("htmx", [False, True])
def test_heading_follows_status(status, progress, htmx, login_actor, client, world):
    login_actor("bkpsdm_admin")
    job = ReportJob.objects.create(
        instansi=world.a,
        kind="ikm_unit",
        parameters={"year": 2026},
        status=status,
        progress=progress,
        error="Tahun laporan tidak valid." if status == "failed" else "",
    )
    headers = {"HX-Request": "true"} if htmx else {}
    resp = client.get(reverse("reports:detail", args=[job.pk]), headers=headers)
    assert resp.status_code == 200
    text = resp.text
    assert f'data-status="{status}"' in text and HEADINGS[status] in text
    for other, heading in HEADINGS.items():
        if other != status:
            assert heading not in text
    download_pdf = reverse("reports:download", args=[job.pk, "pdf"])
    download_xlsx = reverse("reports:download", args=[job.pk, "xlsx"])
    assert (download_pdf in text and download_xlsx in text) == (status == "succeeded")
    assert ('hx-trigger="every 2s"' in text) == (status in ("pending", "running"))
    assert ("Tahun laporan tidak valid." in text) == (status == "failed")
    assert f"{progress}%" in text


def test_report_that_finished_before_the_redirect_says_done(
    login_actor, client, world, django_capture_on_commit_callbacks
):
    """The worker can finish before the browser follows the redirect: no "sedang dibuat" beside "100 %"."""
    login_actor("bkpsdm_admin")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("reports:create"), {"kind": "ikm_unit", "year": 2026})
    job = ReportJob.objects.get()
    assert resp.url == reverse("reports:detail", args=[job.pk])
    resp = client.get(resp.url)  # the flash message of the request is shown on this first view
    assert job.status == "succeeded" and job.progress == 100, job.error
    assert resp.status_code == 200
    assert "sedang dibuat" not in resp.text
    assert "Laporan selesai dibuat" in resp.text and "Permintaan laporan diterima." in resp.text
    assert reverse("reports:download", args=[job.pk, "xlsx"]) in resp.text
