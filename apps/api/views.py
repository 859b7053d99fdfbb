"""The admin pages of the API: tokens of the instansi (list, create, revoke) and the API documentation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.api import access, selectors, services
from apps.api.forms import TokenCreateForm
from apps.core.decorators import instansi_or_404, roles_required
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS


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
