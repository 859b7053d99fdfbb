"""Enrolment pages: parse → access → service → render/redirect. Login is enforced globally; the
public certificate check is the one page marked `login_not_required`."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.ics import build_calendar
from apps.core.decorators import ADMIN_ROLES, roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.services import personal_data_access_log
from apps.employees.filters import PegawaiFilter
from apps.employees.selectors import (
    active_pegawai_visible_to,
    is_supervisor_of,
    pegawai_list_rows,
    pegawai_of_user,
    team_of,
)
from apps.enrollments import access, exports, jp, selectors, services
from apps.enrollments.filters import EnrollmentFilter, ExternalFilter, QueueFilter, UnitFilter
from apps.enrollments.forms import (
    AttendanceForm,
    BulkNominateForm,
    CancelForm,
    CodeEntryForm,
    CodeGenerateForm,
    CompletionRuleForm,
    DecisionForm,
    ExternalDecisionForm,
    ExternalTrainingForm,
    NominateForm,
    RequestForm,
    RevokeForm,
    ScoresForm,
    VerifyForm,
    YearForm,
)
from apps.enrollments.models import EnrollmentStatus as S
from apps.enrollments.workflow import ACTION_LABELS, allowed_actions

ATASAN_ROLES = ("supervisor",)


def _year(request) -> int:
    return YearForm(request.GET).year_or_current()


def _require_instansi(request) -> None:
    if request.user.instansi_id is None:
        raise Http404


# --------------------------------------------------------------------------- pegawai


def my_calendar(request):
    """One .ics with every batch the user is enrolled in or waiting for, for their phone's calendar."""
    tz_name = request.instansi.timezone if getattr(request, "instansi", None) else "Asia/Makassar"
    body = build_calendar(
        selectors.my_calendar_angkatan(request.user),
        host=request.get_host(),
        tz_name=tz_name,
        name=_("Pelatihan saya"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pelatihan-saya.ics"'
    return response


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


# --------------------------------------------------------------------------- atasan


@roles_required(*ATASAN_ROLES)
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


@roles_required(*ATASAN_ROLES)
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


# --------------------------------------------------------------------------- admin: verification


@roles_required(*ADMIN_ROLES)
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


@roles_required(*ADMIN_ROLES)
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


# --------------------------------------------------------------------------- admin: batches


@roles_required(*ADMIN_ROLES)
def angkatan_list(request):
    page = paginate(request, selectors.angkatan_admin_rows(request.user))
    return render(request, "enrollments/angkatan_list.html", {"page_obj": page})


@roles_required(*ADMIN_ROLES)
def angkatan_participants(request, pk):
    angkatan = access.get_angkatan_for_admin(request.user, pk)
    page = paginate(request, selectors.participants(angkatan))
    waiting = selectors.waitlist(angkatan)
    ctx = {
        "angkatan": angkatan,
        "page_obj": page,
        "waitlist": list(waiting[:50]),
        "waitlist_count": waiting.count(),
        "pending_count": selectors.pending_count(angkatan),
        "sessions": selectors.sessions_of(angkatan),
        "revoke_form": RevokeForm(),
    }
    return render(request, "enrollments/participants.html", ctx)


@roles_required(*ADMIN_ROLES)
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


@roles_required(*ADMIN_ROLES)
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


@roles_required(*ADMIN_ROLES)
def bulk_detail(request, pk):
    job = access.get_bulk_job_for_user(request.user, pk)
    return render(request, "enrollments/bulk_detail.html", {"job": job})


# --------------------------------------------------------------------------- admin: attendance


@roles_required(*ADMIN_ROLES)
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


@roles_required(*ADMIN_ROLES)
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


# --------------------------------------------------------------------------- admin: completion, certificates


@roles_required(*ADMIN_ROLES)
def angkatan_completion(request, pk):
    angkatan = access.get_angkatan_for_admin(request.user, pk)
    rule = selectors.completion_rule_for(angkatan)
    rows = list(selectors.participants(angkatan))
    action = request.POST.get("action") if request.method == "POST" else None
    rule_form, scores_form = _completion_forms(request, action, rule, rows)
    if action == "rule" and rule_form.is_valid():
        services.completion_rule_save(actor=request.user, angkatan=angkatan, **rule_form.cleaned_data)
        messages.success(request, _("Syarat kelulusan disimpan."))
        return redirect("enrollments:completion", pk=pk)
    complete = partial(services.angkatan_complete, actor=request.user, angkatan=angkatan)
    if (
        action == "complete"
        and scores_form.is_valid()
        and (done := save_or_error(scores_form, lambda: complete(scores=scores_form.scores())))
    ):
        counts = {"c": done.value["completed"], "n": done.value["not_completed"]}
        messages.success(request, _("%(c)s peserta lulus, %(n)s tidak lulus.") % counts)
        return redirect("enrollments:completion", pk=pk)
    ctx = {
        "angkatan": angkatan,
        "rule": rule,
        "rule_form": rule_form,
        "scores_form": scores_form,
        "done_rows": [r for r in rows if r.status == S.COMPLETED],
        "revoke_form": RevokeForm(),
    }
    return render(request, "enrollments/completion.html", ctx, status=form_status(rule_form, scores_form))


def _completion_forms(request, action, rule, rows):
    """The pass-rule form and the scores form of the open participants; only the posted one is bound."""
    initial = {"min_attendance_percent": rule.min_attendance_percent, "passing_score": rule.passing_score}
    rule_form = CompletionRuleForm(request.POST if action == "rule" else None, initial=initial)
    open_rows = [r for r in rows if r.status in (S.ENROLLED, S.NOT_COMPLETED)]
    scores_form = ScoresForm(request.POST if action == "complete" else None, rows=open_rows)
    return rule_form, scores_form


@roles_required(*ADMIN_ROLES)
@require_POST
def certificates_issue(request, pk):
    angkatan = access.get_angkatan_for_admin(request.user, pk)
    try:
        issued = services.certificates_issue_for_angkatan(actor=request.user, angkatan=angkatan)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s sertifikat diterbitkan.") % {"n": issued})
    return redirect("enrollments:completion", pk=pk)


def certificate_download(request, pk):
    certificate = access.get_certificate_for_user(request.user, pk)
    if not certificate.pdf:
        certificate = services.certificate_pdf_ensure(certificate_id=certificate.pk)
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.verification_code}.pdf"'
    return response


@roles_required(*ADMIN_ROLES)
@require_POST
def certificate_revoke(request, pk):
    certificate = access.get_certificate_for_admin(request.user, pk)
    form = RevokeForm(request.POST)
    revoke = partial(services.certificate_revoke, actor=request.user, certificate=certificate)
    if form.is_valid():
        save_or_error(form, lambda: revoke(reason=form.cleaned_data["reason"]))
    if form.errors:
        angkatan = certificate.enrollment.angkatan
        ctx = {"certificate": certificate, "form": form, "angkatan": angkatan}
        return render(request, "enrollments/revoke_error.html", ctx, status=422)
    messages.success(request, _("Sertifikat %(n)s dicabut.") % {"n": certificate.number})
    return redirect("enrollments:completion", pk=certificate.enrollment.angkatan_id)


@login_not_required
def verify_certificate(request, code):
    """Public: shows only what confirms the certificate is genuine; the NIP is masked (rule 23)."""
    certificate = selectors.certificate_by_code(code.strip().upper().replace("-", ""))
    if certificate is None:
        return render(request, "enrollments/verify_public.html", {"certificate": None}, status=404)
    enrollment = certificate.enrollment
    ctx = {
        "certificate": certificate,
        "pegawai_name": enrollment.pegawai.name,
        "nip_masked": enrollment.pegawai.nip_masked,
        "angkatan": enrollment.angkatan,
        "program": enrollment.angkatan.program,
        "jp": enrollment.angkatan.program.learning_hours,
    }
    return render(request, "enrollments/verify_public.html", ctx)


# --------------------------------------------------------------------------- JP ledger


def my_jp(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    today = timezone.localdate()
    progress, bounds = selectors.yearly_progress_of(pegawai, on=today)
    entries = paginate(request, selectors.ledger_for_pegawai(pegawai))
    ctx = {
        "pegawai": pegawai,
        "progress": progress,
        "period": bounds,
        "page_obj": entries,
        "externals": selectors.recent_externals_of(request.user, pegawai),
        "certificates": selectors.recent_certificates_of(request.user, pegawai),
        "is_pppk": pegawai.employment_type in jp.PPPK_LIMITED_TYPES,
    }
    return render(request, "enrollments/my_jp.html", ctx)


def external_create(request):
    if pegawai_of_user(request.user) is None:
        raise Http404
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_error(form, lambda: services.external_report(actor=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Laporan dikirim; JP dihitung setelah diverifikasi BKPSDM."))
        return redirect("enrollments:my_jp")
    return render(request, "enrollments/external_form.html", {"form": form}, status=form_status(form))


@roles_required(*ADMIN_ROLES)
def external_queue(request):
    data = request.GET.copy()
    data.setdefault("status", "pending")
    filterset = ExternalFilter(data, queryset=selectors.external_visible_to(request.user), request=request)
    page = paginate(request, selectors.external_queue_rows(filterset.qs))
    return render(
        request,
        "enrollments/external_queue.html",
        {"filter": filterset, "page_obj": page, "form": ExternalDecisionForm()},
    )


@roles_required(*ADMIN_ROLES)
@require_POST
def external_decide(request, pk):
    training = access.get_external_for_admin(request.user, pk)
    form = ExternalDecisionForm(request.POST)
    decide = partial(services.external_decide, actor=request.user, training=training)
    if form.is_valid():
        data = form.cleaned_data
        save_or_error(
            form,
            lambda: decide(approve=data["decision"] == "approve", jp_approved=data["jp_approved"], note=data["note"]),
        )
    if form.errors:
        return render(
            request, "enrollments/external_decide_error.html", {"training": training, "form": form}, status=422
        )
    messages.success(request, _("Laporan pelatihan eksternal diputus."))
    return redirect("enrollments:external_queue")


def external_file(request, pk):
    training = access.get_external_for_user(request.user, pk)
    return FileResponse(
        training.certificate_file.open("rb"),
        as_attachment=True,
        filename=training.certificate_file.name.rsplit("/", 1)[-1],
    )


@roles_required(*ADMIN_ROLES)
def jp_dashboard(request):
    _require_instansi(request)
    year = _year(request)
    units = selectors.jp_share_by_unit(request.user.instansi_id, year)
    total = sum(u["total"] for u in units)
    met = sum(u["met"] for u in units)
    ctx = {
        "year": year,
        "units": units,
        "total": total,
        "met": met,
        "percent": met * 100 // total if total else 0,
        "year_form": YearForm(initial={"year": year}),
        "target": jp.PNS_TARGET_JP,
    }
    return render(request, "enrollments/jp_dashboard.html", ctx)


@roles_required(*ADMIN_ROLES)
def jp_below_target(request):
    _require_instansi(request)
    year = _year(request)
    filterset = UnitFilter(
        request.GET, queryset=selectors.pns_below_target(request.user.instansi_id, year), request=request
    )
    page = paginate(request, filterset.qs)
    return render(
        request,
        "enrollments/jp_below.html",
        {"filter": filterset, "page_obj": page, "year": year, "target": jp.PNS_TARGET_JP},
    )


@require_POST
@roles_required(*ADMIN_ROLES)
def jp_shortfall_needs(request):
    _require_instansi(request)
    year = _year(request)
    try:
        item = services.jp_shortfall_to_needs(actor=request.user, instansi_id=request.user.instansi_id, year=year)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if item is None:
            messages.info(request, _("Semua PNS sudah mencapai target JP; tidak ada kebutuhan baru."))
        else:
            messages.success(
                request,
                _("Kebutuhan tahun %(y)s dicatat untuk %(n)s PNS di bawah target.")
                % {"y": item.year, "n": item.affected},
            )
    return redirect(f"{reverse('enrollments:jp_below')}?year={year}")


@roles_required(*ADMIN_ROLES)
def jp_export(request):
    _require_instansi(request)
    year = _year(request)
    data = exports.siasn_workbook(request.user.instansi_id, year)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="riwayat-diklat-{year}.xlsx"'
    return response


@roles_required(*ADMIN_ROLES)
def nothing_this_year(request):
    _require_instansi(request)
    year = _year(request)
    filterset = UnitFilter(
        request.GET, queryset=selectors.nothing_this_year(request.user.instansi_id, year), request=request
    )
    page = paginate(request, filterset.qs)
    return render(request, "enrollments/nothing.html", {"filter": filterset, "page_obj": page, "year": year})


# --------------------------------------------------------------------------- notifications


def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(actor=request.user)
        return redirect("enrollments:notifications")
    page = paginate(request, selectors.notifications_for(request.user))
    return render(request, "enrollments/notifications.html", {"page_obj": page})
