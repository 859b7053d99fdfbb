from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.competencies.selectors import (
    kompetensi_choices_for_instansi,
    kompetensi_for_instansi,
    kompetensi_of_instansi,
    skj_of,
)
from apps.core.decorators import ADMIN_ROLES, roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.services import personal_data_access_log
from apps.employees.selectors import (
    active_pegawai_choices,
    active_pegawai_visible_to,
    is_team_member,
    pegawai_of_user,
    team_of,
)
from apps.needs import gaps, selectors, services, tables
from apps.needs.access import (
    get_fgd_for_user,
    get_idp_activity_for_user,
    get_idp_for_user,
    get_needs_for_user,
    get_pegawai_for_admin_assessment,
    get_pegawai_gap_for_user,
    get_performance_for_user,
    get_plan_for_user,
    get_plan_item_for_user,
    get_survey_for_user,
    get_survey_to_manage,
    get_team_member_to_assess,
)
from apps.needs.exports import xlsx_response
from apps.needs.filters import GapFilter, HeatmapFilter, NeedsFilter, PerformanceFilter
from apps.needs.forms import (
    ApproveForm,
    AssessmentForm,
    CloseForm,
    FgdForm,
    GenerateNeedsForm,
    IdpActivityForm,
    IdpGoalForm,
    NeedsItemForm,
    PerformanceForm,
    PlanForm,
    PlanItemForm,
    ProgressForm,
    SurveyAnswerForm,
    SurveyForm,
)
from apps.needs.models import AssessmentMethod
from apps.organizations.access import get_unit_for_user
from apps.organizations.selectors import as_jabatan_choices, as_unit_choices, jabatan_visible_to, units_visible_to


def _require_instansi(request):
    if request.user.instansi_id is None:
        messages.warning(request, _("Pilih instansi terlebih dahulu."))
        return redirect("organizations:instansi_list")
    return None


def _skj_items(pegawai):
    return list(skj_of(pegawai.jabatan)) if pegawai.jabatan_id else []


