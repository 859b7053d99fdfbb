"""Personal-data corrections (UU 27/2022): the pegawai asks, BKPSDM answers within 3 × 24 hours through the
pegawai service; role × view matrix, cross-instansi 404, 422 on bad input, the clock on a fixed clock,
notices, query counts, and the correction really changing the pegawai with an audit entry."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from apps.conftest import role_matrix
from apps.core.models import AuditEvent, PersonalDataAccess
from apps.employees import services
from apps.employees.models import CorrectionRequest, CorrectionStatus, Pegawai
from apps.employees.tests.factories import PegawaiFactory
from apps.enrollments.models import Notification

OWNER_NAME = "Wa Ode Pemilik Data"
T0 = datetime.datetime.fromisoformat("2026-06-01T08:00:00+08:00")


@pytest.fixture(autouse=True)
def names(world):
    Pegawai.objects.filter(pk=world.owner_pegawai.pk).update(name=OWNER_NAME, education="SMA")
    world.owner_pegawai.refresh_from_db()


def ask(world, field="education", value="S1 Keperawatan", reason="Ijazah S1 tahun 2020"):
    return services.correction_request_create(
        actor=world.users["owner"], pegawai=world.owner_pegawai, field=field, requested_value=value, reason=reason
    )


@pytest.fixture
def correction(world, time_machine):
    time_machine.move_to(T0, tick=False)
    return ask(world)


# --- role × view matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        dict.fromkeys(("owner", "supervisor", "other_employee", "mentor"), 403),
        bkpsdm_admin=200,
        superadmin=200,
        other_instansi_admin=200,
    ),
)
def test_queue_matrix(actor, status, correction, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("employees:corrections"))
    assert resp.status_code == status
    # The admin of instansi B gets the page, but never A's request.
    assert (OWNER_NAME in resp.text) == (actor in {"bkpsdm_admin", "superadmin"})


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        dict.fromkeys(("owner", "supervisor", "other_employee", "mentor", "other_instansi_admin"), 404),
        bkpsdm_admin=200,
        superadmin=200,
    ),
)
def test_detail_matrix(actor, status, correction, login_actor, client):
    """Opening a request is a read of the pegawai's data by someone else: logged; a refused one logs nothing."""
    user = login_actor(actor)
    resp = client.get(reverse("employees:correction_detail", args=[correction.pk]))
    assert resp.status_code == status
    assert (OWNER_NAME in resp.text) == (status == 200)
    logged = PersonalDataAccess.objects.filter(
        actor=user, subject_id=str(correction.pegawai_id), purpose="permintaan perbaikan data"
    )
    assert logged.exists() == (status == 200)


@pytest.mark.parametrize("decision", ["apply", "refuse"])
def test_cross_instansi_answer_is_404_and_changes_nothing(decision, world, correction, login_actor, client):
    login_actor("other_instansi_admin")
    before = Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get()
    url = reverse("employees:correction_detail", args=[correction.pk])
    resp = client.post(url, {"decision": decision, "value": "Diretas", "note": "x"})
    assert resp.status_code == 404
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN and correction.answered_at is None
    assert Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get() == before
    assert not PersonalDataAccess.objects.exists()


# --- the pegawai asks -----------------------------------------------------------------------------


def test_owner_asks_and_admins_are_told(world, login_actor, client, django_capture_on_commit_callbacks):
    login_actor("owner")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            reverse("employees:my_data"),
            {"field": "birth_date", "requested_value": "1990-05-17", "reason": "Akta kelahiran"},
        )
    assert resp.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert (correction.instansi_id, correction.pegawai_id, correction.field) == (
        world.a.pk,
        world.owner_pegawai.pk,
        "birth_date",
    )
    assert correction.status == CorrectionStatus.OPEN
    admin = world.users["bkpsdm_admin"]
    note = Notification.objects.get(recipient=admin)
    assert OWNER_NAME in note.title and note.url == reverse("employees:correction_detail", args=[correction.pk])
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert not Notification.objects.exclude(recipient=admin).exists()  # not B's admin, not the owner
    assert AuditEvent.objects.filter(action="pegawai.correction_request").count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"field": "", "requested_value": "S2", "reason": "ijazah"}, "field", "Bidang ini tidak boleh kosong."),
        ({"field": "atasan", "requested_value": "X", "reason": "ijazah"}, "field", "Masukkan pilihan yang valid"),
        ({"field": "education", "requested_value": "", "reason": "ijazah"}, "requested_value", "tidak boleh kosong"),
        ({"field": "education", "requested_value": "S2", "reason": "  "}, "reason", "tidak boleh kosong"),
    ],
)
def test_bad_request_is_422_and_saves_nothing(data, field, message, world, login_actor, client):
    login_actor("owner")
    resp = client.post(reverse("employees:my_data"), data)
    assert resp.status_code == 422
    assert any(message in e for e in resp.context["form"].errors[field])
    assert not CorrectionRequest.objects.exists()
    assert not Notification.objects.exists()


