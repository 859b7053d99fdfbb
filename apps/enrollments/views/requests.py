"""The enrolment request flow: the pegawai's own list and requests, the atasan's approvals and
nominations, the BKPSDM verification queue, and notifications."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import roles_required
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.core.services import personal_data_access_log
from apps.employees.selectors import (
    is_supervisor_of,
    pegawai_of_user,
    team_of,
)
from apps.enrollments import access, selectors, services
from apps.enrollments.filters import EnrollmentFilter, QueueFilter
from apps.enrollments.forms import (
    CancelForm,
    DecisionForm,
    NominateForm,
    RequestForm,
    VerifyForm,
)
from apps.enrollments.models import EnrollmentStatus as S
from apps.enrollments.workflow import ACTION_LABELS, allowed_actions


def my_enrollments(request):
    filterset = EnrollmentFilter(request.GET, queryset=selectors.my_enrollments(request.user), request=request)
    page = paginate(request, selectors.my_enrollment_rows(filterset.qs))
    return render(request, "enrollments/my_list.html", {"filter": filterset, "page_obj": page})


def _detail_context(request, enrollment, **extra):
    user = request.user
    status = enrollment.status
    actions = allowed_actions(status)
    is_owner = enrollment.pegawai.user_id == user.pk
    is_admin = selectors.is_admin(user)
    ctx = {
        "enrollment": enrollment,
        "events": list(selectors.enrollment_timeline(enrollment)),
        "labels": ACTION_LABELS,
        "can_cancel": "cancel" in actions and (is_owner or is_admin),
        "can_decide": status == S.REQUESTED and not is_owner and is_supervisor_of(user, enrollment.pegawai),
        "can_verify": status == S.APPROVED and is_admin and not is_owner,
        "certificate": getattr(enrollment, "certificate", None) if status == S.COMPLETED else None,
        "cancel_form": CancelForm(),
        "decision_form": DecisionForm(),
        "verify_form": VerifyForm(),
        "show_full_nip": is_admin or is_owner,
        "passing_score": (
            selectors.completion_rule_for(enrollment.angkatan).passing_score
            if enrollment.final_score is not None
            else None
        ),
    }
    ctx.update(extra)
    return ctx


def enrollment_detail(request, pk):
    enrollment = access.get_enrollment_for_user(request.user, pk)
    personal_data_access_log(actor=request.user, subject=enrollment.pegawai, purpose="pendaftaran pelatihan")
    return render(request, "enrollments/detail.html", _detail_context(request, enrollment))


@require_POST
def enrollment_cancel(request, pk):
    form = CancelForm(request.POST)
    enrollment = access.get_own_enrollment(request.user, pk)
    if form.is_valid():
        save_or_error(
            form,
            lambda: services.enrollment_cancel(
                actor=request.user, enrollment=enrollment, note=form.cleaned_data["note"]
            ),
        )
    if form.errors:
        ctx = _detail_context(request, enrollment, cancel_form=form)
        return render(request, "enrollments/detail.html", ctx, status=422)
    messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("enrollments:detail", pk=pk)


def request_create(request, angkatan_pk):
    angkatan = access.get_angkatan_for_request(request.user, angkatan_pk)
    existing = None
    pegawai = pegawai_of_user(request.user)
    if pegawai is not None:
        existing = selectors.active_enrollment(pegawai, angkatan)
    form = RequestForm(request.POST or None, needs_qs=selectors.open_needs_of(pegawai))
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            saved := save_or_error(
                form,
                lambda: services.enrollment_request(actor=request.user, angkatan=angkatan, **form.cleaned_data),
            )
        )
    ):
        for warning in saved.value.warnings:
            messages.warning(request, warning)
        messages.success(request, _("Pendaftaran diajukan."))
        return redirect("enrollments:detail", pk=saved.value.pk)
    ctx = {"form": form, "angkatan": angkatan, "existing": existing, "pegawai": pegawai}
    return render(request, "enrollments/request_form.html", ctx, status=form_status(form))


@roles_required(Role.SUPERVISOR)
def approvals(request):
    filterset = QueueFilter(request.GET, queryset=selectors.approval_queue(request.user), request=request)
    page = paginate(request, filterset.qs)
    selectors.annotate_workload(list(page.object_list), year=timezone.localdate().year)
    return render(
        request, "enrollments/approvals.html", {"filter": filterset, "page_obj": page, "form": DecisionForm()}
    )


def _decide(user, enrollment, form):
    note = form.cleaned_data["note"]
    if form.cleaned_data["decision"] == "approve":
        return services.enrollment_approve(actor=user, enrollment=enrollment, note=note)
    return services.enrollment_reject(actor=user, enrollment=enrollment, reason=note)


@require_POST
def enrollment_decide(request, pk):
    """Atasan approve/reject (admins may reject too). Real form POST; HTMX swaps the row."""
    form = DecisionForm(request.POST)
    enrollment = access.get_enrollment_to_decide(request.user, pk)
    if form.is_valid() and (decided := save_or_error(form, lambda: _decide(request.user, enrollment, form))):
        enrollment = decided.value
    if request.htmx:  # always 200: htmx does not swap 4xx responses by default
        enrollment = access.get_enrollment_for_user(request.user, pk)
        rows = selectors.annotate_workload([enrollment], year=timezone.localdate().year)
        return render(
            request, "enrollments/_approval_row.html", {"row": rows[0], "form": form, "done": not form.errors}
        )
    if form.errors:
        ctx = _detail_context(request, enrollment, decision_form=form)
        return render(request, "enrollments/detail.html", ctx, status=422)
    if enrollment.status == S.APPROVED:
        messages.success(request, _("Pendaftaran disetujui."))
    else:
        messages.success(request, _("Pendaftaran ditolak."))
    return redirect(request.POST.get("next") or "enrollments:approvals")


def _nominate(user, data):
    return services.enrollment_nominate(
        actor=user, angkatan=data["angkatan"], pegawai=data["pegawai"], note=data["note"]
    )


@roles_required(Role.SUPERVISOR)
def nominate(request):
    form = NominateForm(
        request.POST or None,
        pegawai_qs=team_of(request.user),
        angkatan_qs=selectors.nominable_angkatan(request.user),
        initial={"angkatan": request.GET.get("angkatan")},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (saved := save_or_error(form, lambda: _nominate(request.user, form.cleaned_data)))
    ):
        name = saved.value.pegawai.name
        messages.success(request, _("%(name)s dinominasikan; menunggu verifikasi BKPSDM.") % {"name": name})
        return redirect("enrollments:detail", pk=saved.value.pk)
    return render(request, "enrollments/nominate.html", {"form": form}, status=form_status(form))


@roles_required(*ADMINS)
def verify_queue(request):
    filterset = QueueFilter(request.GET, queryset=selectors.verification_queue(request.user), request=request)
    page = paginate(request, filterset.qs)
    selectors.annotate_workload(list(page.object_list), year=timezone.localdate().year)
    return render(
        request, "enrollments/verify_queue.html", {"filter": filterset, "page_obj": page, "form": VerifyForm()}
    )


def _verify(user, enrollment, form):
    note = form.cleaned_data["note"]
    if form.cleaned_data["decision"] == "reject":
        return services.enrollment_reject(actor=user, enrollment=enrollment, reason=note)
    override = note if form.cleaned_data["override"] else ""
    return services.enrollment_verify(actor=user, enrollment=enrollment, override_reason=override)


@roles_required(*ADMINS)
@require_POST
def enrollment_verify(request, pk):
    form = VerifyForm(request.POST)
    enrollment = access.get_enrollment_to_verify(request.user, pk)
    if form.is_valid() and (verified := save_or_error(form, lambda: _verify(request.user, enrollment, form))):
        enrollment = verified.value
    if request.htmx:
        enrollment = access.get_enrollment_for_user(request.user, pk)
        rows = selectors.annotate_workload([enrollment], year=timezone.localdate().year)
        return render(request, "enrollments/_verify_row.html", {"row": rows[0], "form": form, "done": not form.errors})
    if form.errors:
        ctx = _detail_context(request, enrollment, verify_form=form)
        return render(request, "enrollments/detail.html", ctx, status=422)
    messages.success(request, _("Status pendaftaran: %(s)s.") % {"s": enrollment.get_status_display()})
    return redirect(request.POST.get("next") or "enrollments:verify_queue")


def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(actor=request.user)
        return redirect("enrollments:notifications")
    page = paginate(request, selectors.notifications_for(request.user))
    return render(request, "enrollments/notifications.html", {"page_obj": page})
