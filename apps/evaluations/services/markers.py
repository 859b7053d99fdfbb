"""Answered markers: an invitation is answered at most once, keyed by HMAC so nothing traces back."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings

from apps.evaluations.models import AnsweredMarker, Invitation, Questionnaire
from apps.evaluations.selectors import invitations_of_user


def marker_key(questionnaire: Questionnaire, invitation_id: int) -> str:
    message = f"{questionnaire.pk}:{questionnaire.salt}:{invitation_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def answered_invitation_ids(invitations: list[Invitation]) -> set[int]:
    """Which of these invitations have been answered (one query per questionnaire involved)."""
    by_q: dict[int, dict[str, int]] = {}
    for inv in invitations:
        by_q.setdefault(inv.questionnaire_id, {})[marker_key(inv.questionnaire, inv.pk)] = inv.pk
    answered: set[int] = set()
    for qid, keys in by_q.items():
        found = AnsweredMarker.objects.filter(questionnaire_id=qid, key__in=list(keys)).values_list("key", flat=True)
        answered.update(keys[k] for k in found)
    return answered


def pending_invitations(user: Any) -> list[Invitation]:
    invitations = list(invitations_of_user(user)[:50])
    done = answered_invitation_ids(invitations)
    return [inv for inv in invitations if inv.pk not in done]