def test_second_open_request_for_same_field_is_refused(world, correction, login_actor, client):
    login_actor("owner")
    resp = client.post(
        reverse("employees:my_data"), {"field": "education", "requested_value": "S2", "reason": "ijazah"}
    )
    assert resp.status_code == 422
    assert "masih menunggu jawaban" in resp.text
    assert CorrectionRequest.objects.count() == 1


def test_only_the_owner_may_ask(world):
    with pytest.raises(services.CorrectionError):
        services.correction_request_create(
            actor=world.users["supervisor"], pegawai=world.owner_pegawai, field="name", requested_value="X", reason="y"
        )
    assert not CorrectionRequest.objects.exists()


# --- the 72-hour clock ------------------------------------------------------------------------------


def test_clock_runs_72_hours_from_the_request(world, correction, login_actor, client, time_machine):
    assert correction.created_at == T0
    assert correction.due_at == T0 + datetime.timedelta(hours=72)
    assert correction.clock(T0).label == "sisa 72 jam"
    # 31 hours on: both sides see 41 hours left.
    time_machine.move_to(T0 + datetime.timedelta(hours=31), tick=False)
    assert correction.clock().label == "sisa 41 jam" and not correction.clock().overdue
    login_actor("owner")
    assert "sisa 41 jam" in client.get(reverse("employees:my_data")).text
    login_actor("bkpsdm_admin")
    assert "sisa 41 jam" in client.get(reverse("employees:corrections")).text
    # 77 hours on: 5 hours late, on both sides and on the admins' home card.
    time_machine.move_to(T0 + datetime.timedelta(hours=77, minutes=30), tick=False)
    assert correction.clock().label == "lewat 5 jam" and correction.clock().overdue
    assert "lewat 5 jam" in client.get(reverse("employees:correction_detail", args=[correction.pk])).text
    home = client.get(reverse("core:home")).text
    assert "Perbaikan data pribadi" in home and "1 lewat 3 × 24 jam" in home
    login_actor("owner")
    assert "lewat 5 jam" in client.get(reverse("employees:my_data")).text


def test_home_card_counts_open_and_overdue(world, login_actor, client, time_machine):
    time_machine.move_to(T0, tick=False)
    ask(world, field="education")
    time_machine.move_to(T0 + datetime.timedelta(hours=50), tick=False)
    ask(world, field="phone", value="0812")
    time_machine.move_to(T0 + datetime.timedelta(hours=80), tick=False)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:home"))
    card = next(p for p in resp.context["panels"] if p["key"] == "corrections_admin")
    assert card["ctx"] == {"open": 2, "overdue": 1}


# --- BKPSDM answers ---------------------------------------------------------------------------------


def test_applying_changes_the_pegawai_with_audit_and_tells_the_owner(
    world, correction, login_actor, client, django_capture_on_commit_callbacks
):
    admin = login_actor("bkpsdm_admin")
    url = reverse("employees:correction_detail", args=[correction.pk])
    assert client.get(url).context["form"]["value"].value() == "S1 Keperawatan"  # prefilled with the request
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(url, {"decision": "apply", "value": "S1 Keperawatan", "note": "Sesuai ijazah"})
    assert resp.status_code == 302
    world.owner_pegawai.refresh_from_db()
    assert world.owner_pegawai.education == "S1 Keperawatan"
    correction.refresh_from_db()
    assert (correction.status, correction.answered_by_id, correction.answer_note) == ("done", admin.pk, "Sesuai ijazah")
    audit = AuditEvent.objects.filter(object_id=str(world.owner_pegawai.pk), object_type__icontains="pegawai")
    assert audit.filter(action="pegawai.update", actor=admin).exists()
    assert AuditEvent.objects.filter(action="pegawai.correction_done", actor=admin).exists()
    note = Notification.objects.get(recipient=world.users["owner"])
    assert "Diperbaiki" in note.title and note.url == reverse("employees:my_data")
    assert world.users["owner"].email in [m.to[0] for m in mail.outbox]
    # Answered once: a second answer is refused.
    resp = client.post(url, {"decision": "refuse", "note": "lagi"})
    correction.refresh_from_db()
    assert correction.status == "done"


