import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from apps.evaluations import selectors, services
from apps.evaluations.models import (
    Answer,
    AnsweredMarker,
    EvaluationPolicy,
    Invitation,
    Question,
    Questionnaire,
    Response,
)
from apps.evaluations.services import AlreadyAnswered, EvaluationError
from apps.evaluations.tests.factories import (
    answer_values,
    complete_test,
    enrol,
    make_batch,
    questionnaire,
    skm,
    skm_values,
    template,
)

pytestmark = pytest.mark.django_db


def test_create_copies_template_questions(world, batch):
    admin = world.users["bkpsdm_admin"]
    q = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan, open_=False)
    assert q.anonymous and q.status == "draft" and q.salt
    assert list(q.questions.values_list("code", flat=True)) == list(
        template("l1-reaksi").questions.order_by("order").values_list("code", flat=True)
    )
    Question.objects.filter(template=template("l1-reaksi"), code="L1.MAT.1").update(text="diubah")
    assert q.questions.get(code="L1.MAT.1").text != "diubah"


def test_items_expand_per_narasumber_module_and_competency(world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan, open_=False)
    items = selectors.items_of(q)
    assert sorted(i.target_label for i in items if i.target_kind == "narasumber") == sorted(
        n.name for n in batch.narasumber
    )
    assert len([i for i in items if i.target_kind == "module"]) == 2
    q3 = questionnaire(world.users["bkpsdm_admin"], world.a, "l3-alumni", angkatan=batch.angkatan, open_=False)
    assert [i.target_id for i in selectors.items_of(q3) if i.target_kind == "kompetensi"] == [batch.kompetensi.pk] * 2


@pytest.mark.parametrize(
    "code, kwargs, field",
    [
        ("skm", {}, "unit_kerja"),
        ("l1-reaksi", {}, "angkatan"),
        ("l2-tes", {"phase": ""}, "phase"),
        ("mentoring", {"mentoring_program_id": 999999}, "mentoring_program_id"),
    ],
)
def test_create_refuses_missing_target(world, batch, code, kwargs, field):
    if code == "l2-tes":
        kwargs["angkatan"] = batch.angkatan
    with pytest.raises(EvaluationError) as exc:
        services.questionnaire_create(
            actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, template=template(code), **kwargs
        )
    assert exc.value.field == field
    assert not Questionnaire.objects.exists()


def test_create_refuses_other_instansi_target(world):
    other_batch = make_batch(world.b)
    with pytest.raises(EvaluationError):
        services.questionnaire_create(
            actor=world.users["bkpsdm_admin"],
            instansi_id=world.a.pk,
            template=template("l1-reaksi"),
            angkatan=other_batch.angkatan,
        )
    with pytest.raises(EvaluationError):
        services.questionnaire_create(
            actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, template=template("skm"), unit_kerja=world.unit_b
        )


