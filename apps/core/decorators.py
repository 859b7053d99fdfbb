"""View guards. Login is enforced globally (LoginRequiredMiddleware); these check roles."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied


def roles_required(*roles: str) -> Callable:
    """Refuse (403) a page that none of the user's roles may open. Object access stays in access.py."""
    wanted = {str(r) for r in roles}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (set(request.user.roles) & wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


ADMIN_ROLES = ("admin_bkpsdm", "superadmin")
