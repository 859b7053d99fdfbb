from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import roles_required
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.core.services import personal_data_access_log
from apps.core.tenancy import require_instansi
from apps.employees import selectors, services
from apps.employees.access import (
    get_correction_for_admin,
    get_pegawai_for_user,
    get_pegawai_to_edit,
    get_transfer_request_for_user,
)
from apps.employees.filters import PegawaiFilter, is_nip_query
from apps.employees.forms import CorrectionAnswerForm, CorrectionRequestForm, PegawaiForm, TransferDecisionForm
from apps.employees.models import CorrectionStatus, TransferStatus
from apps.organizations.selectors import jabatan_visible_to, units_visible_to


@roles_required(*ADMINS)
def pegawai_list(request):
    """Filters come by GET, except a NIP search: it is POSTed so the NIP never lands in a URL."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST" and not is_nip_query(data.get("q", "")):
        params = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken" and v}
        return redirect(f"{reverse('employees:list')}?{urlencode(params)}")
    filterset = PegawaiFilter(data, queryset=selectors.pegawai_visible_to(request.user), request=request)
    page = paginate(request, selectors.pegawai_list_rows(filterset.qs))
    return render(request, "employees/pegawai_list.html", {"filter": filterset, "page_obj": page})


def pegawai_detail(request, pk):
    pegawai = get_pegawai_for_user(request.user, pk)
    personal_data_access_log(actor=request.user, subject=pegawai, purpose="profil pegawai")
    is_admin = request.user.has_any_role(ADMINS)
    subordinates = selectors.subordinates_visible_to(request.user, pegawai)
    return render(
        request,
        "employees/pegawai_detail.html",
        {
            "pegawai": pegawai,
            "is_admin": is_admin,
            "subordinates": subordinates,
            "show_full_nip": is_admin or pegawai.user_id == request.user.pk,
        },
    )


def my_profile(request):
    pegawai = selectors.pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    return redirect("employees:detail", pk=pegawai.pk)


def my_personal_data(request):
    """The signed-in pegawai's own personal data, every read of it by someone else, and their correction
    requests with the 72-hour clock (UU 27/2022). Reading one's own data is not logged."""
    pegawai = selectors.pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ask = partial(services.correction_request_create, actor=request.user, pegawai=pegawai)
        if save_or_error(form, lambda: ask(**form.cleaned_data)):
            messages.success(request, _("Permintaan perbaikan dikirim ke BKPSDM; jawaban paling lambat 3 × 24 jam."))
            return redirect("employees:my_data")
    context = {
        "pegawai": pegawai,
        "page_obj": paginate(request, selectors.personal_data_reads_of(pegawai)),
        "corrections": selectors.corrections_of_pegawai(pegawai)[:20],
        "form": form,
    }
    return render(request, "employees/my_data.html", context, status=form_status(form))


@roles_required(*ADMINS)
def correction_list(request):
    """BKPSDM's queue of personal-data correction requests: open ones by due time, most overdue first."""
    status = request.GET.get("status", CorrectionStatus.OPEN)
    if status not in CorrectionStatus.values:
        status = CorrectionStatus.OPEN
    page = paginate(request, selectors.correction_queue(request.user, status))
    context = {"page_obj": page, "status": status, "statuses": CorrectionStatus.choices}
    return render(request, "employees/correction_list.html", context)


def correction_detail(request, pk):
    """An admin reads the request (a logged read of the pegawai's data) and applies or refuses it."""
    correction = get_correction_for_admin(request.user, pk)
    form = CorrectionAnswerForm(request.POST or None, correction=correction)
    if request.method == "GET":
        personal_data_access_log(actor=request.user, subject=correction.pegawai, purpose="permintaan perbaikan data")
    elif form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "apply":
            call = partial(services.correction_apply, value=data["value"])
        else:
            call = services.correction_refuse
        answer = partial(call, actor=request.user, correction=correction, note=data["note"])
        if save_or_error(form, answer, aliases={correction.field: "value"}):
            messages.success(request, _("Jawaban disimpan dan dikirim ke pegawai."))
            return redirect("employees:corrections")
    context = {"correction": correction, "pegawai": correction.pegawai, "form": form}
    return render(request, "employees/correction_detail.html", context, status=form_status(form))


@roles_required(Role.SUPERVISOR, *ADMINS)
def my_team(request):
    page = paginate(request, selectors.team_of(request.user))
    return render(request, "employees/team.html", {"page_obj": page})


@roles_required(*ADMINS)
@require_instansi
def pegawai_edit(request, pk=None):
    pegawai = get_pegawai_to_edit(request.user, pk) if pk else None
    form = PegawaiForm(
        request.POST or None,
        instance=pegawai,
        units=units_visible_to(request.user),
        jabatan=jabatan_visible_to(request.user),
        pegawai=selectors.pegawai_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        save = partial(services.pegawai_save, actor=request.user, instansi_id=request.user.instansi_id)
        if done := save_or_error(form, lambda: save(pegawai=pegawai, **form.cleaned_data)):
            saved = done.value
            for warning in saved.nip_warnings:
                messages.warning(request, warning)
            messages.success(request, _("Data pegawai disimpan."))
            return redirect("employees:detail", pk=saved.pk)
    status = form_status(form)
    return render(request, "employees/pegawai_form.html", {"form": form, "pegawai": pegawai}, status=status)


@roles_required(Role.SUPERADMIN)
def transfer_list(request):
    """Mutasi requests: a NIP one instansi tried to add while it is active in another. Superadmin only."""
    status = request.GET.get("status", TransferStatus.OPEN)
    if status not in TransferStatus.values:
        status = TransferStatus.OPEN
    page = paginate(request, selectors.transfer_requests_with_status(request.user, status))
    holders = selectors.transfer_current_holders(list(page.object_list))
    rows = [(item, holders.get(item.nip)) for item in page.object_list]
    context = {"page_obj": page, "rows": rows, "status": status, "statuses": TransferStatus.choices}
    return render(request, "employees/transfer_list.html", context)


@require_POST
@roles_required(Role.SUPERADMIN)
def transfer_decide(request, pk):
    transfer = get_transfer_request_for_user(request.user, pk)
    form = TransferDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau tolak."))
        return redirect("employees:transfers")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.transfer_request_decide(
            actor=request.user, request=transfer, approve=approve, note=form.cleaned_data["note"]
        )
    except services.PegawaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Mutasi disetujui.") if approve else _("Mutasi ditolak."))
    return redirect("employees:transfers")
