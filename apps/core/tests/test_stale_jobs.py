"""Jobs whose worker dies mid-run are found by their stopped heartbeat and queued again, or failed with the
reason after max_attempts; an operator can retry a stale job or one pending too long. The last test kills a
real worker process with SIGKILL in the middle of a report."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys

import psycopg2
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.conftest import wait_until
from apps.core import jobs
from apps.core.models import ImportJob, OutboxMessage
from apps.reports import services as report_services
from apps.reports.models import ReportJob
from asn_kompetensi.celery import app as celery_app

pytestmark = pytest.mark.django_db


def _report(world, **fields) -> ReportJob:
    return ReportJob.objects.create(
        instansi=world.a, kind="ikm_unit", parameters={"year": timezone.localdate().year}, **fields
    )


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def test_a_report_whose_heartbeat_stopped_is_queued_again(world):
    job = _report(world, status="running", attempts=1, heartbeat_at=_ago(seconds=90), progress=40)
    fresh = _report(world, status="running", attempts=1, heartbeat_at=_ago(seconds=10))
    assert jobs.stale_jobs_sweep() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == "pending" and fresh.status == "running"
    assert OutboxMessage.objects.filter(
        task_name="apps.reports.tasks.run_report_job", kwargs={"job_id": job.pk}
    ).exists()
    assert jobs.stale_jobs_sweep() == {"requeued": 0, "failed": 0}  # nothing left to do


def test_a_job_that_died_max_attempts_times_fails_with_the_reason(world):
    job = _report(world, status="running", attempts=3, heartbeat_at=_ago(minutes=5))
    upload = ImportJob.objects.create(
        instansi_id=world.a.pk,
        kind="pegawai",
        original_name="p.csv",
        status="running",
        attempts=3,
        heartbeat_at=_ago(minutes=5),
    )
    assert jobs.stale_jobs_sweep() == {"requeued": 0, "failed": 2}
    job.refresh_from_db()
    upload.refresh_from_db()
    assert job.status == "failed" and "berhenti di tengah jalan sebanyak 3 kali" in job.error
    assert upload.status == "failed" and "berhenti di tengah jalan" in upload.message
    assert not OutboxMessage.objects.exists()


def test_retry_is_offered_for_stale_and_long_pending_jobs_only(world, login_actor, client):
    login_actor("bkpsdm_admin")
    stale = _report(world, status="running", attempts=1, heartbeat_at=_ago(minutes=3))
    busy = _report(world, status="running", attempts=1, heartbeat_at=_ago(seconds=5))
    waiting = _report(world)
    page = client.get(reverse("reports:detail", args=[stale.pk]))
    assert (
        "pekerja latar tidak lagi memberi tanda hidup" in page.text
        and reverse("reports:retry", args=[stale.pk]) in page.text
    )
    assert reverse("reports:retry", args=[busy.pk]) not in client.get(reverse("reports:detail", args=[busy.pk])).text

    client.post(reverse("reports:retry", args=[busy.pk]))
    client.post(reverse("reports:retry", args=[waiting.pk]))
    busy.refresh_from_db()
    waiting.refresh_from_db()
    assert busy.status == "running" and waiting.status == "pending" and not OutboxMessage.objects.exists()

    client.post(reverse("reports:retry", args=[stale.pk]))
    stale.refresh_from_db()
    assert stale.status == "pending" and stale.heartbeat_at is None
    with time_machine.travel(timezone.now() + jobs.PENDING_TOO_LONG + datetime.timedelta(minutes=1), tick=False):
        page = client.get(reverse("reports:detail", args=[waiting.pk]))
        assert "sudah lama menunggu di antrean" in page.text
        client.post(reverse("reports:retry", args=[waiting.pk]))
    assert OutboxMessage.objects.filter(kwargs={"job_id": waiting.pk}).exists()


@pytest.mark.django_db(transaction=True)
def test_heartbeat_beats_while_a_worker_runs_the_job(world, monkeypatch):
    job = _report(world, status="running")
    monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.05)
    worker_task = type("Task", (), {"request": type("Request", (), {"is_eager": False})()})()
    monkeypatch.setattr(jobs, "current_task", worker_task)  # as inside a task a worker runs
    with jobs.heartbeat(ReportJob, job.pk):
        first = ReportJob.objects.get(pk=job.pk).heartbeat_at
        wait_until(lambda: ReportJob.objects.get(pk=job.pk).heartbeat_at > first, "beat", seconds=5)


def _worker_process() -> subprocess.Popen:
    """A real `celery worker` process on this test database and this run's Redis keys."""
    lane = settings.TEST_LANE
    name = connection.settings_dict["NAME"]
    base = name[: -len(lane)] if lane else name
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "asn_kompetensi.settings.test",
        "TEST_NAMESPACE": settings.TEST_NAMESPACE,
        "TEST_LANE": lane,
        "TEST_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{base}",
        "TEST_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.Popen(  # noqa: S603 — celery from this virtualenv, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "asn_kompetensi",
            "worker",
            "-Q",
            "reports",
            "-P",
            "solo",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-l",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_report_is_found_and_the_report_finishes(world, real_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("reports")
    job = report_services.report_request(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        kind="ikm_unit",
        parameters={"year": timezone.localdate().year},
    )
    # Another session holds a lock the report must wait for, so the worker is mid-job when it is killed.
    db = connection.settings_dict
    blocker = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    worker = None
    try:
        with blocker.cursor() as cursor:
            cursor.execute("SET lock_timeout = '60s'")
            cursor.execute("LOCK TABLE organizations_instansi IN ACCESS EXCLUSIVE MODE")
        worker = _worker_process()
        wait_until(lambda: ReportJob.objects.get(pk=job.pk).status == "running", "start the report", seconds=60)
        assert ReportJob.objects.get(pk=job.pk).heartbeat_at is not None
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()
        if worker is not None and worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1  # what the page showed for ever before

    with real_worker(["reports"]):
        # 100 s after the last beat (the worker process ran on the real clock, not on the test's).
        with time_machine.travel(job.heartbeat_at + datetime.timedelta(seconds=100), tick=True):
            assert jobs.stale_jobs_sweep() == {"requeued": 1, "failed": 0}
        wait_until(lambda: ReportJob.objects.get(pk=job.pk).is_finished, "finish the report", seconds=60)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 2, (job.status, job.error)
    # The killed worker's message is still "unacknowledged" in Redis: drop it, so no later run meets it.
    with celery_app.connection_for_write() as conn:
        conn.default_channel.client.delete("unacked", "unacked_index")  # the client adds this run's key prefix


