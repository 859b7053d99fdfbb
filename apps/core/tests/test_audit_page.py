"""The audit page (issue 24): who may see it, instansi isolation, the filters, before → after shown, and the
XLSX export of the filtered rows, itself logged."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from apps.conftest import role_matrix
from apps.core.models import AuditEvent
from apps.core.services import audit_log, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    """One pegawai change in each instansi, and an older plan event in A."""
    admin_a, admin_b = world.users["bkpsdm_admin"], world.users["other_instansi_admin"]
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        audit_log(actor=admin_a, action="plan.create", instansi_id=world.a.pk, data={"year": 2026})
    before = snapshot(world.owner_pegawai, ["name"])
    world.owner_pegawai.name = "Rahasia Baru A"
    audit_log(actor=admin_a, action="pegawai.update", instance=world.owner_pegawai, before=before)
    before_b = snapshot(world.pegawai_b, ["name"])
    world.pegawai_b.name = "Rahasia Baru B"
    audit_log(actor=admin_b, action="pegawai.update", instance=world.pegawai_b, before=before_b)
    return world


def _xlsx_rows(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        bkpsdm_admin=200,
        superadmin=200,
        other_instansi_admin=200,
        owner=403,
        supervisor=403,
        other_employee=403,
        mentor=403,
    ),
)
def test_audit_page_matrix(actor, status, login_actor, client, events):
    login_actor(actor)
    resp = client.get(reverse("core:audit_list"))
    assert resp.status_code == status
    # A's change is visible to A's admin and the superadmin, never to B's admin or anyone without the role.
    assert ("Rahasia Baru A" in resp.text) == (actor in ("bkpsdm_admin", "superadmin"))
    export = client.get(reverse("core:audit_export"))
    assert export.status_code == status


def test_anonymous_is_sent_to_login(client, events):
    for name in ("core:audit_list", "core:audit_export"):
        resp = client.get(reverse(name))
        assert resp.status_code == 302 and reverse("accounts:login") in resp["Location"]


def test_admin_of_b_never_sees_a(login_actor, client, events):
    login_actor("other_instansi_admin")
    resp = client.get(reverse("core:audit_list"), {"object_type": "employees.pegawai"})
    shown = {e.pk for e, _changes in resp.context["event_rows"]}
    assert shown == set(AuditEvent.objects.filter(instansi_id=events.b.pk).values_list("pk", flat=True))
    assert "Rahasia Baru B" in resp.text and "Rahasia Baru A" not in resp.text
    rows = _xlsx_rows(client.get(reverse("core:audit_export")).content)
    assert not any("Rahasia Baru A" in str(cell) for row in rows for cell in row)


def test_page_shows_before_and_after(login_actor, client, events):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:audit_list"))
    old = AuditEvent.objects.get(action="pegawai.update", instansi_id=events.a.pk).changes["name"][0]
    assert f"{old}</span> → Rahasia Baru A" in resp.text
    assert "nama lengkap" in resp.text  # the field's verbose name, not its code


def test_object_filter_from_the_pegawai_page(login_actor, client, events):
    login_actor("bkpsdm_admin")
    detail = client.get(reverse("employees:detail", args=[events.owner_pegawai.pk]))
    link = f"{reverse('core:audit_list')}?object_type=employees.pegawai&amp;object_id={events.owner_pegawai.pk}"
    assert link in detail.text
    resp = client.get(
        reverse("core:audit_list"), {"object_type": "employees.pegawai", "object_id": events.owner_pegawai.pk}
    )
    assert [e.action for e, _c in resp.context["event_rows"]] == ["pegawai.update"]
    other = client.get(reverse("core:audit_list"), {"object_type": "employees.pegawai", "object_id": "999999"})
    assert list(other.context["event_rows"]) == []


def test_filters_action_actor_and_dates(login_actor, client, events):
    login_actor("bkpsdm_admin")
    url = reverse("core:audit_list")

    def actions(**params):
        return sorted(e.action for e, _c in client.get(url, params).context["event_rows"])

    assert actions(action="plan.") == ["plan.create"]
    assert actions(actor="admin_a") == ["pegawai.update", "plan.create"]
    assert actions(actor="tidak-ada") == []
    assert actions(date_from="2026-06-01") == ["pegawai.update"]
    assert actions(date_to="2026-05-31") == ["plan.create"]
    assert actions(date_from="2026-05-01", date_to="2026-05-01") == ["plan.create"]
    bad = client.get(url, {"date_from": "2026-06-02", "date_to": "2026-06-01"})
    assert bad.status_code == 422 and "Tanggal akhir" in bad.text


def test_keyset_paging_keeps_the_filter(login_actor, client, events):
    login_actor("bkpsdm_admin")
    for i in range(30):
        audit_log(actor=None, action="plan.update", instansi_id=events.a.pk, data={"i": i})
    first = client.get(reverse("core:audit_list"), {"action": "plan."})
    assert len(first.context["event_rows"]) == 25 and first.context["next_cursor"]
    second = client.get(reverse("core:audit_list"), {"action": "plan.", "after": first.context["next_cursor"]})
    actions = [e.action for e, _c in second.context["event_rows"]]
    assert len(actions) == 6 and set(actions) == {"plan.update", "plan.create"}


def test_export_is_filtered_readable_and_logged(login_actor, client, events):
    admin = login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:audit_export"), {"action": "pegawai."})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _xlsx_rows(resp.content)
    header, body = rows[0], rows[1:]
    assert header[:3] == ("Waktu", "Pelaku", "Aksi")
    assert len(body) == 1
    assert body[0][2] == "pegawai.update" and body[0][6] == "nama lengkap" and body[0][8] == "Rahasia Baru A"
    logged = AuditEvent.objects.get(action="audit.exported")
    assert logged.actor == admin and logged.instansi_id == events.a.pk
    assert logged.data["rows"] == 1 and logged.data["filters"] == {"action": "pegawai."}
    assert logged.request_id == resp["X-Request-ID"]


def test_an_invalid_filter_exports_nothing_rather_than_everything(login_actor, client, events):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:audit_export"), {"date_from": "2026-06-10", "date_to": "2026-06-01"})
    assert resp.status_code == 422
    assert resp["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="audit.exported").exists()
