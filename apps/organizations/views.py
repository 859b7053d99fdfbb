from django.contrib import messages
from django.forms.formsets import all_valid
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import roles_required
from apps.core.forms import form_status, hide_errors, rows_status, save_or_error, wants_more_rows
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.core.tenancy import require_instansi, set_acting_instansi
from apps.organizations import selectors, services
from apps.organizations.access import (
    get_instansi_for_superadmin,
    get_jabatan_for_user,
    get_own_instansi,
    get_unit_for_user,
)
from apps.organizations.filters import JabatanFilter, UnitKerjaFilter
from apps.organizations.forms import (
    InstansiForm,
    JabatanForm,
    RetentionForm,
    SwitchInstansiForm,
    UnitKerjaForm,
    jabatan_row_formsets,
)


@roles_required(*ADMINS)
def unit_list(request):
    base = selectors.units_visible_to(request.user)
    filterset = UnitKerjaFilter(request.GET, queryset=base)
    page = paginate(request, selectors.unit_tree_rows(filterset.qs))
    return render(request, "organizations/unit_list.html", {"filter": filterset, "page_obj": page})


@roles_required(*ADMINS)
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    children = selectors.child_units(request.user, unit)
    jabatan = selectors.jabatan_of_unit(request.user, unit)
    return render(request, "organizations/unit_detail.html", {"unit": unit, "children": children, "jabatan": jabatan})


@roles_required(*ADMINS)
@require_instansi
def unit_edit(request, pk=None):
    unit = get_unit_for_user(request.user, pk) if pk else None
    units = selectors.units_visible_to(request.user)
    form = UnitKerjaForm(request.POST or None, instance=unit, units=units)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: services.unit_save(
                    actor=request.user, instansi_id=request.user.instansi_id, unit=unit, **form.cleaned_data
                ),
            )
        )
    ):
        unit = done.value
        messages.success(request, _("Unit kerja disimpan."))
        return redirect("organizations:unit_detail", pk=unit.pk)
    status = form_status(form)
    return render(request, "organizations/unit_form.html", {"form": form, "unit": unit}, status=status)


@roles_required(*ADMINS)
def jabatan_list(request):
    base = selectors.jabatan_visible_to(request.user)
    filterset = JabatanFilter(request.GET, queryset=base, request=request)
    page = paginate(request, selectors.jabatan_list_rows(filterset.qs))
    return render(request, "organizations/jabatan_list.html", {"filter": filterset, "page_obj": page})


@roles_required(*ADMINS)
def jabatan_detail(request, pk):
    jabatan = get_jabatan_for_user(request.user, pk)
    return render(request, "organizations/jabatan_detail.html", {"jabatan": jabatan})


@roles_required(*ADMINS)
@require_instansi
def jabatan_edit(request, pk=None):
    jabatan = get_jabatan_for_user(request.user, pk) if pk else None
    data = request.POST if request.method == "POST" else None
    form = JabatanForm(data, instance=jabatan, units=selectors.units_visible_to(request.user))
    rows = jabatan_row_formsets(data, jabatan)
    if wants_more_rows(data):
        hide_errors(form, *rows)
    elif data is not None and all_valid([form, *rows]) and (done := _jabatan_save(request, jabatan, form, *rows)):
        messages.success(request, _("Jabatan disimpan."))
        return redirect("organizations:jabatan_detail", pk=done.value.pk)
    ctx = {"form": form, "tasks": rows[0], "functions": rows[1], "jabatan": jabatan}
    return render(request, "organizations/jabatan_form.html", ctx, status=rows_status(form, *rows))


def _jabatan_save(request, jabatan, form, tasks, functions):
    """Rows of the editor first, then the lines pasted as text, all in one service call."""
    data = dict(form.cleaned_data)
    pasted = data.pop("tasks_text")
    return save_or_error(
        form,
        lambda: services.jabatan_save(
            actor=request.user,
            instansi_id=request.user.instansi_id,
            jabatan=jabatan,
            tasks=tasks.tasks() + pasted,
            functions=functions.functions(),
            **data,
        ),
    )


@roles_required(*ADMINS)
@require_instansi
def retention_edit(request):
    instansi = get_own_instansi(request.user)
    form = RetentionForm(request.POST or None, instance=instansi)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_error(
            form,
            lambda: services.instansi_retention_set(
                actor=request.user, instansi=instansi, days=form.cleaned_data["file_retention_days"]
            ),
        )
    ):
        messages.success(request, _("Masa simpan berkas disimpan."))
        return redirect("organizations:retention")
    status = form_status(form)
    return render(request, "organizations/retention_form.html", {"form": form, "instansi": instansi}, status=status)


@roles_required(Role.SUPERADMIN)
def instansi_list(request):
    page = paginate(request, selectors.instansi_list_for_superadmin())
    switch_form = SwitchInstansiForm(initial={"instansi": request.user.instansi_id})
    return render(request, "organizations/instansi_list.html", {"page_obj": page, "switch_form": switch_form})


@roles_required(Role.SUPERADMIN)
def instansi_edit(request, pk=None):
    instansi = get_instansi_for_superadmin(request.user, pk) if pk else None
    form = InstansiForm(request.POST or None, instance=instansi)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_error(
            form, lambda: services.instansi_save(actor=request.user, instansi=instansi, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Instansi disimpan."))
        return redirect("organizations:instansi_list")
    status = form_status(form)
    return render(request, "organizations/instansi_form.html", {"form": form, "instansi": instansi}, status=status)


@require_POST
@roles_required(Role.SUPERADMIN)
def instansi_switch(request):
    form = SwitchInstansiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Instansi tidak dikenal."))
        return redirect("organizations:instansi_list")
    instansi = form.cleaned_data["instansi"]
    services.instansi_switch(actor=request.user, instansi=instansi)
    set_acting_instansi(request, instansi.pk if instansi else None)
    if instansi is None:
        messages.info(request, _("Anda kembali melihat semua instansi."))
    else:
        messages.success(request, _("Sekarang bertindak atas nama %(name)s.") % {"name": instansi.name})
    return redirect("core:home")
