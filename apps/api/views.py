"""The admin pages of the API: tokens of the instansi (list, create, revoke), their call log and the API
documentation; each pegawai's private calendar feed (the page that makes and revokes its address, and the public
feed itself)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.api import access, ics, selectors, services
from apps.api.filters import CallLogFilter
from apps.api.forms import FeedIssueForm, TokenCreateForm
from apps.core import rls
from apps.core.decorators import instansi_or_404, roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.links import absolute_url, site_host
from apps.core.pagination import keyset_page, paginate
from apps.core.roles import ADMINS
from apps.employees.selectors import pegawai_of_user

FEED_MAX_AGE = 900  # seconds a calendar app (or a proxy on a slow link) may reuse a fetched feed
FEED_SECRET_MAX = 100  # longer than any issued secret: answered 404 without hashing


@never_cache
@roles_required(*ADMINS)
@instansi_or_404
def token_list(request):
    """GET: the list and an empty form. POST: make a token and show its secret on this answer only (never
    stored, never redirected to, not cached)."""
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        outcome = save_or_error(
            form,
            lambda: services.token_create(
                actor=request.user,
                instansi_id=request.user.instansi_id,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            ),
        )
        if outcome:
            created = outcome.value
            form = TokenCreateForm()
    page = paginate(request, selectors.tokens_visible_to(request.user))
    ctx = {"form": form, "page_obj": page, "created": created, "now": timezone.now()}
    return render(request, "api/token_list.html", ctx, status=201 if created else form_status(form))


@roles_required(*ADMINS)
@instansi_or_404
@require_POST
def token_revoke(request, pk):
    token = access.get_token_for_user(request.user, pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("api:token_list")


@roles_required(*ADMINS)
def docs(request):
    """Swagger UI from the sidecar's static files, started by a static script (the CSP allows no inline one)."""
    return render(request, "api/docs.html")


# --------------------------------------------------------------------------- private calendar feed


def _own_pegawai(request):
    """The calendar page is each person's own: an account without a pegawai record has no calendar (404)."""
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    return pegawai


@never_cache
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """GET: whether an address exists. POST: make one (or a new one in place of it) and show it on this answer
    only: like a token's secret it is never stored, never redirected to, never cached."""
    pegawai = _own_pegawai(request)
    form = FeedIssueForm(request.POST if request.method == "POST" else None)
    issued = None
    if request.method == "POST" and form.is_valid():
        outcome = save_or_error(
            form, lambda: services.feed_issue(actor=request.user, pegawai=pegawai, replace=form.replaces())
        )
        if outcome:
            issued = outcome.value
    ctx = {
        "feed": issued.feed if issued else selectors.feed_active_of(pegawai),
        "feed_url": absolute_url(reverse("calendar_feed", args=[issued.secret])) if issued else "",
        "form": form,
    }
    return render(request, "api/my_calendar.html", ctx, status=201 if issued else form_status(form))


@require_POST
def my_calendar_revoke(request):
    pegawai = _own_pegawai(request)
    try:
        services.feed_revoke(actor=request.user, pegawai=pegawai)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Alamat kalender dicabut: aplikasi kalender yang memakainya tidak menerima jadwal lagi.")
        )
    return redirect("api:my_calendar")


@login_not_required
@require_safe  # HEAD too: some subscribing apps probe the address first
def calendar_feed(request, secret):
    """The subscribed calendar, for an app that cannot sign in: the secret in the address is the key. Unknown and
    revoked addresses are both 404. Everything after the lookup runs as the feed's instansi (row-level security)."""
    feed = selectors.feed_by_secret(secret) if len(secret) <= FEED_SECRET_MAX else None
    if feed is None:
        raise Http404
    with rls.tenant_context(feed.instansi_id):
        ids = {"instansi_id": feed.instansi_id, "pegawai_id": feed.pegawai_id}
        body = ics.feed_calendar(
            angkatan_list=selectors.feed_angkatan(**ids),
            meetings=selectors.feed_mentoring_sessions(**ids),
            host=site_host(),
            tz_name=feed.instansi.timezone,
            name=_("Pelatihan %(name)s") % {"name": feed.pegawai.name},
        )
        services.feed_touch(feed=feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender-saya.ics"'
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex"
    return response


# --------------------------------------------------------------------------- call log


@roles_required(*ADMINS)
@instansi_or_404
def call_log(request):
    """The calls made with the instansi's tokens, newest first (keyset pages: the log only grows). A filter that
    does not validate (another instansi's token) shows nothing, with 422."""
    filterset = CallLogFilter(request.GET, queryset=selectors.call_logs_visible_to(request.user), request=request)
    valid = filterset.is_valid()
    page = keyset_page(request, filterset.qs if valid else filterset.queryset.none())
    query = request.GET.copy()
    query.pop("after", None)
    ctx = {
        "filter": filterset,
        **page,
        "filter_query": query.urlencode(),
        "retention_days": settings.API_CALL_LOG_RETENTION_DAYS,
    }
    return render(request, "api/call_log.html", ctx, status=200 if valid else 422)
