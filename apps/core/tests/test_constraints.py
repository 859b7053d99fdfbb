"""The constraint → message registry against real PostgreSQL constraint violations."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from apps.core import constraints
from apps.organizations import errors as _organizations_errors  # noqa: F401 - registers its messages
from apps.organizations.models import Instansi, UnitKerja
from apps.organizations.tests.factories import InstansiFactory

pytestmark = pytest.mark.django_db


def _violation(write) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    return caught.value


def test_unique_violation_yields_its_registered_message():
    instansi = InstansiFactory()
    UnitKerja.objects.create(instansi=instansi, code="DINKES", name="Dinas Kesehatan", kind="opd")
    exc = _violation(lambda: UnitKerja.objects.create(instansi=instansi, code="DINKES", name="Dinas lain", kind="opd"))
    assert constraints.constraint_name(exc) == "unit_code_unique_per_instansi"
    assert constraints.message_for(exc) == "Kode unit kerja sudah dipakai di instansi ini."


def test_check_violation_yields_its_registered_message():
    instansi = InstansiFactory()
    exc = _violation(lambda: Instansi.objects.filter(pk=instansi.pk).update(file_retention_days=0))
    assert constraints.constraint_name(exc) == "instansi_retention_1_3650"
    assert constraints.message_for(exc) == "Masa simpan berkas harus antara 1 dan 3650 hari."


def test_field_unique_violation_is_named_by_postgresql():
    InstansiFactory(code="kotaxyz")
    exc = _violation(
        lambda: Instansi.objects.create(code="kotaxyz", name="Kembar", kind="kota", timezone="Asia/Jakarta")
    )
    assert constraints.constraint_name(exc) == "organizations_instansi_code_key"
    assert constraints.message_for(exc) == "Kode instansi sudah dipakai."


def test_message_follows_the_active_language():
    instansi = InstansiFactory()
    exc = _violation(lambda: Instansi.objects.filter(pk=instansi.pk).update(file_retention_days=5000))
    with translation.override("en"):
        english = constraints.message_for(exc)
    assert english and english != "Masa simpan berkas harus antara 1 dan 3650 hari."


def test_unregistered_constraint_has_no_message():
    instansi = InstansiFactory()
    exc = _violation(lambda: Instansi.objects.filter(pk=instansi.pk).update(kind="planet"))
    assert constraints.constraint_name(exc) == "instansi_kind_known"
    assert constraints.message_for(exc) is None


def test_sqlite_check_message_is_parsed_and_other_texts_give_none():
    assert constraints.constraint_name(IntegrityError("CHECK constraint failed: instansi_retention_1_3650")) == (
        "instansi_retention_1_3650"
    )
    assert constraints.constraint_name(IntegrityError("UNIQUE constraint failed: organizations_unitkerja.code")) is None


def test_one_name_keeps_one_message():
    with pytest.raises(ValueError):
        constraints.register({"unit_code_unique_per_instansi": "Pesan lain."})
