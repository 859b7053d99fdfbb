"""Program materials are downloaded only through the program's access check (never by a /media/ path)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.catalog import services
from apps.catalog.tests.factories import ProgramFactory
from apps.conftest import role_matrix

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.4 modul"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def material(world):
    program = ProgramFactory(instansi=world.a, title="Pelatihan Perencanaan")
    return services.material_add(
        actor=world.users["bkpsdm_admin"],
        program=program,
        title="Modul 1",
        kind="file",
        file=SimpleUploadedFile("modul.pdf", CONTENT),
    )


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=200,
        mentor=200,
        other_instansi_admin=404,
    ),
)
def test_material_download_matrix(actor, status, login_actor, client, material):
    login_actor(actor)
    resp = client.get(reverse("catalog:material_download", args=[material.program_id, material.pk]))
    assert resp.status_code == status
    if status == 200:
        assert b"".join(resp.streaming_content) == CONTENT
        assert 'filename="modul.pdf"' in resp["Content-Disposition"]


def test_material_name_is_random_and_the_page_links_to_the_view(login_actor, client, material):
    assert re.fullmatch(rf"catalog/materials/{material.program_id}/[A-Za-z0-9_-]{{22}}/modul\.pdf", material.file.name)
    login_actor("owner")
    resp = client.get(reverse("catalog:program_detail", args=[material.program_id]))
    assert reverse("catalog:material_download", args=[material.program_id, material.pk]) in resp.text
    assert material.file.name not in resp.text and "/media/" not in resp.text


def test_link_material_or_other_program_is_404(world, login_actor, client, material):
    link = services.material_add(
        actor=world.users["bkpsdm_admin"], program=material.program, title="Video", kind="link", url="https://x.id"
    )
    other = ProgramFactory(instansi=world.a)
    login_actor("bkpsdm_admin")
    assert client.get(reverse("catalog:material_download", args=[other.pk, material.pk])).status_code == 404
    assert client.get(reverse("catalog:material_download", args=[link.program_id, link.pk])).status_code == 404


def test_draft_program_material_hidden_from_pegawai(world, login_actor, client, material):
    type(material.program).objects.filter(pk=material.program_id).update(status="draft")
    login_actor("owner")
    assert client.get(reverse("catalog:material_download", args=[material.program_id, material.pk])).status_code == 404
