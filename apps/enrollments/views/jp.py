"""The JP ledger: the pegawai's own progress and external trainings; BKPSDM dashboards, queues and exports."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.decorators import instansi_or_404, roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS
from apps.employees.selectors import pegawai_of_user
from apps.enrollments import access, jp, selectors, services
from apps.enrollments.filters import ExternalFilter, UnitFilter
from apps.enrollments.forms import (
    ExternalDecisionForm,
    ExternalTrainingForm,
    JPExportForm,
    UntrainedNominateForm,
    UntrainedSelectionForm,
    YearForm,
)


def _year(request) -> int:
    return YearForm(request.GET).year_or_current()


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


@roles_required(*ADMINS)
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


@roles_required(*ADMINS)
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


def _dashboard(request, year: int, export_form: JPExportForm | None = None, status: int = 200):
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
        "export_form": export_form or JPExportForm(initial={"year": year}),
        "target": jp.PNS_TARGET_JP,
    }
    return render(request, "enrollments/jp_dashboard.html", ctx, status=status)


@roles_required(*ADMINS)
@instansi_or_404
def jp_dashboard(request):
    return _dashboard(request, _year(request))


@roles_required(*ADMINS)
@instansi_or_404
def jp_below_target(request):
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
@roles_required(*ADMINS)
@instansi_or_404
def jp_shortfall_needs(request):
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


@roles_required(*ADMINS)
@instansi_or_404
def jp_export(request):
    """The exchange file for a ledger year (default: this year) or a range of end dates; a bad range is
    answered on the dashboard (422), with nothing exported."""
    form = JPExportForm(request.GET)
    if not form.is_valid():
        return _dashboard(request, _year(request), export_form=form, status=422)
    between = form.between()
    year = None if between else form.year_or_current()
    data = services.jp_history_workbook(
        actor=request.user, instansi_id=request.user.instansi_id, year=year, between=between
    )
    name = f"{between[0].isoformat()}_{between[1].isoformat()}" if between else str(year)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="riwayat-diklat-{name}.xlsx"'
    return response


def _untrained(request) -> tuple[int, UnitFilter]:
    """The 'belum pelatihan' list as filtered by the query string (the actions post to it unchanged)."""
    year = _year(request)
    filterset = UnitFilter(
        request.GET, queryset=selectors.nothing_this_year(request.user.instansi_id, year), request=request
    )
    return year, filterset


def _untrained_page(request, year, filterset, form=None):
    choices = selectors.nominable_angkatan(request.user)
    if form is None:
        form = UntrainedSelectionForm(rows=filterset.qs)
    ctx = {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "year": year,
        "form": form,
        "angkatan_choices": choices,
        "checked": set(form.data.getlist("pegawai")) if form.is_bound else set(),
        "query": request.GET.urlencode(),
    }
    return render(request, "enrollments/nothing.html", ctx, status=form_status(form))


@roles_required(*ADMINS)
@instansi_or_404
def nothing_this_year(request):
    year, filterset = _untrained(request)
    return _untrained_page(request, year, filterset)


@require_POST
@roles_required(*ADMINS)
@instansi_or_404
def nothing_remind(request):
    year, filterset = _untrained(request)
    form = UntrainedSelectionForm(request.POST, rows=filterset.qs)
    start = partial(services.training_invitations_start, actor=request.user, instansi_id=request.user.instansi_id)
    if form.is_valid() and (sent := save_or_error(form, lambda: start(pegawai_ids=form.pegawai_ids(), year=year))):
        if sent.value["queued"]:
            message = _("Pengingat untuk %(n)s pegawai dan atasannya sedang dikirim di latar belakang.")
        else:
            message = _("Pengingat dikirim ke %(n)s pegawai dan atasannya.")
        messages.success(request, message % {"n": sent.value["total"]})
        return redirect(f"{reverse('enrollments:nothing')}?{request.GET.urlencode()}")
    return _untrained_page(request, year, filterset, form)


@require_POST
@roles_required(*ADMINS)
@instansi_or_404
def nothing_nominate(request):
    """Nominate through the bulk nomination service: every seat, overlap and quota rule applies per
    person, and the job's page lists who was nominated and who was refused, with the reason."""
    year, filterset = _untrained(request)
    form = UntrainedNominateForm(
        request.POST, rows=filterset.qs, angkatan_choices=selectors.nominable_angkatan(request.user)
    )
    if form.is_valid() and (
        job := save_or_error(
            form,
            lambda: services.bulk_nominate_start(
                actor=request.user,
                angkatan=form.cleaned_data["angkatan"],
                pegawai_ids=form.pegawai_ids(),
                description=_("Belum pelatihan %(year)s") % {"year": year},
            ),
        )
    ):
        return redirect("enrollments:bulk_detail", pk=job.value.pk)
    return _untrained_page(request, year, filterset, form)


@roles_required(*ADMINS)
@instansi_or_404
def nothing_export(request):
    year, filterset = _untrained(request)
    rows = filterset.qs.iterator(chunk_size=2000)
    data = services.untrained_workbook(
        actor=request.user, instansi_id=request.user.instansi_id, pegawai=rows, year=year
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="belum-pelatihan-{year}.xlsx"'
    return response
