"""Uploaded import files (full personal data) are deleted after each instansi's retention period
(issue 21, item 8); the job row stays, marked, and each run that removed files is audited."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.conftest import role_matrix
from apps.core.models import AuditEvent, ImportJob, ImportStatus
from apps.core.services import import_job_create
from apps.organizations.models import Instansi
from apps.organizations.services import import_files_expire
from apps.organizations.tasks import cleanup_import_files

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _finished_job(world, instansi) -> ImportJob:
    admin = world.users["bkpsdm_admin" if instansi == world.a else "other_instansi_admin"]
    job = import_job_create(
        actor=admin,
        instansi_id=instansi.pk,
        kind="pegawai",
        upload=SimpleUploadedFile("pegawai.csv", b"nip\n199001012020011001\n"),
        enqueue=False,
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SUCCEEDED, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def _removals(instansi) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="import.files_removed", instansi_id=instansi.pk).order_by("pk"))


def test_files_past_each_instansi_retention_are_removed_once(world, media):
    Instansi.objects.filter(pk=world.b.pk).update(file_retention_days=90)
    start = timezone.now()
    old_a = _finished_job(world, world.a)
    b_job = _finished_job(world, world.b)
    with time_machine.travel(start + 20 * DAY, tick=False):
        young_a = _finished_job(world, world.a)
    paths = {job.pk: media / job.file.name for job in (old_a, b_job, young_a)}

    with time_machine.travel(start + 31 * DAY, tick=False):
        assert cleanup_import_files() == 1
        assert import_files_expire() == 0  # a second run finds nothing more
        removed_at = timezone.now()

    old_a.refresh_from_db()
    assert not old_a.file and old_a.file_removed_at == removed_at and not paths[old_a.pk].exists()
    assert old_a.status == ImportStatus.SUCCEEDED and old_a.original_name == "pegawai.csv"  # the row stays
    for kept in (young_a, b_job):  # 11 days old in A (30); 31 days old in B (90)
        kept.refresh_from_db()
        assert kept.file and kept.file_removed_at is None and paths[kept.pk].exists()
    [event] = _removals(world.a)
    assert event.data == {"count": 1, "job_ids": [old_a.pk]} and event.actor_id is None
    assert _removals(world.b) == []

    with time_machine.travel(start + 91 * DAY, tick=False):
        assert import_files_expire() == 2
    assert not paths[young_a.pk].exists() and not paths[b_job.pk].exists()
    assert [e.data["count"] for e in _removals(world.a)] == [1, 1]
    assert [e.data["count"] for e in _removals(world.b)] == [1]


def test_unfinished_jobs_keep_their_file(world):
    job = _finished_job(world, world.a)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, finished_at=None)
    with time_machine.travel(timezone.now() + 400 * DAY, tick=False):
        assert import_files_expire() == 0


def test_a_file_already_missing_on_disk_is_marked_without_error(world, media):
    job = _finished_job(world, world.a)
    (media / job.file.name).unlink()
    with time_machine.travel(timezone.now() + 31 * DAY, tick=False):
        assert import_files_expire() == 1
    job.refresh_from_db()
    assert not job.file and job.file_removed_at is not None
    assert _removals(world.a)[0].data["count"] == 1


def test_job_page_says_the_file_was_removed(world, login_actor, client):
    job = _finished_job(world, world.a)
    with time_machine.travel(timezone.now() + 31 * DAY, tick=False):
        import_files_expire()
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:import_detail", args=[job.pk]))
    assert resp.status_code == 200 and "dihapus" in resp.text and "masa simpan" in resp.text


def test_retention_is_between_1_and_3650_days_in_the_database(world):
    for days in (0, 3651):
        with pytest.raises(IntegrityError), transaction.atomic():
            Instansi.objects.filter(pk=world.a.pk).update(file_retention_days=days)
    assert Instansi.objects.get(pk=world.a.pk).file_retention_days == 30  # the default


def _form_data(instansi, days):
    return {
        "code": instansi.code,
        "name": instansi.name,
        "kind": instansi.kind,
        "timezone": instansi.timezone,
        "province": "",
        "address": "",
        "head_title": "",
        "file_retention_days": days,
        "is_active": "on",
    }


def test_superadmin_sets_the_retention_on_the_instansi_form(world, login_actor, client):
    login_actor("superadmin")
    url = reverse("organizations:instansi_edit", args=[world.a.pk])
    resp = client.post(url, _form_data(world.a, 4000))
    assert resp.status_code == 422 and "3650" in resp.text
    assert client.post(url, _form_data(world.a, 365)).status_code == 302
    assert Instansi.objects.get(pk=world.a.pk).file_retention_days == 365


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        owner=403,
        supervisor=403,
        bkpsdm_admin=200,
        superadmin=302,  # must act for an instansi first
        other_employee=403,
        mentor=403,
        other_instansi_admin=200,  # their own instansi's page, never A's
    ),
)
def test_admin_sets_the_retention_of_their_own_instansi(actor, status, world, login_actor, client):
    login_actor(actor)
    url = reverse("organizations:retention")
    assert client.get(url).status_code == status
    resp = client.post(url, {"file_retention_days": 120})
    days = dict(Instansi.objects.values_list("code", "file_retention_days"))
    if status == 200:
        own = world.a if actor == "bkpsdm_admin" else world.b
        other = world.b if own == world.a else world.a
        assert resp.status_code == 302
        assert days[own.code] == 120 and days[other.code] == 30
        event = AuditEvent.objects.get(action="instansi.retention")
        assert event.instansi_id == own.pk and event.data == {"from": 30, "to": 120}
    else:
        assert days == {world.a.code: 30, world.b.code: 30}


def test_retention_form_rejects_out_of_range(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("organizations:retention"), {"file_retention_days": 0})
    assert resp.status_code == 422 and "3650" in resp.text
    assert Instansi.objects.get(pk=world.a.pk).file_retention_days == 30
