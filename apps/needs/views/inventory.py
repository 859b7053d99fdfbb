"""The needs inventory: list, generate from gaps, edit, close, and create from a survey or FGD."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.competencies.selectors import (
    kompetensi_choices_for_instansi,
    kompetensi_of_instansi,
)
from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, BKPSDM
from apps.employees.selectors import active_pegawai_choices
from apps.needs import selectors, services
from apps.needs.access import (
    can_draw_needs_from_fgd,
    get_fgd_for_user,
    get_fgd_to_draw_needs,
    get_needs_for_user,
    get_survey_to_manage,
)
from apps.needs.filters import NeedsFilter
from apps.needs.forms import (
    CloseForm,
    FgdNeedsForm,
    GenerateNeedsForm,
    NeedsItemForm,
)
from apps.needs.views._shared import needs_instansi
from apps.organizations.selectors import as_jabatan_choices, as_unit_choices, jabatan_visible_to, units_visible_to


@roles_required(*ADMINS)
def needs_list(request):
    qs = selectors.needs_visible_to(request.user)
    filterset = NeedsFilter(request.GET, queryset=qs, request=request)
    page = paginate(request, selectors.needs_list_rows(filterset.qs))
    return render(
        request,
        "needs/needs_list.html",
        {"filter": filterset, "page_obj": page, "generate_form": GenerateNeedsForm()},
    )


@require_POST
@roles_required(*ADMINS)
@needs_instansi
def needs_generate(request):
    form = GenerateNeedsForm(request.POST)
    if form.is_valid() and (
        done := save_or_error(
            form,
            lambda: services.needs_generate(
                actor=request.user, instansi_id=request.user.instansi_id, year=form.cleaned_data["year"]
            ),
        )
    ):
        result = done.value
        messages.success(
            request,
            _("%(gaps)s kesenjangan diproses: %(created)s kebutuhan baru, %(updated)s diperbarui.") % result,
        )
        return redirect(f"{reverse('needs:needs_list')}?year={form.cleaned_data['year']}")
    qs = selectors.needs_visible_to(request.user)
    filterset = NeedsFilter({}, queryset=qs, request=request)
    page = paginate(request, selectors.needs_list_rows(filterset.qs))
    return render(
        request,
        "needs/needs_list.html",
        {"filter": filterset, "page_obj": page, "generate_form": form},
        status=422,
    )


@roles_required(*ADMINS)
@needs_instansi
def needs_edit(request, pk=None):
    item = get_needs_for_user(request.user, pk) if pk else None
    form = NeedsItemForm(
        request.POST or None,
        instance=item,
        kompetensi_qs=kompetensi_choices_for_instansi(request.user.instansi_id),
        pegawai_qs=active_pegawai_choices(request.user),
        jabatan_qs=as_jabatan_choices(jabatan_visible_to(request.user)),
        units=as_unit_choices(units_visible_to(request.user)),
    )
    save = partial(services.needs_save, actor=request.user, instansi_id=request.user.instansi_id, item=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kompetensi, target_pegawai = data.pop("kompetensi"), list(data.pop("target_pegawai"))
        if done := save_or_error(form, lambda: save(kompetensi=kompetensi, target_pegawai=target_pegawai, **data)):
            messages.success(request, _("Kebutuhan disimpan (prioritas %(p)s).") % {"p": done.value.priority})
            return redirect("needs:needs_list")
    ctx = {"form": form, "item": item, "close_form": CloseForm()}
    return render(request, "needs/needs_form.html", ctx, status=form_status(form))


@require_POST
@roles_required(*ADMINS)
def needs_close(request, pk):
    item = get_needs_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.needs_close(actor=request.user, item=item, note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Kebutuhan ditutup."))
    return redirect("needs:needs_list")


@require_POST
@roles_required(*ADMINS)
def survey_to_needs(request, pk):
    survey = get_survey_to_manage(request.user, pk)
    kompetensi = kompetensi_of_instansi(survey.instansi_id, request.POST.get("kompetensi"))
    if kompetensi is None:
        messages.error(request, _("Pilih kompetensi yang dibutuhkan."))
        return redirect("needs:survey_results", pk=pk)
    try:
        item = services.needs_from_survey(actor=request.user, survey=survey, kompetensi=kompetensi)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kebutuhan dibuat dengan prioritas %(p)s.") % {"p": item.priority})
    return redirect("needs:survey_results", pk=pk)


@require_POST
@roles_required(*ADMINS)
def fgd_to_needs(request, pk):
    fgd = get_fgd_for_user(request.user, pk)
    form = GenerateNeedsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tahun rencana yang sah."))
        return redirect("needs:fgd_edit", pk=pk)
    try:
        n = services.needs_from_fgd(actor=request.user, fgd=fgd, year=form.cleaned_data["year"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s kebutuhan dibuat dari FGD.") % {"n": n})
    return redirect(f"{reverse('needs:needs_list')}?source=fgd")


def _fgd_needs_form(request, fgd, data=None):
    return FgdNeedsForm(
        data,
        fgd=fgd,
        kompetensi_qs=kompetensi_choices_for_instansi(fgd.instansi_id),
        units=as_unit_choices(units_visible_to(request.user)),
        jabatan_qs=as_jabatan_choices(jabatan_visible_to(request.user)),
        pegawai_qs=active_pegawai_choices(request.user),
    )


def _fgd_detail(request, fgd, form, status=200):
    ctx = {"fgd": fgd, "items": selectors.needs_of_fgd(fgd), "form": form}
    return render(request, "needs/fgd_detail.html", ctx, status=status)


@roles_required(*ADMINS)
def fgd_detail(request, pk):
    fgd = get_fgd_for_user(request.user, pk)
    form = _fgd_needs_form(request, fgd) if can_draw_needs_from_fgd(request.user) else None
    return _fgd_detail(request, fgd, form)


@require_POST
@roles_required(*BKPSDM)
def fgd_needs_create(request, pk):
    fgd = get_fgd_to_draw_needs(request.user, pk)
    form = _fgd_needs_form(request, fgd, request.POST)
    if form.is_valid() and (
        done := save_or_error(
            form,
            lambda: services.needs_from_fgd_finding(
                actor=request.user,
                fgd=fgd,
                target_pegawai=list(form.cleaned_data["target_pegawai"]),
                **{k: v for k, v in form.cleaned_data.items() if k != "target_pegawai"},
            ),
        )
    ):
        messages.success(request, _("Kebutuhan dibuat dari FGD (prioritas %(p)s).") % {"p": done.value.priority})
        return redirect("needs:fgd_detail", pk=fgd.pk)
    return _fgd_detail(request, fgd, form, status=form_status(form))
