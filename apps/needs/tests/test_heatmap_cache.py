"""The heat map reads its cells once per data version of the instansi (apps/core/figures.py, issue 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_heat_map_reads_its_cells_once_per_data_version(
    world, login_actor, client, skj, worked_levels, django_capture_on_commit_callbacks
):
    from apps.needs import services

    services.assessment_record(
        actor=world.users["bkpsdm_admin"], pegawai=world.owner_pegawai, method="assessment_center", levels=worked_levels
    )
    login_actor("bkpsdm_admin")
    url = reverse("needs:heatmap")
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        resp = client.get(url)
    assert len(second) < len(first)
    assert not any("needs_assessmentscore" in q["sql"] for q in second.captured_queries)
    assert "n=1" in resp.text
    with django_capture_on_commit_callbacks(execute=True):  # a second assessment: the map is read afresh
        services.assessment_record(
            actor=world.users["bkpsdm_admin"],
            pegawai=world.mate_pegawai,
            method="assessment_center",
            levels=worked_levels,
        )
    assert "n=2" in client.get(url).text
