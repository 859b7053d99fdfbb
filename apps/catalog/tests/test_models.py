import datetime

import pytest
from django.db import IntegrityError, transaction

from apps.catalog.models import Angkatan, JPConversionRule, Program
from apps.organizations.tests.factories import InstansiFactory

pytestmark = pytest.mark.django_db


def test_default_conversion_table_is_seeded_for_every_form():
    from apps.catalog.models import Form

    forms = set(JPConversionRule.objects.filter(instansi=None).values_list("form", flat=True))
    assert forms == set(Form.values)
    seminar = JPConversionRule.objects.get(instansi=None, form="seminar")
    assert seminar.compute_jp(2) == 8
    assert seminar.compute_jp(2, international=True) == 12
    teknis = JPConversionRule.objects.get(instansi=None, form="teknis")
    assert teknis.compute_jp(0, programme_jp=30, international=True) == 36
    outbound = JPConversionRule.objects.get(instansi=None, form="outbound")
    assert outbound.compute_jp(134) == 2  # floor(134 / 45)


def test_constraints_hold():
    instansi = InstansiFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Program.objects.create(
            instansi=instansi,
            code="X",
            title="X",
            path="klasikal",
            form="coaching",
            modality="tatap_muka",
            learning_hours=4,
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Program.objects.create(
            instansi=None,
            visibility="private",
            code="N",
            title="N",
            path="klasikal",
            form="teknis",
            modality="tatap_muka",
            learning_hours=4,
        )
    program = Program.objects.create(
        instansi=instansi, code="P", title="P", path="klasikal", form="teknis", modality="tatap_muka", learning_hours=4
    )
    day = datetime.date(2026, 5, 4)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Angkatan.objects.create(
            instansi=instansi,
            program=program,
            code="A",
            name="A",
            start_date=day,
            end_date=day,
            modality="tatap_muka",
            seats_total=0,
        )
