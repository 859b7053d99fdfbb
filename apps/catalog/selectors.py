"""Reads of the catalog. The only door to catalog rows: lists, details, exports, filters and other
apps (needs, enrollments, reports) start here.

Visibility (see models.py): a published program is in the catalog of its owner instansi and, when
`shared` (national/provincial), of every instansi. Angkatan belong to one instansi and are offered
only to its pegawai; pegawai see them once announced (not `planned`, not `cancelled`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.catalog.models import (
    FORM_PATH,
    ONLINE_MODALITIES,
    Angkatan,
    AngkatanSession,
    AngkatanStatus,
    JPConversionRule,
    Narasumber,
    Penyelenggara,
    Program,
    ProgramCompetency,
    ProgramModule,
    ProgramStatus,
    Visibility,
)
from apps.competencies.models import Kompetensi
from apps.core.roles import ADMINS, Role
from apps.core.tenancy import sees_all_instansi
from apps.employees.selectors import pegawai_of_user

# Statuses a pegawai sees in the catalog: announced batches. `planned` is still being prepared by
# BKPSDM, `cancelled` is gone.
PUBLIC_ANGKATAN_STATUSES = (
    AngkatanStatus.OPEN,
    AngkatanStatus.FULL,
    AngkatanStatus.RUNNING,
    AngkatanStatus.FINISHED,
)
PROGRAM_LIST_RELATED = ("penyelenggara", "instansi")
ANGKATAN_LIST_RELATED = ("program", "program__penyelenggara", "instansi")


def is_catalog_admin(user: Any) -> bool:
    return user.has_any_role(ADMINS)


# --------------------------------------------------------------------------- penyelenggara / narasumber


def penyelenggara_visible_to(user: Any) -> QuerySet[Penyelenggara]:
    """Own instansi's providers plus the national directory."""
    qs = Penyelenggara.objects.select_related("instansi")
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    return qs.filter(Q(instansi_id=user.instansi_id) | Q(instansi__isnull=True))


def penyelenggara_editable_by(user: Any) -> QuerySet[Penyelenggara]:
    """Admins edit their instansi's rows; the national directory belongs to the superadmin."""
    if not is_catalog_admin(user):
        return Penyelenggara.objects.none()
    qs = penyelenggara_visible_to(user)
    if user.has_role(Role.SUPERADMIN):
        return qs
    return qs.filter(instansi_id=user.instansi_id)


def narasumber_visible_to(user: Any) -> QuerySet[Narasumber]:
    qs = Narasumber.objects.select_related("instansi")
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    return qs.filter(Q(instansi_id=user.instansi_id) | Q(instansi__isnull=True))


def narasumber_editable_by(user: Any) -> QuerySet[Narasumber]:
    if not is_catalog_admin(user):
        return Narasumber.objects.none()
    qs = narasumber_visible_to(user)
    if user.has_role(Role.SUPERADMIN):
        return qs
    return qs.filter(instansi_id=user.instansi_id)


def penyelenggara_for_instansi(instansi_id: int) -> QuerySet[Penyelenggara]:
    return Penyelenggara.objects.filter(Q(instansi_id=instansi_id) | Q(instansi__isnull=True))


def narasumber_for_instansi(instansi_id: int) -> QuerySet[Narasumber]:
    return Narasumber.objects.filter(Q(instansi_id=instansi_id) | Q(instansi__isnull=True))


# --------------------------------------------------------------------------- programs


def _program_visibility(instansi_id: int) -> Q:
    return Q(instansi_id=instansi_id) | Q(visibility=Visibility.SHARED)


def programs_published_for_instansi(instansi_id: int) -> QuerySet[Program]:
    """The catalog of one instansi: its own published programs and every shared published one."""
    return Program.objects.filter(_program_visibility(instansi_id), status=ProgramStatus.PUBLISHED)


