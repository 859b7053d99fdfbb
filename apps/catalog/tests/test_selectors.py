"""Visibility rules (models.py docstring) and the selectors other apps call."""

import datetime

import pytest
from django.utils import timezone

from apps.catalog import selectors
from apps.catalog.models import ProgramCompetency
from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory


@pytest.fixture
def programs(world):
    return {
        "national": ProgramFactory(instansi=None, visibility="shared", title="Nasional"),
        "shared_a": ProgramFactory(instansi=world.a, visibility="shared", title="Bersama A"),
        "private_a": ProgramFactory(instansi=world.a, title="Privat A"),
        "private_b": ProgramFactory(instansi=world.b, title="Privat B"),
        "draft_a": ProgramFactory(instansi=world.a, status="draft", title="Draf A"),
        "draft_shared_b": ProgramFactory(instansi=world.b, visibility="shared", status="draft", title="Draf B"),
    }


def _titles(qs):
    return {p.title for p in qs}


def test_shared_programs_reach_every_instansi_private_ones_only_their_own(world, programs):
    assert _titles(selectors.programs_published_for_instansi(world.a.pk)) == {"Nasional", "Bersama A", "Privat A"}
    assert _titles(selectors.programs_published_for_instansi(world.b.pk)) == {"Nasional", "Bersama A", "Privat B"}


@pytest.mark.parametrize(
    "actor, expected",
    [
        ("owner", {"Nasional", "Bersama A", "Privat A"}),
        ("bkpsdm_admin", {"Nasional", "Bersama A", "Privat A", "Draf A"}),
        ("other_instansi_admin", {"Nasional", "Bersama A", "Privat B", "Draf B"}),
        ("superadmin", {"Nasional", "Bersama A", "Privat A", "Privat B", "Draf A", "Draf B"}),
    ],
)
def test_programs_visible_to(world, programs, actor, expected):
    assert _titles(selectors.programs_visible_to(world.users[actor])) == expected


def test_only_owner_edits_and_national_is_superadmin_only(world, programs):
    assert _titles(selectors.programs_editable_by(world.users["bkpsdm_admin"])) == {"Bersama A", "Privat A", "Draf A"}
    assert not selectors.programs_editable_by(world.users["owner"]).exists()
    assert "Nasional" in _titles(selectors.programs_editable_by(world.users["superadmin"]))


def test_batches_belong_to_one_instansi_and_pegawai_see_only_announced(world, programs):
    open_a = AngkatanFactory(program=programs["national"], instansi=world.a, name="A buka")
    AngkatanFactory(program=programs["national"], instansi=world.a, name="A rencana", status="planned")
    AngkatanFactory(program=programs["national"], instansi=world.b, name="B buka")
    owner_view = {a.name for a in selectors.angkatan_visible_to(world.users["owner"])}
    assert owner_view == {"A buka"}
    admin_view = {a.name for a in selectors.angkatan_visible_to(world.users["bkpsdm_admin"])}
    assert admin_view == {"A buka", "A rencana"}
    assert {a.name for a in selectors.angkatan_visible_to(world.users["other_instansi_admin"])} == {"B buka"}
    assert list(selectors.offerings_open_for(world.owner_pegawai)) == [open_a]
    assert set(selectors.angkatan_for_instansi(world.a.pk).values_list("name", flat=True)) == {"A buka", "A rencana"}


def test_offerings_open_for_respects_window_status_and_visibility(world, programs):
    today = timezone.localdate()
    ok = AngkatanFactory(program=programs["private_a"], instansi=world.a)
    AngkatanFactory(program=programs["private_a"], instansi=world.a, registration_opens=today + datetime.timedelta(1))
    AngkatanFactory(program=programs["private_a"], instansi=world.a, registration_closes=today - datetime.timedelta(1))
    AngkatanFactory(program=programs["private_a"], instansi=world.a, status="running")
    AngkatanFactory(program=programs["draft_a"], instansi=world.a)
    assert list(selectors.offerings_open_for(world.owner_pegawai)) == [ok]


def test_programs_for_competencies(world, programs):
    from apps.competencies.models import Kompetensi

    m05 = Kompetensi.objects.get(instansi=None, code="M.05")
    m01 = Kompetensi.objects.get(instansi=None, code="M.01")
    ProgramCompetency.objects.create(program=programs["national"], kompetensi=m05, target_level=3)
    ProgramCompetency.objects.create(program=programs["private_b"], kompetensi=m05, target_level=4)
    ProgramCompetency.objects.create(program=programs["private_a"], kompetensi=m01, target_level=2)
    found = list(selectors.programs_for_competencies(world.a.pk, [m05.pk]))
    assert [p.title for p in found] == ["Nasional"]
    assert found[0].matching_competencies[0].target_level == 3


def test_remote_reachability(world, programs):
    world.unit_a.region = "Abeli"
    world.unit_a.save()
    owner = world.owner_pegawai
    owner.refresh_from_db()
    near = AngkatanFactory(program=programs["private_a"], instansi=world.a, region="abeli")
    online = AngkatanFactory(program=programs["private_a"], instansi=world.a, modality="daring_sinkron", venue="")
    AngkatanFactory(program=programs["private_a"], instansi=world.a, region="Kadia")
    assert set(selectors.angkatan_reachable_by(owner)) == {near, online}


def test_eligibility_for_my_jabatan(world):
    open_all = ProgramFactory(instansi=world.a, title="Semua")
    for_fk = ProgramFactory(instansi=world.a, title="Fungsional", eligible_jenis_jabatan=",fungsional_keahlian,")
    ProgramFactory(instansi=world.a, title="JPT", eligible_jenis_jabatan=",jpt,")
    ProgramFactory(instansi=world.a, title="PPPK", eligible_employment_types=",pppk,")
    ProgramFactory(instansi=world.a, title="Golongan IV", min_rank_order=13)
    qs = selectors.programs_published_for_instansi(world.a.pk).filter(selectors.eligible_q(world.owner_pegawai))
    assert set(qs) == {open_all, for_fk}


def test_search_matches_every_word_case_insensitively(world):
    hit = ProgramFactory(instansi=world.a, title="Pelayanan Prima Puskesmas", search_text="PELAYANAN prima puskesmas")
    ProgramFactory(instansi=world.a, title="Arsip", search_text="arsip dinamis")
    qs = selectors.search_programs(selectors.programs_published_for_instansi(world.a.pk), "layanan PUSKES")
    assert list(qs) == [hit]
