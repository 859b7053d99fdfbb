"""Chart specs of the BKPSDM year dashboard: plain dicts the chart partial draws, shaped from a
YearOverview (overview.py). No queries here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _num(value: Any) -> float | None:
    return float(value) if value is not None else None


def year_dashboard_charts(data: Any) -> dict[str, dict]:
    return {
        "ikm": {
            "type": "line",
            "min": 25,
            "max": 100,
            "labels": [t[0] for t in data.ikm_trend],
            "datasets": [{"label": "IKM", "data": [_num(t[1]) for t in data.ikm_trend]}],
        },
        "levels": {
            "type": "bar",
            "max": 100,
            "labels": [_("L1 (skala 100)"), _("Lulus L2"), _("Penerapan L3"), _("PNS ≥ 20 JP")],
            "datasets": [
                {
                    "label": "%",
                    "data": [
                        float(data.l1_mean * 25) if data.l1_mean is not None else None,
                        _num(data.l2_passing),
                        _num(data.l3_rate),
                        _num(data.jp_share),
                    ],
                }
            ],
        },
    }