def programs_visible_to(user: Any) -> QuerySet[Program]:
    """Admins: every status of their own programs plus published shared ones. Pegawai: the
    published catalog of their instansi. Superadmin without an instansi: everything."""
    qs = Program.objects.select_related(*PROGRAM_LIST_RELATED)
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    if is_catalog_admin(user):
        own = Q(instansi_id=user.instansi_id)
        if user.has_role(Role.SUPERADMIN):
            own |= Q(instansi__isnull=True)
        return qs.filter(own | Q(visibility=Visibility.SHARED, status=ProgramStatus.PUBLISHED))
    return qs.filter(_program_visibility(user.instansi_id), status=ProgramStatus.PUBLISHED)


def programs_editable_by(user: Any) -> QuerySet[Program]:
    """Only the owner instansi edits a program; national ones (instansi NULL) only the superadmin."""
    if not is_catalog_admin(user):
        return Program.objects.none()
    qs = Program.objects.select_related(*PROGRAM_LIST_RELATED)
    if sees_all_instansi(user):
        return qs
    own = Q(instansi_id=user.instansi_id)
    if user.has_role(Role.SUPERADMIN):
        own |= Q(instansi__isnull=True)
    return qs.filter(own)


def program_admin_list(user: Any) -> QuerySet[Program]:
    """Admin list: editable programs (every status), with counts in the same query."""

    def count_of(model):
        return Subquery(
            model.objects.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        )

    return programs_editable_by(user).annotate(
        module_count=Coalesce(count_of(ProgramModule), 0),
        angkatan_count=Coalesce(count_of(Angkatan), 0),
    )


def program_detail_queryset(qs: QuerySet[Program]) -> QuerySet[Program]:
    return qs.select_related("previous_version", "conversion_rule", "created_by").prefetch_related(
        "modules",
        "materials",
        "narasumber",
        Prefetch("competencies", queryset=ProgramCompetency.objects.select_related("kompetensi")),
    )


def program_history(program: Program) -> list[Program]:
    """Every version of the programme, newest first (walks both ways along previous_version)."""
    chain: list[Program] = []
    current: Program | None = program
    while current is not None and len(chain) < 100:
        chain.append(current)
        current = current.previous_version
    newer: list[Program] = []
    current = Program.objects.filter(previous_version=program).first()
    while current is not None and len(newer) < 100:
        newer.append(current)
        current = Program.objects.filter(previous_version=current).first()
    return list(reversed(newer)) + chain


def search_programs(qs: QuerySet, text: str, *, prefix: str = "") -> QuerySet:
    """Every word must occur in the programme's search text (title, code, description, objectives,
    penyelenggara, bentuk). icontains on `search_text` is answered by a pg_trgm GIN index on
    PostgreSQL (migration 0003) and by a scan on SQLite; no stemming, so Indonesian words with
    affixes still match on their stem ("pelayanan" finds "layanan")."""
    for word in text.split()[:8]:
        qs = qs.filter(**{f"{prefix}search_text__icontains": word})
    return qs


def programs_for_competencies(instansi_id: int, kompetensi_ids: Iterable[int]) -> QuerySet[Program]:
    """Published programmes visible to the instansi that develop any of the competencies, each
    annotated with `best_target_level` (the highest level it brings people to among them). Used by
    needs (gap → programme) and the IDP."""
    ids = list(kompetensi_ids)
    links = ProgramCompetency.objects.filter(program=OuterRef("pk"), kompetensi_id__in=ids)
    return (
        programs_published_for_instansi(instansi_id)
        .filter(Exists(links))
        .select_related(*PROGRAM_LIST_RELATED)
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=ProgramCompetency.objects.filter(kompetensi_id__in=ids).select_related("kompetensi"),
                to_attr="matching_competencies",
            )
        )
        .order_by("title", "id")
    )


def programs_schedulable_for_instansi(instansi_id: int) -> QuerySet[Program]:
    """Programmes an instansi may open a batch of: its own drafts and published ones, and shared
    published ones."""
    return Program.objects.filter(
        Q(instansi_id=instansi_id, status__in=[ProgramStatus.DRAFT, ProgramStatus.PUBLISHED])
        | Q(visibility=Visibility.SHARED, status=ProgramStatus.PUBLISHED)
    )


