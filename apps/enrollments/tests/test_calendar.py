"""Per-pegawai calendar feed: one .ics with the batches the signed-in user holds or waits for."""

import pytest
from django.urls import reverse

from apps.enrollments.models import Enrollment
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batches(world):
    mine = AngkatanFactory(instansi=world.a, name="Angkatan Komunikasi Efektif")
    SessionFactory(angkatan=mine, topic="Mendengar aktif")
    cancelled = AngkatanFactory(instansi=world.a, name="Angkatan Yang Dibatalkan")
    others = AngkatanFactory(instansi=world.a, name="Angkatan Pegawai Lain")
    Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=mine, status="enrolled")
    Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=cancelled, status="cancelled")
    Enrollment.objects.create(instansi=world.a, pegawai=world.mate_pegawai, angkatan=others, status="enrolled")
    return mine, cancelled, others


def test_my_calendar_lists_only_my_active_batches(world, login_actor, client, batches):
    mine, cancelled, others = batches
    login_actor("owner")
    resp = client.get(reverse("enrollments:my_calendar"))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/calendar")
    body = resp.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "END:VCALENDAR" in body
    assert mine.name in body and "Mendengar aktif" in body
    assert cancelled.name not in body and others.name not in body
    assert "Kalender saya (.ics)" in client.get(reverse("enrollments:mine")).text


@pytest.mark.parametrize("actor", ["supervisor", "bkpsdm_admin", "superadmin", "other_instansi_admin", "mentor"])
def test_nobody_else_sees_the_owners_batches_in_their_feed(world, login_actor, client, batches, actor):
    login_actor(actor)
    resp = client.get(reverse("enrollments:my_calendar"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert batches[0].name not in body and "VEVENT" not in body


def test_anonymous_is_sent_to_login(client, world):
    resp = client.get(reverse("enrollments:my_calendar"))
    assert resp.status_code == 302 and "/akun/masuk/" in resp["Location"]
