"""Tenancy: the one home of "which instansi does this request act in, and which rows may it see".

- `scope(qs, user)`: the only filter from a user to the rows of their instansi.
- The acting instansi: a superadmin may act on behalf of one instansi per session
  (`set_acting_instansi`), read back by `TenantMiddleware` on every request.
- `require_instansi`: a view guard for pages that need a concrete instansi.

Core sits below organizations, so the tenant model is named, not imported (like AUTH_USER_MODEL)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.roles import Role

TENANT_MODEL = "organizations.Instansi"
ACTING_SESSION_KEY = "acting_instansi_id"
#: Where a superadmin picks the instansi to act in.
CHOOSE_INSTANSI_URL = "organizations:instansi_list"


def sees_all_instansi(user: Any) -> bool:
    """A superadmin who has not switched into one instansi sees every instansi."""
    return user.has_role(Role.SUPERADMIN) and user.instansi_id is None


def scope(qs: QuerySet, user: Any, field: str = "instansi_id") -> QuerySet:
    """Rows of the user's instansi; all rows for a superadmin acting in none; nothing without one."""
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    return qs.filter(**{field: user.instansi_id})


def scope_with_shared(qs: QuerySet, user: Any, field: str = "instansi") -> QuerySet:
    """Like `scope`, plus the national rows (no instansi) every instansi shares."""
    if sees_all_instansi(user):
        return qs
    shared = Q(**{f"{field}__isnull": True})
    if user.instansi_id is None:
        return qs.filter(shared)
    return qs.filter(shared | Q(**{f"{field}_id": user.instansi_id}))


# --------------------------------------------------------------------------- acting instansi


def set_acting_instansi(request: HttpRequest, instansi_id: int | None) -> None:
    """A superadmin acts for `instansi_id` from the next request on (None: back to every instansi)."""
    if instansi_id is None:
        request.session.pop(ACTING_SESSION_KEY, None)
    else:
        request.session[ACTING_SESSION_KEY] = instansi_id


class TenantMiddleware:
    """Decides which instansi a request acts in and activates that instansi's time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.instansi = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.has_role(Role.SUPERADMIN):
                user._acting_instansi_id = request.session.get(ACTING_SESSION_KEY)
            if user.instansi_id:
                request.instansi = django_apps.get_model(TENANT_MODEL).objects.filter(pk=user.instansi_id).first()
        if request.instansi is not None:
            timezone.activate(ZoneInfo(request.instansi.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)


# --------------------------------------------------------------------------- view guard


def instansi_missing(request: HttpRequest, message: str | None = None) -> HttpResponse | None:
    """None when the request acts in an instansi; otherwise the redirect that asks to pick one."""
    if request.user.instansi_id is not None:
        return None
    messages.warning(request, message or _("Pilih instansi terlebih dahulu untuk menambah atau mengubah data."))
    return redirect(CHOOSE_INSTANSI_URL)


def require_instansi(view: Callable | None = None, *, message: str | None = None) -> Callable:
    """Pages that read or write one instansi's data: a superadmin acting in none is sent to pick one."""

    def decorator(view_func: Callable) -> Callable:
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            return instansi_missing(request, message) or view_func(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
