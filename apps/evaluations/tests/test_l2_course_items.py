"""The shipped pre/post test asks about the batch's own course (issue 23 item 5): items drafted from the
programme's modules and target competencies, completed by the admin before the test can open."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.catalog.models import ProgramCompetency, ProgramModule
from apps.conftest import ALL_ACTORS
from apps.evaluations import services, shipped
from apps.evaluations.errors import EvaluationError
from apps.evaluations.models import Question, Questionnaire, QuestionnaireTemplate
from apps.evaluations.tests.factories import TEST_OPTIONS, complete_test, questionnaire

pytestmark = pytest.mark.django_db

NOT_READY = "Tes belum dapat dibuka: lengkapi pilihan jawaban dan kunci jawaban soal"


def _draft_test(world, batch, phase="pre"):
    return questionnaire(
        world.users["bkpsdm_admin"], world.a, "l2-tes", angkatan=batch.angkatan, phase=phase, open_=False
    )


def _rows(q):
    return list(q.questions.order_by("order", "id").values_list("code", "section", "text", "choices", "correct"))


def test_programme_with_two_modules_and_one_target_competency_yields_its_items(world, batch):
    ProgramModule.objects.filter(pk=batch.modules[0].pk).update(
        description="Peserta mampu menyusun\nstandar pelayanan."
    )
    q = _draft_test(world, batch)
    name = f"M.05 {batch.kompetensi.name}"
    assert _rows(q) == [
        (
            "L2.MOD.1",
            "Modul",
            'Modul "Modul 1" (uraian: Peserta mampu menyusun standar pelayanan.): '
            "tulis soal yang menguji isi modul ini.",
            [],
            None,
        ),
        ("L2.MOD.2", "Modul", 'Modul "Modul 2": tulis soal yang menguji isi modul ini.', [], None),
        (
            "L2.KOMP.1",
            "Kompetensi sasaran",
            f'Kompetensi "{name}" (level sasaran 3): tulis soal yang menguji kompetensi ini.',
            [],
            None,
        ),
    ]
    assert not set(q.questions.values_list("text", flat=True)) & {item["text"] for item in shipped.L2_BANK}


def test_generic_bank_only_when_the_programme_has_no_modules_and_no_target_competencies(world, batch):
    ProgramModule.objects.filter(program=batch.program).delete()
    ProgramCompetency.objects.filter(program=batch.program).delete()
    q = _draft_test(world, batch)
    assert list(q.questions.values_list("code", flat=True)) == [item["code"] for item in shipped.L2_BANK]
    assert all(c is not None for c in q.questions.values_list("correct", flat=True))
    services.questionnaire_open(actor=world.users["bkpsdm_admin"], questionnaire=q)  # the bank is complete


def test_pre_and_post_ask_the_same_and_edits_reach_the_draft_pair(world, batch):
    admin = world.users["bkpsdm_admin"]
    pre, post = _draft_test(world, batch, "pre"), _draft_test(world, batch, "post")
    assert _rows(pre) == _rows(post)
    question = pre.questions.get(code="L2.MOD.1")
    services.question_update(
        actor=admin, question=question, text="Apa tujuan standar pelayanan?", kind="single",
        section="Modul", choices=TEST_OPTIONS, correct="b",
    )  # fmt: skip
    edited = post.questions.get(code="L2.MOD.1")
    assert (edited.text, edited.choices, edited.correct) == ("Apa tujuan standar pelayanan?", TEST_OPTIONS, "b")
    assert _rows(pre) == _rows(post)


def test_a_post_test_made_after_the_pre_test_copies_its_completed_items(world, batch):
    admin = world.users["bkpsdm_admin"]
    pre = _draft_test(world, batch, "pre")
    complete_test(admin, pre)
    services.questionnaire_open(actor=admin, questionnaire=pre)
    post = _draft_test(world, batch, "post")
    assert _rows(post) == _rows(pre) and all(row[4] == "b" for row in _rows(post))
    services.questionnaire_open(actor=admin, questionnaire=post)


def test_opening_is_refused_in_indonesian_until_every_item_has_options_and_a_key(world, batch, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    q = _draft_test(world, batch)
    with pytest.raises(EvaluationError) as exc:
        services.questionnaire_open(actor=admin, questionnaire=q)
    assert exc.value.message.startswith(NOT_READY) and "L2.MOD.1, L2.MOD.2, L2.KOMP.1" in exc.value.message

    resp = client.post(reverse("evaluations:status", args=[q.pk, "buka"]), follow=True)
    assert NOT_READY in resp.text
    q.refresh_from_db()
    assert q.status == "draft" and not q.invitations.exists()

    first = q.questions.get(code="L2.MOD.1")
    services.question_update(
        actor=admin, question=first, text=first.text, kind="single", choices=TEST_OPTIONS, correct="a"
    )
    with pytest.raises(EvaluationError) as exc:  # one item done, two to go
        services.questionnaire_open(actor=admin, questionnaire=q)
    assert "L2.MOD.2, L2.KOMP.1" in exc.value.message and "L2.MOD.1," not in exc.value.message
    complete_test(admin, q)
    assert services.questionnaire_open(actor=admin, questionnaire=q).status == "open"


def test_create_view_tells_the_admin_to_complete_the_items(world, batch, login_actor, client):
    login_actor("bkpsdm_admin")
    tpl = QuestionnaireTemplate.objects.get(code="l2-tes", instansi=None)
    resp = client.post(
        reverse("evaluations:create"),
        {"template": tpl.pk, "angkatan": batch.angkatan.pk, "phase": "post", "min_group_size": 5, "pass_score": 70},
    )
    q = Questionnaire.objects.get()
    assert resp.status_code == 302
    assert any("Tes baru dapat dibuka setelah semua soal lengkap" in str(m) for m in get_messages(resp.wsgi_request))
    page = client.get(reverse("evaluations:detail", args=[q.pk])).text
    assert page.count('text-bg-warning">perlu dilengkapi') == 3  # one badge per drafted item
    assert 'alert alert-warning" role="alert">Soal tes disusun dari modul' in page
    assert reverse("evaluations:question_edit", args=[q.pk, q.questions.get(code="L2.KOMP.1").pk]) in page


EDIT_STATUS = {"bkpsdm_admin": 200, "superadmin": 200, "other_instansi_admin": 404}


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_edit_matrix_and_cross_instansi_404_leaves_the_item_unchanged(actor, world, batch, login_actor, client):
    q = _draft_test(world, batch)
    question = q.questions.get(code="L2.MOD.1")
    login_actor(actor)
    url = reverse("evaluations:question_edit", args=[q.pk, question.pk])
    expected = EDIT_STATUS.get(actor, 403)
    get = client.get(url)
    assert get.status_code == expected
    if expected == 200:
        assert "Modul &quot;Modul 1&quot;" in get.text
    resp = client.post(
        url,
        {"text": "Soal baru", "kind": "single", "scope": "once", "choices_text": "a|Satu\nb|Dua", "correct": "a",
         "points": 1, "required": "on"},
    )  # fmt: skip
    assert resp.status_code == (302 if expected == 200 else expected)
    question.refresh_from_db()
    assert (question.text == "Soal baru" and question.correct == "a") == (expected == 200)


def test_a_question_of_another_questionnaire_is_404(world, batch, login_actor, client):
    login_actor("bkpsdm_admin")
    pre, post = _draft_test(world, batch, "pre"), _draft_test(world, batch, "post")
    other = post.questions.get(code="L2.MOD.1")
    assert client.get(reverse("evaluations:question_edit", args=[pre.pk, other.pk])).status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        ({"choices_text": "a|Satu", "correct": "a"}, "minimal dua pilihan"),
        ({"choices_text": "a|Satu\nb|Dua", "correct": "z"}, "Kunci jawaban harus salah satu pilihan"),
        ({"choices_text": "a Satu\nb|Dua", "correct": "a"}, "Baris 1: tulis sebagai nilai|label"),
        ({"choices_text": "a|Satu\nb|Dua", "correct": "a", "text": ""}, "Bidang ini tidak boleh kosong"),
    ],
)
def test_bad_input_is_422_in_indonesian_and_saves_nothing(data, message, world, batch, login_actor, client):
    login_actor("bkpsdm_admin")
    pre, post = _draft_test(world, batch, "pre"), _draft_test(world, batch, "post")
    question = pre.questions.get(code="L2.MOD.1")
    before = list(Question.objects.order_by("pk").values())
    resp = client.post(
        reverse("evaluations:question_edit", args=[pre.pk, question.pk]),
        {"text": "Soal baru", "kind": "single", "scope": "once", "points": 1, **data},
    )
    assert resp.status_code == 422 and message in resp.text
    assert list(Question.objects.order_by("pk").values()) == before
    assert post.questions.get(code="L2.MOD.1").choices == []


def test_an_open_test_cannot_be_edited(world, batch, login_actor, client):
    admin = login_actor("bkpsdm_admin")
    q = _draft_test(world, batch)
    complete_test(admin, q)
    services.questionnaire_open(actor=admin, questionnaire=q)
    question = q.questions.get(code="L2.MOD.1")
    resp = client.post(
        reverse("evaluations:question_edit", args=[q.pk, question.pk]),
        {"text": "Diubah", "kind": "single", "scope": "once", "choices_text": "a|A\nb|B", "correct": "a", "points": 1},
    )
    assert resp.status_code == 422 and "hanya dapat diubah selama kuesioner masih draf" in resp.text
    question.refresh_from_db()
    assert question.text != "Diubah"
