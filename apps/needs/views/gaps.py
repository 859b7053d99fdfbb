"""Assessments (self, atasan, admin), competency gaps per pegawai, team, list and heatmap, and the
programme recommendations that follow from them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.selectors import programs_for_competencies
from apps.core import figures
from apps.core.decorators import roles_required
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.core.services import personal_data_access_log
from apps.employees.selectors import (
    active_pegawai_visible_to,
    is_team_member,
    pegawai_of_user,
    team_of,
)
from apps.needs import gaps, selectors, services, tables
from apps.needs.access import (
    get_pegawai_for_admin_assessment,
    get_pegawai_gap_for_user,
    get_team_member_to_assess,
)
from apps.needs.exports import xlsx_download, xlsx_response
from apps.needs.filters import GapFilter, HeatmapFilter
from apps.needs.forms import AssessmentForm
from apps.needs.models import AssessmentMethod
from apps.needs.views._shared import _skj_items, needs_instansi
from apps.organizations.access import get_unit_for_user


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


@roles_required(Role.SUPERVISOR)
def assess_team_member(request, pk):
    pegawai = get_team_member_to_assess(request.user, pk)
    return _assessment_page(request, pegawai=pegawai, method=AssessmentMethod.ATASAN)


@roles_required(*ADMINS)
def assess_admin(request, pk):
    pegawai = get_pegawai_for_admin_assessment(request.user, pk)
    return _assessment_page(request, pegawai=pegawai, method=AssessmentMethod.ASSESSMENT_CENTER, admin=True)


@roles_required(Role.SUPERVISOR)
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
            "is_admin": request.user.has_any_role(ADMINS),
            "is_atasan": is_team_member(request.user, pegawai),
            "idps": list(selectors.idps_of_pegawai(pegawai)[:5]),
        },
    )


@roles_required(*ADMINS)
@needs_instansi
def gap_list(request):
    today = timezone.localdate()
    policy = selectors.policy_for(request.user.instansi_id, today)
    base = selectors.gap_list_base(request.user, policy, today)
    filterset = GapFilter(request.GET, queryset=base, request=request)
    qs = selectors.gap_list_rows(filterset.qs)
    labels = selectors.labels_for(request.user.instansi_id, today)
    if request.GET.get("format") == "xlsx":
        rows = tables.gap_list_rows(qs, labels)
        header = tables.gap_list_header()
        data = services.gap_list_workbook(actor=request.user, title=_("Kesenjangan"), header=header, rows=rows)
        return xlsx_download("kesenjangan-pegawai.xlsx", data)
    page = paginate(request, qs)
    return render(
        request,
        "needs/gap_list.html",
        {"filter": filterset, "page_obj": page, "labels": labels, "methods": dict(AssessmentMethod.choices)},
    )


@roles_required(*ADMINS)
@needs_instansi
def heatmap(request):
    today = timezone.localdate()
    filterset = HeatmapFilter(request.GET, queryset=active_pegawai_visible_to(request.user), request=request)
    by = "jabatan" if request.GET.get("by") == "jabatan" else "unit"
    choice = (by, today, sorted((k, v) for k, v in request.GET.items() if k != "format"))
    table = selectors.heatmap_table(request.user.instansi_id, filterset.qs, today, by=by, vary=choice)
    if request.GET.get("format") == "xlsx":
        header, rows = tables.heatmap_header(table, by), tables.heatmap_rows(table)
        return xlsx_response("peta-kesenjangan.xlsx", _("Peta kesenjangan"), header, rows)
    html = figures.cached(
        "needs.heatmap.html",
        request.user.instansi_id,
        lambda: render_to_string("needs/_heatmap_table.html", {"table": table, "by": by}),
        vary=choice,
    )
    return render(request, "needs/heatmap.html", {"filter": filterset, "table_html": html, "by": by})


def _recommendations(request, *, instansi_id, gaps, subject, kind):

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


@roles_required(*ADMINS)
def recommend_unit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    gaps = selectors.biggest_gaps_of_unit(unit, selectors.policy_for(unit.instansi_id, today), today)
    return _recommendations(request, instansi_id=unit.instansi_id, gaps=gaps, subject=unit, kind="unit")
