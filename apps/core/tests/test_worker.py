"""The import flow against a real Celery worker on Redis (style.md §9): the upload is queued on
commit, a worker thread consumes the default and notifications queues, saves the rows and mails
the uploader. Eager mode is switched off on the Celery app itself for the duration of the test.

Broker: settings.CELERY_BROKER_URL (test settings: redis://127.0.0.1:6379/15, or the
CELERY_BROKER_URL environment variable, so parallel runs can use their own Redis db)."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection, connections

from apps.core.models import ImportJob, ImportStatus
from apps.core.services import import_job_create
from apps.core.tests import filebuilders as fb
from apps.employees.models import Pegawai
from asn_kompetensi.celery import app as celery_app

pytestmark = pytest.mark.worker

QUEUES = ["default", "reports", "notifications"]
WAIT_SECONDS = 30


@pytest.fixture(autouse=True, scope="module")
def _keep_reference_data(django_db_blocker):
    """A transactional test ends with a flush that also empties the rows data migrations put in
    (the national competency dictionary, the JP table), which later tests in the run and the next
    --reuse-db run rely on. Module-scoped, so it is set up before pytest-django's per-test
    database helper and torn down after the last flush: it puts back what the database held
    before this module ran."""
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(before)


@pytest.fixture
def celery_worker(settings, transactional_db, tmp_path):
    """A worker thread on the project's app, with eager mode off in the app's own conf (changing
    Django settings alone would not reach an already configured Celery app)."""
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = False
    overrides = {
        "task_always_eager": False,
        "broker_url": settings.CELERY_BROKER_URL,
        "worker_hijack_root_logger": False,
    }
    saved = {key: celery_app.conf.get(key) for key in overrides}
    celery_app.conf.update(overrides)
    # The worker thread opens its own database connection; close it after each task so none is
    # left open when the test database is flushed (or dropped at the end of the session).
    task_postrun.connect(_close_worker_connections)
    try:
        with celery_app.connection_for_write() as conn:  # stale messages of an aborted run would be consumed
            for queue in QUEUES:
                conn.default_channel.queue_purge(queue)
        with start_worker(
            celery_app,
            pool="solo",
            concurrency=1,
            queues=QUEUES,
            perform_ping_check=False,  # the ping needs a result backend; this project runs without one
            loglevel="WARNING",
            shutdown_timeout=15,
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        celery_app.conf.update(saved)


def _close_worker_connections(**_kwargs):
    connections.close_all()


def _wait_for(job_id: int, *, notified: bool = True) -> ImportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished and (job.notified_at or not notified):
            return job
        time.sleep(0.1)
    raise AssertionError(f"worker did not finish job {job_id} within {WAIT_SECONDS}s (status {job.status})")


def _upload(world, rows, name="pegawai.xlsx"):
    data = (
        fb.xlsx_bytes(fb.table("pegawai", rows)) if name.endswith(".xlsx") else fb.csv_bytes(fb.table("pegawai", rows))
    )
    return import_job_create(
        actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, kind="pegawai", upload=fb.upload(name, data)
    )


def _row(n, **overrides):
    row = {"nip": fb.pns_nip(n), "nama": f"Pegawai {n}", "jenis_kepegawaian": "PNS", "kode_unit": "DINKES"}
    row.update(overrides)
    return row


def test_worker_imports_the_file_and_mails_the_uploader(world, celery_worker, mailoutbox):
    job = _upload(world, [_row(1), _row(2, nip_atasan=fb.pns_nip(1)), _row(3)])
    assert job.status == ImportStatus.PENDING  # the request returns before any row is read

    job = _wait_for(job.pk)

    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert (job.total_rows, job.processed_rows, job.created_rows) == (3, 3, 3)
    saved = {p.nip: p for p in Pegawai.objects.filter(instansi=world.a, nip__in=[fb.pns_nip(n) for n in (1, 2, 3)])}
    assert len(saved) == 3
    assert saved[fb.pns_nip(2)].atasan == saved[fb.pns_nip(1)]
    assert saved[fb.pns_nip(1)].atasan == world.supervisor_pegawai
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [world.users["bkpsdm_admin"].email]
    assert "pegawai.xlsx" in mailoutbox[0].subject
    assert "3 baris berhasil disimpan." in mailoutbox[0].body


def test_worker_rejects_a_bad_file_saves_nothing_and_still_mails(world, celery_worker, mailoutbox):
    before = Pegawai.objects.count()
    job = _upload(world, [_row(1), _row(2, kode_unit="GAIB")], name="salah.csv")

    job = _wait_for(job.pk)

    assert job.status == ImportStatus.REJECTED
    assert job.errors == [{"row": 3, "column": "Kode unit", "message": "Unit kerja tidak dikenal."}]
    assert Pegawai.objects.count() == before
    assert len(mailoutbox) == 1
    assert "1 kesalahan ditemukan" in mailoutbox[0].body
