"""The base view of every endpoint: it runs the handler inside its token's instansi (row-level security) and
logs the call.

Why the view and not the middleware: DRF authenticates inside the view, after `RowLevelSecurityMiddleware`
has already let the request through as anonymous, so the view itself switches the connection to the tenant
role once the token is known."""

from __future__ import annotations

import contextlib
from typing import Any

from rest_framework.views import APIView

from apps.api import services
from apps.api.authentication import ApiTokenAuthentication, HasScope, IsApiClient, TokenRateThrottle
from apps.core import rls


class TenantAPIView(APIView):
    """Base of every endpoint: token authentication, scope check, per-token rate limit, the handler run
    inside `rls.tenant_context(token.instansi_id)`, and one ApiCallLog row per call."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsApiClient, HasScope]
    throttle_classes = [TokenRateThrottle]
    write_scope: str | None = None

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        self._tenant.enter_context(rls.tenant_context(request.user.instansi_id))

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with contextlib.ExitStack() as self._tenant:
            response = super().dispatch(request, *args, **kwargs)
            response.render()  # serialising inside the block: any lazy query stays bound to the instansi
            token = getattr(request, "api_token", None)
            if token is not None:
                services.call_log_write(
                    token=token, method=request.method, path=request.path, status=response.status_code
                )
        return response
