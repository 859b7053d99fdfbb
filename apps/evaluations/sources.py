"""Who is asked: participants, alumni and mentees, read from the apps below through their selectors."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Min, Q

from apps.catalog.selectors import angkatan_for_instansi
from apps.enrollments.selectors import PARTICIPANT_STATUSES, completion_rule_for, enrollments_for_instansi, participants
from apps.mentoring.selectors import mentees_of as mentees_in_program
from apps.mentoring.selectors import programs_for_instansi
from apps.needs.selectors import performance_visible_to


def passing_score_of(angkatan: Any) -> int | None:
    """The pass mark that decides kelulusan of the batch (its programme's completion rule); None: no test
    score is required."""
    return completion_rule_for(angkatan).passing_score


def course_outline(angkatan: Any) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    """What a batch teaches: its programme's modules as (title, description) in curriculum order and its
    target competencies as ("code name", target level) by code. Read through the catalog's selectors."""
    batch = angkatan_for_instansi(angkatan.instansi_id).select_related("program").filter(pk=angkatan.pk).first()
    if batch is None:
        return [], []
    program = batch.program
    modules = [(m.title, m.description) for m in program.modules.order_by("order", "id")]
    targets = program.competencies.select_related("kompetensi").order_by("kompetensi__code")
    return modules, [(f"{c.kompetensi.code} {c.kompetensi.name}", c.target_level) for c in targets]


def participants_of(angkatan: Any) -> list[Any]:
    """Pegawai taking part in a batch (enrolled, completed or not completed)."""
    return [e.pegawai for e in participants(angkatan)]


def alumni_of(angkatan: Any) -> list[tuple[Any, datetime.date | None]]:
    """(pegawai, completed_on) of participants who completed the batch."""
    return [(e.pegawai, e.completed_on) for e in participants(angkatan) if e.status == "completed"]


def first_completion_by_batch(instansi_id: int, *, completed_on_or_before: datetime.date) -> dict[int, datetime.date]:
    """Angkatan id → its first completion day, for batches with a completion on or before the date."""
    rows = (
        enrollments_for_instansi(instansi_id)
        .filter(status="completed", completed_on__lte=completed_on_or_before)
        .values("angkatan_id")
        .annotate(first=Min("completed_on"))
    )
    return {r["angkatan_id"]: r["first"] for r in rows}


def enrollment_counts(instansi_id: int, angkatan_ids: list[int]) -> dict[int, int]:
    if not angkatan_ids:
        return {}

    rows = (
        enrollments_for_instansi(instansi_id)
        .filter(angkatan_id__in=angkatan_ids, status__in=PARTICIPANT_STATUSES)
        .values("angkatan_id")
        .annotate(n=Count("id"))
    )
    return {r["angkatan_id"]: r["n"] for r in rows}


def mentees_of(instansi_id: int, program_id: int) -> list[Any]:
    program = programs_for_instansi(instansi_id).filter(pk=program_id).first()
    return [] if program is None else [m.pegawai for m in mentees_in_program(program)]


def mentoring_programs(instansi_id: int) -> Any:
    return programs_for_instansi(instansi_id).order_by("-start_date", "id")


def skp_good_share_by_unit_year(
    user: Any, unit_ids: list[int], years: list[int]
) -> dict[tuple[int, int], tuple[int, int]]:
    """(unit, year) → (pegawai with predikat Baik or Sangat Baik, pegawai with a predikat), via the
    needs app's selector."""
    if not unit_ids or not years:
        return {}

    rows = (
        performance_visible_to(user)
        .filter(pegawai__unit_kerja_id__in=unit_ids, year__in=years)
        .values("pegawai__unit_kerja_id", "year")
        .annotate(good=Count("id", filter=Q(predikat__in=["sangat_baik", "baik"])), n=Count("id"))
    )
    return {(r["pegawai__unit_kerja_id"], r["year"]): (r["good"], r["n"]) for r in rows}


def trained_units(instansi_id: int, *, year: int | None = None) -> dict[int, datetime.date]:
    """unit_kerja id → first completion date of a pegawai of that unit (optionally within a year)."""
    qs = enrollments_for_instansi(instansi_id).filter(status="completed", completed_on__isnull=False)
    if year:
        qs = qs.filter(completed_on__year=year)
    rows = qs.values("pegawai__unit_kerja_id").annotate(first=Min("completed_on"))
    return {r["pegawai__unit_kerja_id"]: r["first"] for r in rows if r["pegawai__unit_kerja_id"]}
