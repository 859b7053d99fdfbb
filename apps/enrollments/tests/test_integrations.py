"""Completion reaches the apps around enrolments: the pegawai's IDP activity for that programme is
marked done, and the catalog's urban-vs-remote report counts who trained this year."""

import datetime

import pytest
from django.utils import timezone

from apps.catalog.models import JPConversionRule
from apps.catalog.remote import _COUNTERS
from apps.competencies.tests.factories import KompetensiFactory
from apps.enrollments import services
from apps.enrollments.models import Enrollment
from apps.enrollments.selectors import trained_pegawai_ids
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory
from apps.needs.models import IdpActivity, IdpGoal, IndividualDevelopmentPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_batch(world):
    start = timezone.localdate() - datetime.timedelta(days=3)
    angkatan = AngkatanFactory(
        instansi=world.a, start_date=start, end_date=start + datetime.timedelta(days=1), status="running"
    )
    session = SessionFactory(angkatan=angkatan)
    JPConversionRule.objects.get_or_create(
        instansi=None,
        form="teknis",
        effective_from=datetime.date(2020, 1, 1),
        defaults={"unit": "program", "source": "uji"},
    )
    enrollment = Enrollment.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled"
    )
    services.attendance_save(actor=world.users["bkpsdm_admin"], session=session, present_ids={enrollment.pk})
    return angkatan


def test_completion_marks_the_agreed_idp_activity_done(world, finished_batch):
    idp = IndividualDevelopmentPlan.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, year=finished_batch.end_date.year, status="agreed"
    )
    goal = IdpGoal.objects.create(
        instansi=world.a,
        idp=idp,
        kompetensi=KompetensiFactory(instansi=world.a),
        description="Menguasai asuhan keperawatan",
    )
    activity = IdpActivity.objects.create(
        instansi=world.a,
        idp=idp,
        goal=goal,
        form="teknis",
        title="Pelatihan teknis",
        target_date=finished_batch.end_date,
        program=finished_batch.program,
    )
    services.angkatan_complete(actor=world.users["bkpsdm_admin"], angkatan=finished_batch)
    activity.refresh_from_db()
    assert activity.status == "done"
    assert activity.completed_on == finished_batch.end_date


def test_trained_counter_is_registered_and_counts_completions(world, finished_batch):
    assert trained_pegawai_ids in _COUNTERS
    year = finished_batch.end_date.year
    assert trained_pegawai_ids(world.a.pk, year) == set()
    services.angkatan_complete(actor=world.users["bkpsdm_admin"], angkatan=finished_batch)
    assert trained_pegawai_ids(world.a.pk, year) == {world.owner_pegawai.pk}
    assert trained_pegawai_ids(world.b.pk, year) == set()
