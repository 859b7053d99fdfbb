import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog.models import ProgramCompetency
from apps.catalog.tests.factories import ProgramFactory
from apps.needs import services
from apps.needs.models import DevelopmentPlan, NeedsItem, PlanItem

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def profile(world, worked_levels, skj):
    services.assessment_record(
        actor=world.users["bkpsdm_admin"], pegawai=world.owner_pegawai, method="assessment_center", levels=worked_levels
    )
    return skj


MATRIX = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 404),
    ("mentor", 404),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", MATRIX)
def test_pegawai_matrix_and_programs(actor, status, login_actor, client, world, profile):
    program = ProgramFactory(instansi=world.a, title="Komunikasi Efektif ASN")
    ProgramCompetency.objects.create(instansi=world.a, program=program, kompetensi=profile["M.03"], target_level=3)
    ProgramFactory(instansi=world.a, title="Tidak relevan")
    login_actor(actor)
    resp = client.get(reverse("needs:recommend_pegawai", args=[world.owner_pegawai.pk]))
    assert resp.status_code == status
    if status == 200:
        assert [p.title for p in resp.context["programs"]] == ["Komunikasi Efektif ASN"]
        assert {g["kompetensi__code"] for g in resp.context["gaps"]} == {"M.03", "M.06", "M.07"}


UNIT = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", UNIT)
def test_unit_matrix_falls_back_to_plan_items(actor, status, login_actor, client, world, profile):
    plan = DevelopmentPlan.objects.create(instansi=world.a, year=YEAR, title="RPK", ceiling_idr=10**9)
    need = NeedsItem.objects.create(instansi=world.a, year=YEAR, source="fgd", kompetensi=profile["M.06"])
    item = PlanItem.objects.create(
        instansi=world.a,
        plan=plan,
        kompetensi=profile["M.06"],
        target_description="Staf",
        target_count=3,
        path="nonklasikal",
        form="coaching",
        penyelenggara_text="BKPSDM",
        schedule_quarter=1,
        budget_idr=0,
        funding_source="apbd",
    )
    item.needs_items.add(need)
    login_actor(actor)
    resp = client.get(reverse("needs:recommend_unit", args=[world.unit_a.pk]))
    assert resp.status_code == status
    if status == 200:
        assert resp.context["programs"] == []
        assert [i.pk for i in resp.context["plan_items"]] == [item.pk]
