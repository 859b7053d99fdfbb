"""Unit moves under real concurrency on PostgreSQL: threads, a barrier, one connection each."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.organizations.models import UnitKerja
from apps.organizations.services import OrganizationError, unit_save
from apps.organizations.tests.factories import InstansiFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_crossing_moves_at_once_never_make_a_cycle():
    """A under B and B under A at the same moment: one wins, the other is refused."""
    instansi = InstansiFactory(code="kota-pohon")
    admin = UserFactory()
    MembershipFactory(user=admin, instansi=instansi, role="admin_bkpsdm")
    a = unit_save(actor=admin, instansi_id=instansi.pk, code="A", name="A", kind="opd", parent=None)
    b = unit_save(actor=admin, instansi_id=instansi.pk, code="B", name="B", kind="opd", parent=None)
    moves = [(a.pk, b.pk), (b.pk, a.pk)]
    barrier = threading.Barrier(len(moves))

    def move(pair):
        unit_id, parent_id = pair
        unit, parent = UnitKerja.objects.get(pk=unit_id), UnitKerja.objects.get(pk=parent_id)
        barrier.wait()
        try:
            unit_save(actor=admin, instansi_id=instansi.pk, unit=unit, parent=parent)
            return "ok"
        except OrganizationError as exc:
            return exc.code
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=len(moves)) as pool:
        assert sorted(pool.map(move, moves)) == ["ok", "unit.cycle"]
    rows = {u.pk: u for u in UnitKerja.objects.filter(instansi=instansi)}
    roots = [u for u in rows.values() if u.parent_id is None]
    assert len(roots) == 1
    child = next(u for u in rows.values() if u.parent_id is not None)
    assert (child.path, child.depth) == (f"/{roots[0].pk}/{child.pk}/", 1)
