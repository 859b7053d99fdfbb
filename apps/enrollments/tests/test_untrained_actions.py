"""Actions of the 'belum pelatihan tahun ini' list: remind (notice + e-mail to the pegawai and their atasan),
nominate through the bulk nomination service (per-person outcome), export. Role matrix, cross-instansi ids
doing nothing, bad input answered in Indonesian with 422 and nothing saved, constant queries."""

import io

import pytest
from django.core import mail
from django.urls import reverse

from apps.conftest import role_matrix
from apps.core.models import OutboxMessage
from apps.employees.tests.factories import PegawaiFactory
from apps.enrollments import services
from apps.enrollments.models import BulkNomination, Enrollment, Notification
from apps.enrollments.tests.factories import AngkatanFactory

pytestmark = pytest.mark.django_db

NON_ADMIN = {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403, "superadmin": 404}


def _invites():
    return Notification.objects.filter(dedupe_key__startswith="invite:")


@pytest.mark.parametrize("actor, status", role_matrix(NON_ADMIN, bkpsdm_admin=302, other_instansi_admin=422))
def test_remind_matrix(actor, status, world, login_actor, client):
    """Only an admin of the pegawai's own instansi reminds; the admin of B posting A's ids gets 422 and
    nobody is told anything."""
    login_actor(actor)
    resp = client.post(reverse("enrollments:nothing_remind"), {"pegawai": [world.owner_pegawai.pk]})
    assert resp.status_code == status
    assert _invites().exists() == (status == 302)


@pytest.mark.parametrize("actor, status", role_matrix(NON_ADMIN, bkpsdm_admin=302, other_instansi_admin=422))
def test_nominate_matrix(actor, status, world, login_actor, client, angkatan):
    login_actor(actor)
    resp = client.post(
        reverse("enrollments:nothing_nominate"), {"pegawai": [world.owner_pegawai.pk], "angkatan": angkatan.pk}
    )
    assert resp.status_code == status
    assert Enrollment.objects.filter(pegawai=world.owner_pegawai).exists() == (status == 302)


@pytest.mark.parametrize("actor, status", role_matrix(NON_ADMIN, bkpsdm_admin=200, other_instansi_admin=200))
def test_export_matrix(actor, status, world, login_actor, client):
    from openpyxl import load_workbook

    login_actor(actor)
    resp = client.get(reverse("enrollments:nothing_export"))
    assert resp.status_code == status
    if status == 200:
        names = [row[1] for row in load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True)]
        assert (world.owner_pegawai.name in names) == (actor == "bkpsdm_admin")
        assert (world.pegawai_b.name in names) == (actor == "other_instansi_admin")


def test_remind_tells_pegawai_and_atasan_by_notice_and_email(
    world, login_actor, client, django_capture_on_commit_callbacks
):
    login_actor("bkpsdm_admin")
    picked = [world.owner_pegawai.pk, world.mate_pegawai.pk]
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("enrollments:nothing_remind") + "?year=2026", {"pegawai": picked})
    assert resp.status_code == 302 and resp.url.endswith("?year=2026")
    owner_notice = _invites().get(recipient=world.users["owner"])
    assert "belum mengikuti pelatihan di tahun 2026" in owner_notice.title
    atasan_notice = _invites().get(recipient=world.users["supervisor"])  # one notice naming both team members
    assert world.owner_pegawai.name in atasan_notice.body and world.mate_pegawai.name in atasan_notice.body
    assert _invites().count() == 3
    assert {m.to[0] for m in mail.outbox} >= {world.users["owner"].email, world.users["supervisor"].email}
    assert "Pengingat dikirim ke 2 pegawai" in client.get(resp.url).text


