"""Individual development plans: goals, activities, the submit/agree workflow and progress."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.selectors import programs_published_for_instansi, published_program_choices
from apps.competencies.selectors import kompetensi_for_instansi
from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import save_or_error
from apps.core.pagination import paginate
from apps.core.roles import Role
from apps.core.services import personal_data_access_log
from apps.employees.selectors import pegawai_of_user
from apps.needs import selectors, services
from apps.needs.access import (
    get_idp_activity_for_user,
    get_idp_for_user,
)
from apps.needs.forms import (
    GenerateNeedsForm,
    IdpActivityForm,
    IdpGoalForm,
    ProgressForm,
)
from apps.needs.views._shared import _skj_items
from apps.needs.workflow import OWNER, idp_allowed_actions, idp_party


def _idp_page(request, idp, *, status=200, goal_form=None, activity_form=None, error=None):

    parties = idp_party(idp, request.user)
    editable = idp.status == "draft" and OWNER in parties
    goals = list(selectors.idp_goals_of(idp))
    context = {
        "idp": idp,
        "pegawai": idp.pegawai,
        "goals": goals,
        "events": selectors.idp_events_of(idp)[:20],
        "actions": idp_allowed_actions(idp, request.user),
        "editable": editable,
        "is_owner": OWNER in parties,
        "error": error,
        "can_add_goal": editable and len(goals) < services.MAX_GOALS,
    }
    if editable:
        context["goal_form"] = goal_form or _idp_goal_form(idp)
        context["activity_form"] = activity_form or _idp_activity_form(idp)
    return render(request, "needs/idp_detail.html", context, status=status)


def _idp_goal_form(idp):
    skj_ids = [i.kompetensi_id for i in _skj_items(idp.pegawai)]
    return IdpGoalForm(
        kompetensi_qs=selectors.idp_kompetensi_choices(idp.pegawai, skj_ids),
        needs_qs=selectors.open_needs_of(idp.pegawai, idp.year),
    )


def _idp_activity_form(idp):

    return IdpActivityForm(
        goals=selectors.idp_goals_of(idp),
        plan_items=selectors.idp_plan_items_for(idp.pegawai, idp.year),
        programs=published_program_choices(idp.pegawai.instansi_id),
    )


def my_idp(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    idps = list(selectors.idps_of_pegawai(pegawai))
    year = timezone.localdate().year
    return render(request, "needs/idp_mine.html", {"idps": idps, "pegawai": pegawai, "year": year})


@require_POST
def idp_create(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    form = GenerateNeedsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tahun yang sah."))
        return redirect("needs:my_idp")
    try:
        idp = services.idp_create(actor=request.user, pegawai=pegawai, year=form.cleaned_data["year"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("needs:my_idp")
    return redirect("needs:idp_detail", pk=idp.pk)


@roles_required(Role.SUPERVISOR)
def team_idp(request):
    """The atasan's list of their team's IDPs, the ones waiting for agreement first."""
    year = timezone.localdate().year
    page = paginate(request, selectors.team_idps(request.user))
    context = {"page_obj": page, "year": year, "without": selectors.team_without_idp(request.user, year)}
    return render(request, "needs/team_idp.html", context)


def idp_detail(request, pk):
    idp = get_idp_for_user(request.user, pk)
    if idp.pegawai.user_id != request.user.pk:
        personal_data_access_log(actor=request.user, subject=idp.pegawai, purpose="IDP")
    return _idp_page(request, idp)


@require_POST
def idp_goal_add(request, pk):
    idp = get_idp_for_user(request.user, pk)
    pegawai = idp.pegawai
    form = IdpGoalForm(
        request.POST,
        kompetensi_qs=kompetensi_for_instansi(pegawai.instansi_id),
        needs_qs=selectors.open_needs_of(pegawai, idp.year),
    )
    if form.is_valid() and save_or_error(
        form, lambda: services.idp_goal_add(actor=request.user, idp=idp, **form.cleaned_data)
    ):
        messages.success(request, _("Sasaran ditambahkan."))
        return redirect("needs:idp_detail", pk=pk)
    return _idp_page(request, idp, status=422, goal_form=form)


@require_POST
def idp_activity_add(request, pk):

    idp = get_idp_for_user(request.user, pk)
    form = IdpActivityForm(
        request.POST,
        goals=selectors.idp_goals_of(idp),
        plan_items=selectors.idp_plan_items_for(idp.pegawai, idp.year),
        programs=programs_published_for_instansi(idp.instansi_id),
    )
    if form.is_valid() and save_or_error(
        form, lambda: services.idp_activity_add(actor=request.user, idp=idp, **form.cleaned_data)
    ):
        messages.success(request, _("Kegiatan ditambahkan."))
        return redirect("needs:idp_detail", pk=pk)
    return _idp_page(request, idp, status=422, activity_form=form)


@require_POST
def idp_action(request, pk, action):
    idp = get_idp_for_user(request.user, pk)
    note = request.POST.get("note", "")[:1000]
    try:
        if action == "submit":
            idp = services.idp_submit(actor=request.user, idp=idp, note=note)
        else:
            idp = services.idp_decide(actor=request.user, idp=idp, action=action, note=note)
    except DomainError as exc:
        return _idp_page(request, get_idp_for_user(request.user, pk), status=422, error=exc.message)
    messages.success(request, _("Status IDP: %(s)s.") % {"s": idp.get_status_display()})
    return redirect("needs:idp_detail", pk=pk)


@require_POST
def idp_progress(request, pk, activity_pk):
    idp, activity = get_idp_activity_for_user(request.user, pk, activity_pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.idp_activity_progress(actor=request.user, activity=activity, **form.cleaned_data)
        except DomainError as exc:
            return _idp_page(request, idp, status=422, error=exc.message)
        messages.success(request, _("Kemajuan disimpan."))
        return redirect("needs:idp_detail", pk=pk)
    return _idp_page(request, idp, status=422, error=_("Isi tanggal yang sah."))
