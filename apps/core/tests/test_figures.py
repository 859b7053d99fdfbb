"""Cached figures (issue 13): computed once per data version of an instansi, recomputed right after any
committed change to that instansi's rows, untouched by other instansi, rollbacks and bookkeeping rows."""

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


def test_a_write_bumps_on_commit_and_a_rollback_bumps_nothing(world, django_capture_on_commit_callbacks):
    before = figures.data_version(world.a.pk)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        world.owner_pegawai.save()
        raise RuntimeError
    assert figures.data_version(world.a.pk) == before  # the rolled-back save left nothing queued
    with django_capture_on_commit_callbacks(execute=False) as queued:
        world.mate_pegawai.save()
        assert figures.data_version(world.a.pk) == before  # not before the commit
    for callback in queued:
        callback()
    assert figures.data_version(world.a.pk) > before
