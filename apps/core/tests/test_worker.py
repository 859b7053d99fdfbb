"""The import flow against a real Celery worker on Redis (style.md §9): the upload is queued on
commit, a worker thread consumes the default and notifications queues, saves the rows and mails
the uploader. Eager mode is switched off on the Celery app itself for the duration of the test.

Broker: settings.CELERY_BROKER_URL (test settings: redis://127.0.0.1:6379/15, or the
CELERY_BROKER_URL environment variable, so parallel runs can use their own Redis db)."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from apps.core.models import ImportJob, ImportStatus
from apps.core.services import import_job_create
from apps.core.tests import filebuilders as fb
from apps.employees.models import Pegawai

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
def celery_worker(real_worker, transactional_db):
    with real_worker(QUEUES) as worker:
        yield worker


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
