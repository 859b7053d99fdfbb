"""Seats under real concurrency on PostgreSQL: threads, a barrier, one connection each.

50+ admins verifying at the same moment for 10 seats must give exactly 10 seats and put the rest on
the waitlist; simultaneous cancellations must promote exactly as many from the waitlist."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.employees.tests.factories import PegawaiFactory
from apps.enrollments import services
from apps.enrollments.models import Enrollment, EnrollmentEvent
from apps.enrollments.tests.factories import AngkatanFactory
from apps.organizations.tests.factories import InstansiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 52
SEATS = 10


def _setup(n: int):
    instansi = InstansiFactory(code="kota-konkuren")
    unit = UnitKerjaFactory(instansi=instansi)
    admin = UserFactory()
    MembershipFactory(user=admin, instansi=instansi, role="admin_bkpsdm")
    angkatan = AngkatanFactory(instansi=instansi, seats_total=SEATS, waitlist_size=n)
    rows = [
        Enrollment.objects.create(
            instansi=instansi,
            pegawai=PegawaiFactory(instansi=instansi, unit_kerja=unit),
            angkatan=angkatan,
            status="approved",
        )
        for _i in range(n)
    ]
    return admin, angkatan, rows


def _run_all(fn, items):
    barrier = threading.Barrier(len(items))

    def work(item):
        barrier.wait()
        try:
            return fn(item)
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(work, items))


def test_fifty_two_simultaneous_verifications_fill_exactly_ten_seats():
    admin, angkatan, rows = _setup(THREADS)

    def verify(enrollment):
        actor = type(admin).objects.get(pk=admin.pk)  # a fresh user per thread (cached roles)
        return services.enrollment_verify(actor=actor, enrollment=enrollment).status

    results = _run_all(verify, rows)
    assert results.count("enrolled") == SEATS
    assert results.count("waitlisted") == THREADS - SEATS
    angkatan.refresh_from_db()
    assert angkatan.seats_taken == SEATS
    assert Enrollment.objects.filter(angkatan=angkatan, status="enrolled").count() == SEATS
    assert EnrollmentEvent.objects.filter(enrollment__angkatan=angkatan, action="enrol").count() == SEATS
    waiting = list(
        Enrollment.objects.filter(angkatan=angkatan, status="waitlisted")
        .order_by("waitlisted_at", "id")
        .values_list("waitlisted_at", flat=True)
    )
    assert len(waiting) == THREADS - SEATS and all(waiting)


def test_simultaneous_cancellations_promote_exactly_as_many():
    admin, angkatan, rows = _setup(30)
    for row in rows:
        services.enrollment_verify(actor=admin, enrollment=row)
    enrolled = list(Enrollment.objects.filter(angkatan=angkatan, status="enrolled"))
    first_waiting = list(
        Enrollment.objects.filter(angkatan=angkatan, status="waitlisted").order_by("waitlisted_at", "id")[:6]
    )
    to_cancel = enrolled[:6]

    def cancel(enrollment):
        actor = type(admin).objects.get(pk=admin.pk)
        return services.enrollment_cancel(actor=actor, enrollment=enrollment).status

    assert _run_all(cancel, to_cancel) == ["cancelled"] * 6
    angkatan.refresh_from_db()
    assert angkatan.seats_taken == SEATS
    now_enrolled = set(Enrollment.objects.filter(angkatan=angkatan, status="enrolled").values_list("pk", flat=True))
    assert len(now_enrolled) == SEATS
    assert {e.pk for e in first_waiting} <= now_enrolled  # first come, first served
    assert Enrollment.objects.filter(angkatan=angkatan, status="waitlisted").count() == 30 - SEATS - 6
    assert EnrollmentEvent.objects.filter(enrollment__angkatan=angkatan, action="promote").count() == 6
