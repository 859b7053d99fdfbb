"""Retention of the audit and personal-data access logs (issue 24): the daily beat task deletes rows past
AUDIT_RETENTION_DAYS / PERSONAL_DATA_LOG_RETENTION_DAYS, in batches, and says how many it removed. All times
are fixed: the test never depends on today's date."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from apps.core.models import AuditEvent, PersonalDataAccess
from apps.core.services import audit_log, personal_data_access_log
from apps.core.tasks import purge_old_logs

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _at(moment: datetime.datetime, world, action: str) -> None:
    with time_machine.travel(moment, tick=False):
        audit_log(actor=None, action=action, instansi_id=world.a.pk)
        personal_data_access_log(actor=world.users["bkpsdm_admin"], subject=world.owner_pegawai, purpose=action)


def test_rows_older_than_the_retention_are_deleted_in_batches(world, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    settings.PERSONAL_DATA_LOG_RETENTION_DAYS = 10
    now = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=UTC)
    for day in range(5):  # 40–44 days old: past both retentions
        _at(now - datetime.timedelta(days=40 + day), world, f"old.{day}")
    _at(now - datetime.timedelta(days=20), world, "middle")  # audit keeps it, the access log does not
    _at(now - datetime.timedelta(days=29, hours=23), world, "edge")  # just inside the audit retention
    _at(now - datetime.timedelta(days=1), world, "recent")

    with time_machine.travel(now, tick=False):
        from apps.core.services import logs_purge

        counts = logs_purge(batch_size=2)  # 5 old rows: three batches
    assert counts == {"audit": 5, "personal_data": 7}  # the access log also loses "middle" and "edge"
    assert set(AuditEvent.objects.exclude(action="audit.purged").values_list("action", flat=True)) == {
        "middle",
        "edge",
        "recent",
    }
    assert list(PersonalDataAccess.objects.values_list("purpose", flat=True)) == ["recent"]
    summary = AuditEvent.objects.get(action="audit.purged")
    assert summary.data == counts and summary.actor is None


def test_the_beat_task_is_safe_to_repeat(world, settings):
    settings.AUDIT_RETENTION_DAYS = settings.PERSONAL_DATA_LOG_RETENTION_DAYS = 365
    now = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=UTC)
    _at(now - datetime.timedelta(days=400), world, "old")
    with time_machine.travel(now, tick=False):
        assert purge_old_logs.apply().get() == {"audit": 1, "personal_data": 1}
        assert purge_old_logs.apply().get() == {"audit": 0, "personal_data": 0}
    assert AuditEvent.objects.filter(action="audit.purged").count() == 1  # a run that removed nothing is silent


def test_defaults_keep_five_years():
    from django.conf import settings

    assert settings.AUDIT_RETENTION_DAYS == 1825
    assert settings.PERSONAL_DATA_LOG_RETENTION_DAYS == 1825


def test_the_task_is_scheduled_daily():
    task = PeriodicTask.objects.get(task="apps.core.tasks.purge_old_logs")
    assert task.enabled and task.crontab is not None and task.crontab.hour == "19"
