import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.conftest import ALL_ACTORS
from apps.employees.tests.factories import PegawaiFactory
from apps.evaluations import results, selectors, services
from apps.evaluations.models import Invitation, Questionnaire
from apps.evaluations.tests.factories import answer_values, enrol, make_batch, questionnaire, skm, skm_values
from apps.evaluations.tests.test_scoring import EXAMPLE

pytestmark = pytest.mark.django_db


def fill_skm(q, rows):
    items = selectors.items_of(q)
    for row in rows:
        services.response_submit(questionnaire=q, values=skm_values(items, row))


def test_ikm_in_database_matches_worked_example(world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    fill_skm(q, EXAMPLE)
    result, version = results.ikm_of([q.pk])
    assert (result.respondents, result.ikm, result.ni_rounded, result.band.mutu) == (
        5,
        Decimal("83.33"),
        Decimal("3.3333"),
        "B",
    )
    assert version == "permenpanrb-14-2017"


def test_incomplete_skm_response_is_not_counted(world):
    admin = world.users["bkpsdm_admin"]
    q = skm(admin, world.a, world.unit_a)
    q.questions.filter(code="U9").update(required=False)
    fill_skm(q, EXAMPLE)
    values = skm_values(selectors.items_of(q), [1] * 9)
    values[[i.field for i in selectors.items_of(q) if i.question.code == "U9"][0]] = ""
    services.response_submit(questionnaire=q, values=values)
    assert results.ikm_of([q.pk])[0].ikm == Decimal("83.33")


def test_skm_result_page_indonesian_format_and_suppression(world, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    q = skm(admin, world.a, world.unit_a)
    fill_skm(q, EXAMPLE[:4])
    resp = client.get(reverse("evaluations:results", args=[q.pk]))
    assert "disembunyikan" in resp.text.lower() and "83,33" not in resp.text
    fill_skm(q, EXAMPLE[4:])
    resp = client.get(reverse("evaluations:results", args=[q.pk]))
    assert "83,33" in resp.text and "B (Baik)" in resp.text and "3,3333" in resp.text
    page = client.get(reverse("evaluations:skm_results"))
    assert "83,33" in page.text and world.unit_a.name in page.text


def _five_participants(world):
    extra = [
        PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, atasan=world.supervisor_pegawai) for _ in range(2)
    ]
    return [world.owner_pegawai, world.mate_pegawai, world.other_pegawai, *extra]


def test_batch_results_l1_l2_l3_and_anonymity(world, login_actor, client):
    admin = world.users["bkpsdm_admin"]
    people = _five_participants(world)
    batch = make_batch(world.a, participants=people)
    l1 = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
    for i, inv in enumerate(Invitation.objects.filter(questionnaire=l1).order_by("id")):
        services.response_submit(
            questionnaire=l1,
            invitation=inv,
            values=answer_values(selectors.items_of(l1), likert=3 + i % 2, text=f"komentar {i}"),
        )
    pre = questionnaire(admin, world.a, "l2-tes", angkatan=batch.angkatan, phase="pre")
    post = questionnaire(admin, world.a, "l2-tes", angkatan=batch.angkatan, phase="post")
    for q, wrong in ((pre, 2), (post, 0)):
        items = selectors.items_of(q)
        for inv in Invitation.objects.filter(questionnaire=q).order_by("id")[:4]:
            values = answer_values(items)
            for item in items[:wrong]:
                values[item.field] = "c" if item.question.kind == "single" else ["c"]
            services.response_submit(questionnaire=q, invitation=inv, values=values)
    l3 = questionnaire(admin, world.a, "l3-alumni", angkatan=batch.angkatan)
    for i, inv in enumerate(Invitation.objects.filter(questionnaire=l3).order_by("id")[:4]):
        services.response_submit(
            questionnaire=l3,
            invitation=inv,
            values=answer_values(selectors.items_of(l3), single=["ya", "sebagian", "tidak", "ya"][i], level5=3),
        )

    gain = results.l2_result(batch.angkatan.pk, world.a.pk)
    assert (gain.participants, gain.pre_mean, gain.post_mean, gain.gain, gain.normalised) == (
        4,
        Decimal("33.33"),  # the batch's test has 3 items (2 modules, 1 target competency); 2 wrong
        Decimal("100.00"),
        Decimal("66.67"),
        Decimal("1.0000"),
    )
    assert gain.passing_share == Decimal("100.00")
    l3r = results.l3_result(Questionnaire.objects.filter(angkatan=batch.angkatan))
    assert (l3r.answered, l3r.application_rate) == (4, Decimal("75.00"))
    r = results.questionnaire_result(l1)
    assert r.respondents == 5 and r.response_rate == Decimal("100.00") and not r.suppressed
    mat = next(qr for qr in r.questions if qr.question.code == "L1.MAT.1")
    assert mat.mean == Decimal("3.40") and mat.distribution == [0, 0, 3, 2]
    assert {qr.target_label for qr in r.questions if qr.question.scope == "narasumber"} == {
        n.name for n in batch.narasumber
    }
    assert r.comments == sorted(r.comments)

    login_actor("bkpsdm_admin")
    page = client.get(reverse("evaluations:batch_results", args=[batch.angkatan.pk]))
    assert page.status_code == 200 and "75%" in page.text and "66,67" in page.text
    l1_page = client.get(reverse("evaluations:results", args=[l1.pk]))
    assert "komentar 0" in l1_page.text
    for p in people:  # anonymous L1: no participant name anywhere on the result pages
        assert p.name not in l1_page.text
    assert "vendor/chart.umd.js" in page.text and "cdn" not in page.text.lower()
    prog = client.get(reverse("evaluations:program_results", args=[batch.program.pk]))
    assert prog.status_code == 200 and batch.angkatan.name in prog.text
    ns = client.get(reverse("evaluations:narasumber_results"))
    assert batch.narasumber[0].name in ns.text


def test_anonymous_l1_suppressed_below_group_size(world, login_actor, client, batch):
    admin = login_actor("bkpsdm_admin")
    l1 = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
    inv = Invitation.objects.filter(questionnaire=l1).first()
    services.response_submit(
        questionnaire=l1, invitation=inv, values=answer_values(selectors.items_of(l1), text="rahasia")
    )
    resp = client.get(reverse("evaluations:results", args=[l1.pk]))
    assert "rahasia" not in resp.text and "disembunyikan" in resp.text.lower()
    assert results.narasumber_ratings(Questionnaire.objects.filter(pk=l1.pk))[0]["mean"] is None


RESULT_VIEWS = ["batches", "narasumber_results", "skm_results"]


@pytest.mark.parametrize("actor", ALL_ACTORS)
@pytest.mark.parametrize("view", RESULT_VIEWS)
def test_result_lists_matrix(actor, view, login_actor, client, world):
    login_actor(actor)
    expected = 200 if actor in ("bkpsdm_admin", "superadmin", "other_instansi_admin") else 403
    assert client.get(reverse(f"evaluations:{view}")).status_code == expected


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_result_details_matrix(actor, login_actor, client, world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    login_actor(actor)
    expected = {"bkpsdm_admin": 200, "superadmin": 200, "other_instansi_admin": 404}.get(actor, 403)
    assert client.get(reverse("evaluations:results", args=[q.pk])).status_code == expected
    assert client.get(reverse("evaluations:batch_results", args=[batch.angkatan.pk])).status_code == expected
    prog = client.get(reverse("evaluations:program_results", args=[batch.program.pk])).status_code
    assert prog == ({"superadmin": 404}.get(actor, expected))  # superadmin must act in an instansi


@pytest.mark.parametrize("rows", [3, 30])
def test_batch_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    admin = login_actor("bkpsdm_admin")
    for _ in range(rows):
        b = make_batch(world.a)
        questionnaire(admin, world.a, "l1-reaksi", angkatan=b.angkatan, open_=False)
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("evaluations:batches"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


def test_trained_units_ikm_before_after(world):
    admin = world.users["bkpsdm_admin"]
    today = timezone.localdate()
    training_day = today - datetime.timedelta(days=200)
    make_batch(world.a, participants=[world.owner_pegawai], completed_on=training_day, end_days_ago=200)
    before = skm(
        admin,
        world.a,
        world.unit_a,
        period_start=training_day - datetime.timedelta(days=180),
        period_end=training_day - datetime.timedelta(days=1),
    )
    after = skm(admin, world.a, world.unit_a, period_start=training_day + datetime.timedelta(days=10), period_end=today)
    fill_skm(before, [[3] * 9] * 5)
    fill_skm(after, EXAMPLE)
    rows = results.trained_units_before_after(admin, world.a.pk, selectors.questionnaires_visible_to(admin))
    assert rows[0]["unit"] == world.unit_a.name
    assert (rows[0]["ikm_before"], rows[0]["ikm_after"]) == (Decimal("75.00"), Decimal("83.33"))


def test_late_enrolment_counts_in_program_participants(world, batch):
    enrol(batch.angkatan, world.mentor_pegawai, status="enrolled")
    rows = results.program_over_time(world.a.pk, batch.program.pk)
    assert rows[0]["participants"] == 4
