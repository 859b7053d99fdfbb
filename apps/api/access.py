"""Object access for the token pages: another instansi's token and a missing one are both 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from apps.api.models import ApiToken
from apps.api.selectors import tokens_visible_to


def get_token_for_user(user: Any, pk: int) -> ApiToken:
    token = tokens_visible_to(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token
