"""A published shared programme of one instansi is in every instansi's catalog (catalog/models): row-level
security must let the other instansi read it, its modules, target competencies, provider and conversion rule,
and its batches held by the reading instansi, while nothing of it can be written from there."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from apps.catalog.models import Program, ProgramModule
from apps.catalog.tests.factories import (
    AngkatanFactory,
    PenyelenggaraFactory,
    ProgramFactory,
    ProgramModuleFactory,
)
from apps.core import rls

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_b(world):
    provider = PenyelenggaraFactory(instansi=world.b, name="Penyelenggara Kota B Bersama")
    program = ProgramFactory(
        instansi=world.b, visibility="shared", title="Program Bersama Kota B", penyelenggara=provider
    )
    ProgramModuleFactory(program=program, title="Modul Bersama Satu")
    private = ProgramFactory(instansi=world.b, visibility="private", title="Program Pribadi Kota B")
    return program, private


def test_the_other_instansi_reads_a_shared_programme_and_its_parts(client, world, shared_b):
    program, private = shared_b
    AngkatanFactory(program=program, instansi=world.a, name="Angkatan A untuk program bersama")
    client.force_login(world.users["owner"])
    catalog = client.get(reverse("catalog:program_catalog"))
    assert catalog.status_code == 200
    assert program.title in catalog.text and private.title not in catalog.text
    detail = client.get(reverse("catalog:program_detail", args=[program.pk]))
    assert detail.status_code == 200
    for shown in (program.title, "Modul Bersama Satu", "Penyelenggara Kota B Bersama", "Angkatan A untuk program"):
        assert shown in detail.text, shown
    assert client.get(reverse("catalog:program_detail", args=[private.pk])).status_code == 404


def test_a_shared_programme_cannot_be_changed_from_the_other_instansi(world, shared_b):
    program, _private = shared_b
    with rls.tenant_context(world.a.pk):
        assert Program.objects.filter(pk=program.pk).exists()
        assert ProgramModule.objects.filter(program=program).exists()
        # Readable is not writable: changes and deletes reach no row, an insert is refused.
        assert Program.objects.filter(pk=program.pk).update(title="diubah") == 0
        assert ProgramModule.objects.filter(program=program).update(title="diubah") == 0
        assert ProgramModule.objects.filter(program=program)._raw_delete(ProgramModule.objects.db) == 0
        assert Program.objects.filter(pk=program.pk)._raw_delete(Program.objects.db) == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            ProgramModuleFactory(program=program, instansi=world.b)
    assert ProgramModule.objects.filter(program=program).count() == 1
    program.refresh_from_db()
    assert program.title == "Program Bersama Kota B"


def test_a_shared_draft_stays_with_its_owner(world):
    draft = ProgramFactory(instansi=world.b, visibility="shared", status="draft")
    with rls.tenant_context(world.a.pk):
        assert not Program.objects.filter(pk=draft.pk).exists()
    with rls.tenant_context(world.b.pk):
        assert Program.objects.filter(pk=draft.pk).exists()


def test_national_rows_are_read_by_all_and_deleted_by_none(world):
    national = ProgramFactory(instansi=None, visibility="shared", title="Program Nasional")
    with rls.tenant_context(world.a.pk):
        assert Program.objects.filter(pk=national.pk).exists()
        assert Program.objects.filter(pk=national.pk)._raw_delete(Program.objects.db) == 0
        assert Program.objects.filter(pk=national.pk).update(instansi=world.a) == 0
    national.refresh_from_db()
    assert national.instansi_id is None
