import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import dashboard
from apps.core.access import get_import_job_for_user
from apps.core.audit import change_rows
from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import AuditFilterForm, ImportUploadForm, form_status, save_or_error
from apps.core.imports import get_importer, importers, neutralise, template_workbook
from apps.core.jobs import can_retry
from apps.core.pagination import keyset_page, paginate
from apps.core.roles import ADMINS
from apps.core.selectors import audit_events_filtered, import_job_rows
from apps.core.services import audit_export_workbook, import_job_create, import_job_retry
from apps.core.tenancy import instansi_missing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500  # on the page; the CSV report has every error


def home(request):
    return render(request, "core/home.html", {"panels": dashboard.panels_for(request)})


@roles_required(*ADMINS)
def audit_list(request):
    form = AuditFilterForm(request.GET)
    qs = audit_events_filtered(request.user, **form.criteria())
    page = keyset_page(request, qs)
    rows = [(event, change_rows(event)) for event in page["rows"]]
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, **page, "event_rows": rows, "filter_query": query.urlencode()}
    return render(request, "core/audit_list.html", context, status=form_status(form))


@roles_required(*ADMINS)
def audit_export(request):
    form = AuditFilterForm(request.GET)
    if not form.is_valid():  # never the whole log in place of the filtered one asked for
        return render(request, "core/audit_list.html", {"form": form, "rows": [], "event_rows": []}, status=422)
    criteria = form.criteria()
    data = audit_export_workbook(
        actor=request.user,
        events=audit_events_filtered(request.user, **criteria),
        filters={k: str(v) for k, v in criteria.items()},
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="log-audit.xlsx"'
    return response


def _importer_or_404(kind):
    importer = get_importer(kind)
    if importer is None:
        raise Http404
    return importer


@roles_required(*ADMINS)
def import_list(request):
    page = paginate(request, import_job_rows(request.user))
    return render(request, "core/import_list.html", {"page_obj": page, "importers": list(importers())})


@roles_required(*ADMINS)
def import_start(request, kind):
    importer = _importer_or_404(kind)
    if missing := instansi_missing(request, _("Pilih instansi terlebih dahulu untuk mengimpor data.")):
        return missing
    # Bound on every POST: a POST without a file must answer "wajib diisi" (422), not a blank form.
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: import_job_create(
                    actor=request.user,
                    instansi_id=request.user.instansi_id,
                    kind=kind,
                    upload=form.cleaned_data["file"],
                ),
            )
        )
    ):
        job = done.value
        return redirect("core:import_detail", pk=job.pk)
    status = form_status(form)
    return render(request, "core/import_start.html", {"form": form, "importer": importer}, status=status)


@roles_required(*ADMINS)
def import_template(request, kind):
    importer = _importer_or_404(kind)
    response = HttpResponse(template_workbook(importer), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="templat-{kind}.xlsx"'
    return response


@roles_required(*ADMINS)
def import_detail(request, pk):
    job = get_import_job_for_user(request.user, pk)
    context = {
        "job": job,
        "importer": get_importer(job.kind),
        "errors": job.errors[:ERRORS_SHOWN],
        "error_count": len(job.errors),
        "can_retry": can_retry(job),
    }
    if request.htmx:
        return render(request, "core/_import_progress.html", context)
    return render(request, "core/import_detail.html", context)


@require_POST
@roles_required(*ADMINS)
def import_retry(request, pk):
    job = get_import_job_for_user(request.user, pk)
    try:
        import_job_retry(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Impor diulang."))
    return redirect("core:import_detail", pk=pk)


@roles_required(*ADMINS)
def import_errors_csv(request, pk):
    job = get_import_job_for_user(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{job.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Baris"), _("Kolom"), _("Kesalahan")])
    for error in job.errors:
        writer.writerow([error["row"], neutralise(error["column"]), neutralise(error["message"])])
    return response
