"""Fetch-by-id for evaluation rows: missing and not-yours are both 404."""

import logging
from typing import Any

from django.http import Http404

from apps.evaluations.models import Invitation, Questionnaire
from apps.evaluations.selectors import invitations_of_user, questionnaires_visible_to

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
    from apps.evaluations.selectors import actions_visible_to

    action = actions_visible_to(user).filter(pk=pk).first()
    if action is None:
        logger.warning("access.denied object=improvement_action pk=%s user=%s", pk, user.pk)
        raise Http404
    return action
