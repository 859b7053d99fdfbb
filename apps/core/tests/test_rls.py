"""Row-level security (apps/core/rls.py): a query that forgets the instansi filter still returns nothing of
another instansi, through the ORM and through raw SQL, and cannot write into it; pages run under it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from apps.core import rls
from apps.employees.models import Pegawai
from apps.employees.tests.factories import PegawaiFactory
from apps.organizations.models import UnitKerja

pytestmark = pytest.mark.django_db


def _raw(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_every_table_with_an_instansi_column_has_both_policies_and_forces_them():
    tables = {m._meta.db_table for m in rls.tenant_models()}
    assert {"employees_pegawai", "enrollments_enrollment", "needs_assessment"} <= tables
    policies = _raw("SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")
    for table in tables:
        for name in (rls.TENANT_POLICY, *rls.WRITE_POLICIES, rls.OWNER_POLICY):
            assert (table, name) in policies, (table, name)
    forced = dict(_raw("SELECT relname, relforcerowsecurity FROM pg_class WHERE relname = ANY(%s)", [list(tables)]))
    assert all(forced[t] for t in tables)


def test_the_tenant_role_owns_nothing_and_bypasses_nothing():
    role = rls.tenant_role()
    [(superuser, bypass)] = _raw("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
    assert not superuser and not bypass
    owned = _raw("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s", [role])
    assert owned == [(0,)]


def test_an_unfiltered_orm_query_sees_only_the_context_instansi(world):
    assert Pegawai.objects.filter(instansi=world.b).exists()
    with rls.tenant_context(world.a.pk):
        instansi_seen = set(Pegawai.objects.values_list("instansi_id", flat=True))
        assert instansi_seen == {world.a.pk}
        assert not Pegawai.objects.filter(pk=world.pegawai_b.pk).exists()
        assert set(UnitKerja.objects.values_list("instansi_id", flat=True)) == {world.a.pk}
    # Back outside the block: the owner role sees every instansi again.
    assert set(Pegawai.objects.values_list("instansi_id", flat=True)) == {world.a.pk, world.b.pk}


def test_raw_sql_without_a_where_clause_sees_only_the_context_instansi(world):
    with rls.tenant_context(world.b.pk):
        rows = _raw("SELECT DISTINCT instansi_id FROM employees_pegawai")
        assert rows == [(world.b.pk,)]
        assert _raw("SELECT count(*) FROM employees_pegawai WHERE id = %s", [world.owner_pegawai.pk]) == [(0,)]
        [(user,)] = _raw("SELECT current_user")
        assert user == rls.tenant_role()


def test_no_instansi_set_under_the_tenant_role_sees_nothing(world):
    with rls.tenant_context(world.a.pk):
        _raw("SELECT set_config(%s, '', false)", [rls.SETTING])
        assert _raw("SELECT count(*) FROM employees_pegawai") == [(0,)]
        _raw("SELECT set_config(%s, %s, false)", [rls.SETTING, str(world.a.pk)])


def test_foreign_rows_cannot_be_written_changed_or_deleted(world):
    name_b = world.pegawai_b.name
    with rls.tenant_context(world.a.pk):
        assert Pegawai.objects.filter(pk=world.pegawai_b.pk).update(name="diubah") == 0
        assert _raw("UPDATE employees_pegawai SET name = 'x' WHERE id = %s RETURNING id", [world.pegawai_b.pk]) == []
        assert _raw("DELETE FROM employees_pegawai WHERE id = %s RETURNING id", [world.pegawai_b.pk]) == []
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            PegawaiFactory(unit_kerja=world.unit_b)
    world.pegawai_b.refresh_from_db()
    assert world.pegawai_b.name == name_b
    assert Pegawai.objects.filter(instansi=world.b).count() == 2


def test_nested_blocks_restore_the_outer_instansi(world):
    with rls.tenant_context(world.a.pk):
        with rls.tenant_context(world.b.pk):
            assert set(Pegawai.objects.values_list("instansi_id", flat=True)) == {world.b.pk}
        assert set(Pegawai.objects.values_list("instansi_id", flat=True)) == {world.a.pk}
        with rls.unrestricted():
            assert Pegawai.objects.filter(instansi=world.b).exists()
        assert rls.current_instansi() == world.a.pk
    assert rls.current_instansi() is None


def _middleware_count(user) -> tuple[int, int | None]:
    seen = {}

    def view(request):
        seen["rows"] = Pegawai.objects.count()
        seen["instansi"] = rls.current_instansi()
        return None

    request = RequestFactory().get("/")
    request.user = user
    rls.RowLevelSecurityMiddleware(view)(request)
    return seen["rows"], seen["instansi"]


def test_each_request_of_an_instansi_user_runs_bound_to_that_instansi(world):
    rows_a = Pegawai.objects.filter(instansi=world.a).count()
    assert _middleware_count(world.users["bkpsdm_admin"]) == (rows_a, world.a.pk)
    assert _middleware_count(world.users["other_instansi_admin"]) == (2, world.b.pk)
    # The superadmin acting in no instansi works under the owner role: every instansi.
    assert _middleware_count(world.users["superadmin"]) == (Pegawai.objects.count(), None)
    assert rls.current_instansi() is None


def test_a_page_still_works_under_it_and_shows_only_its_instansi(client, world):
    client.force_login(world.users["bkpsdm_admin"])
    response = client.get("/pegawai/")
    assert response.status_code == 200
    assert world.owner_pegawai.name.encode() in response.content
    assert world.pegawai_b.name.encode() not in response.content
    # The connection went back to the owner role after the request.
    assert _raw("SELECT current_user, current_setting(%s, true)", [rls.SETTING])[0][1] in ("", None)


def test_a_celery_task_given_an_instansi_runs_bound_to_it(world):
    from celery import shared_task

    @shared_task(name="tests.rls.count_pegawai")
    def count_pegawai(instansi_id):
        return Pegawai.objects.count(), rls.current_instansi()

    rows_b = Pegawai.objects.filter(instansi=world.b).count()
    assert count_pegawai.apply(kwargs={"instansi_id": world.b.pk}).get() == (rows_b, world.b.pk)
    assert rls.current_instansi() is None


def test_sqlite_or_switched_off_is_a_no_op(settings, world):
    settings.ROW_LEVEL_SECURITY = False
    with rls.tenant_context(world.a.pk):
        assert Pegawai.objects.filter(instansi=world.b).exists()
        assert rls.current_instansi() is None
    assert rls.apply_policies() == 0


def test_a_public_page_answers_a_signed_in_user_of_another_instansi_the_same(client, world):
    """The certificate check is public: under row-level security, an admin of B must still see A's certificate
    verify, as anyone would."""
    from apps.enrollments.tests.test_verify_lookup import certificate as make_certificate

    certificate = make_certificate.__wrapped__(world)
    url = f"/sertifikat/{certificate.verification_code}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and "ASLI" in anonymous.text
    client.force_login(world.users["other_instansi_admin"])
    signed_in = client.get(url)
    assert signed_in.status_code == 200 and "ASLI" in signed_in.text


def test_a_large_copy_refreshes_the_planner_statistics_once_committed(world, django_capture_on_commit_callbacks):
    """With row-level security the planner cannot know the instansi a query will filter on; with no statistics
    either, it guesses one row per table and picks plans that run for minutes (seen on the gap map)."""
    from apps.core.imports import ANALYZE_AFTER_ROWS, copy_insert
    from apps.organizations.models import UnitKerja

    table = UnitKerja._meta.db_table
    ids = _raw(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, ANALYZE_AFTER_ROWS]
    )
    rows = [
        {"id": pk, "instansi_id": world.a.pk, "code": f"U{i:05d}", "name": f"Unit {i}", "kind": "opd"}
        for i, (pk,) in enumerate(ids)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        copy_insert(UnitKerja, rows)
    assert len(callbacks) == 1
    [(tuples,)] = _raw("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
    assert tuples >= ANALYZE_AFTER_ROWS


def test_an_audit_event_without_an_instansi_written_in_a_tenant_request_belongs_to_that_instansi(world):
    from apps.core.models import AuditEvent
    from apps.core.services import audit_log

    with rls.tenant_context(world.a.pk):
        event = audit_log(actor=world.users["bkpsdm_admin"], action="test.no_instance")
    assert AuditEvent.objects.get(pk=event.pk).instansi_id == world.a.pk


@pytest.mark.django_db(transaction=True)
def test_a_connection_opened_inside_a_block_takes_its_tenant_role():
    """Celery closes connections before each task and Django reconnects after an error: the role belongs to the
    connection, so a new one inside the block must take it again."""
    with rls.tenant_context(4242):
        connection.close()
        assert _raw("SELECT current_user, current_setting(%s, true)", [rls.SETTING]) == [(rls.tenant_role(), "4242")]
    assert rls.current_instansi() is None
    assert _raw("SELECT current_setting(%s, true)", [rls.SETTING])[0][0] in ("", None)


def test_a_failed_switch_leaves_no_stale_instansi(world, monkeypatch):
    def broken(instansi_id, using):
        raise DatabaseError("server closed the connection")

    monkeypatch.setattr(rls, "_apply", broken)
    with pytest.raises(DatabaseError), rls.tenant_context(world.a.pk):
        pass
    assert rls.current_instansi() is None
