from typing import Any

from django.http import HttpRequest

from apps.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    roles = {str(r) for r in user.roles}
    return {"nav_items": menu_for(roles, request.path), "user_roles": roles}
