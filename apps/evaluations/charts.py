"""Chart specs for the result pages: plain dicts the chart partial draws. Pure shaping of what
results.py computed; no queries here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from apps.evaluations import results

Chart = dict[str, Any]


def _bar(labels: list[str], label: str, data: list, **options: Any) -> Chart:
    return {"type": "bar", **options, "labels": labels, "datasets": [{"label": label, "data": data}]}


def distribution(qr: results.QuestionResult) -> Chart:
    labels = [str(i) for i in range(1, len(qr.distribution) + 1)]
    return _bar(labels, _("Jumlah jawaban"), qr.distribution, stacked=False)


def questionnaire_charts(result: results.QuestionnaireResult) -> list[tuple[str, Chart]]:
    return [(f"dist-{i}", distribution(qr)) for i, qr in enumerate(result.questions) if qr.distribution]


def ikm_elements(ikm) -> Chart:
    return _bar(
        [e.code for e in ikm.elements], _("Nilai unsur (NRR × 25)"), [float(e.score) for e in ikm.elements], max=100
    )


def batch_charts(l1: list, narasumber: list[dict], gain) -> list[tuple[str, Chart]]:
    """L1 means per questionnaire, narasumber means, and the L2 pre/post gain of one angkatan."""
    charts: list[tuple[str, Chart]] = []
    for r in l1:
        if r.suppressed:
            continue
        rated = [qr for qr in r.questions if qr.mean is not None and not qr.target_label]
        data = [float(qr.mean) for qr in rated]
        labels = [qr.question.code for qr in rated]
        charts.append((f"l1-{r.questionnaire.pk}", _bar(labels, _("Rata-rata (1–4)"), data, horizontal=True, max=4)))
    rated_ns = [n for n in narasumber if n["mean"] is not None]
    if rated_ns:
        data = [float(n["mean"]) for n in rated_ns]
        labels = [n["name"] for n in rated_ns]
        charts.append(("narasumber", _bar(labels, _("Rata-rata narasumber"), data, horizontal=True, max=4)))
    if gain and gain.participants:
        data = [float(gain.pre_mean), float(gain.post_mean)]
        charts.append(("gain", _bar([_("Pre-test"), _("Post-test")], _("Rata-rata nilai"), data, max=100)))
    return charts


def program_l1_over_time(rows: list[dict]) -> Chart:
    return {
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


def ikm_by_unit(periods: list) -> Chart:
    """One line per unit (at most six) across periods; suppressed results are gaps."""
    by_period: dict[str, dict[str, float]] = {}
    for p in periods:
        if p.result.ikm is not None and not p.result.suppressed:
            by_period.setdefault(p.period, {})[p.unit_name] = float(p.result.ikm)
    units = sorted({p.unit_name for p in periods})
    labels = sorted(by_period)
    return {
        "type": "line",
        "min": 25,
        "max": 100,
        "labels": labels,
        "datasets": [{"label": u, "data": [by_period[lab].get(u) for lab in labels]} for u in units][:6],
    }