def program_for_instansi(instansi_id: int, program_id: int) -> Program | None:
    return programs_published_for_instansi(instansi_id).filter(pk=program_id).first()


def programs_named_by_instansi(instansi_id: int) -> QuerySet[Program]:
    """Programmes an instansi may name (in report parameters, say): its own in any status plus the published
    shared catalog."""
    return Program.objects.filter(
        Q(instansi_id=instansi_id) | Q(visibility=Visibility.SHARED, status=ProgramStatus.PUBLISHED)
    )


def kompetensi_choices_for(user: Any) -> QuerySet:
    """Kompetensi a filter may offer: national ones and the instansi's own teknis ones."""

    qs = Kompetensi.objects.filter(is_active=True).order_by("code")
    if sees_all_instansi(user):
        return qs
    return qs.filter(Q(instansi__isnull=True) | Q(instansi_id=user.instansi_id))


# --------------------------------------------------------------------------- JP conversion


def conversion_rule_for(*, instansi_id: int | None, form: str, on: datetime.date) -> JPConversionRule | None:
    """The rule version in force on `on`: the instansi's own if it has one, else the national one."""
    base = JPConversionRule.objects.filter(form=form, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    if instansi_id is not None:
        own = base.filter(instansi_id=instansi_id).order_by("-effective_from").first()
        if own is not None:
            return own
    return base.filter(instansi__isnull=True).order_by("-effective_from").first()


def conversion_rules_for_instansi(instansi_id: int | None) -> QuerySet[JPConversionRule]:
    return JPConversionRule.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id)).order_by(
        "form", "-effective_from"
    )


# --------------------------------------------------------------------------- angkatan


def angkatan_for_instansi(instansi_id: int) -> QuerySet[Angkatan]:
    """Every batch of one instansi, any status (for tasks, reports and other apps)."""
    return Angkatan.objects.filter(instansi_id=instansi_id).select_related(*ANGKATAN_LIST_RELATED)


def angkatan_visible_to(user: Any) -> QuerySet[Angkatan]:
    """Admins: every batch of their instansi. Pegawai: announced batches of their instansi whose
    programme they may see. Superadmin without an instansi: everything."""
    qs = Angkatan.objects.select_related(*ANGKATAN_LIST_RELATED)
    if sees_all_instansi(user):
        return qs
    if user.instansi_id is None:
        return qs.none()
    qs = qs.filter(instansi_id=user.instansi_id)
    if is_catalog_admin(user):
        return qs
    return qs.filter(status__in=PUBLIC_ANGKATAN_STATUSES, program__status=ProgramStatus.PUBLISHED).filter(
        Q(program__instansi_id=user.instansi_id) | Q(program__visibility=Visibility.SHARED)
    )


def angkatan_editable_by(user: Any) -> QuerySet[Angkatan]:
    if not is_catalog_admin(user):
        return Angkatan.objects.none()
    return angkatan_visible_to(user)


def catalog_angkatan(user: Any) -> QuerySet[Angkatan]:
    """The pegawai catalog list: announced, not yet over, ordered by start date. Admins browsing
    the catalog see what their pegawai see."""
    today = timezone.localdate()
    qs = Angkatan.objects.select_related(*ANGKATAN_LIST_RELATED).filter(
        status__in=PUBLIC_ANGKATAN_STATUSES, program__status=ProgramStatus.PUBLISHED, end_date__gte=today
    )
    if not sees_all_instansi(user):
        if user.instansi_id is None:
            return qs.none()
        qs = qs.filter(instansi_id=user.instansi_id).filter(
            Q(program__instansi_id=user.instansi_id) | Q(program__visibility=Visibility.SHARED)
        )
    return qs.annotate(seats_left_n=F("seats_total") - F("seats_taken")).order_by("start_date", "id")