def _assessment_page(request, *, pegawai, method, admin=False, template="needs/assess.html"):
    """Shared by self, atasan and admin assessment: GET shows the form, POST records via the service."""
    items = _skj_items(pegawai)
    form = AssessmentForm(request.POST or None, skj_items=items, admin=admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if done := save_or_error(
            form,
            lambda: services.assessment_record(
                actor=request.user,
                pegawai=pegawai,
                method=data["method"] if admin else method,
                levels=form.levels(),
                evidence=form.evidence(),
                assessed_on=data.get("assessed_on"),
                provider=data.get("provider", ""),
                note=data.get("note", ""),
            ),
        ):
            assessment = done.value
            messages.success(
                request,
                _("Penilaian disimpan. JPM: %(jpm)s%%.") % {"jpm": assessment.jpm_percent}
                if assessment.jpm_complete
                else _("Penilaian disimpan."),
            )
            return redirect("needs:pegawai_gap", pk=pegawai.pk)
    status = form_status(form)
    context = {"form": form, "pegawai": pegawai, "method": method, "admin": admin, "no_skj": not items}
    return render(request, template, context, status=status)


def self_assess(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    return _assessment_page(request, pegawai=pegawai, method=AssessmentMethod.SELF)


def my_gap(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    return redirect("needs:pegawai_gap", pk=pegawai.pk)


@roles_required("supervisor")
def assess_team_member(request, pk):
    pegawai = get_team_member_to_assess(request.user, pk)
    return _assessment_page(request, pegawai=pegawai, method=AssessmentMethod.ATASAN)


@roles_required(*ADMIN_ROLES)
def assess_admin(request, pk):
    pegawai = get_pegawai_for_admin_assessment(request.user, pk)
    return _assessment_page(request, pegawai=pegawai, method=AssessmentMethod.ASSESSMENT_CENTER, admin=True)


@roles_required("supervisor")
def team_gaps(request):
    today = timezone.localdate()
    policy = selectors.policy_for(request.user.instansi_id, today)
    team = selectors.with_current_assessment(team_of(request.user), policy, today)
    codes, matrix = gaps.team_matrix(selectors.team_gap_cells(request.user, policy, today))
    page = paginate(request, team)
    rows = [(p, [matrix.get(p.pk, {}).get(code) for code in codes]) for p in page]
    labels = selectors.labels_for(request.user.instansi_id, today)
    return render(request, "needs/team.html", {"page_obj": page, "rows": rows, "codes": codes, "labels": labels})


def pegawai_gap(request, pk):
    pegawai = get_pegawai_gap_for_user(request.user, pk)
    personal_data_access_log(actor=request.user, subject=pegawai, purpose="kesenjangan kompetensi")
    today = timezone.localdate()
    policy = selectors.policy_for(pegawai.instansi_id, today)
    current = selectors.current_assessment_of(pegawai, policy, today)
    scores = list(selectors.scores_of(current)) if current else []
    history = selectors.history_of(pegawai)[:20]
    return render(
        request,
        "needs/pegawai_gap.html",
        {
            "pegawai": pegawai,
            "current": current,
            "scores": scores,
            "history": history,
            "labels": selectors.labels_for(pegawai.instansi_id, today),
            "policy": policy,
            "is_self": pegawai.user_id == request.user.pk,
            "is_admin": request.user.has_any_role(ADMIN_ROLES),
            "is_atasan": is_team_member(request.user, pegawai),
            "idps": list(selectors.idps_of_pegawai(pegawai)[:5]),
        },
    )


@roles_required(*ADMIN_ROLES)
def gap_list(request):
    if (response := _require_instansi(request)) is not None:
        return response
    today = timezone.localdate()
    policy = selectors.policy_for(request.user.instansi_id, today)
    base = selectors.gap_list_base(request.user, policy, today)
    filterset = GapFilter(request.GET, queryset=base, request=request)
    qs = selectors.gap_list_rows(filterset.qs)
    labels = selectors.labels_for(request.user.instansi_id, today)
    if request.GET.get("format") == "xlsx":
        rows = tables.gap_list_rows(qs, labels)
        return xlsx_response("kesenjangan-pegawai.xlsx", _("Kesenjangan"), tables.gap_list_header(), rows)
    page = paginate(request, qs)
    return render(
        request,
        "needs/gap_list.html",
        {"filter": filterset, "page_obj": page, "labels": labels, "methods": dict(AssessmentMethod.choices)},
    )


@roles_required(*ADMIN_ROLES)
def heatmap(request):
    if (response := _require_instansi(request)) is not None:
        return response
    today = timezone.localdate()
    policy = selectors.policy_for(request.user.instansi_id, today)
    filterset = HeatmapFilter(request.GET, queryset=active_pegawai_visible_to(request.user), request=request)
    by = "jabatan" if request.GET.get("by") == "jabatan" else "unit"
    table = gaps.build_heatmap(selectors.gap_cells(filterset.qs, policy, today, by=by), by=by)
    if request.GET.get("format") == "xlsx":
        header, rows = tables.heatmap_header(table, by), tables.heatmap_rows(table)
        return xlsx_response("peta-kesenjangan.xlsx", _("Peta kesenjangan"), header, rows)
    return render(request, "needs/heatmap.html", {"filter": filterset, "table": table, "by": by})


# ---- performance (SKP) ------------------------------------------------------------------------------


@roles_required(*ADMIN_ROLES)
def performance_list(request):
    if (response := _require_instansi(request)) is not None:
        return response
    filterset = PerformanceFilter(request.GET, queryset=selectors.performance_visible_to(request.user), request=request)
    page = paginate(request, selectors.performance_list_rows(filterset.qs))
    return render(request, "needs/performance_list.html", {"filter": filterset, "page_obj": page})


@roles_required(*ADMIN_ROLES)
def performance_edit(request, pk=None):
    if (response := _require_instansi(request)) is not None:
        return response
    record = get_performance_for_user(request.user, pk) if pk else None
    form = PerformanceForm(
        request.POST or None,
        instance=record,
        pegawai_qs=active_pegawai_choices(request.user),
        kompetensi_qs=kompetensi_choices_for_instansi(request.user.instansi_id),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_error(
            form,
            lambda: services.performance_save(
                actor=request.user,
                pegawai=record.pegawai if record else data.pop("pegawai"),
                record=record,
                kompetensi=list(data.pop("kompetensi")),
                **{k: v for k, v in data.items() if k != "pegawai"},
            ),
        ):
            messages.success(request, _("Data kinerja disimpan."))
            return redirect("needs:performance_list")
    status = form_status(form)
    return render(request, "needs/performance_form.html", {"form": form, "record": record}, status=status)


# ---- surveys and FGD --------------------------------------------------------------------------------


def survey_list(request):
    today = timezone.localdate()
    is_admin = request.user.has_any_role(ADMIN_ROLES)
    qs = selectors.surveys_visible_to(request.user) if is_admin else selectors.open_surveys(request.user, today)
    pegawai = pegawai_of_user(request.user)
    answered = selectors.answered_survey_ids(pegawai) if pegawai else set()
    page = paginate(request, selectors.survey_list_rows(qs))
    return render(
        request,
        "needs/survey_list.html",
        {
            "page_obj": page,
            "is_admin": is_admin,
            "answered": answered,
            "today": today,
            "can_answer": pegawai is not None,
        },
    )


@roles_required(*ADMIN_ROLES)
def survey_edit(request, pk=None):
    if (response := _require_instansi(request)) is not None:
        return response
    survey = get_survey_to_manage(request.user, pk) if pk else None
    form = SurveyForm(
        request.POST or None, instance=survey, kompetensi_qs=kompetensi_for_instansi(request.user.instansi_id)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_error(
            form,
            lambda: services.survey_save(
                actor=request.user,
                instansi_id=request.user.instansi_id,
                survey=survey,
                kompetensi=list(data.pop("kompetensi")),
                **data,
            ),
        ):
            messages.success(request, _("Survei disimpan."))
            return redirect("needs:survey_list")
    status = form_status(form)
    return render(request, "needs/survey_form.html", {"form": form, "survey": survey}, status=status)


def survey_answer(request, pk):
    survey = get_survey_for_user(request.user, pk)
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    form = SurveyAnswerForm(
        request.POST or None,
        kompetensi_qs=selectors.survey_kompetensi_choices(survey),
        can_answer_as_atasan=request.user.has_role("supervisor"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_error(
            form,
            lambda: services.survey_answer(
                actor=request.user,
                survey=survey,
                respondent=pegawai,
                as_atasan=data.pop("as_atasan", False),
                kompetensi=list(data.pop("kompetensi")),
                modality=data.pop("modality"),
                **data,
            ),
        ):
            messages.success(request, _("Terima kasih, jawaban Anda tersimpan."))
            return redirect("needs:survey_list")
    status = form_status(form)
    return render(request, "needs/survey_answer.html", {"form": form, "survey": survey}, status=status)


@roles_required(*ADMIN_ROLES)
def survey_results(request, pk):
    survey = get_survey_to_manage(request.user, pk)
    return render(request, "needs/survey_results.html", {"survey": survey, "results": selectors.survey_results(survey)})


@roles_required(*ADMIN_ROLES)
def fgd_list(request):
    page = paginate(request, selectors.fgd_list_rows(request.user))
    return render(request, "needs/fgd_list.html", {"page_obj": page})


@roles_required(*ADMIN_ROLES)
def fgd_edit(request, pk=None):
    if (response := _require_instansi(request)) is not None:
        return response
    fgd = get_fgd_for_user(request.user, pk) if pk else None
    form = FgdForm(
        request.POST or None,
        instance=fgd,
        units=as_unit_choices(units_visible_to(request.user)),
        pegawai_qs=active_pegawai_choices(request.user),
        kompetensi_qs=kompetensi_choices_for_instansi(request.user.instansi_id),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if save_or_error(
            form,
            lambda: services.fgd_save(
                actor=request.user,
                instansi_id=request.user.instansi_id,
                fgd=fgd,
                participants=list(data.pop("participants")),
                kompetensi=list(data.pop("kompetensi")),
                **data,
            ),
        ):
            messages.success(request, _("FGD disimpan."))
            return redirect("needs:fgd_list")
    status = form_status(form)
    return render(request, "needs/fgd_form.html", {"form": form, "fgd": fgd}, status=status)


# ---- needs inventory --------------------------------------------------------------------------------


@roles_required(*ADMIN_ROLES)
def needs_list(request):
    qs = selectors.needs_visible_to(request.user)
    filterset = NeedsFilter(request.GET, queryset=qs, request=request)
    page = paginate(request, selectors.needs_list_rows(filterset.qs))
    return render(
        request,
        "needs/needs_list.html",
        {"filter": filterset, "page_obj": page, "generate_form": GenerateNeedsForm()},
    )


@require_POST
@roles_required(*ADMIN_ROLES)
def needs_generate(request):
    if (response := _require_instansi(request)) is not None:
        return response
    form = GenerateNeedsForm(request.POST)
    if form.is_valid() and (
        done := save_or_error(
            form,
            lambda: services.needs_generate(
                actor=request.user, instansi_id=request.user.instansi_id, year=form.cleaned_data["year"]
            ),
        )
    ):
        result = done.value
        messages.success(
            request,
            _("%(gaps)s kesenjangan diproses: %(created)s kebutuhan baru, %(updated)s diperbarui.") % result,
        )
        return redirect(f"{reverse('needs:needs_list')}?year={form.cleaned_data['year']}")
    qs = selectors.needs_visible_to(request.user)
    filterset = NeedsFilter({}, queryset=qs, request=request)
    page = paginate(request, selectors.needs_list_rows(filterset.qs))
    return render(
        request,
        "needs/needs_list.html",
        {"filter": filterset, "page_obj": page, "generate_form": form},
        status=422,
    )


@roles_required(*ADMIN_ROLES)
def needs_edit(request, pk=None):
    if (response := _require_instansi(request)) is not None:
        return response
    item = get_needs_for_user(request.user, pk) if pk else None
    form = NeedsItemForm(
        request.POST or None,
        instance=item,
        kompetensi_qs=kompetensi_choices_for_instansi(request.user.instansi_id),
        pegawai_qs=active_pegawai_choices(request.user),
        jabatan_qs=as_jabatan_choices(jabatan_visible_to(request.user)),
        units=as_unit_choices(units_visible_to(request.user)),
    )
    save = partial(services.needs_save, actor=request.user, instansi_id=request.user.instansi_id, item=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kompetensi, target_pegawai = data.pop("kompetensi"), list(data.pop("target_pegawai"))
        if done := save_or_error(form, lambda: save(kompetensi=kompetensi, target_pegawai=target_pegawai, **data)):
            messages.success(request, _("Kebutuhan disimpan (prioritas %(p)s).") % {"p": done.value.priority})
            return redirect("needs:needs_list")
    ctx = {"form": form, "item": item, "close_form": CloseForm()}
    return render(request, "needs/needs_form.html", ctx, status=form_status(form))


@require_POST
@roles_required(*ADMIN_ROLES)
def needs_close(request, pk):
    item = get_needs_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.needs_close(actor=request.user, item=item, note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Kebutuhan ditutup."))
    return redirect("needs:needs_list")


@require_POST
@roles_required(*ADMIN_ROLES)
def survey_to_needs(request, pk):
    survey = get_survey_to_manage(request.user, pk)
    kompetensi = kompetensi_of_instansi(survey.instansi_id, request.POST.get("kompetensi"))
    if kompetensi is None:
        messages.error(request, _("Pilih kompetensi yang dibutuhkan."))
        return redirect("needs:survey_results", pk=pk)
    try:
        item = services.needs_from_survey(actor=request.user, survey=survey, kompetensi=kompetensi)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kebutuhan dibuat dengan prioritas %(p)s.") % {"p": item.priority})
    return redirect("needs:survey_results", pk=pk)


@require_POST
@roles_required(*ADMIN_ROLES)
def fgd_to_needs(request, pk):
    fgd = get_fgd_for_user(request.user, pk)
    form = GenerateNeedsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tahun rencana yang sah."))
        return redirect("needs:fgd_edit", pk=pk)
    try:
        n = services.needs_from_fgd(actor=request.user, fgd=fgd, year=form.cleaned_data["year"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s kebutuhan dibuat dari FGD.") % {"n": n})
    return redirect(f"{reverse('needs:needs_list')}?source=fgd")


# ---- annual plan (RPK) ------------------------------------------------------------------------------

BKPSDM_ONLY = ("admin_bkpsdm",)


@roles_required(*ADMIN_ROLES)
def plan_list(request):
    page = paginate(request, selectors.plan_list_rows(request.user))
    return render(request, "needs/plan_list.html", {"page_obj": page})


@roles_required(*BKPSDM_ONLY)
def plan_create(request):
    if (response := _require_instansi(request)) is not None:
        return response
    form = PlanForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: services.plan_create(
                    actor=request.user, instansi_id=request.user.instansi_id, **form.cleaned_data
                ),
            )
        )
    ):
        plan = done.value
        messages.success(request, _("Rencana dibuat. Tambahkan butir rencana."))
        return redirect("needs:plan_detail", pk=plan.pk)
    status = form_status(form)
    return render(request, "needs/plan_form.html", {"form": form, "plan": None}, status=status)


@roles_required(*BKPSDM_ONLY)
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        if save_or_error(form, lambda: services.plan_update(actor=request.user, plan=plan, **data)):
            messages.success(request, _("Rencana disimpan."))
            return redirect("needs:plan_detail", pk=plan.pk)
    status = form_status(form)
    return render(request, "needs/plan_form.html", {"form": form, "plan": plan}, status=status)


def _plan_page(request, plan, *, status=200, approve_form=None, error=None):
    from apps.needs.workflow import allowed_actions

    return render(
        request,
        "needs/plan_detail.html",
        {
            "plan": plan,
            "items": selectors.plan_items_of(plan),
            "totals": selectors.plan_totals(plan),
            "events": selectors.plan_events_of(plan)[:30],
            "actions": allowed_actions(plan, request.user),
            "approve_form": approve_form
            or ApproveForm(initial={"signatory_title": plan.instansi.head_title or _("Kepala BKPSDM")}),
            "error": error,
            "can_edit": plan.is_editable and request.user.has_role("admin_bkpsdm"),
        },
        status=status,
    )


@roles_required(*ADMIN_ROLES)
def plan_detail(request, pk):
    return _plan_page(request, get_plan_for_user(request.user, pk))


@require_POST
@roles_required(*BKPSDM_ONLY)
def plan_action(request, pk, action):
    plan = get_plan_for_user(request.user, pk)
    approve_form = None
    try:
        if action == "submit":
            plan = services.plan_submit(actor=request.user, plan=plan, note=request.POST.get("note", ""))
        elif action == "return":
            plan = services.plan_return(actor=request.user, plan=plan, note=request.POST.get("note", ""))
        elif action == "approve":
            approve_form = ApproveForm(request.POST)
            if not approve_form.is_valid():
                return _plan_page(request, plan, status=422, approve_form=approve_form)
            plan = services.plan_approve(actor=request.user, plan=plan, **approve_form.cleaned_data)
        elif action == "new_version":
            plan = services.plan_new_version(actor=request.user, plan=plan)
        else:
            raise Http404
    except DomainError as exc:
        return _plan_page(
            request, get_plan_for_user(request.user, pk), status=422, approve_form=approve_form, error=exc.message
        )
    messages.success(request, _("Status rencana: %(s)s.") % {"s": plan.get_status_display()})
    return redirect("needs:plan_detail", pk=plan.pk)


def _plan_item_form(request, plan, item=None):
    from apps.catalog.selectors import penyelenggara_choices_for, published_program_choices

    return PlanItemForm(
        request.POST or None,
        instance=item,
        kompetensi_qs=kompetensi_choices_for_instansi(plan.instansi_id),
        units=as_unit_choices(units_visible_to(request.user)),
        penyelenggara_qs=penyelenggara_choices_for(request.user),
        program_qs=published_program_choices(plan.instansi_id),
        needs_qs=selectors.needs_choices_for_plan(plan),
    )


@roles_required(*BKPSDM_ONLY)
def plan_item_edit(request, pk, item_pk=None):
    if item_pk:
        plan, item = get_plan_item_for_user(request.user, pk, item_pk)
    else:
        plan, item = get_plan_for_user(request.user, pk), None
    form = _plan_item_form(request, plan, item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("link_all", None)
        if save_or_error(
            form,
            lambda: services.plan_item_save(
                actor=request.user, plan=plan, item=item, needs_items=list(data.pop("needs_items") or []), **data
            ),
        ):
            messages.success(request, _("Butir rencana disimpan."))
            return redirect("needs:plan_detail", pk=plan.pk)
    status = form_status(form)
    return render(request, "needs/plan_item_form.html", {"form": form, "plan": plan, "item": item}, status=status)


@require_POST
@roles_required(*BKPSDM_ONLY)
def plan_item_delete(request, pk, item_pk):
    plan, item = get_plan_item_for_user(request.user, pk, item_pk)
    try:
        services.plan_item_delete(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Butir rencana dihapus."))
    return redirect("needs:plan_detail", pk=plan.pk)


@roles_required(*ADMIN_ROLES)
def plan_pdf(request, pk):
    from django.http import HttpResponse

    from apps.needs.plan_documents import render_plan_pdf

    plan = get_plan_for_user(request.user, pk)
    response = HttpResponse(render_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rpk-{plan.year}-v{plan.version}.pdf"'
    return response


@roles_required(*ADMIN_ROLES)
def plan_xlsx(request, pk):
    from django.http import HttpResponse

    from apps.needs.exports import XLSX
    from apps.needs.plan_documents import render_plan_xlsx

    plan = get_plan_for_user(request.user, pk)
    response = HttpResponse(render_plan_xlsx(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rpk-{plan.year}-v{plan.version}.xlsx"'
    return response


# ---- IDP ----------------------------------------------------------------------------------------------


def _idp_page(request, idp, *, status=200, goal_form=None, activity_form=None, error=None):
    from apps.needs.workflow import OWNER, idp_allowed_actions, idp_party

    parties = idp_party(idp, request.user)
    editable = idp.status == "draft" and OWNER in parties
    goals = list(selectors.idp_goals_of(idp))
    context = {
        "idp": idp,
        "pegawai": idp.pegawai,
        "goals": goals,
        "events": selectors.idp_events_of(idp)[:20],
        "actions": idp_allowed_actions(idp, request.user),
        "editable": editable,
        "is_owner": OWNER in parties,
        "error": error,
        "can_add_goal": editable and len(goals) < services.MAX_GOALS,
    }
    if editable:
        context["goal_form"] = goal_form or _idp_goal_form(idp)
        context["activity_form"] = activity_form or _idp_activity_form(idp)
    return render(request, "needs/idp_detail.html", context, status=status)


def _idp_goal_form(idp):
    skj_ids = [i.kompetensi_id for i in _skj_items(idp.pegawai)]
    return IdpGoalForm(
        kompetensi_qs=selectors.idp_kompetensi_choices(idp.pegawai, skj_ids),
        needs_qs=selectors.open_needs_of(idp.pegawai, idp.year),
    )


def _idp_activity_form(idp):
    from apps.catalog.selectors import published_program_choices

    return IdpActivityForm(
        goals=selectors.idp_goals_of(idp),
        plan_items=selectors.idp_plan_items_for(idp.pegawai, idp.year),
        programs=published_program_choices(idp.pegawai.instansi_id),
    )


def my_idp(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    idps = list(selectors.idps_of_pegawai(pegawai))
    year = timezone.localdate().year
    return render(request, "needs/idp_mine.html", {"idps": idps, "pegawai": pegawai, "year": year})


@require_POST
def idp_create(request):
    pegawai = pegawai_of_user(request.user)
    if pegawai is None:
        raise Http404
    form = GenerateNeedsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tahun yang sah."))
        return redirect("needs:my_idp")
    try:
        idp = services.idp_create(actor=request.user, pegawai=pegawai, year=form.cleaned_data["year"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("needs:my_idp")
    return redirect("needs:idp_detail", pk=idp.pk)


def idp_detail(request, pk):
    idp = get_idp_for_user(request.user, pk)
    if idp.pegawai.user_id != request.user.pk:
        personal_data_access_log(actor=request.user, subject=idp.pegawai, purpose="IDP")
    return _idp_page(request, idp)


@require_POST
def idp_goal_add(request, pk):
    idp = get_idp_for_user(request.user, pk)
    pegawai = idp.pegawai
    form = IdpGoalForm(
        request.POST,
        kompetensi_qs=kompetensi_for_instansi(pegawai.instansi_id),
        needs_qs=selectors.open_needs_of(pegawai, idp.year),
    )
    if form.is_valid() and save_or_error(
        form, lambda: services.idp_goal_add(actor=request.user, idp=idp, **form.cleaned_data)
    ):
        messages.success(request, _("Sasaran ditambahkan."))
        return redirect("needs:idp_detail", pk=pk)
    return _idp_page(request, idp, status=422, goal_form=form)


@require_POST
def idp_activity_add(request, pk):
    from apps.catalog.selectors import programs_published_for_instansi

    idp = get_idp_for_user(request.user, pk)
    form = IdpActivityForm(
        request.POST,
        goals=selectors.idp_goals_of(idp),
        plan_items=selectors.idp_plan_items_for(idp.pegawai, idp.year),
        programs=programs_published_for_instansi(idp.instansi_id),
    )
    if form.is_valid() and save_or_error(
        form, lambda: services.idp_activity_add(actor=request.user, idp=idp, **form.cleaned_data)
    ):
        messages.success(request, _("Kegiatan ditambahkan."))
        return redirect("needs:idp_detail", pk=pk)
    return _idp_page(request, idp, status=422, activity_form=form)


@require_POST
def idp_action(request, pk, action):
    idp = get_idp_for_user(request.user, pk)
    note = request.POST.get("note", "")[:1000]
    try:
        if action == "submit":
            idp = services.idp_submit(actor=request.user, idp=idp, note=note)
        else:
            idp = services.idp_decide(actor=request.user, idp=idp, action=action, note=note)
    except DomainError as exc:
        return _idp_page(request, get_idp_for_user(request.user, pk), status=422, error=exc.message)
    messages.success(request, _("Status IDP: %(s)s.") % {"s": idp.get_status_display()})
    return redirect("needs:idp_detail", pk=pk)


@require_POST
def idp_progress(request, pk, activity_pk):
    idp, activity = get_idp_activity_for_user(request.user, pk, activity_pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.idp_activity_progress(actor=request.user, activity=activity, **form.cleaned_data)
        except DomainError as exc:
            return _idp_page(request, idp, status=422, error=exc.message)
        messages.success(request, _("Kemajuan disimpan."))
        return redirect("needs:idp_detail", pk=pk)
    return _idp_page(request, idp, status=422, error=_("Isi tanggal yang sah."))


# ---- recommendations ----------------------------------------------------------------------------------


def _recommendations(request, *, instansi_id, gaps, subject, kind):
    from apps.catalog.selectors import programs_for_competencies

    ids = [g["kompetensi_id"] for g in gaps]
    programs = list(programs_for_competencies(instansi_id, ids)[:20]) if ids else []
    plan_items = (
        [] if programs or not ids else list(selectors.fallback_plan_items(instansi_id, ids, timezone.localdate().year))
    )
    return render(
        request,
        "needs/recommend.html",
        {"subject": subject, "kind": kind, "gaps": gaps, "programs": programs, "plan_items": plan_items},
    )


def recommend_pegawai(request, pk):
    pegawai = get_pegawai_gap_for_user(request.user, pk)
    today = timezone.localdate()
    gaps = selectors.biggest_gaps_of_pegawai(pegawai, selectors.policy_for(pegawai.instansi_id, today), today)
    return _recommendations(request, instansi_id=pegawai.instansi_id, gaps=gaps, subject=pegawai, kind="pegawai")


@roles_required(*ADMIN_ROLES)
def recommend_unit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    gaps = selectors.biggest_gaps_of_unit(unit, selectors.policy_for(unit.instansi_id, today), today)
    return _recommendations(request, instansi_id=unit.instansi_id, gaps=gaps, subject=unit, kind="unit")
