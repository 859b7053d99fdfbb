"""Second factor and idle sessions, on every signed-in request.

- TwoFactorMiddleware: a user with the second factor on who has not yet given a code in this session is
  sent to the code page; an admin (core.roles.ADMINS) without it, while settings.OTP_REQUIRED_FOR_ADMINS is
  on, is sent to enrol. Logout, the code page, enrolment and public pages stay open (`otp_exempt`).
- IdleSessionMiddleware: a session unused for settings.SESSION_IDLE_TIMEOUT seconds is ended; the time
  of use is written at most once a minute, so a busy session is not saved on every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from apps.core.roles import ADMINS

LAST_SEEN_KEY = "last_seen"
LOGOUT_REASON_KEY = "logout_reason"
#: Rewrite the time of use only when it is older than this (seconds).
LAST_SEEN_RESOLUTION = 60

ALWAYS = "always"
ENROLMENT = "enrolment"


def otp_exempt(scope: str = ALWAYS) -> Callable:
    """Mark a view reachable before the second factor: ALWAYS (logout, the code page) or ENROLMENT
    (the enrolment pages, open to a user who has no second factor yet)."""

    def decorator(view):
        view.otp_exempt = scope
        return view

    return decorator


def needs_admin_enrolment(user) -> bool:
    return bool(settings.OTP_REQUIRED_FOR_ADMINS and not user.has_two_factor and user.stored_roles & ADMINS)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(view_func, "login_required", True) is False:
            return None
        if user.has_two_factor:
            if user.is_verified():
                return None
            target = "accounts:login_verify"
        elif needs_admin_enrolment(user):
            target = "accounts:two_factor"
        else:
            return None
        request.otp_pending = True  # the menu stays empty (core.context_processors.navigation)
        exempt = getattr(view_func, "otp_exempt", None)
        if exempt == ALWAYS or (exempt == ENROLMENT and target == "accounts:two_factor"):
            return None
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.SESSION_IDLE_TIMEOUT
        if timeout and request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > timeout:
                logout(request)
                request.session[LOGOUT_REASON_KEY] = "idle"
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def mark_session_seen(request: HttpRequest) -> None:
    """At sign-in: the clock starts now, and the first page does not have to save the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())
