"""The annual development plan (RPK): items, budget, approval workflow and its documents."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.selectors import penyelenggara_choices_for, published_program_choices
from apps.competencies.selectors import kompetensi_choices_for_instansi
from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, BKPSDM, Role
from apps.needs import selectors, services
from apps.needs.access import (
    get_plan_for_user,
    get_plan_item_for_user,
)
from apps.needs.exports import XLSX
from apps.needs.forms import (
    ApproveForm,
    PlanForm,
    PlanItemForm,
)
from apps.needs.plan_documents import render_plan_pdf, render_plan_xlsx
from apps.needs.views._shared import needs_instansi
from apps.needs.workflow import allowed_actions
from apps.organizations.selectors import as_unit_choices, units_visible_to


@roles_required(*ADMINS)
def plan_list(request):
    page = paginate(request, selectors.plan_list_rows(request.user))
    can_create = request.user.has_role(Role.ADMIN_BKPSDM)
    return render(request, "needs/plan_list.html", {"page_obj": page, "can_create": can_create})


@roles_required(*BKPSDM)
@needs_instansi
def plan_create(request):
    form = PlanForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: services.plan_create(
                    actor=request.user, instansi_id=request.user.instansi_id, **form.cleaned_data
                ),
            )
        )
    ):
        plan = done.value
        messages.success(request, _("Rencana dibuat. Tambahkan butir rencana."))
        return redirect("needs:plan_detail", pk=plan.pk)
    status = form_status(form)
    return render(request, "needs/plan_form.html", {"form": form, "plan": None}, status=status)


@roles_required(*BKPSDM)
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        if save_or_error(form, lambda: services.plan_update(actor=request.user, plan=plan, **data)):
            messages.success(request, _("Rencana disimpan."))
            return redirect("needs:plan_detail", pk=plan.pk)
    status = form_status(form)
    return render(request, "needs/plan_form.html", {"form": form, "plan": plan}, status=status)


def _plan_page(request, plan, *, status=200, approve_form=None, error=None):

    return render(
        request,
        "needs/plan_detail.html",
        {
            "plan": plan,
            "items": selectors.plan_items_of(plan),
            "totals": selectors.plan_totals(plan),
            "events": selectors.plan_events_of(plan)[:30],
            "actions": allowed_actions(plan, request.user),
            "approve_form": approve_form
            or ApproveForm(initial={"signatory_title": plan.instansi.head_title or _("Kepala BKPSDM")}),
            "error": error,
            "can_edit": plan.is_editable and request.user.has_role(Role.ADMIN_BKPSDM),
        },
        status=status,
    )


@roles_required(*ADMINS)
def plan_detail(request, pk):
    return _plan_page(request, get_plan_for_user(request.user, pk))


@require_POST
@roles_required(*BKPSDM)
def plan_action(request, pk, action):
    plan = get_plan_for_user(request.user, pk)
    approve_form = None
    try:
        if action == "submit":
            plan = services.plan_submit(actor=request.user, plan=plan, note=request.POST.get("note", ""))
        elif action == "return":
            plan = services.plan_return(actor=request.user, plan=plan, note=request.POST.get("note", ""))
        elif action == "approve":
            approve_form = ApproveForm(request.POST)
            if not approve_form.is_valid():
                return _plan_page(request, plan, status=422, approve_form=approve_form)
            plan = services.plan_approve(actor=request.user, plan=plan, **approve_form.cleaned_data)
        elif action == "new_version":
            plan = services.plan_new_version(actor=request.user, plan=plan)
        else:
            raise Http404
    except DomainError as exc:
        return _plan_page(
            request, get_plan_for_user(request.user, pk), status=422, approve_form=approve_form, error=exc.message
        )
    messages.success(request, _("Status rencana: %(s)s.") % {"s": plan.get_status_display()})
    return redirect("needs:plan_detail", pk=plan.pk)


def _plan_item_form(request, plan, item=None):

    return PlanItemForm(
        request.POST or None,
        instance=item,
        kompetensi_qs=kompetensi_choices_for_instansi(plan.instansi_id),
        units=as_unit_choices(units_visible_to(request.user)),
        penyelenggara_qs=penyelenggara_choices_for(request.user),
        program_qs=published_program_choices(plan.instansi_id),
        needs_qs=selectors.needs_choices_for_plan(plan),
    )


@roles_required(*BKPSDM)
def plan_item_edit(request, pk, item_pk=None):
    if item_pk:
        plan, item = get_plan_item_for_user(request.user, pk, item_pk)
    else:
        plan, item = get_plan_for_user(request.user, pk), None
    form = _plan_item_form(request, plan, item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("link_all", None)
        if save_or_error(
            form,
            lambda: services.plan_item_save(
                actor=request.user, plan=plan, item=item, needs_items=list(data.pop("needs_items") or []), **data
            ),
        ):
            messages.success(request, _("Butir rencana disimpan."))
            return redirect("needs:plan_detail", pk=plan.pk)
    status = form_status(form)
    return render(request, "needs/plan_item_form.html", {"form": form, "plan": plan, "item": item}, status=status)


@require_POST
@roles_required(*BKPSDM)
def plan_item_delete(request, pk, item_pk):
    plan, item = get_plan_item_for_user(request.user, pk, item_pk)
    try:
        services.plan_item_delete(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Butir rencana dihapus."))
    return redirect("needs:plan_detail", pk=plan.pk)


@roles_required(*ADMINS)
def plan_pdf(request, pk):

    plan = get_plan_for_user(request.user, pk)
    response = HttpResponse(render_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rpk-{plan.year}-v{plan.version}.pdf"'
    return response


@roles_required(*ADMINS)
def plan_xlsx(request, pk):

    plan = get_plan_for_user(request.user, pk)
    response = HttpResponse(render_plan_xlsx(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rpk-{plan.year}-v{plan.version}.xlsx"'
    return response
