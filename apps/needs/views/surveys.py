"""Inputs to the needs analysis besides assessments: SKP performance, needs surveys and FGD."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.selectors import (
    kompetensi_choices_for_instansi,
    kompetensi_for_instansi,
)
from apps.core.decorators import roles_required
from apps.core.forms import form_status, save_or_error
from apps.core.pagination import paginate
from apps.core.roles import ADMINS, Role
from apps.employees.selectors import (
    active_pegawai_choices,
    pegawai_of_user,
)
from apps.needs import selectors, services
from apps.needs.access import (
    get_fgd_for_user,
    get_performance_for_user,
    get_survey_for_user,
    get_survey_to_manage,
)
from apps.needs.filters import PerformanceFilter
from apps.needs.forms import (
    FgdForm,
    PerformanceForm,
    SurveyAnswerForm,
    SurveyForm,
)
from apps.needs.views._shared import needs_instansi
from apps.organizations.selectors import as_unit_choices, units_visible_to


@roles_required(*ADMINS)
@needs_instansi
def performance_list(request):
    filterset = PerformanceFilter(request.GET, queryset=selectors.performance_visible_to(request.user), request=request)
    page = paginate(request, selectors.performance_list_rows(filterset.qs))
    return render(request, "needs/performance_list.html", {"filter": filterset, "page_obj": page})


@roles_required(*ADMINS)
@needs_instansi
def performance_edit(request, pk=None):
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


def survey_list(request):
    today = timezone.localdate()
    is_admin = request.user.has_any_role(ADMINS)
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


@roles_required(*ADMINS)
@needs_instansi
def survey_edit(request, pk=None):
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
        can_answer_as_atasan=request.user.has_role(Role.SUPERVISOR),
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


@roles_required(*ADMINS)
def survey_results(request, pk):
    survey = get_survey_to_manage(request.user, pk)
    return render(request, "needs/survey_results.html", {"survey": survey, "results": selectors.survey_results(survey)})


@roles_required(*ADMINS)
def fgd_list(request):
    page = paginate(request, selectors.fgd_list_rows(request.user))
    return render(request, "needs/fgd_list.html", {"page_obj": page})


@roles_required(*ADMINS)
@needs_instansi
def fgd_edit(request, pk=None):
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
