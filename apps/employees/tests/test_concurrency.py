"""Atasan chains under real concurrency on PostgreSQL: threads, a barrier, one connection each."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.employees.models import Pegawai
from apps.employees.services import PegawaiError, pegawai_save
from apps.employees.tests.factories import PegawaiFactory
from apps.organizations.tests.factories import InstansiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_admins_cannot_make_two_pegawai_each_others_atasan_at_once():
    instansi = InstansiFactory(code="kota-atasan")
    unit = UnitKerjaFactory(instansi=instansi)
    admin = UserFactory()
    MembershipFactory(user=admin, instansi=instansi, role="admin_bkpsdm")
    x, y = PegawaiFactory(instansi=instansi, unit_kerja=unit), PegawaiFactory(instansi=instansi, unit_kerja=unit)
    pairs = [(x.pk, y.pk), (y.pk, x.pk)]
    barrier = threading.Barrier(len(pairs))

    def assign(pair):
        pegawai_id, atasan_id = pair
        pegawai, atasan = Pegawai.objects.get(pk=pegawai_id), Pegawai.objects.get(pk=atasan_id)
        barrier.wait()
        try:
            pegawai_save(actor=admin, instansi_id=instansi.pk, pegawai=pegawai, atasan=atasan)
            return "ok"
        except PegawaiError as exc:
            return exc.code
        finally:
            connection.close()  # each thread opened its own connection

    with ThreadPoolExecutor(max_workers=len(pairs)) as pool:
        assert sorted(pool.map(assign, pairs)) == ["ok", "pegawai.atasan_cycle"]
    atasan = dict(Pegawai.objects.filter(pk__in=[x.pk, y.pk]).values_list("pk", "atasan_id"))
    assert sorted(v is None for v in atasan.values()) == [False, True]
