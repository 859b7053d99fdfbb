from typing import Any

from django.http import HttpRequest

from apps.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "otp_pending", False):
        # otp_pending: signed in by password but the second factor is still owed (apps.accounts.middleware)
        return {"nav_items": []}
    roles = {str(r) for r in user.roles}
    nav = menu_for(roles, request.path, in_instansi=user.instansi_id is not None)
    return {"nav_items": nav, "user_roles": roles}
