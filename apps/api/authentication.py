"""Who calls the API and how much: bearer-token authentication, the `request.user` of a call, the scope
permission and the per-token throttle. (No APIView import here: DRF settings may name these classes.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from apps.api import selectors, services
from apps.api.models import ApiScope, ApiToken
from apps.core.roles import ADMINS

KEYWORD = b"bearer"


@dataclass(frozen=True)
class ApiClient:
    """`request.user` of an API call: the token's instansi, with no role and no person behind it."""

    token: ApiToken
    instansi_id: int
    scopes: frozenset[str] = field(default_factory=frozenset)
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_active: bool = True
    is_staff: bool = False
    is_superuser: bool = False
    pk: None = None
    roles: frozenset[str] = frozenset()

    def has_role(self, role: str) -> bool:
        return False

    def has_any_role(self, roles: Any) -> bool:
        return False

    def __str__(self) -> str:
        return f"api:{self.token.prefix}"


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`. A missing header leaves the request anonymous (answered 401 by the
    permission); a wrong, revoked or expired token is refused with 401."""

    def authenticate(self, request: Any) -> tuple[ApiClient, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:  # noqa: PLR2004
            raise exceptions.AuthenticationFailed(_("Header Authorization harus berbentuk 'Bearer <token>'."))
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token tidak dikenal.")) from exc
        token = selectors.token_by_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Token tidak dikenal."))
        request._request.api_token = token  # logged even when refused below
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Token sudah dicabut."))
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Token sudah kedaluwarsa."))
        services.token_touch(token=token, now=now)
        return ApiClient(token=token, instansi_id=token.instansi_id, scopes=frozenset(token.scopes)), token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'


class HasScope(permissions.BasePermission):
    """Reads need `read`; a write needs the scope the view names in `write_scope`."""

    message = _("Token ini tidak memiliki cakupan untuk aksi ini.")

    def has_permission(self, request: Any, view: Any) -> bool:
        client = request.user
        if not isinstance(client, ApiClient):
            return False
        if not hasattr(view, request.method.lower()):
            return True  # a method the view does not offer: answered 405, not 403
        if request.method in permissions.SAFE_METHODS:
            needed = ApiScope.READ
        else:
            needed = getattr(view, "write_scope", None)
        return needed is not None and str(needed) in client.scopes


class IsApiClient(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not isinstance(request.user, ApiClient):
            raise exceptions.NotAuthenticated(_("Token API diperlukan: kirim header 'Authorization: Bearer <token>'."))
        return True


class IsApiClientOrAdmin(permissions.BasePermission):
    """The schema: for any token of an instansi, or an admin signed in to the site (the documentation page)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if isinstance(user, ApiClient):
            return True
        if not (user and user.is_authenticated and user.has_any_role(ADMINS)):
            return False
        # The schema view is open to the middleware that holds a session still owing its second factor: hold it here.
        if user.has_two_factor:
            return bool(getattr(user, "is_verified", lambda: False)())
        return not settings.OTP_REQUIRED_FOR_ADMINS


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Per token, counted in the shared cache; the rate is settings.API_RATE_LIMIT (e.g. "600/hour")."""

    scope = "api_token"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        client = request.user
        if not isinstance(client, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.token.pk}
