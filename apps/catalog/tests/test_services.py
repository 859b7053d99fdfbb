"""Catalog services: JP computation (rules 14, 16), leadership providers, versions, angkatan rules."""

import datetime

import pytest

from apps.catalog import services
from apps.catalog.models import Angkatan, JPConversionRule, Program
from apps.catalog.services import CatalogError, ModuleSpec
from apps.catalog.tests.factories import AngkatanFactory, PenyelenggaraFactory, ProgramFactory
from apps.core.models import AuditEvent


@pytest.fixture
def admin(world):
    return world.users["bkpsdm_admin"]


def _program(world, admin, **overrides):
    fields = {"code": "TEK-1", "title": "Pelatihan Teknis", "form": "teknis", "modality": "tatap_muka"}
    fields.update(overrides)
    modules = fields.pop("modules", [ModuleSpec("Modul A", 6), ModuleSpec("Modul B", 10)])
    return services.program_save(actor=admin, instansi_id=world.a.pk, modules=modules, **fields)


def test_jp_is_the_sum_of_modules_and_the_path_follows_the_form(world, admin):
    program = _program(world, admin)
    assert program.learning_hours == 16
    assert program.path == "klasikal"
    assert program.conversion_rule.form == "teknis"
    assert list(program.modules.values_list("order", "learning_hours")) == [(1, 6), (2, 10)]
    assert AuditEvent.objects.filter(action="catalog.program.create", object_id=str(program.pk)).exists()


def test_international_programme_gets_plus_twenty_percent(world, admin):
    program = _program(world, admin, is_international=True, modules=[ModuleSpec("A", 30)])
    assert program.learning_hours == 36


def test_nonclassical_jp_comes_from_the_conversion_table(world, admin):
    seminar = _program(world, admin, code="SEM", form="seminar", modules=[], jp_quantity=2)
    assert seminar.learning_hours == 8
    coaching = _program(world, admin, code="COA", form="coaching", modules=[], jp_quantity=3)
    assert coaching.learning_hours == 6 and coaching.path == "nonklasikal"
    outbound = _program(world, admin, code="OUT", form="outbound", modules=[], jp_quantity=100)
    assert outbound.learning_hours == 2  # floor(100 / 45)


def test_a_new_rule_version_does_not_change_existing_programmes(world, admin):
    seminar = _program(world, admin, code="SEM", form="seminar", modules=[], jp_quantity=2)
    JPConversionRule.objects.create(
        instansi=world.a,
        form="seminar",
        unit="day",
        jp_per_unit=5,
        effective_from=datetime.date(2020, 1, 1),
        source="Perwali uji",
    )
    seminar.refresh_from_db()
    assert seminar.learning_hours == 8
    newer = _program(world, admin, code="SEM2", form="seminar", modules=[], jp_quantity=2)
    assert newer.learning_hours == 10
    assert newer.conversion_rule.instansi_id == world.a.pk


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"form": "seminar", "modules": []}, "jp_quantity"),
        ({"modules": []}, "learning_hours"),
        ({"modules": [ModuleSpec("A", 0)]}, "modules"),
        ({"form": "pkp"}, "penyelenggara"),
    ],
)
def test_bad_programmes_are_refused_and_nothing_is_saved(world, admin, overrides, field):
    with pytest.raises(CatalogError) as exc:
        _program(world, admin, **overrides)
    assert exc.value.field == field
    assert not Program.objects.exists()


def test_leadership_training_accepts_a_lan_accredited_provider(world, admin):
    provider = PenyelenggaraFactory(instansi=None, is_lan_accredited=True, kind="lan")
    program = _program(world, admin, form="pkp", penyelenggara=provider)
    assert program.path == "klasikal"


def test_new_version_copies_and_publishing_archives_the_old_one(world, admin):
    program = _program(world, admin)
    services.program_set_status(actor=admin, program=program, action="publish")
    with pytest.raises(CatalogError):
        services.program_save(actor=admin, instansi_id=world.a.pk, program=program, code="X", form="teknis")
    with pytest.raises(CatalogError):
        services.program_new_version(actor=admin, program=program, change_note="  ")
    v2 = services.program_new_version(actor=admin, program=program, change_note="Sesi praktik ditambah (evaluasi L1)")
    assert (v2.version, v2.status, v2.previous_version_id) == (2, "draft", program.pk)
    assert v2.modules.count() == 2
    with pytest.raises(CatalogError):
        services.program_new_version(actor=admin, program=program, change_note="lagi")
    services.program_set_status(actor=admin, program=v2, action="publish")
    program.refresh_from_db()
    assert program.status == "archived"
    from apps.catalog.selectors import program_history

    assert [p.version for p in program_history(program)] == [2, 1]


