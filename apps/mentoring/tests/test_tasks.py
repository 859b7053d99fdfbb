"""Celery: pair notices, the session notice and the stale-pair reminder run on a real worker against
Redis (marker `worker`); the beat schedule is registered by a data migration; tasks are safe to run
twice; the derived mentor role."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from apps.conftest import wait_until
from apps.enrollments.models import Notification
from apps.mentoring import services, tasks
from apps.mentoring.models import MentoringPair, PairEvent
from apps.mentoring.tests.factories import MenteeFactory, MentorFactory

QUEUES = ["default", "notifications"]


@pytest.fixture
def celery_worker(real_worker, transactional_db):
    with real_worker(QUEUES) as worker:
        yield worker


@pytest.mark.worker
def test_pair_and_session_notices_on_a_real_worker(celery_worker, world, program, mailoutbox):
    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai)
    mentee = MenteeFactory(program=program, pegawai=world.owner_pegawai)
    pair = services.pair_match(actor=world.users["bkpsdm_admin"], program=program, mentor=mentor, mentee=mentee)
    event = PairEvent.objects.get(pair=pair, action="confirm")
    wait_until(lambda: PairEvent.objects.get(pk=event.pk).notified_at is not None, "notify the pair")
    day = services.local_today(world.a)
    session, _ = services.session_log(
        actor=world.users["mentor"], pair=pair, date=day, duration_minutes=60, topic="RKAS"
    )
    wait_until(lambda: Notification.objects.filter(dedupe_key__startswith=f"msession:{session.pk}").exists(), "ask")
    wait_until(lambda: Notification.objects.filter(emailed_at__isnull=True).count() == 0, "send the e-mails")
    owner = world.users["owner"]
    assert Notification.objects.filter(recipient=owner).count() == 2
    assert any("mohon konfirmasi" in m.subject for m in mailoutbox if owner.email in m.to)


@pytest.mark.worker
def test_stale_reminder_fan_out_on_a_real_worker(celery_worker, world, pair):
    MentoringPair.objects.filter(pk=pair.pk).update(
        started_on=services.local_today(world.a) - datetime.timedelta(days=40)
    )
    tasks.remind_stale_pairs.delay()
    wait_until(lambda: MentoringPair.objects.get(pk=pair.pk).reminded_at is not None, "remind the stale pair")
    assert Notification.objects.filter(dedupe_key__startswith=f"mpair-stale:{pair.pk}").count() == 2


@pytest.mark.django_db
def test_tasks_are_safe_to_run_twice(world, pair):
    MentoringPair.objects.filter(pk=pair.pk).update(
        started_on=services.local_today(world.a) - datetime.timedelta(days=40)
    )
    assert tasks.remind_stale_pairs_instansi.apply(kwargs={"instansi_id": world.a.pk}).get() == 1
    assert tasks.remind_stale_pairs_instansi.apply(kwargs={"instansi_id": world.a.pk}).get() == 0
    event = PairEvent.objects.create(instansi=world.a, pair=pair, action="end", from_status="active", to_status="ended")
    assert tasks.send_pair_event_notice.apply(kwargs={"event_id": event.pk}).get() == 2
    assert tasks.send_pair_event_notice.apply(kwargs={"event_id": event.pk}).get() == 0
    assert tasks.send_pair_event_notice.acks_late and tasks.remind_stale_pairs.acks_late


@pytest.mark.django_db
def test_beat_schedule_registered_by_data_migration():
    migration = importlib.import_module("apps.mentoring.migrations.0002_stale_pair_reminder_schedule")
    periodic = django_apps.get_model("django_celery_beat", "PeriodicTask")
    register = migration.Migration.operations[0].code
    register(django_apps, None)  # a flush after a transactional test may have removed the row
    register(django_apps, None)  # idempotent
    row = periodic.objects.get(task="apps.mentoring.tasks.remind_stale_pairs")
    assert row.enabled and row.crontab.hour == "0" and row.crontab.minute == "30"


@pytest.mark.django_db
def test_mentor_role_is_derived_from_running_programmes(world, pair):
    from apps.accounts.models import User

    other = User.objects.get(pk=world.users["other_employee"].pk)
    assert "mentor" not in other.roles
    MentorFactory(program=pair.program, pegawai=world.other_pegawai)
    other = User.objects.get(pk=other.pk)
    assert "mentor" in other.roles
    pair.program.status = "closed"
    pair.program.save()
    assert "mentor" not in User.objects.get(pk=other.pk).roles
