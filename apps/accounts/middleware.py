"""Tenant middleware: decides which instansi a request acts in and activates its time zone."""

from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from apps.organizations.selectors import instansi_by_id

ACTING_SESSION_KEY = "acting_instansi_id"


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.instansi = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.is_platform_admin:
                user._acting_instansi_id = request.session.get(ACTING_SESSION_KEY)
            instansi_id = user.instansi_id
            if instansi_id:
                request.instansi = instansi_by_id(instansi_id)
        if request.instansi is not None:
            timezone.activate(ZoneInfo(request.instansi.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)
