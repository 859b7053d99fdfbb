"""Reads of the competency dictionary and SKJ. National competencies (instansi NULL) are visible to every
instansi; an instansi's own teknis competencies only to that instansi."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from apps.competencies.models import (
    MANDATORY_CODES,
    DefaultLevelRule,
    Kompetensi,
    LevelDescriptor,
    SKJItem,
    TaskCompetency,
)
from apps.core.roles import ADMINS
from apps.core.tenancy import scope, scope_with_shared
from apps.organizations.models import Jabatan
from apps.organizations.selectors import tasks_of


def kompetensi_for_instansi(instansi_id: int | None) -> QuerySet[Kompetensi]:
    """National competencies plus the instansi's own teknis ones."""
    return Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id))


def kompetensi_visible_to(user: Any) -> QuerySet[Kompetensi]:
    return scope_with_shared(Kompetensi.objects.select_related("instansi"), user)


def kompetensi_list_rows(qs: QuerySet[Kompetensi]) -> QuerySet[Kompetensi]:
    return qs.annotate(skj_count=Count("skj_items", distinct=True)).order_by("kind", "code", "id")


def levels_prefetch() -> Prefetch:
    return Prefetch("levels", queryset=LevelDescriptor.objects.order_by("level"))


def mandatory_kompetensi() -> QuerySet[Kompetensi]:
    return Kompetensi.objects.filter(instansi__isnull=True, code__in=MANDATORY_CODES).order_by("code")


def skj_of(jabatan: Any) -> QuerySet[SKJItem]:
    """SKJ rows of one jabatan with the competency and its level descriptors (no per-row queries)."""
    return (
        SKJItem.objects.filter(instansi_id=jabatan.instansi_id, jabatan=jabatan)
        .select_related("kompetensi")
        .prefetch_related(Prefetch("kompetensi__levels", queryset=LevelDescriptor.objects.order_by("level")))
        .order_by("kompetensi__kind", "kompetensi__code")
    )


def skj_for_instansi(instansi_id: int) -> QuerySet[SKJItem]:
    return SKJItem.objects.filter(instansi_id=instansi_id)


def skj_required_map(instansi_id: int, jabatan_ids: list[int]) -> dict[int, dict[int, int]]:
    """{jabatan_id: {kompetensi_id: required_level}} in one query."""
    result: dict[int, dict[int, int]] = {}
    rows = SKJItem.objects.filter(instansi_id=instansi_id, jabatan_id__in=jabatan_ids).values_list(
        "jabatan_id", "kompetensi_id", "required_level"
    )
    for jabatan_id, kompetensi_id, level in rows:
        result.setdefault(jabatan_id, {})[kompetensi_id] = level
    return result


def task_links_of(jabatan: Any) -> QuerySet[TaskCompetency]:
    return TaskCompetency.objects.filter(instansi_id=jabatan.instansi_id, task__jabatan=jabatan).select_related(
        "kompetensi"
    )


def similar_jabatan_with_skj(jabatan: Any, jabatan_qs: QuerySet) -> QuerySet:
    """Jabatan of the same instansi that already have an SKJ, same jenis first (candidates to copy from)."""
    return (
        jabatan_qs.filter(instansi_id=jabatan.instansi_id)
        .exclude(pk=jabatan.pk)
        .annotate(skj_count=Count("skj_items"))
        .filter(skj_count__gt=0)
        .order_by("name")
    )


def default_rules_visible_to(user: Any) -> QuerySet[DefaultLevelRule]:
    return scope_with_shared(DefaultLevelRule.objects.select_related("instansi"), user)


def default_level_for(*, instansi_id: int, jenis: str, jenjang: str, on: datetime.date) -> DefaultLevelRule | None:
    """The rule in force on `on`: the instansi's own before the national one, an exact jenjang before "any"."""
    rules = (
        DefaultLevelRule.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id), jenis=jenis)
        .filter(Q(jenjang=jenjang) | Q(jenjang=""))
        .filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    )
    best = None
    for rule in rules:
        rank = (rule.instansi_id is not None, rule.jenjang != "", rule.effective_from)
        if best is None or rank > best[0]:
            best = (rank, rule)
    return best[1] if best else None


def skj_item_of(jabatan: Any, pk: int) -> SKJItem | None:
    return SKJItem.objects.select_related("kompetensi", "jabatan").filter(jabatan=jabatan, pk=pk).first()


def tasks_with_links(jabatan: Any) -> QuerySet:

    return tasks_of(jabatan).prefetch_related(
        Prefetch("competency_links", queryset=TaskCompetency.objects.select_related("kompetensi"))
    )


def teknis_in_skj(jabatan: Any) -> QuerySet[Kompetensi]:
    return Kompetensi.objects.filter(skj_items__jabatan=jabatan, kind="teknis").order_by("code")


def jabatan_using(kompetensi: Kompetensi, user: Any) -> QuerySet[SKJItem]:
    """SKJ rows (in the user's instansi) that require this competency, for the detail page."""
    qs = SKJItem.objects.filter(kompetensi=kompetensi).select_related("jabatan").order_by("jabatan__name")
    if not user.has_any_role(ADMINS):
        return qs.none()
    return scope(qs, user)


def skj_coverage(instansi_id: int) -> dict[str, int]:

    total = Jabatan.objects.filter(instansi_id=instansi_id, is_active=True).count()
    with_skj = (
        SKJItem.objects.filter(instansi_id=instansi_id, jabatan__is_active=True).values("jabatan_id").distinct().count()
    )
    return {"total": total, "with_skj": with_skj, "without": total - with_skj}


# --------------------------------------------------------------------------- lists and choices for the pages


def levels_of(kompetensi: Kompetensi) -> QuerySet:
    return kompetensi.levels.order_by("level")


def active_kompetensi_for_instansi(instansi_id: int | None) -> QuerySet[Kompetensi]:
    return kompetensi_for_instansi(instansi_id).filter(is_active=True)


def default_rule_rows(user: Any) -> QuerySet[DefaultLevelRule]:
    return default_rules_visible_to(user).order_by("jenis", "jenjang", "instansi_id", "-effective_from")


def kompetensi_choices_for_instansi(instansi_id: int | None) -> QuerySet[Kompetensi]:
    return kompetensi_for_instansi(instansi_id).order_by("code")


def kompetensi_of_instansi(instansi_id: int | None, pk: Any) -> Kompetensi | None:
    """One competency of the instansi's dictionary by a posted id, or None."""
    try:
        pk = int(pk or 0)
    except (TypeError, ValueError):
        return None
    return kompetensi_for_instansi(instansi_id).filter(pk=pk).first()
