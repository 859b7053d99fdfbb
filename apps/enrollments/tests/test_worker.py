"""Notifications through a real Celery worker on Redis: the request is committed, the notice task
is queued on commit, the worker writes the in-app notice and sends the e-mail once, also when the
same task is delivered twice (acks_late can redeliver)."""

from __future__ import annotations

import time

import pytest

from apps.conftest import wait_until
from apps.enrollments import services
from apps.enrollments.models import EnrollmentEvent, Notification
from apps.enrollments.tasks import send_enrollment_notice
from apps.enrollments.tests.factories import AngkatanFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUEUES = ["default", "reports", "notifications"]


@pytest.fixture
def celery_worker(real_worker):
    with real_worker(QUEUES) as worker:
        yield worker


def test_request_notifies_atasan_once_through_the_worker(world, celery_worker, mailoutbox):
    angkatan = AngkatanFactory(instansi=world.a)
    enrollment = services.enrollment_request(actor=world.users["owner"], angkatan=angkatan, motivation="Perlu sekali")
    event = EnrollmentEvent.objects.get(enrollment=enrollment, action="request")
    atasan = world.users["supervisor"]

    wait_until(
        lambda: Notification.objects.filter(recipient=atasan, emailed_at__isnull=False).exists(), "send the e-mail"
    )
    event.refresh_from_db()
    assert event.notified_at is not None
    note = Notification.objects.get(recipient=atasan)
    assert world.owner_pegawai.name in note.title and note.emailed_at is not None
    assert mailoutbox[0].to == [atasan.email]

    send_enrollment_notice.delay(event_id=event.pk)  # a redelivery of the same task
    send_enrollment_notice.delay(event_id=event.pk)
    approved = services.enrollment_approve(actor=atasan, enrollment=enrollment)
    owner = world.users["owner"]
    wait_until(
        lambda: Notification.objects.filter(recipient=owner, emailed_at__isnull=False).exists(), "send the decision"
    )
    time.sleep(1)
    assert Notification.objects.filter(recipient=atasan).count() == 1
    assert [m.to for m in mailoutbox] == [[atasan.email], [owner.email]]
    assert approved.status == "approved"
