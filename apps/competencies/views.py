from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.competencies import selectors, services
from apps.competencies.access import (
    can_edit_kompetensi,
    can_edit_rule,
    get_jabatan_for_skj,
    get_kompetensi_for_user,
    get_kompetensi_to_edit,
    get_rule_to_edit,
    get_skj_item_to_edit,
    get_task_for_skj,
)
from apps.competencies.filters import KompetensiFilter
from apps.competencies.forms import (
    DefaultLevelRuleForm,
    KompetensiForm,
    SKJCopyForm,
    SKJLevelsForm,
    SKJRowForm,
    TaskLinkForm,
)
from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.organizations.selectors import jabatan_visible_to

# ---- dictionary -------------------------------------------------------------------------------------


def kompetensi_list(request):
    filterset = KompetensiFilter(request.GET, queryset=selectors.kompetensi_visible_to(request.user))
    page = paginate(request, selectors.kompetensi_list_rows(filterset.qs))
    can_add = request.user.has_any_role(ADMINS)
    return render(
        request, "competencies/kompetensi_list.html", {"filter": filterset, "page_obj": page, "can_add": can_add}
    )


def kompetensi_detail(request, pk):
    kompetensi = get_kompetensi_for_user(request.user, pk)
    return render(
        request,
        "competencies/kompetensi_detail.html",
        {
            "kompetensi": kompetensi,
            "levels": selectors.levels_of(kompetensi),
            "can_edit": can_edit_kompetensi(request.user, kompetensi),
            "skj_rows": selectors.jabatan_using(kompetensi, request.user)[:50],
        },
    )


@roles_required(*ADMINS)
def kompetensi_edit(request, pk=None):
    kompetensi = get_kompetensi_to_edit(request.user, pk) if pk else None
    instansi_id = _kompetensi_instansi(request.user, kompetensi)
    national = instansi_id is None
    form = KompetensiForm(request.POST or None, instance=kompetensi, national=national)
    save = partial(services.kompetensi_save, actor=request.user, instansi_id=instansi_id, kompetensi=kompetensi)
    if (
        request.method == "POST"
        and form.is_valid()
        and (done := save_or_error(form, lambda: save(levels=form.level_rows(), **form.model_fields())))
    ):
        messages.success(request, _("Kompetensi disimpan."))
        return redirect("competencies:detail", pk=done.value.pk)
    ctx = {"form": form, "kompetensi": kompetensi, "national": national}
    return render(request, "competencies/kompetensi_form.html", ctx, status=form_status(form))


def _kompetensi_instansi(user, kompetensi):
    """The instansi a new or edited competency belongs to; only the superadmin writes national ones."""
    if kompetensi is not None:
        return kompetensi.instansi_id
    if user.instansi_id is None and not user.has_role(Role.SUPERADMIN):
        raise Http404
    return user.instansi_id


# ---- SKJ --------------------------------------------------------------------------------------------


def _skj_page(request, jabatan, *, status=200, **forms):
    items = list(selectors.skj_of(jabatan))
    copy_candidates = selectors.similar_jabatan_with_skj(jabatan, jabatan_visible_to(request.user))
    context = {
        "jabatan": jabatan,
        "items": items,
        "levels_form": forms.get("levels_form") or SKJLevelsForm(items=items),
        "add_form": forms.get("add_form")
        or SKJRowForm(kompetensi_qs=selectors.active_kompetensi_for_instansi(jabatan.instansi_id)),
        "copy_form": forms.get("copy_form") or SKJCopyForm(jabatan_qs=copy_candidates),
        "tasks": selectors.tasks_with_links(jabatan),
        "teknis": list(selectors.teknis_in_skj(jabatan)),
        "task_error": forms.get("task_error"),
        "task_error_id": forms.get("task_error_id"),
        "mandatory_missing": bool(items) is False,
    }
    return render(request, "competencies/skj_edit.html", context, status=status)


@roles_required(*ADMINS)
def skj_edit(request, jabatan_pk):
    jabatan = get_jabatan_for_skj(request.user, jabatan_pk)
    return _skj_page(request, jabatan)


@require_POST
@roles_required(*ADMINS)
def skj_add(request, jabatan_pk):
    jabatan = get_jabatan_for_skj(request.user, jabatan_pk)
    form = SKJRowForm(request.POST, kompetensi_qs=selectors.kompetensi_for_instansi(jabatan.instansi_id))
    if form.is_valid() and save_or_error(
        form,
        lambda: services.skj_row_set(
            actor=request.user,
            jabatan=jabatan,
            kompetensi=form.cleaned_data["kompetensi"],
            level=form.cleaned_data["level"],
        ),
    ):
        messages.success(request, _("Baris SKJ disimpan."))
        return redirect("competencies:skj", jabatan_pk=jabatan.pk)
    return _skj_page(request, jabatan, status=422, add_form=form)


