"""Report pages: request, status (htmx polling), download, retry; the BKPSDM year dashboard."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.selectors import angkatan_choices_for, program_choices_for
from apps.core.decorators import roles_required
from apps.core.forms import save_or_error
from apps.core.pagination import keyset_page
from apps.core.roles import ADMINS
from apps.reports import selectors, services
from apps.reports.access import get_report_for_user
from apps.reports.charts import year_dashboard_charts
from apps.reports.forms import ReportRequestForm
from apps.reports.overview import year_overview


@roles_required(*ADMINS)
def report_list(request):
    page = keyset_page(request, selectors.reports_visible_to(request.user))
    selectors.report_parameters_shown(page["rows"])
    return render(request, "reports/report_list.html", {"page": page})


def _form(request, data=None):

    return ReportRequestForm(
        data,
        initial={k: v for k, v in request.GET.items() if k in ("kind", "year", "angkatan", "program")},
        angkatan=angkatan_choices_for(request.user),
        programs=program_choices_for(request.user),
    )


@roles_required(*ADMINS)
def report_create(request):
    if request.user.instansi_id is None:
        messages.warning(request, _("Pilih instansi terlebih dahulu untuk meminta laporan."))
        return redirect("reports:list")
    form = _form(request, request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: services.report_request(
                    actor=request.user,
                    instansi_id=request.user.instansi_id,
                    kind=form.cleaned_data["kind"],
                    parameters=form.cleaned_data["parameters"],
                ),
            )
        )
    ):
        job = done.value
        messages.success(request, _("Permintaan laporan diterima."))  # the status panel below says how far it is
        return redirect("reports:detail", pk=job.pk)
    return render(request, "reports/report_form.html", {"form": form}, status=422 if form.errors else 200)


@roles_required(*ADMINS)
def report_detail(request, pk):
    job = get_report_for_user(request.user, pk)
    if not request.htmx:  # the polled status panel shows no parameters
        selectors.report_parameters_shown([job])
    template = "reports/_status.html" if request.htmx else "reports/report_detail.html"
    context = {
        "job": job,
        "waits_for_broker": selectors.report_waits_for_broker(job),
        "can_retry": selectors.report_can_retry(job),
    }
    return render(request, template, context)


@roles_required(*ADMINS)
def report_download(request, pk, fmt):
    job = get_report_for_user(request.user, pk)
    field = {"pdf": job.file_pdf, "xlsx": job.file_xlsx}.get(fmt)
    if not field or job.status != "succeeded":
        raise Http404
    name = field.name.rsplit("/", 1)[-1]
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@require_POST
@roles_required(*ADMINS)
def report_retry(request, pk):
    job = get_report_for_user(request.user, pk)
    try:
        services.report_retry(actor=request.user, job=job)
    except services.ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Laporan diulang."))
    return redirect("reports:detail", pk=pk)


@roles_required(*ADMINS)
def year_dashboard(request):

    if request.user.instansi_id is None:
        messages.warning(request, _("Pilih instansi terlebih dahulu untuk melihat dasbor."))
        return redirect("reports:list")
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    data = year_overview(request.user.instansi_id, year, user=request.user)
    charts = year_dashboard_charts(data)
    return render(request, "reports/dashboard.html", {"data": data, "charts": charts, "year": year})
