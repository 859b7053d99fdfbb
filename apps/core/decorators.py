"""View guards. Login is enforced globally (LoginRequiredMiddleware); these check roles."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404


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


def instansi_or_404(view: Callable) -> Callable:
    """Pages that only make sense inside one instansi and answer 404 (not a redirect to pick one, as
    `core.tenancy.require_instansi` does) to a superadmin acting in none: their links are never shown there."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.instansi_id is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