def angkatan_detail_queryset(qs: QuerySet[Angkatan]) -> QuerySet[Angkatan]:
    return qs.prefetch_related(
        Prefetch("sessions", queryset=AngkatanSession.objects.select_related("narasumber")),
    )


def angkatan_of_program(user: Any, program: Program) -> QuerySet[Angkatan]:
    return angkatan_visible_to(user).filter(program=program).order_by("start_date", "id")


def offerings_open_for(pegawai: Any, *, on: datetime.date | None = None) -> QuerySet[Angkatan]:
    """Batches a pegawai may request now: their instansi's, status open, registration window
    containing today (a missing bound is open-ended), not started yet, programme visible. Seats may
    be full (the waitlist may still take them); `seats_left_n` is annotated."""
    today = on or timezone.localdate()
    return (
        Angkatan.objects.select_related(*ANGKATAN_LIST_RELATED)
        .filter(
            instansi_id=pegawai.instansi_id,
            status=AngkatanStatus.OPEN,
            program__status=ProgramStatus.PUBLISHED,
            start_date__gte=today,
        )
        .filter(Q(program__instansi_id=pegawai.instansi_id) | Q(program__visibility=Visibility.SHARED))
        .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=today))
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gte=today))
        .annotate(seats_left_n=F("seats_total") - F("seats_taken"))
        .order_by("start_date", "id")
    )


def remote_friendly_q(region: str, *, prefix: str = "") -> Q:
    """A batch a pegawai can attend from where they work: online or blended, or a venue in their
    region (kecamatan), matched case-insensitively."""
    condition = Q(**{f"{prefix}modality__in": list(ONLINE_MODALITIES)})
    if region.strip():
        condition |= Q(**{f"{prefix}region__iexact": region.strip()})
    return condition


def is_reachable_from(angkatan: Angkatan, region: str) -> bool:
    if angkatan.modality in ONLINE_MODALITIES:
        return True
    return bool(region.strip()) and angkatan.region.strip().lower() == region.strip().lower()


def angkatan_reachable_by(pegawai: Any) -> QuerySet[Angkatan]:
    """Open batches a pegawai can attend from their work location."""
    region = pegawai.unit_kerja.region if pegawai.unit_kerja_id else ""
    return offerings_open_for(pegawai).filter(remote_friendly_q(region))


def angkatan_calendar(user: Any, year: int) -> QuerySet[Angkatan]:
    """Batches overlapping the year, for the yearly calendar (admins: all statuses)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return angkatan_visible_to(user).filter(start_date__lte=end, end_date__gte=start).order_by("start_date", "id")


def forms_of_path(path: str) -> list[str]:

    return [f for f, p in FORM_PATH.items() if p == path]


def eligible_q(pegawai: Any, *, prefix: str = "") -> Q:
    """Programmes whose eligibility (jenis jabatan, employment type, golongan range) admits the
    pegawai; an empty list or bound means open (domain.md §8, rule 21)."""
    p = prefix
    jenis = pegawai.jabatan.jenis if getattr(pegawai, "jabatan_id", None) else ""
    condition = Q(**{f"{p}eligible_jenis_jabatan": ""})
    if jenis:
        condition |= Q(**{f"{p}eligible_jenis_jabatan__contains": f",{jenis},"})
    types = Q(**{f"{p}eligible_employment_types": ""}) | Q(
        **{f"{p}eligible_employment_types__contains": f",{pegawai.employment_type},"}
    )
    rank = pegawai.rank_order or 0
    low = Q(**{f"{p}min_rank_order__isnull": True}) | Q(**{f"{p}min_rank_order__lte": rank})
    high = Q(**{f"{p}max_rank_order__isnull": True}) | Q(**{f"{p}max_rank_order__gte": rank})
    return condition & types & low & high


def has_competency_q(kompetensi_id: int, *, program_ref: str = "pk") -> Exists:
    return Exists(ProgramCompetency.objects.filter(program=OuterRef(program_ref), kompetensi_id=kompetensi_id))


def is_eligible(program: Program, pegawai: Any) -> bool:
    """Whether the pegawai meets the programme's eligibility rules (jabatan, golongan, employment type)."""
    return Program.objects.filter(pk=program.pk).filter(eligible_q(pegawai)).exists()


