import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.competencies.models import Kompetensi
from apps.needs.models import FgdSession, NeedsSurvey, SurveyResponse

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def survey(world):
    return NeedsSurvey.objects.create(
        instansi=world.a,
        title="Survei AKPK 2027",
        year=2027,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=10),
    )


def m(code):
    return Kompetensi.objects.get(instansi=None, code=code)


LIST_ACTORS = [
    ("owner", 200),
    ("supervisor", 200),
    ("bkpsdm_admin", 200),
    ("superadmin", 200),
    ("other_employee", 200),
    ("mentor", 200),
    ("other_instansi_admin", 200),
]


@pytest.mark.parametrize("actor, status", LIST_ACTORS)
def test_survey_list_matrix(actor, status, login_actor, client, survey):
    login_actor(actor)
    resp = client.get(reverse("needs:survey_list"))
    assert resp.status_code == status
    assert ("Survei AKPK 2027" in resp.text) == (actor != "other_instansi_admin")


ANSWER_ACTORS = [
    ("owner", 302),
    ("supervisor", 302),
    ("bkpsdm_admin", 302),
    ("superadmin", 404),
    ("other_employee", 302),
    ("mentor", 302),
    ("other_instansi_admin", 404),
]


@pytest.mark.parametrize("actor, status", ANSWER_ACTORS)
def test_answer_matrix(actor, status, login_actor, client, survey):
    login_actor(actor)
    data = {"kompetensi": [m("M.03").pk], "modality": "daring", "constraints": ["distance"], "topics": "Excel"}
    resp = client.post(reverse("needs:survey_answer", args=[survey.pk]), data)
    assert resp.status_code == status
    assert SurveyResponse.objects.filter(survey=survey).count() == (1 if status == 302 else 0)


def test_atasan_answers_for_team_and_results_aggregate(
    login_actor, client, survey, world, django_assert_max_num_queries
):
    login_actor("supervisor")
    url = reverse("needs:survey_answer", args=[survey.pk])
    assert client.post(url, {"kompetensi": [m("M.03").pk], "modality": "blended"}).status_code == 302
    data = {
        "kompetensi": [m("M.03").pk, m("M.07").pk],
        "modality": "tatap_muka",
        "as_atasan": "on",
        "constraints": ["workload"],
    }
    assert client.post(url, data).status_code == 302
    resp = client.post(url, data)
    assert resp.status_code == 422 and "sudah menjawab" in resp.text
    client.logout()
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("needs:survey_results", args=[survey.pk]))
    results = resp.context["results"]
    assert results["total"] == 2
    assert results["by_kompetensi"][0]["kompetensi__code"] == "M.03" and results["by_kompetensi"][0]["n"] == 2
    assert ("Beban kerja", 1) in results["constraints"]


def test_bad_answers_are_refused(login_actor, client, survey):
    login_actor("owner")
    url = reverse("needs:survey_answer", args=[survey.pk])
    resp = client.post(url, {"modality": "telepati"})
    assert resp.status_code == 422
    resp = client.post(url, {"modality": "daring", "as_atasan": "on"})
    assert resp.status_code == 302  # the field is absent for non-atasan; the answer is a personal one
    assert not SurveyResponse.objects.filter(as_atasan=True).exists()


def test_closed_survey_refused(login_actor, client, survey):
    survey.closes_on = TODAY - datetime.timedelta(days=1)
    survey.opens_on = TODAY - datetime.timedelta(days=5)
    survey.save()
    login_actor("owner")
    resp = client.post(reverse("needs:survey_answer", args=[survey.pk]), {"modality": "daring"})
    assert resp.status_code == 422 and "tidak sedang dibuka" in resp.text
    assert not SurveyResponse.objects.exists()


def test_admin_opens_survey_and_date_order_checked(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {"title": "S", "year": 2027, "opens_on": "2026-12-10", "closes_on": "2026-12-01", "question": "?"}
    resp = client.post(reverse("needs:survey_create"), data)
    assert resp.status_code == 422
    assert not NeedsSurvey.objects.exists()
    data["closes_on"] = "2026-12-31"
    assert client.post(reverse("needs:survey_create"), data).status_code == 302
    assert NeedsSurvey.objects.get().instansi == world.a


def test_results_cross_instansi_404(login_actor, client, survey):
    login_actor("other_instansi_admin")
    assert client.get(reverse("needs:survey_results", args=[survey.pk])).status_code == 404
    resp = client.post(reverse("needs:survey_edit", args=[survey.pk]), {"title": "X"})
    assert resp.status_code == 404
    survey.refresh_from_db()
    assert survey.title == "Survei AKPK 2027"


FGD_ACTORS = [
    ("owner", 403),
    ("supervisor", 403),
    ("bkpsdm_admin", 302),
    ("superadmin", 302),
    ("other_employee", 403),
    ("mentor", 403),
    ("other_instansi_admin", 302),
]


@pytest.mark.parametrize("actor, status", FGD_ACTORS)
def test_fgd_create_matrix(actor, status, login_actor, client, world):
    login_actor(actor)
    data = {"title": "FGD Dinkes", "held_on": "2026-10-01", "notes": "Catatan", "kompetensi": [m("M.05").pk]}
    resp = client.post(reverse("needs:fgd_create"), data)
    assert resp.status_code == status
    if actor in ("bkpsdm_admin", "other_instansi_admin"):
        assert FgdSession.objects.count() == 1
    else:
        assert not FgdSession.objects.exists()


def test_fgd_with_participants_and_cross_instansi(login_actor, client, world):
    login_actor("bkpsdm_admin")
    data = {
        "title": "FGD Dinkes",
        "held_on": "2026-10-01",
        "notes": "Catatan",
        "participants": [world.owner_pegawai.pk, world.supervisor_pegawai.pk],
        "needs_text": "Pelatihan komunikasi publik",
    }
    assert client.post(reverse("needs:fgd_create"), data).status_code == 302
    fgd = FgdSession.objects.get()
    assert fgd.participants.count() == 2
    bad = dict(data, participants=[world.pegawai_b.pk])
    assert client.post(reverse("needs:fgd_create"), bad).status_code == 422
    client.logout()
    login_actor("other_instansi_admin")
    assert client.post(reverse("needs:fgd_edit", args=[fgd.pk]), dict(data, title="X")).status_code == 404
    fgd.refresh_from_db()
    assert fgd.title == "FGD Dinkes"


@pytest.mark.parametrize("rows", [3, 30])
def test_fgd_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    for i in range(rows):
        f = FgdSession.objects.create(instansi=world.a, title=f"F{i}", held_on=TODAY, notes="n")
        f.kompetensi.add(m("M.01"))
        f.participants.add(world.owner_pegawai)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("needs:fgd_list"))
    assert len(resp.context["page_obj"]) == min(rows, 25)
