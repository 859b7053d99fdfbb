"""Cached figures (issue 13): computed once per data version of an instansi, recomputed right after any
change to that instansi's rows (at the write and at its commit), untouched by other instansi and bookkeeping rows."""

import threading

import pytest
from django.db import transaction

from apps.core import figures
from apps.core.services import audit_log
from apps.employees.models import Pegawai

pytestmark = pytest.mark.django_db


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_figure_is_computed_once_until_its_instansi_changes(world, django_capture_on_commit_callbacks):
    calls, compute = counter()
    assert figures.cached("t.sum", world.a.pk, compute) == 1
    assert figures.cached("t.sum", world.a.pk, compute) == 1  # from the cache
    assert figures.cached("t.sum", world.a.pk, compute, vary=("other filter",)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Pegawai.objects.filter(pk=world.owner_pegawai.pk).first().save()  # a row of instansi A
    assert figures.cached("t.sum", world.a.pk, compute) == 3
    with django_capture_on_commit_callbacks(execute=True):
        world.pegawai_b.save()  # instansi B changes nothing of A
        audit_log(actor=None, action="t.read", instansi_id=world.a.pk)  # bookkeeping is not figures data
    assert figures.cached("t.sum", world.a.pk, compute) == 3
    assert len(calls) == 3


def test_a_write_bumps_at_once_and_again_on_commit(world, django_capture_on_commit_callbacks):
    calls, compute = counter()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert figures.cached("t.sum", world.a.pk, compute) == 1
        world.mate_pegawai.save()
        # the writing transaction reads its own write
        assert figures.cached("t.sum", world.a.pk, compute) == 2
        # a figure computed before the commit (by another request, from the old rows) ...
        assert figures.cached("t.sum", world.a.pk, compute) == 2
    for callback in queued:
        callback()
    # ... is thrown away when the write commits
    assert figures.cached("t.sum", world.a.pk, compute) == 3


def test_a_rolled_back_write_leaves_nothing_queued(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=False) as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        world.owner_pegawai.save()
        raise RuntimeError
    assert queued == []


def test_a_long_dropdown_is_rendered_once_and_shows_a_new_unit(
    world, login_actor, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from apps.organizations.tests.factories import UnitKerjaFactory

    login_actor("bkpsdm_admin")
    url = reverse("employees:list")
    assert "Dinas Kesehatan A" in client.get(url).text
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        UnitKerjaFactory(instansi=world.a, code="BARU2", name="Unit Baru Lagi")
    assert "Unit Baru Lagi" in client.get(url).text
    assert f'value="{world.unit_a.pk}" selected' in client.get(url, {"unit_kerja": world.unit_a.pk}).text


def test_bulk_writes_of_a_service_mark_the_instansi_changed(world, django_capture_on_commit_callbacks):
    from apps.competencies import services as competencies
    from apps.competencies.models import SKJItem

    before = figures.data_version(world.a.pk)
    with django_capture_on_commit_callbacks(execute=True):
        competencies.skj_fill_defaults(actor=world.users["bkpsdm_admin"], jabatan=world.staff_jab)
    assert SKJItem.objects.filter(jabatan=world.staff_jab).exists()  # written with bulk_create: no signal
    assert figures.data_version(world.a.pk) > before


def test_a_cold_figure_asked_for_at_once_is_computed_by_one_request(world):
    """Under load, the requests that find a figure cold wait for the one computing it, not all compute it."""
    started, release, calls, answers = threading.Event(), threading.Event(), [], []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        return "peta"

    def ask():
        answers.append(figures.cached("t.slow", world.a.pk, slow))

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=ask)
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the first, not computing
    release.set()
    first.join(5)
    second.join(5)
    assert answers == ["peta", "peta"] and len(calls) == 1


def test_a_claim_left_by_a_dead_request_delays_but_does_not_block(world, monkeypatch):
    monkeypatch.setattr(figures, "COMPUTE_WAIT", 0.2)
    calls, compute = counter()
    figures.cache.add(f"{figures.figure_key('t.dead', world.a.pk)}:computing", 1, 60)  # its holder died
    assert figures.cached("t.dead", world.a.pk, compute) == 1
    assert figures.cached("t.dead", world.a.pk, compute) == 1
    assert len(calls) == 1
