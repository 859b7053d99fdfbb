"""One report end to end through a real Celery worker on Redis, consuming the `reports` queue
(CELERY_TASK_ROUTES sends apps.reports.tasks.* there). Broker: CELERY_BROKER_URL (use your own
Redis db, e.g. redis://127.0.0.1:6379/11)."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from apps.reports import services
from apps.reports.models import ReportJob
from asn_kompetensi.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WAIT_SECONDS = 60


@pytest.fixture
def reports_worker(real_worker):
    with real_worker(["reports"]) as worker:
        yield worker


def test_report_runs_on_the_reports_queue(world, reports_worker):
    from apps.reports.tasks import run_report_job

    assert celery_app.amqp.router.route({}, run_report_job.name)["queue"].name == "reports"
    job = services.report_request(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        kind="ikm_unit",
        parameters={"year": timezone.localdate().year},
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == "succeeded", (job.status, job.error)
    assert job.progress == 100 and job.attempts == 1
    assert job.file_pdf.open("rb").read(4) == b"%PDF" and job.file_xlsx.size > 0
    assert ReportJob.objects.count() == 1
