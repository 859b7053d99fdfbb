"""Answered markers: an invitation is answered at most once, keyed by HMAC so nothing traces back."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings

from apps.evaluations.models import AnsweredMarker, Invitation, Level, Questionnaire
from apps.evaluations.selectors import invitations_of_user


def marker_key(questionnaire: Questionnaire, invitation_id: int) -> str:
    message = f"{questionnaire.pk}:{questionnaire.salt}:{invitation_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def answered_invitation_ids(invitations: list[Invitation]) -> set[int]:
    """Which of these invitations have been answered, in one query whatever the number of questionnaires
    (a marker's key is an HMAC of its questionnaire and invitation, so keys never collide)."""
    if not invitations:
        return set()
    keys = {(inv.questionnaire_id, marker_key(inv.questionnaire, inv.pk)): inv.pk for inv in invitations}
    found = AnsweredMarker.objects.filter(
        questionnaire_id__in={qid for qid, _key in keys}, key__in=[key for _qid, key in keys]
    ).values_list("questionnaire_id", "key")
    return {keys[pair] for pair in found if pair in keys}


def pending_invitations(user: Any) -> list[Invitation]:
    invitations = list(invitations_of_user(user)[:50])
    done = answered_invitation_ids(invitations)
    return [inv for inv in invitations if inv.pk not in done]


def pending_split(user: Any) -> tuple[list[Invitation], list[Invitation]]:
    """(the user's own surveys and tests, the L3 follow-ups they owe as atasan about an alumnus of the team):
    the second reach the atasan as a task of its own, not as one more survey."""
    pending = pending_invitations(user)
    team = [inv for inv in pending if inv.questionnaire.level == Level.L3_ATASAN]
    return [inv for inv in pending if inv.questionnaire.level != Level.L3_ATASAN], team
