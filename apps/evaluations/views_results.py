"""Result pages (BKPSDM): per questionnaire, per batch, per programme over time, per narasumber, and
SKM/IKM per unit and period with the link across levels. Aggregation is in results.py."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.decorators import ADMIN_ROLES, roles_required
from apps.core.pagination import paginate
from apps.evaluations import results, scoring, selectors, sources
from apps.evaluations.access import get_questionnaire_for_user
from apps.evaluations.models import Level


def _dist_chart(qr: results.QuestionResult) -> dict:
    return {
        "type": "bar",
        "stacked": False,
        "labels": [str(i) for i in range(1, len(qr.distribution) + 1)],
        "datasets": [{"label": _("Jumlah jawaban"), "data": qr.distribution}],
    }


@roles_required(*ADMIN_ROLES)
def questionnaire_results(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    result = results.questionnaire_result(questionnaire)
    charts = [(f"dist-{i}", _dist_chart(qr)) for i, qr in enumerate(result.questions) if qr.distribution]
    ctx = {"q": questionnaire, "result": result, "charts": charts}
    if questionnaire.level == Level.SKM and not result.suppressed:
        ikm, version = results.ikm_of([questionnaire.pk], on=questionnaire.period_end)
        ctx.update(
            ikm=ikm,
            band_version=version,
            profile={
                key: results.skm_profile_breakdown([questionnaire.pk], key)
                for key in ("sex", "age_band", "education", "occupation")
            },
            ikm_chart={
                "type": "bar",
                "max": 100,
                "labels": [e.code for e in ikm.elements],
                "datasets": [{"label": _("Nilai unsur (NRR × 25)"), "data": [float(e.score) for e in ikm.elements]}],
            },
        )
    return render(request, "evaluations/results_questionnaire.html", ctx)


@roles_required(*ADMIN_ROLES)
def batch_list(request):
    """Batches of the instansi that have questionnaires, newest first."""
    from apps.catalog.selectors import angkatan_visible_to

    ids = selectors.questionnaires_visible_to(request.user).exclude(angkatan=None).values("angkatan_id")
    qs = angkatan_visible_to(request.user).filter(pk__in=ids).order_by("-end_date", "-id")
    return render(request, "evaluations/results_batches.html", {"page_obj": paginate(request, qs)})


@roles_required(*ADMIN_ROLES)
def batch_results(request, angkatan_pk):
    from apps.catalog.selectors import angkatan_visible_to

    angkatan = angkatan_visible_to(request.user).filter(pk=angkatan_pk).first()
    if angkatan is None:
        raise Http404
    qs = selectors.questionnaires_visible_to(request.user).filter(angkatan=angkatan).order_by("level", "phase", "id")
    l1 = [results.questionnaire_result(q) for q in qs.filter(level=Level.L1)]
    narasumber = results.narasumber_ratings(qs.filter(level=Level.L1))
    gain = results.l2_result(angkatan.pk, angkatan.instansi_id)
    l3 = results.l3_result(qs)
    charts = []
    for r in l1:
        if r.suppressed:
            continue
        rated = [qr for qr in r.questions if qr.mean is not None and not qr.target_label]
        charts.append(
            (
                f"l1-{r.questionnaire.pk}",
                {
                    "type": "bar",
                    "horizontal": True,
                    "max": 4,
                    "labels": [qr.question.code for qr in rated],
                    "datasets": [{"label": _("Rata-rata (1–4)"), "data": [float(qr.mean) for qr in rated]}],
                },
            )
        )
    rated_ns = [n for n in narasumber if n["mean"] is not None]
    if rated_ns:
        charts.append(
            (
                "narasumber",
                {
                    "type": "bar",
                    "horizontal": True,
                    "max": 4,
                    "labels": [n["name"] for n in rated_ns],
                    "datasets": [{"label": _("Rata-rata narasumber"), "data": [float(n["mean"]) for n in rated_ns]}],
                },
            )
        )
    if gain and gain.participants:
        charts.append(
            (
                "gain",
                {
                    "type": "bar",
                    "max": 100,
                    "labels": [_("Pre-test"), _("Post-test")],
                    "datasets": [
                        {"label": _("Rata-rata nilai"), "data": [float(gain.pre_mean), float(gain.post_mean)]}
                    ],
                },
            )
        )
    return render(
        request,
        "evaluations/results_batch.html",
        {
            "angkatan": angkatan,
            "questionnaires": qs,
            "l1": l1,
            "narasumber": narasumber,
            "gain": gain,
            "l3": l3,
            "charts": charts,
            "participants": sources.enrollment_counts(angkatan.instansi_id, [angkatan.pk]).get(angkatan.pk, 0),
        },
    )


@roles_required(*ADMIN_ROLES)
def program_results(request, program_pk):
    from apps.catalog.selectors import programs_visible_to

    program = programs_visible_to(request.user).filter(pk=program_pk).first()
    if program is None or request.user.instansi_id is None:
        raise Http404
    rows = results.program_over_time(request.user.instansi_id, program.pk)
    chart = {
        "type": "line",
        "max": 4,
        "labels": [str(r["angkatan"]) for r in rows],
        "datasets": [
            {
                "label": _("Rata-rata L1"),
                "data": [float(r["l1_mean"]) if r["l1_mean"] is not None else None for r in rows],
            }
        ],
    }
    return render(request, "evaluations/results_program.html", {"program": program, "rows": rows, "chart": chart})


@roles_required(*ADMIN_ROLES)
def narasumber_results(request):
    rows = results.narasumber_ratings(selectors.questionnaires_visible_to(request.user).filter(level=Level.L1))
    return render(request, "evaluations/results_narasumber.html", {"rows": rows, "minimum": scoring.MIN_GROUP_SIZE})


@roles_required(*ADMIN_ROLES)
def skm_results(request):
    visible = selectors.questionnaires_visible_to(request.user)
    periods = results.ikm_by_unit_period(visible)
    link = (
        results.trained_units_before_after(request.user, request.user.instansi_id, visible)
        if request.user.instansi_id
        else []
    )
    by_period: dict[str, dict[str, float]] = {}
    for p in periods:
        if p.result.ikm is not None and not p.result.suppressed:
            by_period.setdefault(p.period, {})[p.unit_name] = float(p.result.ikm)
    units = sorted({p.unit_name for p in periods})
    labels = sorted(by_period)
    chart = {
        "type": "line",
        "min": 25,
        "max": 100,
        "labels": labels,
        "datasets": [{"label": u, "data": [by_period[lab].get(u) for lab in labels]} for u in units][:6],
    }
    return render(
        request,
        "evaluations/results_skm.html",
        {"periods": periods, "link": link, "chart": chart, "today": timezone.localdate()},
    )
