"""Catalog views: parse → access → service → render. Pegawai pages (catalog, program, angkatan,
calendar, .ics) are open to every signed-in role and scoped by the selectors; management pages are
for admin BKPSDM and superadmin."""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib import messages
from django.forms.formsets import all_valid
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog import access, exports, ics, selectors, services
from apps.catalog.filters import (
    MONTHS_ID,
    AdminAngkatanFilter,
    AdminProgramFilter,
    CatalogAngkatanFilter,
    CatalogProgramFilter,
    NarasumberFilter,
    PenyelenggaraFilter,
)
from apps.catalog.forms import (
    AngkatanForm,
    MaterialForm,
    NarasumberForm,
    NewVersionForm,
    PenyelenggaraForm,
    ProgramForm,
    SessionFormSet,
    program_row_formsets,
)
from apps.catalog.models import ONLINE_MODALITIES, ProgramStatus
from apps.catalog.remote import work_location_report
from apps.catalog.workflow import ANGKATAN_MACHINE
from apps.core.decorators import roles_required
from apps.core.forms import form_status, hide_errors, rows_status, save_or_error, wants_more_rows
from apps.core.links import site_host
from apps.core.pagination import paginate
from apps.core.roles import ADMINS
from apps.core.tenancy import instansi_missing


def _tz_name(request) -> str:
    instansi = getattr(request, "instansi", None)
    return instansi.timezone if instansi is not None else "Asia/Makassar"


# --------------------------------------------------------------------------- pegawai catalog


def catalog_index(request):
    """Batches a pegawai can join, soonest first, with every filter of the issue."""
    pegawai = selectors.pegawai_of(request.user)
    filterset = CatalogAngkatanFilter(request.GET, queryset=selectors.catalog_angkatan(request.user), request=request)
    page = paginate(request, filterset.qs)
    region = pegawai.unit_kerja.region if pegawai is not None else ""
    for angkatan in page:
        angkatan.reachable = selectors.is_reachable_from(angkatan, region)
    return render(
        request,
        "catalog/catalog_index.html",
        {"filter": filterset, "page_obj": page, "pegawai": pegawai, "region": region},
    )


def program_catalog(request):
    qs = selectors.published_programs_for(request.user)
    filterset = CatalogProgramFilter(request.GET, queryset=qs, request=request)
    page = paginate(request, filterset.qs)
    return render(request, "catalog/program_catalog.html", {"filter": filterset, "page_obj": page})


def program_detail(request, pk):
    program = access.get_program_for_user(request.user, pk)
    can_edit = selectors.program_is_editable_by(request.user, program)
    pegawai = selectors.pegawai_of(request.user)
    region = pegawai.unit_kerja.region if pegawai is not None else ""
    batches = list(selectors.recent_angkatan_of_program(request.user, program, since=_today_minus(365)))
    for angkatan in batches:
        angkatan.reachable = selectors.is_reachable_from(angkatan, region)
    ctx = {
        "program": program,
        "batches": batches,
        "can_edit": can_edit,
        "history": selectors.program_history(program) if can_edit else [],
        "version_form": NewVersionForm(),
        "material_form": MaterialForm(),
        "eligible": selectors.is_eligible(program, pegawai) if pegawai else None,
    }
    return render(request, "catalog/program_detail.html", ctx)


