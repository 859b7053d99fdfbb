"""The catalog's "fills my gaps" filter answers from the pegawai's current assessment."""

import pytest
from django.urls import reverse

from apps.catalog.models import ProgramCompetency
from apps.catalog.tests.factories import ProgramFactory
from apps.needs.selectors import gap_competency_ids_for
from apps.needs.services import assessment_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs(world, skj):
    fills = ProgramFactory(instansi=world.a, title="Komunikasi Efektif untuk Perawat")
    ProgramCompetency.objects.create(instansi=world.a, program=fills, kompetensi=skj["M.03"], target_level=3)
    other = ProgramFactory(instansi=world.a, title="Pelayanan Publik Prima")
    ProgramCompetency.objects.create(instansi=world.a, program=other, kompetensi=skj["M.05"], target_level=4)
    return fills, other


def test_gap_ids_follow_the_current_assessment(world, skj, worked_levels):
    assert gap_competency_ids_for(world.owner_pegawai) == []
    assessment_record(
        actor=world.users["bkpsdm_admin"],
        pegawai=world.owner_pegawai,
        method="assessment_center",
        levels=worked_levels,
        require_all=False,
    )
    assert set(gap_competency_ids_for(world.owner_pegawai)) == {skj["M.03"].pk, skj["M.06"].pk, skj["M.07"].pk}


def test_fills_my_gaps_filter_lists_only_programs_for_my_gaps(world, client, skj, worked_levels, programs):
    fills, other = programs
    client.force_login(world.users["owner"])
    url = reverse("catalog:program_catalog")
    before = client.get(url, {"fills_gaps": "true"})
    assert fills.title not in before.text  # no assessment yet: nothing claims to fill a gap
    assessment_record(
        actor=world.users["bkpsdm_admin"],
        pegawai=world.owner_pegawai,
        method="assessment_center",
        levels=worked_levels,
        require_all=False,
    )
    page = client.get(url, {"fills_gaps": "true"})
    assert page.status_code == 200
    assert "Mengisi kesenjangan saya" in page.text
    assert fills.title in page.text and other.title not in page.text
    assert other.title in client.get(url).text  # without the filter both are listed
