"""Result pages (BKPSDM): per questionnaire, per batch, per programme over time, per narasumber, and
SKM/IKM per unit and period with the link across levels. Aggregation is in results.py, chart specs in
charts.py."""

from django.shortcuts import render
from django.utils import timezone

from apps.core.decorators import roles_required
from apps.core.pagination import paginate
from apps.core.roles import ADMINS
from apps.evaluations import charts, results, scoring, selectors, sources
from apps.evaluations.access import (
    get_angkatan_results_for_user,
    get_program_results_for_user,
    get_questionnaire_for_user,
)
from apps.evaluations.forms import PROFILE_KEYS, labelled_profile
from apps.evaluations.models import Level


@roles_required(*ADMINS)
def questionnaire_results(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    result = results.questionnaire_result(questionnaire)
    ctx = {"q": questionnaire, "result": result, "charts": charts.questionnaire_charts(result)}
    if questionnaire.level == Level.SKM and not result.suppressed:
        ikm, version = results.ikm_of([questionnaire.pk], on=questionnaire.period_end)
        profile = labelled_profile(
            {key: results.skm_profile_breakdown([questionnaire.pk], key) for key in PROFILE_KEYS}
        )
        ctx.update(ikm=ikm, band_version=version, profile=profile, ikm_chart=charts.ikm_elements(ikm))
    return render(request, "evaluations/results_questionnaire.html", ctx)


@roles_required(*ADMINS)
def batch_list(request):
    """Batches of the instansi that have questionnaires, newest first."""
    page = paginate(request, selectors.angkatan_with_questionnaires(request.user))
    return render(request, "evaluations/results_batches.html", {"page_obj": page})


@roles_required(*ADMINS)
def batch_results(request, angkatan_pk):
    angkatan = get_angkatan_results_for_user(request.user, angkatan_pk)
    qs = selectors.questionnaires_of_angkatan(request.user, angkatan)
    l1 = [results.questionnaire_result(q) for q in selectors.l1_questionnaires(qs)]
    narasumber = results.narasumber_ratings(selectors.l1_questionnaires(qs))
    gain = results.l2_result(angkatan.pk, angkatan.instansi_id)
    ctx = {
        "angkatan": angkatan,
        "questionnaires": qs,
        "l1": l1,
        "narasumber": narasumber,
        "gain": gain,
        "l3": results.l3_result(qs),
        "charts": charts.batch_charts(l1, narasumber, gain),
        "participants": sources.enrollment_counts(angkatan.instansi_id, [angkatan.pk]).get(angkatan.pk, 0),
    }
    return render(request, "evaluations/results_batch.html", ctx)


@roles_required(*ADMINS)
def program_results(request, program_pk):
    program = get_program_results_for_user(request.user, program_pk)
    rows = results.program_over_time(request.user.instansi_id, program.pk)
    ctx = {"program": program, "rows": rows, "chart": charts.program_l1_over_time(rows)}
    return render(request, "evaluations/results_program.html", ctx)


@roles_required(*ADMINS)
def narasumber_results(request):
    rows = results.narasumber_ratings(selectors.l1_questionnaires(selectors.questionnaires_visible_to(request.user)))
    return render(request, "evaluations/results_narasumber.html", {"rows": rows, "minimum": scoring.MIN_GROUP_SIZE})


@roles_required(*ADMINS)
def skm_results(request):
    visible = selectors.questionnaires_visible_to(request.user)
    periods = results.ikm_by_unit_period(visible)
    link = (
        results.trained_units_before_after(request.user, request.user.instansi_id, visible)
        if request.user.instansi_id
        else []
    )
    ctx = {"periods": periods, "link": link, "chart": charts.ikm_by_unit(periods), "today": timezone.localdate()}
    return render(request, "evaluations/results_skm.html", ctx)
