"""Work-location report: pegawai by region and remote flag, batches reachable, trained counts when an
app registers a counter."""

import pytest
from django.utils import timezone

from apps.catalog import remote
from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory


@pytest.fixture
def counter():
    """Start without the counters other apps registered, and give them back afterwards."""
    saved = list(remote._COUNTERS)
    remote._COUNTERS.clear()
    yield
    remote._COUNTERS[:] = saved


def test_report_groups_remote_and_urban(world, counter):
    world.unit_a.region, world.unit_a.is_remote = "Abeli", True
    world.unit_a.save()
    program = ProgramFactory(instansi=world.a)
    AngkatanFactory(program=program, region="abeli", status="running")
    AngkatanFactory(program=program, modality="daring_sinkron", venue="", region="")
    year = AngkatanFactory._meta.model.objects.first().start_date.year
    report = remote.work_location_report(instansi_id=world.a.pk, year=year)
    assert not report.has_training_data
    assert report.totals["remote"].pegawai == 6 and report.totals["urban"].pegawai == 0
    assert report.rows[0].batches_in_region == 1 and report.online_batches == 1
    remote.register_trained_counter(lambda instansi_id, y: {world.owner_pegawai.pk})
    report = remote.work_location_report(instansi_id=world.a.pk, year=timezone.localdate().year)
    assert report.totals["remote"].trained == 1
    assert report.rows[0].trained_percent == round(100 / 6, 1)