def _today_minus(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def angkatan_detail(request, pk):
    angkatan = access.get_angkatan_for_user(request.user, pk)
    pegawai = selectors.pegawai_of(request.user)
    region = pegawai.unit_kerja.region if pegawai is not None else ""
    can_edit = selectors.angkatan_is_editable_by(request.user, angkatan)
    actions = ANGKATAN_MACHINE.actions_for(angkatan.status, request.user.roles) if can_edit else []
    return render(
        request,
        "catalog/angkatan_detail.html",
        {
            "angkatan": angkatan,
            "program": angkatan.program,
            "reachable": selectors.is_reachable_from(angkatan, region),
            "is_online": angkatan.modality in ONLINE_MODALITIES,
            "can_edit": can_edit,
            "actions": actions,
            "can_see_participants": request.user.has_any_role(ADMINS),
        },
    )


def angkatan_ics(request, pk):
    angkatan = access.get_angkatan_for_user(request.user, pk)
    body = ics.build_calendar([angkatan], host=site_host(), tz_name=_tz_name(request), name=angkatan.name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="angkatan-{angkatan.pk}.ics"'
    return response


def calendar_view(request):
    """All batches of a year, month by month."""
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    rows = list(selectors.angkatan_calendar(request.user, year)[:2000])
    months: list[dict] = [{"number": m, "rows": []} for m in range(1, 13)]
    for angkatan in rows:
        first = angkatan.start_date.month if angkatan.start_date.year == year else 1
        months[first - 1]["rows"].append(angkatan)

    for month in months:
        month["name"] = MONTHS_ID[month["number"]]
    return render(
        request,
        "catalog/calendar.html",
        {"year": year, "months": months, "total": len(rows), "prev": year - 1, "next": year + 1},
    )


# --------------------------------------------------------------------------- penyelenggara / narasumber


@roles_required(*ADMINS)
def penyelenggara_list(request):
    filterset = PenyelenggaraFilter(request.GET, queryset=selectors.penyelenggara_visible_to(request.user))
    page = paginate(request, selectors.penyelenggara_list_rows(filterset.qs))
    editable = selectors.penyelenggara_editable_ids(request.user, [p.pk for p in page])
    return render(
        request, "catalog/penyelenggara_list.html", {"filter": filterset, "page_obj": page, "editable": editable}
    )


@roles_required(*ADMINS)
def penyelenggara_edit(request, pk=None):
    obj = access.get_penyelenggara_to_edit(request.user, pk) if pk else None
    form = PenyelenggaraForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        save = partial(services.penyelenggara_save, actor=request.user, instansi_id=request.user.instansi_id)
        if save_or_error(form, lambda: save(penyelenggara=obj, **form.cleaned_data)):
            messages.success(request, _("Penyelenggara disimpan."))
            return redirect("catalog:penyelenggara_list")
    return render(request, "catalog/simple_form.html", _form_ctx(form, obj, "penyelenggara"), status=form_status(form))


@roles_required(*ADMINS)
def narasumber_list(request):
    filterset = NarasumberFilter(request.GET, queryset=selectors.narasumber_visible_to(request.user))
    page = paginate(request, selectors.narasumber_list_rows(filterset.qs))
    editable = selectors.narasumber_editable_ids(request.user, [p.pk for p in page])
    return render(
        request, "catalog/narasumber_list.html", {"filter": filterset, "page_obj": page, "editable": editable}
    )


@roles_required(*ADMINS)
def narasumber_edit(request, pk=None):
    obj = access.get_narasumber_to_edit(request.user, pk) if pk else None
    form = NarasumberForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.narasumber_save(
            actor=request.user, instansi_id=request.user.instansi_id, narasumber=obj, **form.cleaned_data
        )
        messages.success(request, _("Narasumber disimpan."))
        return redirect("catalog:narasumber_list")
    status = 422 if form.errors else 200
    return render(request, "catalog/simple_form.html", _form_ctx(form, obj, "narasumber"), status=status)


def _form_ctx(form, obj, kind: str) -> dict:
    titles = {
        "penyelenggara": (_("Tambah penyelenggara"), _("Ubah penyelenggara"), "catalog:penyelenggara_list"),
        "narasumber": (_("Tambah narasumber"), _("Ubah narasumber"), "catalog:narasumber_list"),
    }
    create, edit, cancel = titles[kind]
    return {"form": form, "title": edit if obj else create, "cancel": cancel}


# --- programs: management pages ---


@roles_required(*ADMINS)
def program_admin_list(request):
    filterset = AdminProgramFilter(request.GET, queryset=selectors.program_admin_list(request.user))
    page = paginate(request, selectors.program_admin_rows(filterset.qs))
    return render(request, "catalog/program_admin_list.html", {"filter": filterset, "page_obj": page})


@roles_required(*ADMINS)
def program_edit(request, pk=None):
    program = access.get_program_to_edit(request.user, pk) if pk else None
    if program is not None and program.status != ProgramStatus.DRAFT:
        messages.warning(request, _("Program yang sudah terbit tidak diubah langsung; buat versi baru."))
        return redirect("catalog:program_detail", pk=program.pk)
    instansi_id = program.instansi_id if program else request.user.instansi_id
    data = request.POST if request.method == "POST" else None
    form, rows = _program_forms(request, data, program, instansi_id)
    if wants_more_rows(data):
        hide_errors(form, *rows)
    elif data is not None and all_valid([form, *rows]) and (saved := _program_save(request, form, rows, program)):
        messages.success(request, _("Program disimpan (%(jp)s JP).") % {"jp": saved.value.learning_hours})
        return redirect("catalog:program_detail", pk=saved.value.pk)
    ctx = {"form": form, "modules": rows[0], "competencies": rows[1], "program": program}
    return render(request, "catalog/program_form.html", ctx, status=rows_status(form, *rows))


def _program_forms(request, data, program, instansi_id):
    form = ProgramForm(
        data,
        instance=program,
        penyelenggara=selectors.penyelenggara_choices(request.user, instansi_id),
        narasumber=selectors.narasumber_choices(request.user, instansi_id),
        national=instansi_id is None,
    )
    rows = program_row_formsets(data, program, kompetensi=selectors.kompetensi_choices_for(request.user))
    return form, rows


def _program_save(request, form, rows, program):
    """Module rows first, then the pasted module lines; one service call saves all of it."""
    instansi_id = program.instansi_id if program else request.user.instansi_id
    save = partial(services.program_save, actor=request.user, instansi_id=instansi_id, program=program)
    modules, competencies = rows[0].modules() + form.pasted_modules, rows[1].competencies()
    return save_or_error(form, lambda: save(modules=modules, competencies=competencies, **form.service_fields()))


@require_POST
@roles_required(*ADMINS)
def program_status(request, pk):
    program = access.get_program_to_edit(request.user, pk)
    try:
        services.program_set_status(actor=request.user, program=program, action=request.POST.get("action", ""))
    except services.CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status program diperbarui."))
    return redirect("catalog:program_detail", pk=program.pk)


@require_POST
@roles_required(*ADMINS)
def program_new_version(request, pk):
    program = access.get_program_to_edit(request.user, pk)
    form = NewVersionForm(request.POST)
    if form.is_valid() and (
        copy := save_or_error(
            form,
            lambda: services.program_new_version(
                actor=request.user, program=program, change_note=form.cleaned_data["change_note"]
            ),
        )
    ):
        messages.success(request, _("Versi %(v)s dibuat sebagai draf.") % {"v": copy.value.version})
        return redirect("catalog:program_edit", pk=copy.value.pk)
    return render(request, "catalog/program_version_form.html", {"form": form, "program": program}, status=422)


@require_POST
@roles_required(*ADMINS)
def material_add(request, pk):
    program = access.get_program_to_edit(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid() and save_or_error(
        form, lambda: services.material_add(actor=request.user, program=program, **form.cleaned_data)
    ):
        messages.success(request, _("Materi ditambahkan."))
        return redirect("catalog:program_detail", pk=program.pk)
    return render(request, "catalog/material_form.html", {"form": form, "program": program}, status=422)


@require_POST
@roles_required(*ADMINS)
def material_delete(request, pk, material_pk):
    program = access.get_program_to_edit(request.user, pk)
    services.material_delete(actor=request.user, program=program, material_id=material_pk)
    messages.success(request, _("Materi dihapus."))
    return redirect("catalog:program_detail", pk=program.pk)


def material_download(request, pk, material_pk):
    material = access.get_material_file_for_user(request.user, pk, material_pk)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file.name.rsplit("/", 1)[-1])


# --- angkatan: management pages ---


@roles_required(*ADMINS)
def angkatan_admin_list(request):
    filterset = AdminAngkatanFilter(request.GET, queryset=selectors.angkatan_admin_rows(request.user))
    page = paginate(request, filterset.qs)
    return render(request, "catalog/angkatan_admin_list.html", {"filter": filterset, "page_obj": page})


@roles_required(*ADMINS)
def angkatan_edit(request, pk=None):
    angkatan = access.get_angkatan_to_edit(request.user, pk) if pk else None
    if angkatan is None and (
        missing := instansi_missing(request, _("Pilih instansi terlebih dahulu untuk menambah angkatan."))
    ):
        return missing
    instansi_id = angkatan.instansi_id if angkatan is not None else request.user.instansi_id
    form, sessions = _angkatan_forms(request, angkatan, instansi_id)
    if wants_more_rows(request.POST):
        hide_errors(form, sessions)
    elif (
        request.method == "POST"
        and all_valid([form, sessions])
        and (saved := _angkatan_save(request, form, sessions, angkatan, instansi_id))
    ):
        messages.success(request, _("Angkatan disimpan."))
        return redirect("catalog:angkatan_detail", pk=saved.value.pk)
    ctx = {"form": form, "sessions": sessions, "angkatan": angkatan}
    return render(request, "catalog/angkatan_form.html", ctx, status=rows_status(form, sessions))


def _angkatan_forms(request, angkatan, instansi_id):
    initial = {}
    if angkatan is None and request.GET.get("program", "").isdigit():
        initial["program"] = int(request.GET["program"])
    data = request.POST if request.method == "POST" else None
    programs = selectors.programs_schedulable_for_instansi(instansi_id)
    form = AngkatanForm(data, instance=angkatan, initial=initial, programs=programs)
    narasumber = selectors.narasumber_for_instansi(instansi_id)
    sessions = SessionFormSet(data, instance=angkatan, prefix="sesi", narasumber=narasumber)
    return form, sessions


def _angkatan_save(request, form, sessions, angkatan, instansi_id):
    save = partial(services.angkatan_save, actor=request.user, instansi_id=instansi_id, angkatan=angkatan)
    return save_or_error(
        form,
        lambda: save(
            sessions=sessions.session_specs(),
            remove_session_ids=sessions.removed_session_ids(),
            confirm_session_removal=form.cleaned_data["confirm_session_removal"],
            **form.service_fields(),
        ),
    )


@require_POST
@roles_required(*ADMINS)
def angkatan_status(request, pk):
    angkatan = access.get_angkatan_to_edit(request.user, pk)
    try:
        services.angkatan_set_status(actor=request.user, angkatan=angkatan, action=request.POST.get("action", ""))
    except services.CatalogError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status angkatan diperbarui."))
    return redirect("catalog:angkatan_detail", pk=angkatan.pk)


# --------------------------------------------------------------------------- exports and reports


@roles_required(*ADMINS)
def export_programs(request):
    data = exports.programs_xlsx(selectors.programs_for_export(request.user))
    return _xlsx(data, "program.xlsx")


@roles_required(*ADMINS)
def export_angkatan(request):
    data = exports.angkatan_xlsx(selectors.angkatan_for_export(request.user))
    return _xlsx(data, "angkatan.xlsx")


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles_required(*ADMINS)
def remote_report(request):
    if missing := instansi_missing(request, _("Pilih instansi terlebih dahulu untuk melihat laporan ini.")):
        return missing
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    report = work_location_report(instansi_id=request.user.instansi_id, year=year)
    return render(request, "catalog/remote_report.html", {"report": report, "prev": year - 1, "next": year + 1})
