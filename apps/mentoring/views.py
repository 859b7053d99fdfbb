"""Pages of the mentoring app: parse → access → service → render/redirect (style.md §5).
Bad input answers 422 with the Indonesian message and saves nothing."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.competencies.selectors import kompetensi_for_instansi
from apps.core.decorators import roles_required
from apps.core.exceptions import DomainError
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.core.services import personal_data_access_log
from apps.core.tenancy import require_instansi
from apps.employees.selectors import active_pegawai_for_instansi
from apps.mentoring import access, selectors, services
from apps.mentoring.filters import ProgramFilter, ProjectFilter
from apps.mentoring.forms import (
    ActionForm,
    AssessForm,
    ConfirmForm,
    DisputeForm,
    EndForm,
    GoalForm,
    GoalStatusForm,
    MatchForm,
    MenteeForm,
    MentorForm,
    ProgramForm,
    ProgramRatingForm,
    ProjectForm,
    ReassignForm,
    ReportForm,
    SessionForm,
)
from apps.mentoring.models import PairStatus, ProjectStatus, SessionStatus
from apps.mentoring.workflow import PROJECT_ACTION_LABELS, PROJECT_TRANSITIONS, project_actions_for, project_relations

# --------------------------------------------------------------------------- programmes, for admins


@roles_required(*ADMINS)
def program_list(request):
    filterset = ProgramFilter(request.GET or None, queryset=selectors.programs_visible_to(request.user))
    page = paginate(request, selectors.program_list_rows(filterset.qs))
    stats = selectors.program_stats([p.pk for p in page])
    rows = [(p, stats[p.pk]) for p in page]
    return render(request, "mentoring/program_list.html", {"filter": filterset, "page_obj": page, "rows": rows})


@roles_required(*ADMINS)
@require_instansi
def program_edit(request, pk=None):
    program = access.get_program_for_user(request.user, pk) if pk else None
    instansi_id = request.user.instansi_id
    form = ProgramForm(request.POST or None, instance=program, kompetensi=kompetensi_for_instansi(instansi_id))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        targets = data.pop("target_competencies")
        save = partial(services.program_save, actor=request.user, instansi_id=instansi_id, program=program)
        if saved := save_or_error(form, lambda: save(target_competencies=targets, **data)):
            messages.success(request, _("Program disimpan."))
            return redirect("mentoring:program_detail", pk=saved.value.pk)
    ctx = {"form": form, "program": program}
    return render(request, "mentoring/program_form.html", ctx, status=form_status(form))


def _program_context(request, program, **extra):
    user = request.user
    stats = selectors.program_stats([program.pk])[program.pk]
    ctx = {
        "program": program,
        "stats": stats,
        "months": selectors.sessions_per_month(program),
        "mentors": selectors.mentors_of(program),
        "mentees": selectors.mentees_of(program),
        "pairs": selectors.pairs_of(program),
        "cap": services.monthly_session_cap(program.jp_rule),
        "targets": selectors.target_competencies_of(program),
        "mentor_form": MentorForm(
            pegawai=_pegawai_choices(program), kompetensi=kompetensi_for_instansi(program.instansi_id)
        ),
        "mentee_form": MenteeForm(pegawai=_pegawai_choices(program)),
        "can_write": user.instansi_id is not None,
    }
    ctx.update(extra)
    return ctx


@roles_required(*ADMINS)
def program_detail(request, pk):
    program = access.get_program_for_user(request.user, pk)
    return render(request, "mentoring/program_detail.html", _program_context(request, program))


def _pegawai_choices(program):
    return active_pegawai_for_instansi(program.instansi_id)


@roles_required(*ADMINS)
@require_POST
def mentor_add(request, pk):
    program = access.get_program_for_user(request.user, pk)
    form = MentorForm(
        request.POST, pegawai=_pegawai_choices(program), kompetensi=kompetensi_for_instansi(program.instansi_id)
    )
    if form.is_valid() and save_or_error(form, lambda: _mentor_enrol(request, program, form.cleaned_data)):
        messages.success(request, _("Mentor ditambahkan."))
        return redirect("mentoring:program_detail", pk=program.pk)
    ctx = _program_context(request, program, mentor_form=form)
    return render(request, "mentoring/program_detail.html", ctx, status=422)


def _mentor_enrol(request, program, data):
    level = data["strength_level"]
    return services.mentor_enrol(
        actor=request.user,
        program=program,
        pegawai=data["pegawai"],
        capacity=data["capacity"],
        strengths=[(k, level) for k in data["strengths"]],
        note=data["note"],
    )


@roles_required(*ADMINS)
@require_POST
def mentee_add(request, pk):
    program = access.get_program_for_user(request.user, pk)
    form = MenteeForm(request.POST, pegawai=_pegawai_choices(program))
    if form.is_valid() and save_or_error(
        form, lambda: services.mentee_enrol(actor=request.user, program=program, **form.cleaned_data)
    ):
        messages.success(request, _("Mentee ditambahkan."))
        return redirect("mentoring:program_detail", pk=program.pk)
    ctx = _program_context(request, program, mentee_form=form)
    return render(request, "mentoring/program_detail.html", ctx, status=422)


@roles_required(*ADMINS)
def matching(request, pk):
    program = access.get_program_for_user(request.user, pk)
    ctx = {"program": program, "rows": selectors.suggestions_for(program), "error": None}
    return render(request, "mentoring/matching.html", ctx)


@roles_required(*ADMINS)
@require_POST
def match(request, pk):
    program = access.get_program_for_user(request.user, pk)
    form = MatchForm(request.POST)
    error = _("Pilihan mentor atau mentee tidak valid.")
    if form.is_valid():
        mentor = selectors.mentor_in_program(program, form.cleaned_data["mentor"])
        mentee = selectors.mentee_in_program(program, form.cleaned_data["mentee"])
        if mentor is not None and mentee is not None:
            try:
                pair = services.pair_match(actor=request.user, program=program, mentor=mentor, mentee=mentee)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _("%(mentor)s kini membimbing %(mentee)s.")
                    % {"mentor": mentor.pegawai.name, "mentee": mentee.pegawai.name},
                )
                return redirect(f"{reverse('mentoring:matching', args=[program.pk])}#pair-{pair.pk}")
    ctx = {"program": program, "rows": selectors.suggestions_for(program), "error": error}
    return render(request, "mentoring/matching.html", ctx, status=422)


# --------------------------------------------------------------------------- pairs


def _pair_context(request, pair, **extra):
    user = request.user
    is_mentor = access.is_pair_mentor(user, pair)
    is_mentee = access.is_pair_mentee(user, pair)
    is_admin = access.is_pair_admin(user, pair)
    program = pair.program
    ctx = {
        "pair": pair,
        "program": program,
        "sessions": selectors.sessions_of(pair),
        "goals": selectors.goals_of(pair),
        "events": selectors.pair_events(pair)[:20],
        "is_mentor": is_mentor,
        "is_mentee": is_mentee,
        "is_admin": is_admin and user.instansi_id is not None,
        "is_active": pair.status == PairStatus.ACTIVE,
        "cap": services.monthly_session_cap(program.jp_rule),
        "jp_rule": program.jp_rule,
        "LOGGED": SessionStatus.LOGGED,
        **_pair_forms(pair, is_mentor=is_mentor, is_mentee=is_mentee, is_admin=is_admin),
    }
    ctx.update(extra)
    return ctx


def _pair_forms(pair, *, is_mentor, is_mentee, is_admin):
    """The blank forms of the pair page, each only for the party who may use it."""
    rating = {"rating": pair.program_rating, "feedback": pair.program_feedback}
    return {
        "session_form": SessionForm() if is_mentor else None,
        "goal_form": GoalForm(kompetensi=kompetensi_for_instansi(pair.instansi_id))
        if (is_mentor or is_mentee)
        else None,
        "confirm_form": ConfirmForm() if is_mentee else None,
        "rating_form": ProgramRatingForm(initial=rating) if is_mentee else None,
        "reassign_form": ReassignForm(mentors=selectors.other_mentors_of(pair)) if is_admin else None,
        "end_form": EndForm() if is_admin else None,
    }


def pair_detail(request, pk):
    pair = access.get_pair_for_user(request.user, pk)
    personal_data_access_log(actor=request.user, subject=pair.mentee.pegawai, purpose="pasangan mentoring")
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair))


@require_POST
def session_create(request, pk):
    pair = access.get_pair_as_mentor(request.user, pk)
    form = SessionForm(request.POST)
    if form.is_valid() and (
        logged := save_or_error(form, lambda: services.session_log(actor=request.user, pair=pair, **form.cleaned_data))
    ):
        _session, warning = logged.value
        messages.success(request, _("Sesi dicatat; menunggu konfirmasi mentee."))
        if warning:
            messages.warning(request, warning)
        return redirect("mentoring:pair_detail", pk=pair.pk)
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair, session_form=form), status=422)


@require_POST
def session_confirm(request, pk):
    session = access.get_session_to_confirm(request.user, pk)
    pair = access.get_pair_for_user(request.user, session.pair_id)
    form = ConfirmForm(request.POST)
    confirm = partial(services.session_confirm, actor=request.user, session=session)
    if form.is_valid() and (
        done := save_or_error(
            form, lambda: confirm(rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        )
    ):
        confirmed = done.value
        if confirmed.jp_credited:
            messages.success(
                request,
                _("Sesi dikonfirmasi; %(jp)s JP ditambahkan ke catatan JP Anda.") % {"jp": confirmed.jp_credited},
            )
        else:
            messages.warning(request, _("Sesi dikonfirmasi tanpa JP: %(why)s") % {"why": confirmed.jp_note})
        return redirect("mentoring:pair_detail", pk=pair.pk)
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair, confirm_form=form), status=422)


@require_POST
def session_dispute(request, pk):
    session = access.get_session_to_confirm(request.user, pk)
    pair = access.get_pair_for_user(request.user, session.pair_id)
    form = DisputeForm(request.POST)
    if form.is_valid() and save_or_error(
        form,
        lambda: services.session_dispute(actor=request.user, session=session, comment=form.cleaned_data["comment"]),
    ):
        messages.info(request, _("Sesi ditandai tidak sesuai."))
        return redirect("mentoring:pair_detail", pk=pair.pk)
    messages.error(request, _("Tuliskan alasan penolakan."))
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair), status=422)


@require_POST
def goal_create(request, pk):
    pair = access.get_pair_as_party(request.user, pk)
    form = GoalForm(request.POST, kompetensi=kompetensi_for_instansi(pair.instansi_id))
    if form.is_valid() and save_or_error(
        form, lambda: services.goal_save(actor=request.user, pair=pair, **form.cleaned_data)
    ):
        messages.success(request, _("Sasaran ditambahkan; menunggu persetujuan pihak lain."))
        return redirect("mentoring:pair_detail", pk=pair.pk)
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair, goal_form=form), status=422)


@require_POST
def goal_agree(request, pk):
    goal = access.get_goal_for_user(request.user, pk)
    pair = access.get_pair_as_party(request.user, goal.pair_id)
    try:
        services.goal_agree(actor=request.user, goal=goal)
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, "mentoring/pair_detail.html", _pair_context(request, pair), status=422)
    messages.success(request, _("Sasaran disepakati."))
    return redirect("mentoring:pair_detail", pk=pair.pk)


@require_POST
def goal_status(request, pk):
    goal = access.get_goal_for_user(request.user, pk)
    pair = access.get_pair_as_mentor(request.user, goal.pair_id)
    form = GoalStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise services.MentoringError(_("Status sasaran tidak dikenal."))
        services.goal_set_status(actor=request.user, goal=goal, status=form.cleaned_data["status"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, "mentoring/pair_detail.html", _pair_context(request, pair), status=422)
    messages.success(request, _("Status sasaran diperbarui."))
    return redirect("mentoring:pair_detail", pk=pair.pk)


@require_POST
def pair_reassign(request, pk):
    pair = access.get_pair_to_manage(request.user, pk)
    form = ReassignForm(request.POST, mentors=selectors.other_mentors_of(pair))
    reassign = partial(services.pair_reassign, actor=request.user, pair=pair)
    if form.is_valid() and (
        moved := save_or_error(
            form, lambda: reassign(new_mentor=form.cleaned_data["mentor"], note=form.cleaned_data["note"])
        )
    ):
        new = moved.value
        messages.success(request, _("Mentee dialihkan ke %(name)s.") % {"name": new.mentor.pegawai.name})
        return redirect("mentoring:pair_detail", pk=new.pk)
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair, reassign_form=form), status=422)


@require_POST
def pair_end(request, pk):
    pair = access.get_pair_to_manage(request.user, pk)
    form = EndForm(request.POST)
    if form.is_valid() and save_or_error(
        form, lambda: services.pair_end(actor=request.user, pair=pair, note=form.cleaned_data["note"])
    ):
        messages.success(request, _("Pasangan diakhiri."))
        return redirect("mentoring:pair_detail", pk=pair.pk)
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair, end_form=form), status=422)


@require_POST
def pair_rate(request, pk):
    pair = access.get_pair_as_mentee(request.user, pk)
    form = ProgramRatingForm(request.POST)
    if form.is_valid() and save_or_error(
        form, lambda: services.pair_rate_program(actor=request.user, pair=pair, **form.cleaned_data)
    ):
        messages.success(request, _("Terima kasih atas penilaian Anda."))
        return redirect("mentoring:pair_detail", pk=pair.pk)
    return render(request, "mentoring/pair_detail.html", _pair_context(request, pair, rating_form=form), status=422)


def my_mentees(request):
    """Bimbingan saya: only the pairs this user mentors."""
    page = paginate(request, selectors.pairs_as_mentor(request.user))
    return render(request, "mentoring/my_mentees.html", {"page_obj": page})


def my_mentor(request):
    """The mentee's own pairs (mentor/coach), nothing else."""
    page = paginate(request, selectors.pairs_as_mentee(request.user))
    return render(request, "mentoring/my_mentor.html", {"page_obj": page})


