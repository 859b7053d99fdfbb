"""SKJ rows and tasks fetched by id go through access.py: another instansi's row, or a row of another
jabatan, is 404 and nothing changes."""

import pytest
from django.urls import reverse

from apps.competencies.models import MANDATORY_CODES, SKJItem, TaskCompetency
from apps.competencies.tests.factories import KompetensiFactory, national
from apps.conftest import role_matrix
from apps.organizations.models import JobTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def teknis_a(world):
    return KompetensiFactory(instansi=world.a, code="T.KEMENKES.01", name="Asuhan Keperawatan")


@pytest.fixture
def skj_a(world, teknis_a):
    for code in MANDATORY_CODES:
        SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=national(code), required_level=1)
    SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=teknis_a, required_level=2)
    return world.staff_jab


@pytest.fixture
def task_a(world, skj_a):
    return JobTask.objects.create(instansi=world.a, jabatan=skj_a, description="Melakukan pengkajian keperawatan")


TASK_MATRIX = role_matrix(
    {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403},
    bkpsdm_admin=302,
    superadmin=302,
    other_instansi_admin=404,
)


@pytest.mark.parametrize("actor, status", TASK_MATRIX)
def test_task_links_matrix(actor, status, login_actor, client, skj_a, task_a, teknis_a):
    login_actor(actor)
    resp = client.post(
        reverse("competencies:skj_task_links", args=[skj_a.pk, task_a.pk]), {"kompetensi": [teknis_a.pk]}
    )
    assert resp.status_code == status
    assert TaskCompetency.objects.filter(task=task_a).exists() == (status == 302)


def test_task_of_another_jabatan_is_404(login_actor, client, world, skj_a, task_a, teknis_a):
    login_actor("bkpsdm_admin")
    url = reverse("competencies:skj_task_links", args=[world.head_jab.pk, task_a.pk])
    assert client.post(url, {"kompetensi": [teknis_a.pk]}).status_code == 404
    assert not TaskCompetency.objects.filter(task=task_a).exists()


def test_skj_row_of_another_jabatan_is_404(login_actor, client, world, skj_a, teknis_a):
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi=teknis_a)
    login_actor("bkpsdm_admin")
    assert client.post(reverse("competencies:skj_remove", args=[world.head_jab.pk, item.pk])).status_code == 404
    assert SKJItem.objects.filter(pk=item.pk).exists()


def test_skj_row_cross_instansi_is_404(login_actor, client, skj_a, teknis_a):
    item = SKJItem.objects.get(jabatan=skj_a, kompetensi=teknis_a)
    login_actor("other_instansi_admin")
    assert client.post(reverse("competencies:skj_remove", args=[skj_a.pk, item.pk])).status_code == 404
    assert SKJItem.objects.filter(pk=item.pk).exists()
