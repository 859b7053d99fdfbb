"""A question fetched by id goes through access.py: another instansi's question, or a question of
another questionnaire, is 404 and nothing is deleted."""

import pytest
from django.urls import reverse

from apps.evaluations.models import Question
from apps.evaluations.tests.factories import questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, batch):
    return questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan, open_=False)


def test_question_delete_cross_instansi_is_404_unchanged(login_actor, client, draft):
    question = draft.questions.order_by("id").first()
    login_actor("other_instansi_admin")
    assert client.post(reverse("evaluations:question_delete", args=[draft.pk, question.pk])).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_question_of_another_questionnaire_is_404_unchanged(login_actor, client, world, batch, draft):
    other = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan, open_=False)
    question = other.questions.order_by("id").first()
    login_actor("bkpsdm_admin")
    assert client.post(reverse("evaluations:question_delete", args=[draft.pk, question.pk])).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()