def test_remind_all_filtered_runs_as_job_and_is_safe_twice(world, login_actor, client, monkeypatch):
    """A large round is handed to Celery (through the outbox); the job repeated sends nothing twice."""
    import apps.enrollments.services.invitations as invitations

    monkeypatch.setattr(invitations, "INVITE_SYNC_LIMIT", 1)
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:nothing_remind"), {"all_filtered": "on"})
    assert resp.status_code == 302 and not _invites().exists()
    message = OutboxMessage.objects.get(task_name="apps.enrollments.tasks.send_training_invitations")
    assert world.owner_pegawai.pk in message.kwargs["pegawai_ids"]
    assert world.pegawai_b.pk not in message.kwargs["pegawai_ids"]
    first = services.training_invitations_send(**message.kwargs)
    services.training_invitations_send(**message.kwargs)
    assert first > 0 and _invites().count() == first


def test_nominate_reports_who_was_nominated_and_who_was_refused(world, login_actor, client, angkatan):
    """The admin cannot nominate themselves (a rule of enrollment_nominate): refused with the reason,
    while the owner is nominated onto a seat."""
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("enrollments:nothing_nominate"),
        {"pegawai": [world.owner_pegawai.pk, world.admin_pegawai.pk], "angkatan": angkatan.pk},
    )
    job = BulkNomination.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("enrollments:bulk_detail", args=[job.pk])
    assert Enrollment.objects.get(pegawai=world.owner_pegawai, angkatan=angkatan).status == "enrolled"
    assert not Enrollment.objects.filter(pegawai=world.admin_pegawai).exists()
    page = client.get(resp.url).text
    assert f"{world.owner_pegawai.name}: terdaftar sebagai peserta" in page
    assert f"{world.admin_pegawai.name}: Anda tidak dapat menominasikan diri sendiri" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Pilih minimal satu pegawai"),
        ({"pegawai": ["abc"]}, "Pilihan pegawai tidak sah"),
        ({"pegawai": ["OWNER"]}, "Pilih angkatan tujuan nominasi"),
        ({"pegawai": ["OWNER", "B"], "angkatan": "A"}, "tidak ada di daftar ini"),
        ({"pegawai": ["OWNER"], "angkatan": "BATCH_B"}, "Angkatan tidak tersedia untuk nominasi"),
    ],
)
def test_nominate_bad_input_422_nothing_saved(data, message, world, login_actor, client, angkatan, angkatan_b):
    """An id of another instansi (pegawai or batch) makes the request invalid: nobody is nominated."""
    ids = {"OWNER": world.owner_pegawai.pk, "B": world.pegawai_b.pk, "A": angkatan.pk, "BATCH_B": angkatan_b.pk}
    post = {
        k: ([ids.get(v, v) for v in val] if isinstance(val, list) else ids.get(val, val)) for k, val in data.items()
    }
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:nothing_nominate"), post)
    assert resp.status_code == 422 and message in resp.text
    assert not Enrollment.objects.exists() and not BulkNomination.objects.exists()


def test_remind_foreign_id_422_nothing_sent(world, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:nothing_remind"), {"pegawai": [world.owner_pegawai.pk, world.pegawai_b.pk]})
    assert resp.status_code == 422 and "tidak ada di daftar ini" in resp.text
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


def test_list_offers_actions_and_keeps_ticks_after_an_error(world, login_actor, client, angkatan):
    login_actor("bkpsdm_admin")
    page = client.get(reverse("enrollments:nothing"), {"year": 2026}).text
    assert 'name="pegawai"' in page and "Kirim pengingat" in page and str(angkatan) in page
    assert reverse("enrollments:nothing_export") + "?year=2026" in page
    resp = client.post(reverse("enrollments:nothing_nominate"), {"pegawai": [world.owner_pegawai.pk]})
    assert f'value="{world.owner_pegawai.pk}" id="pick-{world.owner_pegawai.pk}" checked' in resp.text


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    PegawaiFactory.create_batch(rows, instansi=world.a, unit_kerja=world.unit_a, jabatan=world.staff_jab)
    AngkatanFactory.create_batch(2, instansi=world.a)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("enrollments:nothing"))
    assert resp.status_code == 200 and len(resp.context["page_obj"]) == min(rows + 6, 25)