def has_any_competency_q(kompetensi_ids: list[int], *, program_ref: str = "pk") -> Exists:
    return Exists(
        ProgramCompetency.objects.filter(program=OuterRef(program_ref), kompetensi_id__in=list(kompetensi_ids))
    )


def pegawai_of(user: Any) -> Any:

    return pegawai_of_user(user)


# --------------------------------------------------------------------------- lists and choices for the pages


def published_programs_for(user: Any) -> QuerySet[Program]:
    return programs_visible_to(user).filter(status=ProgramStatus.PUBLISHED).order_by("title", "id")


def program_is_editable_by(user: Any, program: Program) -> bool:
    return programs_editable_by(user).filter(pk=program.pk).exists()


def angkatan_is_editable_by(user: Any, angkatan: Angkatan) -> bool:
    return angkatan_editable_by(user).filter(pk=angkatan.pk).exists()


def recent_angkatan_of_program(user: Any, program: Program, *, since: datetime.date) -> QuerySet[Angkatan]:
    return angkatan_of_program(user, program).filter(end_date__gte=since)


def penyelenggara_list_rows(qs: QuerySet[Penyelenggara]) -> QuerySet[Penyelenggara]:
    return qs.order_by("name", "id")


def narasumber_list_rows(qs: QuerySet[Narasumber]) -> QuerySet[Narasumber]:
    return qs.order_by("name", "id")


def penyelenggara_editable_ids(user: Any, ids: Iterable[int]) -> set[int]:
    return set(penyelenggara_editable_by(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def narasumber_editable_ids(user: Any, ids: Iterable[int]) -> set[int]:
    return set(narasumber_editable_by(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def penyelenggara_choices(user: Any, instansi_id: int | None) -> QuerySet[Penyelenggara]:
    """An instansi's own (and shared) providers; for a national programme, the national ones only."""
    if instansi_id:
        return penyelenggara_for_instansi(instansi_id)
    return penyelenggara_visible_to(user).filter(instansi__isnull=True)


def narasumber_choices(user: Any, instansi_id: int | None) -> QuerySet[Narasumber]:
    if instansi_id:
        return narasumber_for_instansi(instansi_id)
    return narasumber_visible_to(user).filter(instansi__isnull=True)


def program_admin_rows(qs: QuerySet[Program]) -> QuerySet[Program]:
    return qs.order_by("title", "-version", "id")


def angkatan_admin_rows(user: Any) -> QuerySet[Angkatan]:
    return angkatan_editable_by(user).order_by("-start_date", "-id")


def programs_for_export(user: Any) -> QuerySet[Program]:
    return programs_editable_by(user).order_by("code", "version")


def angkatan_for_export(user: Any) -> QuerySet[Angkatan]:
    return angkatan_editable_by(user).order_by("start_date", "id")


def angkatan_choices_for(user: Any) -> QuerySet[Angkatan]:
    """Batches to pick from in another app's form (questionnaires, reports), newest first."""
    return angkatan_visible_to(user).order_by("-start_date")


def program_choices_for(user: Any) -> QuerySet[Program]:
    return programs_visible_to(user).order_by("title")


def penyelenggara_choices_for(user: Any) -> QuerySet[Penyelenggara]:
    return penyelenggara_visible_to(user).order_by("name")


def published_program_choices(instansi_id: int) -> QuerySet[Program]:
    return programs_published_for_instansi(instansi_id).order_by("title")


def sessions_for_instansi(instansi_id: int) -> QuerySet[AngkatanSession]:
    return AngkatanSession.objects.filter(instansi_id=instansi_id)