@roles_required(Role.SUPERVISOR)
def team_overview(request):
    pairs = paginate(request, selectors.team_pairs(request.user))
    projects = selectors.team_projects(request.user)[:50]
    return render(request, "mentoring/team.html", {"page_obj": pairs, "projects": projects})


# --------------------------------------------------------------------------- projects


def project_list(request):
    filterset = ProjectFilter(request.GET or None, queryset=selectors.projects_visible_to(request.user))
    page = paginate(request, selectors.project_list_rows(filterset.qs))
    can_define = request.user.has_any_role((*ADMINS, Role.SUPERVISOR)) and request.user.instansi_id is not None
    return render(
        request, "mentoring/project_list.html", {"filter": filterset, "page_obj": page, "can_define": can_define}
    )


@roles_required(Role.SUPERVISOR, *ADMINS)
@require_instansi
def project_edit(request, pk=None):
    project = access.get_project_with(request.user, pk, "definer") if pk else None
    if project is not None and project.status != ProjectStatus.DRAFT:
        messages.error(request, _("Proyek hanya dapat diubah selama masih draf."))
        return redirect("mentoring:project_detail", pk=project.pk)
    instansi_id = request.user.instansi_id
    form = ProjectForm(
        request.POST or None,
        instance=project,
        pegawai=selectors.project_pegawai_choices(request.user),
        supervisors=active_pegawai_for_instansi(instansi_id),
        kompetensi=kompetensi_for_instansi(instansi_id),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        competencies = data.pop("competencies")
        save = partial(services.project_save, actor=request.user, instansi_id=instansi_id, project=project)
        if saved := save_or_error(form, lambda: save(competencies=competencies, **data)):
            messages.success(request, _("Penugasan proyek disimpan."))
            return redirect("mentoring:project_detail", pk=saved.value.pk)
    ctx = {"form": form, "project": project}
    return render(request, "mentoring/project_form.html", ctx, status=form_status(form))


def _project_context(request, project, **extra):
    relations = project_relations(request.user, project)
    actions = [(a, PROJECT_ACTION_LABELS[a]) for a in project_actions_for(request.user, project)]
    competencies = list(selectors.project_competencies(project))
    ctx = {
        "project": project,
        "relations": relations,
        "actions": actions,
        "competencies": competencies,
        "reports": selectors.project_reports(project),
        "events": selectors.project_events(project)[:20],
        "evidence": selectors.project_evidence(project),
        "report_form": ReportForm() if "owner" in relations and project.status == ProjectStatus.ACTIVE else None,
        "assess_form": AssessForm(competencies=competencies, can_update_assessment="definer" in relations)
        if "supervisor" in relations and project.status == ProjectStatus.SUBMITTED
        else None,
        "action_form": ActionForm(),
    }
    ctx.update(extra)
    return ctx


def project_detail(request, pk):
    project = access.get_project_for_user(request.user, pk)
    personal_data_access_log(actor=request.user, subject=project.pegawai, purpose="penugasan proyek")
    return render(request, "mentoring/project_detail.html", _project_context(request, project))


@require_POST
def project_action(request, pk, action):
    project = access.get_project_for_user(request.user, pk)
    if action not in PROJECT_ACTION_LABELS:
        raise Http404
    allowed = set().union(*(roles for (_s, a), (_t, roles) in PROJECT_TRANSITIONS.items() if a == action))
    if not project_relations(request.user, project) & allowed:
        raise PermissionDenied
    form = ActionForm(request.POST)
    form.is_valid()
    try:
        services.project_transition(
            project_id=project.pk, action=action, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, "mentoring/project_detail.html", _project_context(request, project), status=422)
    messages.success(request, _("Status proyek diperbarui."))
    return redirect("mentoring:project_detail", pk=project.pk)


@require_POST
def project_report(request, pk):
    project = access.get_project_with(request.user, pk, "owner")
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid() and save_or_error(
        form, lambda: services.project_report_add(actor=request.user, project=project, **form.cleaned_data)
    ):
        messages.success(request, _("Laporan kemajuan disimpan."))
        return redirect("mentoring:project_detail", pk=project.pk)
    return render(
        request, "mentoring/project_detail.html", _project_context(request, project, report_form=form), status=422
    )


def project_report_file(request, pk, report_pk):
    report = access.get_project_report_file_for_user(request.user, pk, report_pk)
    personal_data_access_log(actor=request.user, subject=report.project.pegawai, purpose="berkas hasil proyek")
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1])


@require_POST
def project_assess(request, pk):
    project = access.get_project_with(request.user, pk, "supervisor")
    form = AssessForm(
        request.POST,
        competencies=selectors.project_competencies(project),
        can_update_assessment="definer" in project_relations(request.user, project),
    )
    assess = partial(services.project_assess, actor=request.user, project=project)
    if form.is_valid() and save_or_error(
        form,
        lambda: assess(
            outcome_rating=form.cleaned_data["outcome_rating"],
            outcome_note=form.cleaned_data["outcome_note"],
            evidence=form.evidence(),
            update_assessment=form.cleaned_data.get("update_assessment", False),
        ),
    ):
        messages.success(request, _("Penilaian proyek disimpan."))
        return redirect("mentoring:project_detail", pk=project.pk)
    return render(
        request, "mentoring/project_detail.html", _project_context(request, project, assess_form=form), status=422
    )
