from __future__ import annotations

import datetime

from django.utils import timezone

from apps.api import services


def make_token(instansi, *, actor=None, scopes=("read",), name="SIMPEG", days=30):
    """A token of `instansi` and its secret (as the admin page would make it)."""
    created = services.token_create(
        actor=actor,
        instansi_id=instansi.pk,
        name=name,
        scopes=list(scopes),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return created.token, created.secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
