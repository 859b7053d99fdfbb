import pytest
from django.db import IntegrityError, transaction

from apps.competencies.models import MANDATORY_CODES, DefaultLevelRule, Kompetensi, LevelDescriptor


@pytest.mark.django_db
def test_national_dictionary_shipped_as_data():
    national = Kompetensi.objects.filter(instansi=None)
    assert set(national.values_list("code", flat=True)) >= set(MANDATORY_CODES)
    assert LevelDescriptor.objects.filter(kompetensi__instansi=None, kompetensi__code="M.01").count() == 5
    level3 = LevelDescriptor.objects.get(kompetensi__code="M.03", level=3)
    assert level3.indicator_list[0].startswith("3.1 ")
    assert DefaultLevelRule.objects.get(instansi=None, jenis="administrator").level == 3


@pytest.mark.django_db
def test_national_code_unique_and_manajerial_must_be_national(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Kompetensi.objects.create(instansi=None, kind="teknis", code="M.01", name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kompetensi.objects.create(instansi=world.a, kind="manajerial", code="M.99", name="x")
    Kompetensi.objects.create(instansi=world.a, kind="teknis", code="T.X.01", name="x")
    Kompetensi.objects.create(instansi=world.b, kind="teknis", code="T.X.01", name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kompetensi.objects.create(instansi=world.a, kind="teknis", code="T.X.01", name="y")