def test_skm_gets_public_token_and_is_anonymous(world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    assert q.public_token and q.anonymous
    assert set(q.questions.filter(code__startswith="U").values_list("code", flat=True)) == {
        f"U{i}" for i in range(1, 10)
    }


def test_open_invites_participants_and_mails_after_commit(world, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    assert len([c for c in callbacks if c.__qualname__.startswith("enqueue")]) == 1  # one task (figures bumps aside)
    invited = set(Invitation.objects.filter(questionnaire=q).values_list("pegawai_id", flat=True))
    assert invited == {world.owner_pegawai.pk, world.mate_pegawai.pk, world.other_pegawai.pk}
    assert not Invitation.objects.filter(questionnaire=q, sent_at__isnull=True).exists()
    assert len(mail.outbox) == 3 and "Undangan mengisi" in mail.outbox[0].subject
    assert services.invitations_sync(questionnaire=q) == 0  # repeat-safe


def test_anonymous_answer_is_not_linked_and_closes_invitation(world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    inv = Invitation.objects.get(questionnaire=q, pegawai=world.owner_pegawai)
    owner = world.users["owner"]
    assert [i.pk for i in services.pending_invitations(owner)] == [inv.pk]
    values = answer_values(selectors.items_of(q), text="Materi bagus")
    response = services.response_submit(questionnaire=q, invitation=inv, values=values, actor=owner)
    response.refresh_from_db()
    assert response.respondent_id is None and response.subject_id is None
    assert not hasattr(response, "invitation_id")
    inv.refresh_from_db()
    assert inv.answered is False  # the invitation row does not say it either
    assert AnsweredMarker.objects.filter(questionnaire=q).count() == 1
    assert services.pending_invitations(owner) == []
    with pytest.raises(AlreadyAnswered):
        services.response_submit(questionnaire=q, invitation=inv, values=values, actor=owner)
    assert Response.objects.filter(questionnaire=q).count() == 1
    from apps.core.models import AuditEvent

    assert not AuditEvent.objects.filter(action="questionnaire.answer").exists()


def test_invalid_answer_saves_nothing(world, batch):
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    inv = Invitation.objects.get(questionnaire=q, pegawai=world.owner_pegawai)
    items = selectors.items_of(q)
    values = answer_values(items)
    values[items[0].field] = 9
    with pytest.raises(EvaluationError) as exc:
        services.response_submit(questionnaire=q, invitation=inv, values=values)
    assert "antara 1 dan 4" in exc.value.message
    assert not Response.objects.exists() and not Answer.objects.exists() and not AnsweredMarker.objects.exists()


def test_closed_questionnaire_refuses_answers(world, batch):
    admin = world.users["bkpsdm_admin"]
    q = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
    inv = Invitation.objects.get(questionnaire=q, pegawai=world.owner_pegawai)
    services.questionnaire_close(actor=admin, questionnaire=q)
    with pytest.raises(services.SurveyClosed):
        services.response_submit(questionnaire=q, invitation=inv, values=answer_values(selectors.items_of(q)))


def test_l2_is_scored_and_linked_to_respondent(world, batch):
    admin = world.users["bkpsdm_admin"]
    pre = questionnaire(admin, world.a, "l2-tes", angkatan=batch.angkatan, phase="pre")
    inv = Invitation.objects.get(questionnaire=pre, pegawai=world.owner_pegawai)
    items = selectors.items_of(pre)
    values = answer_values(items)
    values[items[0].field] = "a"  # wrong: 2 of the 3 items drafted from the programme
    response = services.response_submit(questionnaire=pre, invitation=inv, values=values)
    assert response.score == Decimal("66.67") and response.respondent == world.owner_pegawai
    inv.refresh_from_db()
    assert inv.answered


def test_skm_complete_only_with_all_nine(world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    items = selectors.items_of(q)
    full = services.response_submit(
        questionnaire=q, values=skm_values(items, [4, 4, 3, 4, 3, 4, 4, 3, 4]), profile={"sex": "P"}
    )
    assert full.complete and full.profile == {"sex": "P"} and full.respondent_id is None
    Question.objects.filter(questionnaire=q, code="U9").update(required=False)
    values = skm_values(selectors.items_of(q), [4, 4, 3, 4, 3, 4, 4, 3, 4])
    values[[i.field for i in selectors.items_of(q) if i.question.code == "U9"][0]] = ""
    partial = services.response_submit(questionnaire=q, values=values)
    assert partial.complete is False


def test_question_add_rules(world, batch):
    admin = world.users["bkpsdm_admin"]
    q = questionnaire(admin, world.a, "l2-tes", angkatan=batch.angkatan, phase="post", open_=False)
    question = services.question_add(
        actor=admin,
        questionnaire=q,
        code="L2-6",
        text="Soal baru",
        kind="single",
        choices=[["a", "A"], ["b", "B"]],
        correct="a",
    )
    assert question.correct == "a"
    with pytest.raises(EvaluationError) as exc:
        services.question_add(actor=admin, questionnaire=q, code="L2-6", text="Dupe", kind="text")
    assert exc.value.field == "code"
    with pytest.raises(EvaluationError):
        services.question_add(actor=admin, questionnaire=q, code="X", text="x", kind="single", choices=[["a", "A"]])
    with pytest.raises(EvaluationError):
        services.question_add(
            actor=admin,
            questionnaire=q,
            code="Y",
            text="y",
            kind="single",
            choices=[["a", "A"], ["b", "B"]],
            correct="z",
        )
    complete_test(admin, q)
    services.questionnaire_open(actor=admin, questionnaire=q)
    q.refresh_from_db()
    with pytest.raises(EvaluationError):
        services.question_add(actor=admin, questionnaire=q, code="Z", text="z", kind="text")


def test_skm_codes_are_protected(world):
    admin = world.users["bkpsdm_admin"]
    q = skm(admin, world.a, world.unit_a, open_=False)
    with pytest.raises(EvaluationError):
        services.question_delete(actor=admin, question=q.questions.get(code="U3"))
    with pytest.raises(EvaluationError):
        services.question_add(actor=admin, questionnaire=q, code="U3", text="x", kind="likert4")


def test_l3_followup_after_configured_months(world):
    today = timezone.localdate()
    done = services.months_before(today, 3)
    batch = make_batch(world.a, participants=[world.owner_pegawai], completed_on=done, end_days_ago=100)
    recent = make_batch(world.a, participants=[world.mate_pegawai], completed_on=today - datetime.timedelta(days=40))
    created = services.schedule_followups(instansi_id=world.a.pk, today=today)
    assert {(q.level, q.angkatan_id) for q in created} == {
        ("l3_alumni", batch.angkatan.pk),
        ("l3_atasan", batch.angkatan.pk),
    }
    atasan_q = next(q for q in created if q.level == "l3_atasan")
    inv = Invitation.objects.get(questionnaire=atasan_q)
    assert (inv.pegawai, inv.subject) == (world.supervisor_pegawai, world.owner_pegawai)
    assert services.schedule_followups(instansi_id=world.a.pk, today=today) == []  # repeat-safe
    assert not Questionnaire.objects.filter(angkatan=recent.angkatan).exists()
    EvaluationPolicy.objects.create(instansi=world.a, l3_months=1)
    assert {q.angkatan_id for q in services.schedule_followups(instansi_id=world.a.pk, today=today)} == {
        recent.angkatan.pk
    }


def test_reminders_until_answered_or_limit(world, batch):
    admin = world.users["bkpsdm_admin"]
    q = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
    Invitation.objects.filter(questionnaire=q).update(sent_at=timezone.now() - datetime.timedelta(days=8))
    owner_inv = Invitation.objects.get(questionnaire=q, pegawai=world.owner_pegawai)
    services.response_submit(questionnaire=q, invitation=owner_inv, values=answer_values(selectors.items_of(q)))
    mail.outbox.clear()
    assert services.reminders_send(instansi_id=world.a.pk) == 2
    assert all("Pengingat" in m.subject for m in mail.outbox)
    assert services.reminders_send(instansi_id=world.a.pk) == 0  # not again within the interval
    Invitation.objects.filter(questionnaire=q).update(
        reminded_at=timezone.now() - datetime.timedelta(days=8), reminder_count=3
    )
    assert services.reminders_send(instansi_id=world.a.pk) == 0  # max reached


def test_late_participant_is_invited_by_daily_task(world, batch):
    from apps.evaluations.tasks import evaluations_daily

    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    enrol(batch.angkatan, world.mentor_pegawai)
    totals = evaluations_daily.apply().get()
    assert totals["invited"] == 1
    assert Invitation.objects.filter(questionnaire=q, pegawai=world.mentor_pegawai).exists()


def test_months_before_clamps():
    assert services.months_before(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert services.months_before(datetime.date(2026, 1, 15), 3) == datetime.date(2025, 10, 15)
