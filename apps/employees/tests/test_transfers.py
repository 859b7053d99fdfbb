"""Mutasi: a NIP active in another instansi is stopped (form and import) without naming that instansi and
becomes a transfer request the superadmin decides; one validator refuses formula-like text in the pegawai,
unit and jabatan forms as the importer does."""

import pytest
from django.urls import reverse

from apps.conftest import ALL_ACTORS, role_matrix
from apps.core.models import AuditEvent
from apps.employees.models import Pegawai, TransferRequest
from apps.employees.tests.test_views import _pegawai_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def mutasi(world, login_actor, client):
    """Admin of B tries to add the pegawai that A still has active: stopped, one open request."""
    moving = world.owner_pegawai
    login_actor("other_instansi_admin")
    post = _pegawai_post(world, nip=moving.nip, name="Pindahan dari A", unit_kerja=world.unit_b.pk, jabatan="")
    resp = client.post(reverse("employees:create"), post)
    client.logout()
    return resp, moving, post


def test_form_with_a_nip_active_elsewhere_is_stopped_without_naming_the_other_instansi(mutasi, world):
    resp, moving, _post = mutasi
    assert resp.status_code == 422
    assert "terdaftar pada pegawai aktif di instansi lain" in resp.text and world.a.name not in resp.text
    assert not Pegawai.objects.filter(instansi=world.b, nip=moving.nip).exists()
    request = TransferRequest.objects.get()
    assert (request.instansi, request.nip, request.source, request.name) == (
        world.b,
        moving.nip,
        "form",
        "Pindahan dari A",
    )


@pytest.mark.parametrize(("actor", "expected"), role_matrix(dict.fromkeys(ALL_ACTORS, 403), superadmin=200))
def test_transfer_list_matrix(actor, expected, mutasi, login_actor, client, world):
    login_actor(actor)
    resp = client.get(reverse("employees:transfers"))
    assert resp.status_code == expected
    if expected == 200:  # both sides shown to the superadmin
        assert world.b.name in resp.text and world.a.name in resp.text and "Pindahan dari A" in resp.text


@pytest.mark.parametrize(
    "actor", ["owner", "supervisor", "bkpsdm_admin", "other_employee", "mentor", "other_instansi_admin"]
)
def test_only_the_superadmin_decides(actor, mutasi, login_actor, client):
    login_actor(actor)
    request = TransferRequest.objects.get()
    resp = client.post(reverse("employees:transfer_decide", args=[request.pk]), {"decision": "approve"})
    assert resp.status_code == 403
    request.refresh_from_db()
    assert request.status == "open"


def test_unknown_request_is_404(login_actor, client, world):
    login_actor("superadmin")
    assert client.post(reverse("employees:transfer_decide", args=[999999]), {"decision": "approve"}).status_code == 404


def test_approving_ends_the_old_record_and_lets_the_new_instansi_save(mutasi, login_actor, client, world):
    _resp, moving, post = mutasi
    login_actor("superadmin")
    request = TransferRequest.objects.get()
    resp = client.post(
        reverse("employees:transfer_decide", args=[request.pk]), {"decision": "approve", "note": "SK mutasi 12/2026"}
    )
    assert resp.status_code == 302
    request.refresh_from_db()
    moving.refresh_from_db()
    assert request.status == "approved" and request.note == "SK mutasi 12/2026" and not moving.is_active
    assert AuditEvent.objects.filter(action="pegawai.transfer_out", object_id=str(moving.pk)).exists()
    # Deciding twice is refused with a message, nothing changes.
    client.post(reverse("employees:transfer_decide", args=[request.pk]), {"decision": "reject"})
    request.refresh_from_db()
    assert request.status == "approved"
    client.logout()
    login_actor("other_instansi_admin")
    assert client.post(reverse("employees:create"), post).status_code == 302
    assert Pegawai.objects.get(instansi=world.b, nip=moving.nip).is_active


def test_rejecting_keeps_the_old_record(mutasi, login_actor, client):
    _resp, moving, _post = mutasi
    login_actor("superadmin")
    request = TransferRequest.objects.get()
    client.post(reverse("employees:transfer_decide", args=[request.pk]), {"decision": "reject"})
    request.refresh_from_db()
    moving.refresh_from_db()
    assert request.status == "rejected" and moving.is_active
    resp = client.get(reverse("employees:transfers"), {"status": "rejected"})
    assert "Pindahan dari A" in resp.text


def test_bad_decision_is_refused_readably(mutasi, login_actor, client):
    login_actor("superadmin")
    request = TransferRequest.objects.get()
    resp = client.post(reverse("employees:transfer_decide", args=[request.pk]), {"decision": "maybe"}, follow=True)
    assert "Pilih setujui atau tolak" in resp.text
    request.refresh_from_db()
    assert request.status == "open"


@pytest.mark.parametrize("rows", [1, 12])
def test_transfer_list_queries_do_not_grow_with_rows(rows, world, login_actor, client, django_assert_max_num_queries):
    for n in range(rows):
        TransferRequest.objects.create(instansi=world.b, nip=f"19850714201012{n:04d}", name=f"P{n}", source="form")
    login_actor("superadmin")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("employees:transfers"))
    assert resp.status_code == 200 and resp.text.count("Setujui mutasi") == rows


@pytest.mark.parametrize("field", ["name", "education", "work_location"])
def test_pegawai_form_refuses_formula_like_text(field, world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world, **{field: '=HYPERLINK("http://x","klik")'}))
    assert resp.status_code == 422 and "tampak seperti rumus spreadsheet" in resp.text
    assert not Pegawai.objects.filter(name__startswith="=").exists()


def test_a_phone_number_with_a_plus_is_not_a_formula(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("employees:create"), _pegawai_post(world, phone="+62 812-3456-7890"))
    assert resp.status_code == 302


def test_unit_form_refuses_formula_like_text(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("organizations:unit_create"), {"code": "X1", "name": "@SUM(A1:A9)", "parent": ""})
    assert resp.status_code == 422 and "tampak seperti rumus spreadsheet" in resp.text
