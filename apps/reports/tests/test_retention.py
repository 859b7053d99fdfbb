"""Report files follow the same per-instansi retention as uploaded import files
(Instansi.file_retention_days); the job row stays and says the files were removed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.organizations.models import Instansi
from apps.reports import services
from apps.reports.tasks import cleanup_report_files

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _report(world, instansi, capture):
    actor = world.users["bkpsdm_admin" if instansi == world.a else "other_instansi_admin"]
    year = timezone.localdate().year
    with capture(execute=True):
        job = services.report_request(actor=actor, instansi_id=instansi.pk, kind="ikm_unit", parameters={"year": year})
    job.refresh_from_db()
    assert job.status == "succeeded" and job.file_pdf and job.file_xlsx, job.error
    return job


def _removals(instansi):
    return list(AuditEvent.objects.filter(action="report.files_removed", instansi_id=instansi.pk).order_by("pk"))


def test_report_files_past_each_instansi_retention_are_removed_once(
    world, media, django_capture_on_commit_callbacks, login_actor, client
):
    Instansi.objects.filter(pk=world.b.pk).update(file_retention_days=90)
    start = timezone.now()
    old_a = _report(world, world.a, django_capture_on_commit_callbacks)
    b_job = _report(world, world.b, django_capture_on_commit_callbacks)
    with time_machine.travel(start + 20 * DAY, tick=False):
        young_a = _report(world, world.a, django_capture_on_commit_callbacks)
    paths = {job.pk: [media / job.file_pdf.name, media / job.file_xlsx.name] for job in (old_a, b_job, young_a)}
    paths[old_a.pk][1].unlink()  # one file already gone from disk: no crash

    with time_machine.travel(start + 31 * DAY, tick=False):
        assert cleanup_report_files() == 1
        assert services.reports_cleanup() == 0  # repeat-safe

    old_a.refresh_from_db()
    assert not old_a.file_pdf and not old_a.file_xlsx and old_a.files_removed_at
    assert not any(p.exists() for p in paths[old_a.pk])
    for kept in (young_a, b_job):
        kept.refresh_from_db()
        assert kept.file_pdf and kept.files_removed_at is None and all(p.exists() for p in paths[kept.pk])
    [event] = _removals(world.a)
    assert event.data == {"count": 1, "job_ids": [old_a.pk]}
    assert _removals(world.b) == []

    login_actor("bkpsdm_admin")
    assert "masa simpan" in client.get(reverse("reports:detail", args=[old_a.pk])).text
    assert client.get(reverse("reports:download", args=[old_a.pk, "pdf"])).status_code == 404

    with time_machine.travel(start + 91 * DAY, tick=False):
        assert services.reports_cleanup() == 2
    assert [e.data["count"] for e in _removals(world.b)] == [1]
