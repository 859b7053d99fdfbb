import pytest

from apps.competencies.models import MANDATORY_CODES, SKJItem, TaskCompetency
from apps.competencies.seed import seed_competencies
from apps.organizations.models import Jabatan
from apps.organizations.seed import seed_organizations

pytestmark = pytest.mark.django_db


def test_seed_gives_every_demo_jabatan_a_complete_skj_and_is_idempotent():
    seed_organizations(lambda s: None)
    seed_competencies(lambda s: None)
    count = SKJItem.objects.count()
    links = TaskCompetency.objects.count()
    seed_competencies(lambda s: None)
    assert SKJItem.objects.count() == count
    assert TaskCompetency.objects.count() == links > 0
    for jab in Jabatan.objects.filter(instansi__code="kendari"):
        codes = set(SKJItem.objects.filter(jabatan=jab).values_list("kompetensi__code", flat=True))
        assert set(MANDATORY_CODES) <= codes
