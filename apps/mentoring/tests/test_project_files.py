"""A project's result file is downloaded only through the access check of its project (never by a
/media/ path): the same people who may open the project, and 404 for everyone else."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.conftest import role_matrix
from apps.core.models import PersonalDataAccess
from apps.mentoring import services
from apps.mentoring.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.4 hasil proyek"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def report(world):
    project = ProjectFactory(pegawai=world.owner_pegawai, supervisor=world.mentor_pegawai)
    return services.project_report_add(
        actor=world.users["owner"],
        project=project,
        progress_percent=50,
        summary="Draf SOP selesai",
        file=SimpleUploadedFile("hasil.pdf", CONTENT),
    )


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=404,
        mentor=200,
        other_instansi_admin=404,
    ),
)
def test_project_file_download_matrix(actor, status, login_actor, client, report):
    user = login_actor(actor)
    resp = client.get(reverse("mentoring:project_report_file", args=[report.project_id, report.pk]))
    assert resp.status_code == status
    if status == 200:
        assert b"".join(resp.streaming_content) == CONTENT
        assert 'filename="hasil.pdf"' in resp["Content-Disposition"]
    logged = PersonalDataAccess.objects.filter(actor=user, purpose="berkas hasil proyek").exists()
    assert logged == (status == 200 and actor != "owner")


def test_project_page_links_to_the_view_not_to_media(login_actor, client, report):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("mentoring:project_detail", args=[report.project_id]))
    assert reverse("mentoring:project_report_file", args=[report.project_id, report.pk]) in resp.text
    assert "/media/" not in resp.text


def test_report_of_another_project_or_without_file_is_404(world, login_actor, client, report):
    other = ProjectFactory(pegawai=world.owner_pegawai, supervisor=world.mentor_pegawai)
    no_file = services.project_report_add(
        actor=world.users["owner"], project=report.project, progress_percent=60, summary="Tanpa berkas"
    )
    login_actor("bkpsdm_admin")
    assert client.get(reverse("mentoring:project_report_file", args=[other.pk, report.pk])).status_code == 404
    assert client.get(reverse("mentoring:project_report_file", args=[report.project_id, no_file.pk])).status_code == 404
