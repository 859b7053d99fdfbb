"""Completion of a batch and its certificates: pass rule, scores, issue, download, revoke, public check."""

from __future__ import annotations

import hashlib
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.roles import ADMINS
from apps.enrollments import access, selectors, services
from apps.enrollments.forms import (
    CertificateCodeForm,
    CompletionRuleForm,
    RevokeForm,
    ScoresForm,
)
from apps.enrollments.models import EnrollmentStatus as S


@roles_required(*ADMINS)
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


@roles_required(*ADMINS)
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
    certificate = services.certificate_for_download(actor=request.user, certificate=certificate)
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.verification_code}.pdf"'
    return response


@roles_required(*ADMINS)
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


# Codes are 80 random bits, so guessing is hopeless; still, a network that keeps asking for codes that do not
# exist is refused for a while (kept only in the cache, nothing stored about the address). Found codes never
# count, so a desk checking a pile of genuine certificates is not slowed down.
LOOKUP_MISS_LIMIT = 20
LOOKUP_MISS_WINDOW = 3600


def _miss_key(request) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    return "cert-miss:" + hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


@login_not_required
def verify_lookup(request):
    """Public: type the code printed on a certificate; a well-formed code goes to its check page."""
    form = CertificateCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("enrollments:verify_certificate", code=form.cleaned_data["kode"])
    return render(request, "enrollments/verify_lookup.html", {"form": form}, status=form_status(form))


@login_not_required
def verify_certificate(request, code):
    """Public: shows only what confirms the certificate is genuine; the NIP is masked (rule 23). Unknown and
    malformed codes get the same answer, so the page tells nothing about which codes exist."""
    form = CertificateCodeForm()
    if cache.get(_miss_key(request), 0) >= LOOKUP_MISS_LIMIT:
        return render(request, "enrollments/verify_public.html", {"limited": True, "form": form}, status=429)
    certificate = selectors.certificate_by_code(code.strip().upper().replace("-", ""))
    if certificate is None:
        cache.add(_miss_key(request), 0, timeout=LOOKUP_MISS_WINDOW)
        cache.incr(_miss_key(request))
        return render(request, "enrollments/verify_public.html", {"certificate": None, "form": form}, status=404)
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
