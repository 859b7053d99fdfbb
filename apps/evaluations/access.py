"""Fetch-by-id for evaluation rows: missing and not-yours are both 404."""

import logging
from typing import Any

from django.http import Http404

from apps.catalog.selectors import angkatan_visible_to, programs_visible_to
from apps.evaluations.models import Invitation, Questionnaire
from apps.evaluations.selectors import actions_visible_to, invitations_of_user, questionnaires_visible_to, questions_of

logger = logging.getLogger("apps.access")


def get_questionnaire_for_user(user: Any, pk: int) -> Questionnaire:
    questionnaire = questionnaires_visible_to(user).filter(pk=pk).first()
    if questionnaire is None:
        logger.warning("access.denied object=questionnaire pk=%s user=%s", pk, user.pk)
        raise Http404
    return questionnaire


def get_invitation_for_user(user: Any, pk: int) -> Invitation:
    """Only the invited pegawai opens an invitation, while its questionnaire is open."""
    invitation = invitations_of_user(user).filter(pk=pk).first()
    if invitation is None:
        logger.warning("access.denied object=invitation pk=%s user=%s", pk, user.pk)
        raise Http404
    return invitation


def get_action_for_user(user: Any, pk: int) -> Any:

    action = actions_visible_to(user).filter(pk=pk).first()
    if action is None:
        logger.warning("access.denied object=improvement_action pk=%s user=%s", pk, user.pk)
        raise Http404
    return action


def get_angkatan_results_for_user(user: Any, pk: int) -> Any:
    """The batch whose evaluation results the user opens: a batch they may see, else 404."""

    angkatan = angkatan_visible_to(user).filter(pk=pk).first()
    if angkatan is None:
        logger.warning("access.denied object=angkatan_results pk=%s user=%s", pk, user.pk)
        raise Http404
    return angkatan


def get_program_results_for_user(user: Any, pk: int) -> Any:
    """Programme results are per instansi: a programme the user may see, while acting in one instansi."""

    program = programs_visible_to(user).filter(pk=pk).first()
    if program is None or user.instansi_id is None:
        logger.warning("access.denied object=program_results pk=%s user=%s", pk, user.pk)
        raise Http404
    return program


def get_question_to_edit(user: Any, questionnaire_pk: int, pk: int) -> tuple[Questionnaire, Any]:
    """A question of a questionnaire the user manages; a question of another questionnaire is 404."""

    questionnaire = get_questionnaire_for_user(user, questionnaire_pk)
    question = questions_of(questionnaire).filter(pk=pk).first()
    if question is None:
        logger.warning("access.denied object=question pk=%s user=%s", pk, user.pk)
        raise Http404
    return questionnaire, question
