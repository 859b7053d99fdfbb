"""The L2 post-test score decides kelulusan (domain.md §8: attendance ≥ 90 % and, where a post-test exists,
score ≥ 70) and the pegawai sees their score at once, on "Survei saya" and on the enrolment (issue 23)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.enrollments import services as enrollment_services
from apps.enrollments.models import CompletionRule, Enrollment, EnrollmentEvent, JPLedgerEntry
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory
from apps.evaluations import selectors, services
from apps.evaluations.models import Invitation
from apps.evaluations.tests.factories import answer_values, questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(world):
    """A one-day batch that has started, three participants present, and its post-test open."""
    admin = world.users["bkpsdm_admin"]
    start = timezone.localdate() - datetime.timedelta(days=1)
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    people = [world.owner_pegawai, world.mate_pegawai, world.other_pegawai]
    rows = [
        Enrollment.objects.create(instansi=world.a, pegawai=p, angkatan=angkatan, status="enrolled") for p in people
    ]
    enrollment_services.attendance_save(actor=admin, session=session, present_ids={r.pk for r in rows})
    post = questionnaire(admin, world.a, "l2-tes", angkatan=angkatan, phase="post")
    return angkatan, post, {r.pegawai_id: r for r in rows}


def _values(post, wrong: int):
    items = selectors.items_of(post)
    values = answer_values(items)
    for item in items[:wrong]:  # the first two keys are "b"; "a" is wrong there (5 questions, 20 points each)
        values[item.field] = "a"
    return values


def _take(post, pegawai, wrong=0):
    inv = Invitation.objects.get(questionnaire=post, pegawai=pegawai)
    return services.response_submit(questionnaire=post, invitation=inv, values=_values(post, wrong))


def test_post_test_score_decides_completion(world, course):
    angkatan, post, rows = course
    assert _take(post, world.owner_pegawai, wrong=1).score == 80
    assert _take(post, world.mate_pegawai, wrong=2).score == 60
    # other_pegawai does not take the post-test
    assert Enrollment.objects.get(pk=rows[world.owner_pegawai.pk].pk).final_score == 80

    counts = enrollment_services.angkatan_complete(actor=world.users["bkpsdm_admin"], angkatan=angkatan)

    assert counts == {"completed": 1, "not_completed": 2}
    owner, mate, other = (
        Enrollment.objects.get(pk=rows[p.pk].pk) for p in (world.owner_pegawai, world.mate_pegawai, world.other_pegawai)
    )
    assert (owner.status, mate.status, other.status) == ("completed", "not_completed", "not_completed")
    assert JPLedgerEntry.objects.filter(enrollment=owner).exists()
    assert not JPLedgerEntry.objects.filter(pegawai__in=[world.mate_pegawai, world.other_pegawai]).exists()
    notes = dict(EnrollmentEvent.objects.filter(action="not_complete").values_list("enrollment_id", "note"))
    assert "nilai 60 (minimal 70)" in notes[mate.pk]
    assert "belum ada nilai post-test" in notes[other.pk]


def test_a_late_post_test_completes_on_the_re_run_and_an_empty_typed_score_keeps_it(world, course):
    angkatan, post, rows = course
    admin = world.users["bkpsdm_admin"]
    enrollment_services.angkatan_complete(actor=admin, angkatan=angkatan)
    other = rows[world.other_pegawai.pk]
    assert Enrollment.objects.get(pk=other.pk).status == "not_completed"
    _take(post, world.other_pegawai)  # 100, after the first decision
    enrollment_services.angkatan_complete(actor=admin, angkatan=angkatan, scores={other.pk: None})
    other.refresh_from_db()
    assert (other.status, other.final_score) == ("completed", 100)


def test_a_completed_participants_score_is_not_rewritten(world, course):
    angkatan, post, rows = course
    admin = world.users["bkpsdm_admin"]
    owner = rows[world.owner_pegawai.pk]
    enrollment_services.angkatan_complete(actor=admin, angkatan=angkatan, scores={owner.pk: 90})
    assert Enrollment.objects.get(pk=owner.pk).status == "completed"
    _take(post, world.owner_pegawai, wrong=3)  # 40 after the decision
    owner.refresh_from_db()
    assert (owner.status, owner.final_score) == ("completed", 90)


def test_pegawai_sees_the_score_after_the_test_and_on_the_enrolment(world, course, login_actor, client):
    angkatan, post, rows = course
    inv = Invitation.objects.get(questionnaire=post, pegawai=world.owner_pegawai)
    login_actor("owner")
    resp = client.post(reverse("evaluations:answer", args=[inv.pk]), _values(post, wrong=1), follow=True)
    assert resp.status_code == 200 and "Nilai Anda: 80 (batas lulus 70)" in resp.text
    assert "Nilai tes saya" in resp.text and ">80<" in resp.text.replace("<strong>", "").replace("</strong>", "")
    detail = client.get(reverse("enrollments:detail", args=[rows[world.owner_pegawai.pk].pk]))
    assert "Nilai akhir / post-test" in detail.text and "batas lulus 70" in detail.text

    login_actor("other_employee")  # someone else's score is not theirs to see
    assert "Nilai tes saya" not in client.get(reverse("evaluations:mine")).text
    login_actor("other_instansi_admin")
    assert client.get(reverse("enrollments:detail", args=[rows[world.owner_pegawai.pk].pk])).status_code == 404


def test_bad_answers_save_no_score(world, course, login_actor, client):
    angkatan, post, rows = course
    inv = Invitation.objects.get(questionnaire=post, pegawai=world.owner_pegawai)
    values = _values(post, wrong=0)
    values[selectors.items_of(post)[0].field] = "zz"  # not a choice
    login_actor("owner")
    resp = client.post(reverse("evaluations:answer", args=[inv.pk]), values)
    assert resp.status_code == 422
    assert Enrollment.objects.get(pk=rows[world.owner_pegawai.pk].pk).final_score is None


@pytest.mark.parametrize("tests", [1, 4])
def test_my_scores_list_query_count_is_flat(world, login_actor, client, tests):
    """Scored tests on "Survei saya" cost one query, however many there are."""
    counts = []
    for n in (1, tests):
        admin = world.users["bkpsdm_admin"]
        for _ in range(n):
            start = timezone.localdate() - datetime.timedelta(days=1)
            angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
            Enrollment.objects.create(
                instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled"
            )
            _take(questionnaire(admin, world.a, "l2-tes", angkatan=angkatan, phase="pre"), world.owner_pegawai)
        login_actor("owner")
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(reverse("evaluations:mine"))
        counts.append(len(ctx.captured_queries))
        assert len(resp.context["scores"]) >= n
    assert counts[0] == counts[1]


@pytest.mark.parametrize("passing, shown", [(75, "Nilai Anda: 80 (batas lulus 75)"), (None, "Nilai Anda: 80.")])
def test_post_test_message_uses_the_pass_mark_of_kelulusan(world, course, login_actor, client, passing, shown):
    """The pass mark told after a post-test is the programme's completion rule, the one that decides."""
    angkatan, post, rows = course
    CompletionRule.objects.create(instansi=world.a, program=angkatan.program, passing_score=passing)
    inv = Invitation.objects.get(questionnaire=post, pegawai=world.owner_pegawai)
    login_actor("owner")
    resp = client.post(reverse("evaluations:answer", args=[inv.pk]), _values(post, wrong=1), follow=True)
    assert shown in resp.text and "batas lulus 70" not in resp.text
