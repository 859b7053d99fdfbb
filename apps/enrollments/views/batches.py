"""BKPSDM batch pages: participants and waitlist, bulk nomination, attendance (sheet and codes)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS
from apps.employees.filters import PegawaiFilter
from apps.employees.selectors import (
    active_pegawai_visible_to,
    pegawai_list_rows,
)
from apps.enrollments import access, selectors, services
from apps.enrollments.forms import (
    AttendanceForm,
    BulkNominateForm,
    CodeEntryForm,
    CodeGenerateForm,
    RevokeForm,
)


@roles_required(*ADMINS)
def angkatan_list(request):
    page = paginate(request, selectors.angkatan_admin_rows(request.user))
    return render(request, "enrollments/angkatan_list.html", {"page_obj": page})


@roles_required(*ADMINS)
def angkatan_participants(request, pk):
    angkatan = access.get_angkatan_for_admin(request.user, pk)
    page = paginate(request, selectors.participants(angkatan))
    waiting = selectors.waitlist(angkatan)
    shown = list(waiting[:50])
    ctx = {
        "angkatan": angkatan,
        "page_obj": page,
        "waitlist": shown,
        "waitlist_count": len(shown) if len(shown) < 50 else waiting.count(),  # counted only when cut off
        "pending_count": selectors.pending_count(angkatan),
        "sessions": selectors.sessions_of(angkatan),
        "revoke_form": RevokeForm(),
    }
    return render(request, "enrollments/participants.html", ctx)


@roles_required(*ADMINS)
@require_POST
def waitlist_fill(request, pk):
    angkatan = access.get_angkatan_for_admin(request.user, pk)
    try:
        promoted = services.waitlist_fill(actor=request.user, angkatan=angkatan)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s pegawai naik dari daftar tunggu.") % {"n": len(promoted)})
    return redirect("enrollments:participants", pk=pk)


@roles_required(*ADMINS)
def angkatan_nominate(request, pk):
    """Bulk nomination: filter pegawai (GET), confirm (POST with the same filter)."""
    angkatan = access.get_angkatan_for_admin(request.user, pk)
    filterset = PegawaiFilter(request.GET, queryset=active_pegawai_visible_to(request.user), request=request)
    form = BulkNominateForm(request.POST if request.method == "POST" else None)
    matched = pegawai_list_rows(filterset.qs)
    filtered = any(v for k, v in request.GET.items() if k != "page")
    if request.method == "POST":
        if not filtered:
            form.add_error(None, _("Pilih minimal satu filter (mis. jabatan atau unit kerja) sebelum menominasikan."))
        if form.is_valid() and (job := _bulk_nominate(request, angkatan, form, matched)):
            return redirect("enrollments:bulk_detail", pk=job.value.pk)
    ctx = {
        "angkatan": angkatan,
        "filter": filterset,
        "form": form,
        "filtered": filtered,
        "page_obj": paginate(request, matched) if filtered else None,
    }
    return render(request, "enrollments/bulk_nominate.html", ctx, status=422 if form.errors else 200)


def _bulk_nominate(request, angkatan, form, matched):
    start = partial(services.bulk_nominate_start, actor=request.user, angkatan=angkatan)
    pegawai_ids = list(matched.values_list("pk", flat=True)[:5000])
    return save_or_error(form, lambda: start(pegawai_ids=pegawai_ids, description=request.GET.urlencode()))


@roles_required(*ADMINS)
def bulk_detail(request, pk):
    job = access.get_bulk_job_for_user(request.user, pk)
    return render(request, "enrollments/bulk_detail.html", {"job": job})


@roles_required(*ADMINS)
def session_attendance(request, pk):
    session = access.get_session_for_admin(request.user, pk)
    angkatan = session.angkatan
    rows = list(selectors.participants(angkatan))
    marked = selectors.attendance_of_session(session)
    initial = [r.pk for r in rows if marked.get(r.pk)]
    form = AttendanceForm(request.POST or None, rows=rows, initial={"present": initial})
    save = partial(services.attendance_save, actor=request.user, session=session)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_error(form, lambda: save(present_ids=set(form.cleaned_data["present"])))
    ):
        messages.success(request, _("Presensi sesi disimpan."))
        return redirect("enrollments:session_attendance", pk=pk)
    checked = set(form.data.getlist("present")) if form.is_bound else {str(i) for i in initial}
    ctx = {
        "session": session,
        "angkatan": angkatan,
        "rows": [(r, str(r.pk) in checked, marked.get(r.pk)) for r in rows],
        "form": form,
        "code": selectors.attendance_codes(angkatan).get(session.pk),
        "code_form": CodeGenerateForm(),
    }
    return render(request, "enrollments/attendance.html", ctx, status=422 if form.errors else 200)


@roles_required(*ADMINS)
@require_POST
def session_code(request, pk):
    session = access.get_session_for_admin(request.user, pk)
    form = CodeGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Masa berlaku kode tidak sah."))
        return redirect("enrollments:session_attendance", pk=pk)
    try:
        code = services.attendance_code_create(
            actor=request.user, session=session, valid_hours=form.cleaned_data["valid_hours"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kode presensi: %(code)s") % {"code": code.code})
    return redirect("enrollments:session_attendance", pk=pk)


def attendance_code_entry(request):
    form = CodeEntryForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            entered := save_or_error(
                form,
                lambda: services.attendance_code_enter(actor=request.user, code=form.cleaned_data["code"]),
                field="code",
            )
        )
    ):
        session = entered.value.session
        messages.success(
            request, _("Presensi tercatat: %(session)s.") % {"session": f"{session.topic} ({session.date:%d-%m-%Y})"}
        )
        return redirect("enrollments:code_entry")
    return render(request, "enrollments/code_entry.html", {"form": form}, status=form_status(form))
