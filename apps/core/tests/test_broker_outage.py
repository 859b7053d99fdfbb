"""A broker outage loses no work and answers no 500 (apps/core/jobs.py). The test starts a Redis of its own
on a free port (never the shared one), stops it, asks for a report through the page, starts Redis again and
lets the relay and a real worker finish the job."""

from __future__ import annotations

import datetime
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from kombu import pools as kombu_pools

from apps.conftest import wait_until
from apps.core import jobs
from apps.core.models import OutboxMessage
from apps.reports.models import ReportJob
from asn_kompetensi.celery import app as celery_app

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


class OwnRedis:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 — the system's redis-server, fixed arguments
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _use_broker(url: str) -> None:
    """Point the Celery app at another broker, dropping the connections it pooled for the old one."""
    celery_app.conf.broker_url = url
    kombu_pools.reset()  # every pooled connection and producer, kombu's global registry included
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(settings, tmp_path):
    redis = OwnRedis(tmp_path)
    redis.start()
    saved = celery_app.conf.broker_url
    settings.CELERY_BROKER_URL = redis.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    _use_broker(redis.url)
    yield redis
    redis.stop()
    _use_broker(saved)


@contextmanager
def later(minutes: int):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=True):
        yield


def test_report_asked_for_while_redis_is_down_runs_once_redis_is_back(
    own_redis, real_worker, world, login_actor, client
):
    own_redis.stop()
    login_actor("bkpsdm_admin")
    started = time.monotonic()
    resp = client.post(reverse("reports:create"), {"kind": "ikm_unit", "year": timezone.localdate().year})
    assert time.monotonic() - started < 5  # the request does not wait on the missing broker
    job = ReportJob.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("reports:detail", args=[job.pk])
    message = OutboxMessage.objects.get(task_name="apps.reports.tasks.run_report_job")
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    page = client.get(resp.url)
    assert "Layanan antrean sedang tidak tersedia" in page.text and job.status == "pending"

    with later(minutes=1):  # the relay's next round, still without a broker: the row keeps waiting
        assert jobs.relay_pending() == 0
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 2

    own_redis.start()
    with real_worker(["reports"]):  # (it purges its queues when it starts: start it before the relay)
        with later(minutes=10):
            assert jobs.relay_pending() == 1
        message.refresh_from_db()
        assert message.sent_at is not None and message.last_error == ""
        wait_until(lambda: ReportJob.objects.get(pk=job.pk).is_finished, "finish the report")
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 1, (job.status, job.error)
    assert "Unduh PDF" in client.get(resp.url).text


def test_an_upload_while_redis_is_down_is_kept_and_relayed(own_redis, world, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.services import import_job_create

    own_redis.stop()
    upload = SimpleUploadedFile("pegawai.csv", b"nip;nama\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, kind="pegawai", upload=upload
        )
    message = OutboxMessage.objects.get(task_name="apps.core.tasks.run_import_job")
    assert message.kwargs == {"job_id": job.pk} and message.sent_at is None and message.attempts == 1
    own_redis.start()
    with later(minutes=5):
        assert jobs.relay_pending() == 1
    assert OutboxMessage.objects.get(pk=message.pk).sent_at is not None
