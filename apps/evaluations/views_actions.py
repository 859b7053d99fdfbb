"""Improvement actions: BKPSDM records them from a result; the assignee updates their progress."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.selectors import kompetensi_choices_for, programs_editable_by
from apps.core.decorators import roles_required
from apps.core.forms import save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS
from apps.evaluations import selectors, services
from apps.evaluations.access import get_action_for_user, get_questionnaire_for_user
from apps.evaluations.forms import ActionForm, ActionNeedsForm, ActionProgramForm, ActionStatusForm


def action_list(request):
    page = paginate(request, selectors.action_list_rows(request.user))
    return render(request, "evaluations/action_list.html", {"page_obj": page, "today": timezone.localdate()})


@roles_required(*ADMINS)
def action_create(request):
    if request.user.instansi_id is None:
        messages.warning(request, _("Pilih instansi terlebih dahulu."))
        return redirect("evaluations:actions")
    source = request.GET.get("kuesioner") or request.POST.get("kuesioner")
    questionnaire = get_questionnaire_for_user(request.user, int(source)) if source and source.isdigit() else None
    initial = {"finding": _("Temuan dari %(q)s: ") % {"q": questionnaire.title}} if questionnaire else {}
    form = ActionForm(request.POST or None, pegawai=selectors.assignee_choices(request.user), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: services.action_create(
                    actor=request.user,
                    instansi_id=request.user.instansi_id,
                    questionnaire=questionnaire,
                    **form.cleaned_data,
                ),
            )
        )
    ):
        action = done.value
        messages.success(request, _("Tindakan perbaikan dicatat."))
        return redirect("evaluations:action_detail", pk=action.pk)
    ctx = {"form": form, "questionnaire": questionnaire}
    return render(request, "evaluations/action_form.html", ctx, status=422 if form.errors else 200)


def _detail_context(request, action, **forms):
    is_admin = request.user.has_any_role(ADMINS)
    ctx = {
        "action": action,
        "is_admin": is_admin,
        "status_form": forms.get("status_form")
        or ActionStatusForm(initial={"status": action.status, "result_note": action.result_note}),
        "program_form": None,
        "needs_form": None,
    }
    if is_admin and action.program_id:
        ctx["program_form"] = forms.get("program_form") or ActionProgramForm(
            programs=selectors.next_program_choices(request.user, action)
        )
    if is_admin:
        ctx["needs_form"] = forms.get("needs_form") or ActionNeedsForm(
            kompetensi=kompetensi_choices_for(request.user), initial={"year": timezone.localdate().year + 1}
        )
    return ctx


def action_detail(request, pk):
    action = get_action_for_user(request.user, pk)
    return render(request, "evaluations/action_detail.html", _detail_context(request, action))


@require_POST
def action_status(request, pk):
    action = get_action_for_user(request.user, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid() and save_or_error(
        form, lambda: services.action_update(actor=request.user, action=action, **form.cleaned_data)
    ):
        messages.success(request, _("Status tindakan diperbarui."))
        return redirect("evaluations:action_detail", pk=pk)
    action.refresh_from_db()
    return render(
        request, "evaluations/action_detail.html", _detail_context(request, action, status_form=form), status=422
    )


@require_POST
@roles_required(*ADMINS)
def action_link(request, pk):

    action = get_action_for_user(request.user, pk)
    form = ActionProgramForm(request.POST, programs=programs_editable_by(request.user))
    if form.is_valid() and save_or_error(
        form,
        lambda: services.action_link_next_program(actor=request.user, action=action, **form.cleaned_data),
        field="next_program",
    ):
        messages.success(request, _("Versi program berikutnya ditautkan."))
        return redirect("evaluations:action_detail", pk=pk)
    return render(
        request, "evaluations/action_detail.html", _detail_context(request, action, program_form=form), status=422
    )


@require_POST
@roles_required(*ADMINS)
def action_needs(request, pk):
    action = get_action_for_user(request.user, pk)
    form = ActionNeedsForm(request.POST, kompetensi=kompetensi_choices_for(request.user))
    if form.is_valid() and save_or_error(
        form, lambda: services.action_create_needs(actor=request.user, action=action, **form.cleaned_data)
    ):
        messages.success(request, _("Kebutuhan pengembangan dibuat dari temuan ini."))
        return redirect("evaluations:action_detail", pk=pk)
    return render(
        request, "evaluations/action_detail.html", _detail_context(request, action, needs_form=form), status=422
    )