def _import_job(world, **fields) -> ImportJob:
    from django.core.files.base import ContentFile

    job = ImportJob(instansi_id=world.a.pk, kind="pegawai", original_name="pegawai.csv", **fields)
    job.file.save("pegawai.csv", ContentFile(b"nip;nama\n"), save=False)
    job.save()
    return job


@pytest.mark.parametrize(("actor", "expected"), [("owner", 403), ("supervisor", 403), ("other_instansi_admin", 404)])
def test_import_retry_is_for_the_instansi_admin_only(actor, expected, world, login_actor, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = _import_job(world, status="failed", attempts=1, message="Terjadi kesalahan sistem")
    login_actor(actor)
    assert client.post(reverse("core:import_retry", args=[job.pk])).status_code == expected
    job.refresh_from_db()
    assert job.status == "failed"


def test_a_failed_or_stale_import_can_be_retried_a_rejected_one_cannot(world, login_actor, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login_actor("bkpsdm_admin")
    failed = _import_job(world, status="failed", attempts=1, message="Terjadi kesalahan sistem")
    stale = _import_job(world, status="running", attempts=1, heartbeat_at=_ago(minutes=5))
    rejected = _import_job(world, status="rejected", attempts=1, message="3 kesalahan ditemukan")
    page = client.get(reverse("core:import_detail", args=[failed.pk]))
    assert reverse("core:import_retry", args=[failed.pk]) in page.text
    assert (
        reverse("core:import_retry", args=[rejected.pk])
        not in client.get(reverse("core:import_detail", args=[rejected.pk])).text
    )
    for job in (failed, stale):
        resp = client.post(reverse("core:import_retry", args=[job.pk]))
        assert resp.status_code == 302
        job.refresh_from_db()
        assert job.status == "pending" and job.message == "" and job.heartbeat_at is None
        assert OutboxMessage.objects.filter(task_name="apps.core.tasks.run_import_job", kwargs={"job_id": job.pk})
    resp = client.post(reverse("core:import_retry", args=[rejected.pk]), follow=True)
    assert "Hanya impor yang gagal" in resp.text
    rejected.refresh_from_db()
    assert rejected.status == "rejected"


def test_a_running_report_that_never_had_a_heartbeat_is_found_too(world):
    """A job marked running by older code, whose worker died before the first heartbeat, has no heartbeat at all:
    it is found by its start time instead of staying 'running' forever."""
    lost = _report(world, status="running", attempts=1, heartbeat_at=None, started_at=_ago(seconds=90))
    starting = _report(world, status="running", attempts=1, heartbeat_at=None, started_at=_ago(seconds=5))
    assert jobs.stale_jobs_sweep() == {"requeued": 1, "failed": 0}
    lost.refresh_from_db()
    starting.refresh_from_db()
    assert lost.status == "pending" and starting.status == "running"
