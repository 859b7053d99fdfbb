"""Files are never served from /media/ (not even with DEBUG, which `make run` uses) and every stored
name has a random folder, so a name seen once reveals nothing about the others (issue 21, item 6)."""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, get_resolver, resolve

import asn_kompetensi.urls
from apps.catalog.models import material_upload_to
from apps.core.models import ImportJob, import_upload_to
from apps.core.services import import_job_create
from apps.core.storage import private_name, safe_filename
from apps.enrollments.models import certificate_upload_to, external_upload_to
from apps.mentoring.models import report_upload_to as project_upload_to
from apps.reports.models import report_upload_to

pytestmark = pytest.mark.django_db
TOKEN = r"[A-Za-z0-9_-]{22}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _all_routes(patterns, prefix=""):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from _all_routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


@pytest.mark.parametrize("debug", [True, False])
def test_media_url_is_404_with_and_without_debug(debug, media, world, login_actor, client):
    stored = media / "reports" / str(world.a.pk) / "1" / "laporan.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 rahasia")
    try:
        with override_settings(DEBUG=debug):
            importlib.reload(asn_kompetensi.urls)  # the root URLconf as it is built under this DEBUG
            clear_url_caches()
            assert not [r for r in _all_routes(get_resolver().url_patterns) if "media" in r]
            with pytest.raises(Resolver404):
                resolve("/media/reports/1/1/laporan.pdf")
            login_actor("other_instansi_admin")
            resp = client.get(f"/media/reports/{world.a.pk}/1/laporan.pdf")
            assert resp.status_code == 404 and b"rahasia" not in resp.content
    finally:
        importlib.reload(asn_kompetensi.urls)
        clear_url_caches()


def test_two_uploads_of_the_same_name_get_different_random_folders(media, world):
    admin = world.users["bkpsdm_admin"]
    jobs = [
        import_job_create(
            actor=admin,
            instansi_id=world.a.pk,
            kind="pegawai",
            upload=SimpleUploadedFile("pegawai.csv", b"nip\n"),
            enqueue=False,
        )
        for _ in range(2)
    ]
    names = [job.file.name for job in jobs]
    assert names[0] != names[1]
    for name in names:
        assert re.fullmatch(rf"imports/{world.a.pk}/{TOKEN}/pegawai\.csv", name)
        assert (media / name).read_bytes() == b"nip\n"
    assert ImportJob.objects.get(pk=jobs[0].pk).file.open("rb").read() == b"nip\n"


@pytest.mark.parametrize(
    "upload_to, instance, prefix",
    [
        (import_upload_to, SimpleNamespace(instansi_id=7), "imports/7"),
        (report_upload_to, SimpleNamespace(instansi_id=7, pk=3), "reports/7/3"),
        (certificate_upload_to, SimpleNamespace(instansi_id=7, year=2026), "enrollments/certificates/7/2026"),
        (external_upload_to, SimpleNamespace(instansi_id=7), "enrollments/external/7"),
        (material_upload_to, SimpleNamespace(program_id=5), "catalog/materials/5"),
        (project_upload_to, SimpleNamespace(instansi_id=7, project_id=9), "mentoring/projects/7/9"),
    ],
)
def test_every_upload_to_puts_a_random_token_in_the_path(upload_to, instance, prefix):
    first, second = upload_to(instance, "berkas.pdf"), upload_to(instance, "berkas.pdf")
    assert first != second
    assert re.fullmatch(rf"{re.escape(prefix)}/{TOKEN}/berkas\.pdf", first)


def test_names_are_cleaned_and_kept_short():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\x\\Data Pegawai (final).xlsx") == "Data_Pegawai_final.xlsx"
    assert safe_filename("..") == "berkas"
    long = safe_filename("a" * 300 + ".xlsx")
    assert len(long) == 80 and long.endswith(".xlsx")
    assert len(private_name("imports", 123456, filename="x" * 500 + ".csv")) < 255