def _batch_fields(world, **overrides):
    start = datetime.date(2027, 3, 1)
    fields = {
        "program": ProgramFactory(instansi=world.a),
        "code": "B-1",
        "name": "Angkatan I",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=2),
        "registration_opens": start - datetime.timedelta(days=30),
        "registration_closes": start - datetime.timedelta(days=3),
        "modality": "tatap_muka",
        "venue": "Aula",
        "seats_total": 20,
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"end_date": datetime.date(2027, 2, 27)}, "end_date"),
        ({"seats_total": 0}, "seats_total"),
        ({"registration_closes": datetime.date(2027, 3, 2)}, "registration_closes"),
        ({"registration_opens": datetime.date(2027, 2, 27)}, "registration_closes"),
        ({"venue": ""}, "venue"),
        ({"modality": "daring_sinkron", "venue": ""}, "online_link"),
    ],
)
def test_bad_batches_are_refused(world, admin, overrides, field):
    with pytest.raises(CatalogError) as exc:
        services.angkatan_save(actor=admin, instansi_id=world.a.pk, **_batch_fields(world, **overrides))
    assert exc.value.field == field
    assert not Angkatan.objects.exists()


def test_sessions_must_fall_inside_the_batch(world, admin):
    outside = services.SessionSpec(
        date=datetime.date(2027, 4, 1), start_time=datetime.time(8), end_time=datetime.time(10), topic="Topik"
    )
    with pytest.raises(CatalogError):
        services.angkatan_save(actor=admin, instansi_id=world.a.pk, sessions=[outside], **_batch_fields(world))
    inside = services.SessionSpec(
        date=datetime.date(2027, 3, 2), start_time=datetime.time(8), end_time=datetime.time(10), topic="Topik"
    )
    batch = services.angkatan_save(actor=admin, instansi_id=world.a.pk, sessions=[inside], **_batch_fields(world))
    assert batch.sessions.get().instansi_id == world.a.pk


def test_private_program_of_another_instansi_cannot_be_scheduled(world, admin):
    with pytest.raises(CatalogError) as exc:
        services.angkatan_save(
            actor=admin, instansi_id=world.a.pk, **_batch_fields(world, program=ProgramFactory(instansi=world.b))
        )
    assert exc.value.field == "program"


def test_seats_cannot_shrink_below_taken(world, admin):
    batch = AngkatanFactory(program=ProgramFactory(instansi=world.a), seats_total=10)
    Angkatan.objects.filter(pk=batch.pk).update(seats_taken=8)
    batch.refresh_from_db()
    fields = _batch_fields(world, program=batch.program, code=batch.code, seats_total=5)
    with pytest.raises(CatalogError):
        services.angkatan_save(actor=admin, instansi_id=world.a.pk, angkatan=batch, **fields)


def test_status_transitions(world, admin):
    batch = AngkatanFactory(program=ProgramFactory(instansi=world.a), status="planned")
    services.angkatan_set_status(actor=admin, angkatan=batch, action="open")
    with pytest.raises(CatalogError):
        services.angkatan_set_status(actor=admin, angkatan=batch, action="finish")
    batch.refresh_from_db()
    assert batch.status == "open"


def test_sessions_are_changed_in_place_and_removal_with_records_needs_confirmation(world, admin):
    from apps.enrollments.models import AttendanceRecord, Enrollment

    inside = services.SessionSpec(
        date=datetime.date(2027, 3, 2), start_time=datetime.time(8), end_time=datetime.time(10), topic="Topik"
    )
    batch = services.angkatan_save(actor=admin, instansi_id=world.a.pk, sessions=[inside], **_batch_fields(world))
    session = batch.sessions.get()
    enrollment = Enrollment.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, angkatan=batch, status="enrolled"
    )
    AttendanceRecord.objects.create(instansi=world.a, enrollment=enrollment, session=session, method="manual")
    moved = services.SessionSpec(
        id=session.pk,
        date=datetime.date(2027, 3, 3),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        topic="Baru",
    )
    fields = _batch_fields(world)
    services.angkatan_save(actor=admin, instansi_id=world.a.pk, angkatan=batch, sessions=[moved], **fields)
    assert batch.sessions.get().pk == session.pk and AttendanceRecord.objects.filter(session=session).exists()
    with pytest.raises(services.SessionRemovalNotConfirmed) as exc:
        services.angkatan_save(
            actor=admin, instansi_id=world.a.pk, angkatan=batch, remove_session_ids=[session.pk], **_batch_fields(world)
        )
    assert exc.value.counts == {session.pk: 1} and batch.sessions.exists()
    services.angkatan_save(
        actor=admin,
        instansi_id=world.a.pk,
        angkatan=batch,
        remove_session_ids=[session.pk],
        confirm_session_removal=True,
        **_batch_fields(world),
    )
    assert not batch.sessions.exists() and not AttendanceRecord.objects.exists()
