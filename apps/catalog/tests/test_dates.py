"""Batch status follows its dates: the daily beat task moves batches through the state machine, per
instansi in its own time zone, and a second run changes nothing. Fixed clocks only."""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from apps.catalog.models import Angkatan
from apps.catalog.services import angkatan_follow_dates, date_actions
from apps.catalog.tasks import advance_angkatan_by_dates
from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory
from apps.core.models import AuditEvent
from apps.organizations.tests.factories import InstansiFactory

D = datetime.date
TODAY = D(2026, 7, 15)


def _batch(instansi, status, start, end, closes=None):
    return AngkatanFactory(
        program=ProgramFactory(instansi=instansi),
        status=status,
        start_date=start,
        end_date=end,
        registration_opens=None,
        registration_closes=closes,
    )


@pytest.mark.parametrize(
    "status, start, end, closes, actions",
    [
        ("open", D(2026, 8, 1), D(2026, 8, 3), D(2026, 7, 14), ["close"]),  # registration's last day was yesterday
        ("open", D(2026, 8, 1), D(2026, 8, 3), D(2026, 7, 15), []),  # closes today: still open today
        ("open", D(2026, 7, 15), D(2026, 7, 17), None, ["start"]),  # first day today
        ("open", D(2026, 7, 1), D(2026, 7, 14), None, ["start", "finish"]),  # whole batch in the past
        ("full", D(2026, 7, 15), D(2026, 7, 17), None, ["start"]),
        ("running", D(2026, 7, 1), D(2026, 7, 14), None, ["finish"]),
        ("running", D(2026, 7, 1), D(2026, 7, 15), None, []),  # last day today
        ("planned", D(2026, 7, 1), D(2026, 7, 3), None, []),  # never announced: left to the admin
        ("cancelled", D(2026, 7, 1), D(2026, 7, 3), None, []),
        ("full", D(2026, 8, 1), D(2026, 8, 3), D(2026, 7, 1), []),
    ],
)
def test_date_actions(status, start, end, closes, actions):
    batch = Angkatan(status=status, start_date=start, end_date=end, registration_closes=closes)
    assert date_actions(batch, TODAY) == actions


@pytest.mark.django_db
def test_follow_dates_moves_through_the_workflow_and_is_idempotent():
    instansi = InstansiFactory()
    closed = _batch(instansi, "open", D(2026, 8, 1), D(2026, 8, 3), closes=D(2026, 7, 10))
    started = _batch(instansi, "open", D(2026, 7, 14), D(2026, 7, 16))
    past = _batch(instansi, "open", D(2026, 7, 1), D(2026, 7, 3))
    ended = _batch(instansi, "running", D(2026, 7, 1), D(2026, 7, 10))
    future = _batch(instansi, "open", D(2026, 9, 1), D(2026, 9, 3), closes=D(2026, 8, 20))
    other = _batch(InstansiFactory(), "open", D(2026, 7, 1), D(2026, 7, 3))

    moved = angkatan_follow_dates(instansi_id=instansi.pk, today=TODAY)

    assert moved == {closed.pk: "full", started.pk: "running", past.pk: "finished", ended.pk: "finished"}
    statuses = dict(Angkatan.objects.values_list("pk", "status"))
    assert statuses[future.pk] == "open" and statuses[other.pk] == "open"  # other instansi untouched
    audited = AuditEvent.objects.filter(object_id=str(past.pk)).order_by("id")
    assert [(e.action, e.actor_id, e.data["to"]) for e in audited] == [
        ("catalog.angkatan.start", None, "running"),
        ("catalog.angkatan.finish", None, "finished"),
    ]
    count = AuditEvent.objects.count()
    assert angkatan_follow_dates(instansi_id=instansi.pk, today=TODAY) == {}
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db
@pytest.mark.clock("2026-07-15T16:30:00+00:00")  # 16 July 01:30 in Jayapura, still 15 July 23:30 in Jakarta
def test_beat_task_uses_each_instansi_time_zone():
    papua = InstansiFactory(timezone="Asia/Jayapura")
    jakarta = InstansiFactory(timezone="Asia/Jakarta")
    east = _batch(papua, "open", D(2026, 7, 16), D(2026, 7, 18))
    west = _batch(jakarta, "open", D(2026, 7, 16), D(2026, 7, 18))
    assert advance_angkatan_by_dates.apply().get() == 1
    east.refresh_from_db()
    west.refresh_from_db()
    assert (east.status, west.status) == ("running", "open")


@pytest.mark.django_db
def test_beat_schedule_registers_the_task():
    import importlib

    from django.apps import apps as django_apps

    from asn_kompetensi.celery import app

    migration = importlib.import_module("apps.catalog.migrations.0007_angkatan_dates_schedule")
    register = migration.Migration.operations[0].code
    register(django_apps, None)  # a flush after a transactional test may have removed the row
    register(django_apps, None)  # idempotent
    task = PeriodicTask.objects.get(task="apps.catalog.tasks.advance_angkatan_by_dates")
    assert task.enabled and task.crontab.hour == "17" and task.task in app.tasks
