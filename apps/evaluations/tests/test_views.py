import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.conftest import ALL_ACTORS
from apps.evaluations import selectors
from apps.evaluations.models import AnsweredMarker, Invitation, Questionnaire, Response
from apps.evaluations.tests.factories import answer_values, make_batch, questionnaire, skm, skm_values

pytestmark = pytest.mark.django_db

ADMIN_OK = {"bkpsdm_admin": 200, "superadmin": 200, "other_instansi_admin": 200}


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_list_matrix(actor, login_actor, client, batch, world):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    login_actor(actor)
    resp = client.get(reverse("evaluations:list"))
    assert resp.status_code == ADMIN_OK.get(actor, 403)
    if resp.status_code == 200:
        assert (q.title in resp.text) == (actor != "other_instansi_admin")


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_detail_matrix_and_cross_instansi_404(actor, login_actor, client, batch, world):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan, open_=False)
    login_actor(actor)
    expected = {"bkpsdm_admin": 200, "superadmin": 200, "other_instansi_admin": 404}.get(actor, 403)
    assert client.get(reverse("evaluations:detail", args=[q.pk])).status_code == expected
    resp = client.post(reverse("evaluations:status", args=[q.pk, "buka"]))
    assert resp.status_code == (302 if expected == 200 else expected)
    q.refresh_from_db()
    assert (q.status == "open") == (expected == 200)


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    admin = login_actor("bkpsdm_admin")
    for _ in range(rows):
        skm(admin, world.a, world.unit_a, open_=False)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("evaluations:list"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


def test_create_from_form(login_actor, client, world, batch):
    login_actor("bkpsdm_admin")
    tpl = selectors.QuestionnaireTemplate.objects.get(code="l2-tes", instansi=None)
    resp = client.post(
        reverse("evaluations:create"),
        {"template": tpl.pk, "angkatan": batch.angkatan.pk, "phase": "pre", "min_group_size": 5, "pass_score": 70},
    )
    q = Questionnaire.objects.get()
    assert resp.status_code == 302 and q.phase == "pre"
    assert list(q.questions.values_list("code", flat=True)) == ["L2.MOD.1", "L2.MOD.2", "L2.KOMP.1"]


def test_create_bad_input_is_422_in_indonesian(login_actor, client, world):
    login_actor("bkpsdm_admin")
    tpl = selectors.QuestionnaireTemplate.objects.get(code="skm", instansi=None)
    resp = client.post(reverse("evaluations:create"), {"template": tpl.pk, "min_group_size": 5, "pass_score": 70})
    assert resp.status_code == 422
    assert "Pilih unit layanan" in resp.text
    resp = client.post(reverse("evaluations:create"), {"template": tpl.pk, "min_group_size": 0, "pass_score": 170})
    assert resp.status_code == 422 and "Pastikan nilai ini" in resp.text
    assert not Questionnaire.objects.exists()


def test_question_add_via_view_422(login_actor, client, world, batch):
    admin = login_actor("bkpsdm_admin")
    q = questionnaire(admin, world.a, "l2-tes", angkatan=batch.angkatan, phase="post", open_=False)
    url = reverse("evaluations:question_add", args=[q.pk])
    resp = client.post(
        url,
        {"code": "L2-9", "text": "Soal", "kind": "single", "scope": "once", "choices_text": "a|A\nb-B", "points": 1},
    )
    assert resp.status_code == 422 and "nilai|label" in resp.text
    resp = client.post(
        url,
        {
            "code": "L2-9",
            "text": "Soal",
            "kind": "single",
            "scope": "once",
            "choices_text": "a|A\nb|B",
            "correct": "b",
            "points": 2,
            "required": "on",
        },
    )
    assert resp.status_code == 302 and q.questions.filter(code="L2-9", correct="b").exists()


ANSWER = {
    "owner": 200,
    "supervisor": 404,
    "bkpsdm_admin": 404,
    "superadmin": 404,
    "other_employee": 404,
    "mentor": 404,
    "other_instansi_admin": 404,
}


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_answer_page_only_for_the_invitee(actor, login_actor, client, world):
    batch = make_batch(world.a, participants=[world.owner_pegawai])
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    inv = Invitation.objects.get(questionnaire=q)
    login_actor(actor)
    assert client.get(reverse("evaluations:answer", args=[inv.pk])).status_code == ANSWER[actor]
    resp = client.post(reverse("evaluations:answer", args=[inv.pk]), answer_values(selectors.items_of(q), text="ok"))
    assert Response.objects.filter(questionnaire=q).exists() == (actor == "owner")
    assert resp.status_code == (302 if actor == "owner" else 404)


def test_answer_bad_input_422_nothing_saved(login_actor, client, world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    inv = Invitation.objects.get(questionnaire=q, pegawai=world.owner_pegawai)
    login_actor("owner")
    values = answer_values(selectors.items_of(q))
    first = selectors.items_of(q)[0].field
    values.pop(first)
    resp = client.post(reverse("evaluations:answer", args=[inv.pk]), values)
    assert resp.status_code == 422 and "tidak boleh kosong" in resp.text
    assert not Response.objects.exists() and not AnsweredMarker.objects.exists()


def test_home_panel_and_my_surveys(login_actor, client, world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    login_actor("owner")
    home = client.get(reverse("core:home"))
    assert "Survei menunggu" in home.text and q.title in home.text
    assert q.title in client.get(reverse("evaluations:mine")).text
    login_actor("mentor")
    assert "Survei menunggu" not in client.get(reverse("core:home")).text


def test_atasan_sees_l3_followup_about_alumnus(login_actor, client, world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l3-atasan", angkatan=batch.angkatan)
    login_actor("supervisor")
    resp = client.get(reverse("evaluations:mine"))
    assert world.owner_pegawai.name in resp.text and world.mate_pegawai.name in resp.text
    inv = Invitation.objects.get(questionnaire=q, subject=world.owner_pegawai)
    resp = client.post(reverse("evaluations:answer", args=[inv.pk]), answer_values(selectors.items_of(q)))
    assert resp.status_code == 302
    r = Response.objects.get(questionnaire=q)
    assert (r.respondent, r.subject) == (world.supervisor_pegawai, world.owner_pegawai)


def test_skm_public_page_without_login(world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    anon = Client()
    url = reverse("skm_public", args=[q.public_token])
    resp = anon.get(url)
    # No question code shown to the public (as a word: a random CSRF token may contain "U1").
    assert resp.status_code == 200 and not re.search(r"\bU1\b", resp.text) and "persyaratan pelayanan" in resp.text
    values = skm_values(selectors.items_of(q), [4, 4, 3, 4, 3, 4, 4, 3, 4])
    resp = anon.post(url, {**values, "sex": "L"})
    assert resp.status_code == 302 and resp.url.endswith("terima-kasih/")
    r = Response.objects.get(questionnaire=q)
    assert r.complete and r.profile == {"sex": "L"} and r.respondent_id is None
    again = anon.post(url, values)  # same device: cookie
    assert again.status_code == 422 and "sudah mengisi" in again.text
    assert Response.objects.count() == 1


def test_skm_public_bad_input_and_unknown_token(world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    anon = Client()
    values = skm_values(selectors.items_of(q), [4, 4, 3, 4, 3, 4, 4, 3, 5])
    resp = anon.post(reverse("skm_public", args=[q.public_token]), values)
    assert resp.status_code == 422
    assert "pilihan yang valid" in resp.text
    assert not Response.objects.exists()
    assert anon.get(reverse("skm_public", args=["tidak-ada"])).status_code == 404


def test_skm_public_ip_rate_limit_and_honeypot(world, settings):
    from apps.evaluations import views

    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    values = skm_values(selectors.items_of(q), [4, 4, 3, 4, 3, 4, 4, 3, 4])
    url = reverse("skm_public", args=[q.public_token])
    Client().post(url, {**values, "website": "http://spam"})
    assert not Response.objects.exists()  # honeypot: nothing saved
    for _ in range(views.SKM_IP_LIMIT - 1):
        assert Client().post(url, values).status_code == 302  # new device each time, same IP
    blocked = Client().post(url, values)
    assert blocked.status_code == 429 and "Terlalu banyak" in blocked.text
    assert Response.objects.count() == views.SKM_IP_LIMIT - 1


def test_skm_qr_svg(login_actor, client, world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("evaluations:skm_qr", args=[q.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "image/svg+xml" and b"<svg" in resp.content
    login_actor("other_instansi_admin")
    assert client.get(reverse("evaluations:skm_qr", args=[q.pk])).status_code == 404