@require_POST
@roles_required(*ADMINS)
def skj_levels(request, jabatan_pk):
    jabatan = get_jabatan_for_skj(request.user, jabatan_pk)
    items = list(selectors.skj_of(jabatan))
    form = SKJLevelsForm(request.POST, items=items)
    if form.is_valid() and (
        done := save_or_error(
            form, lambda: services.skj_levels_update(actor=request.user, jabatan=jabatan, levels=form.levels())
        )
    ):
        changed = done.value
        messages.success(request, _("%(n)s level diperbarui.") % {"n": changed})
        return redirect("competencies:skj", jabatan_pk=jabatan.pk)
    return _skj_page(request, jabatan, status=422, levels_form=form)


@require_POST
@roles_required(*ADMINS)
def skj_remove(request, jabatan_pk, item_pk):
    jabatan, item = get_skj_item_to_edit(request.user, jabatan_pk, item_pk)
    try:
        services.skj_row_remove(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _skj_page(request, jabatan, status=422)
    messages.success(request, _("Kompetensi %(code)s dihapus dari SKJ.") % {"code": item.kompetensi.code})
    return redirect("competencies:skj", jabatan_pk=jabatan.pk)


@require_POST
@roles_required(*ADMINS)
def skj_defaults(request, jabatan_pk):
    jabatan = get_jabatan_for_skj(request.user, jabatan_pk)
    try:
        added = services.skj_fill_defaults(actor=request.user, jabatan=jabatan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _skj_page(request, jabatan, status=422)
    if added:
        messages.success(request, _("Ditambahkan dengan level bawaan: %(codes)s.") % {"codes": ", ".join(added)})
    else:
        messages.info(request, _("Semua kompetensi wajib sudah ada."))
    return redirect("competencies:skj", jabatan_pk=jabatan.pk)


@require_POST
@roles_required(*ADMINS)
def skj_copy(request, jabatan_pk):
    jabatan = get_jabatan_for_skj(request.user, jabatan_pk)
    candidates = selectors.similar_jabatan_with_skj(jabatan, jabatan_visible_to(request.user))
    form = SKJCopyForm(request.POST, jabatan_qs=candidates)
    if form.is_valid() and (
        done := save_or_error(
            form, lambda: services.skj_copy(actor=request.user, target=jabatan, source=form.cleaned_data["source"])
        )
    ):
        count = done.value
        messages.success(request, _("%(n)s baris SKJ disalin.") % {"n": count})
        return redirect("competencies:skj", jabatan_pk=jabatan.pk)
    return _skj_page(request, jabatan, status=422, copy_form=form)


@require_POST
@roles_required(*ADMINS)
def skj_task_links(request, jabatan_pk, task_pk):
    jabatan, task = get_task_for_skj(request.user, jabatan_pk, task_pk)
    form = TaskLinkForm(request.POST, kompetensi_qs=selectors.kompetensi_for_instansi(jabatan.instansi_id))
    error = None
    if form.is_valid():
        try:
            services.task_links_set(actor=request.user, task=task, kompetensi=list(form.cleaned_data["kompetensi"]))
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Kompetensi untuk tugas disimpan."))
            return redirect("competencies:skj", jabatan_pk=jabatan.pk)
    else:
        error = _("Pilih kompetensi yang ada di kamus.")
    return _skj_page(request, jabatan, status=422, task_error=error, task_error_id=task.pk)


# ---- reference data ---------------------------------------------------------------------------------


@roles_required(*ADMINS)
def rule_list(request):
    page = paginate(request, selectors.default_rule_rows(request.user))
    editable = {r.pk for r in page if can_edit_rule(request.user, r)}
    return render(request, "competencies/rule_list.html", {"page_obj": page, "editable": editable})


@roles_required(*ADMINS)
def rule_edit(request, pk=None):
    rule = get_rule_to_edit(request.user, pk) if pk else None
    instansi_id = rule.instansi_id if rule else request.user.instansi_id
    form = DefaultLevelRuleForm(request.POST or None, instance=rule)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_error(
            form,
            lambda: services.default_rule_save(
                actor=request.user,
                instansi_id=instansi_id,
                rule=rule,
                **{k: form.cleaned_data[k] for k in DefaultLevelRuleForm.Meta.fields},
            ),
        )
    ):
        messages.success(request, _("Aturan level bawaan disimpan."))
        return redirect("competencies:rule_list")
    status = form_status(form)
    return render(
        request,
        "competencies/rule_form.html",
        {"form": form, "rule": rule, "national": instansi_id is None},
        status=status,
    )
