"""'Tahun ini sekilas': the BKPSDM year at a glance, read from the apps below through their
selectors. A figure whose source app is missing is None (shown as "—")."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from apps.enrollments.selectors import PARTICIPANT_STATUSES, enrollments_for_instansi, jp_share_by_unit
from apps.evaluations import results, scoring
from apps.evaluations.models import Level
from apps.evaluations.selectors import questionnaires_for_instansi
from apps.needs.selectors import plan_items_of, plans_visible_to


@dataclass
class YearOverview:
    year: int
    plan_realisation: Decimal | None = None
    participants: int | None = None
    completed: int | None = None
    jp_met: int | None = None
    jp_total: int | None = None
    l1_mean: Decimal | None = None
    l2_gain: Decimal | None = None
    l2_passing: Decimal | None = None
    l3_rate: Decimal | None = None
    ikm: Decimal | None = None
    ikm_trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    l1_by_month: list[tuple[str, Decimal | None]] = field(default_factory=list)

    @property
    def jp_share(self) -> Decimal | None:
        return None if not self.jp_total else scoring.percent(self.jp_met or 0, self.jp_total)

    def rows(self) -> list[tuple[str, Any, str]]:
        return [
            (_("Realisasi rencana pengembangan"), self.plan_realisation, "%"),
            (_("Peserta pelatihan"), self.participants, _("orang")),
            (_("Peserta lulus"), self.completed, _("orang")),
            (_("PNS memenuhi 20 JP"), self.jp_share, "%"),
            (_("Rata-rata L1 (1–4)"), self.l1_mean, ""),
            (_("Rata-rata kenaikan L2"), self.l2_gain, _("poin")),
            (_("Lulus post-test"), self.l2_passing, "%"),
            (_("Penerapan L3"), self.l3_rate, "%"),
            (_("IKM gabungan"), self.ikm, ""),
        ]


def year_overview(instansi_id: int, year: int, *, user: Any = None) -> YearOverview:
    data = YearOverview(year)
    questionnaires = questionnaires_for_instansi(instansi_id)
    of_year = questionnaires.filter(angkatan__start_date__year=year)
    agg = (
        enrollments_for_instansi(instansi_id)
        .filter(angkatan__start_date__year=year)
        .aggregate(
            participants=Count("id", filter=Q(status__in=PARTICIPANT_STATUSES)),
            completed=Count("id", filter=Q(status="completed")),
        )
    )
    data.participants, data.completed = agg["participants"], agg["completed"]
    rows = jp_share_by_unit(instansi_id, year)
    data.jp_met, data.jp_total = sum(r["met"] for r in rows), sum(r["total"] for r in rows)
    plan = plan_realisation(instansi_id, year, user=user)
    if plan is not None:
        data.plan_realisation = plan["share"]
    data.l1_mean, _n = results.likert_mean_of(of_year.filter(level=Level.L1))
    gains, passing, people = Decimal(0), 0, 0
    for angkatan_id in of_year.filter(level=Level.L2).values_list("angkatan_id", flat=True).distinct():
        g = results.l2_result(angkatan_id, instansi_id)
        if g and g.participants:
            gains += g.gain * g.participants
            passing += g.passing
            people += g.participants
    if people:
        data.l2_gain = scoring.to_decimal(gains / people)
        data.l2_passing = scoring.percent(passing, people)
    data.l3_rate = results.l3_result(of_year).application_rate
    skm = questionnaires.filter(level=Level.SKM)
    for y in range(year - 4, year + 1):
        ids = list(skm.filter(period_start__year=y).values_list("pk", flat=True)) or list(
            skm.filter(period_start__isnull=True, opens_on__year=y).values_list("pk", flat=True)
        )
        if not ids:
            continue
        result, _version = results.ikm_of(ids)
        value = None if result.suppressed else result.ikm
        data.ikm_trend.append((str(y), value))
        if y == year:
            data.ikm = value
    return data


def plan_realisation(instansi_id: int, year: int, *, user: Any) -> dict[str, Any] | None:
    """The year's plan (approved version if any, else the latest) item by item: participants planned
    vs trained in batches of the linked programme that started that year, and budget planned vs
    used (participants × cost per participant of their batch). None without a plan."""
    if user is None:
        return None

    plans = plans_visible_to(user).filter(instansi_id=instansi_id, year=year)
    plan = plans.filter(status="approved").order_by("-version").first() or plans.order_by("-version").first()
    if plan is None:
        return None
    items = list(plan_items_of(plan))
    program_ids = [i.program_id for i in items if i.program_id]
    actual = {
        r["angkatan__program_id"]: r
        for r in enrollments_for_instansi(instansi_id)
        .filter(angkatan__program_id__in=program_ids, angkatan__start_date__year=year, status__in=PARTICIPANT_STATUSES)
        .values("angkatan__program_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status="completed")), used=Sum("angkatan__cost_idr"))
    }
    rows, seen = [], set()
    for item in items:
        got = actual.get(item.program_id) if item.program_id and item.program_id not in seen else None
        seen.add(item.program_id)
        rows.append(
            {
                "title": f"{item.kompetensi.code} {item.kompetensi.name}"
                + (f" — {item.program.title}" if item.program_id else ""),
                "unit": item.unit_kerja.name if item.unit_kerja_id else "",
                "planned_people": item.target_count,
                "actual_people": got["n"] if got else 0,
                "completed": got["done"] if got else 0,
                "budget_idr": item.budget_idr,
                "used_idr": int(got["used"] or 0) if got else 0,
            }
        )
    planned = sum(r["planned_people"] for r in rows)
    reached = sum(min(r["actual_people"], r["planned_people"]) for r in rows)
    return {
        "plan": plan,
        "rows": rows,
        "share": scoring.percent(reached, planned),
        "budget": sum(r["budget_idr"] for r in rows),
        "used": sum(r["used_idr"] for r in rows),
    }
