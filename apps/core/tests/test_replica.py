"""The read-replica router (issue 13, Scaling out): only report building reads the replica, never a web request,
and never the job's own bookkeeping rows; writes and migrations stay on the primary."""

import pytest

from apps.core import replica
from apps.employees.models import Pegawai
from apps.reports.models import ReportJob

router = replica.ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: True)


def test_outside_a_report_every_read_goes_to_the_primary(with_replica):
    assert router.db_for_read(Pegawai) is None


def test_inside_a_report_data_reads_go_to_the_replica_and_bookkeeping_to_the_primary(with_replica):
    with replica.replica_reads():
        assert router.db_for_read(Pegawai) == "replica"
        assert router.db_for_read(ReportJob) is None  # the job row may not have reached the replica yet
        assert router.db_for_write(Pegawai) is None
    assert router.db_for_read(Pegawai) is None


def test_without_a_replica_everything_stays_on_the_primary():
    with replica.replica_reads():
        assert router.db_for_read(Pegawai) is None


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "employees") is False
    assert router.allow_migrate("default", "employees") is True