def test_superadmin_applies_through_the_pegawai_rules(world, correction, login_actor, client):
    login_actor("superadmin")
    url = reverse("employees:correction_detail", args=[correction.pk])
    assert client.post(url, {"decision": "apply", "value": "S2", "note": ""}).status_code == 302
    world.owner_pegawai.refresh_from_db()
    assert world.owner_pegawai.education == "S2"


def test_refusing_needs_a_reason(world, correction, login_actor, client):
    login_actor("bkpsdm_admin")
    url = reverse("employees:correction_detail", args=[correction.pk])
    resp = client.post(url, {"decision": "refuse", "note": ""})
    assert resp.status_code == 422
    assert "Tuliskan alasan penolakan." in resp.text
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN
    resp = client.post(url, {"decision": "refuse", "note": "Ijazah belum dilegalisasi"})
    assert resp.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.answer_note) == ("refused", "Ijazah belum dilegalisasi")
    world.owner_pegawai.refresh_from_db()
    assert world.owner_pegawai.education == "SMA"
    assert Notification.objects.filter(recipient=world.users["owner"], title__contains="Ditolak").exists()


def test_a_value_the_pegawai_rules_refuse_is_422_and_changes_nothing(world, login_actor, client, time_machine):
    time_machine.move_to(T0, tick=False)
    correction = ask(world, field="nip", value="12345")
    before = Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get()
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("employees:correction_detail", args=[correction.pk]), {"decision": "apply", "value": "12345"}
    )
    assert resp.status_code == 422
    assert resp.context["form"].errors["value"]
    assert Pegawai.objects.filter(pk=world.owner_pegawai.pk).values().get() == before
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN
    assert not AuditEvent.objects.filter(action__in=["pegawai.update", "pegawai.correction_done"]).exists()


# --- query counts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_queue_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    for _i in range(rows):
        pegawai = PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a)
        CorrectionRequest.objects.create(
            instansi=world.a,
            pegawai=pegawai,
            field="phone",
            requested_value="0812",
            reason="baru",
            due_at=T0 + datetime.timedelta(hours=72),
        )
    login_actor("bkpsdm_admin")
    client.get(reverse("employees:corrections"))
    with django_assert_max_num_queries(6):
        resp = client.get(reverse("employees:corrections"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_my_data_with_requests_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    for i in range(rows):
        status = CorrectionStatus.OPEN if i == 0 else CorrectionStatus.DONE
        CorrectionRequest.objects.create(
            instansi=world.a,
            pegawai=world.owner_pegawai,
            field="phone",
            requested_value=f"0812{i}",
            reason="baru",
            status=status,
            answered_by=world.users["bkpsdm_admin"],
            due_at=T0 + datetime.timedelta(hours=72),
        )
    login_actor("owner")
    client.get(reverse("employees:my_data"))
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("employees:my_data"))
    assert len(resp.context["corrections"]) == min(rows, 20)


def test_superadmin_switched_into_b_gets_404_on_a_request(world, correction, login_actor, client):
    from apps.core.tenancy import ACTING_SESSION_KEY

    login_actor("superadmin")
    session = client.session
    session[ACTING_SESSION_KEY] = world.b.pk
    session.save()
    url = reverse("employees:correction_detail", args=[correction.pk])
    assert client.post(url, {"decision": "refuse", "note": "x"}).status_code == 404
    assert OWNER_NAME not in client.get(reverse("employees:corrections")).text
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN


def test_clock_reads_in_english(world, correction, login_actor, client, settings, time_machine):
    time_machine.move_to(T0 + datetime.timedelta(hours=31), tick=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login_actor("owner")
    resp = client.get(reverse("employees:my_data"))
    assert "41 hours left" in resp.text and "My personal data" in resp.text
