"""Reads of pegawai. The only door to Pegawai rows: lists, details, exports and filters start here."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.core import rls
from apps.core.models import PersonalDataAccess
from apps.core.roles import ADMINS, Role
from apps.core.tenancy import scope, sees_all_instansi
from apps.employees.models import CorrectionRequest, CorrectionStatus, Pegawai, TransferRequest
from apps.organizations.models import MANAGERIAL_JENIS, UnitKerja

LIST_RELATED = ("unit_kerja", "jabatan", "atasan")


def pegawai_for_instansi(instansi_id: int) -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(instansi_id=instansi_id)


def pegawai_visible_to(user: Any) -> QuerySet[Pegawai]:
    """Admins see their instansi (superadmin: the one acted in, else all); an atasan sees self and
    direct reports; anyone else sees only their own record."""
    qs = Pegawai.objects.select_related(*LIST_RELATED)
    if sees_all_instansi(user):
        return qs
    qs = scope(qs, user)
    if user.has_any_role(ADMINS):
        return qs
    return qs.filter(Q(user=user) | Q(atasan__user=user))


def team_of(user: Any) -> QuerySet[Pegawai]:
    """Direct reports of the signed-in atasan, in their instansi."""
    if user.instansi_id is None:
        return Pegawai.objects.none()
    return (
        Pegawai.objects.select_related(*LIST_RELATED)
        .filter(instansi_id=user.instansi_id, atasan__user=user, is_active=True)
        .order_by("name")
    )


_MEMO = "_pegawai_of_user"


def pegawai_of_user(user: Any) -> Pegawai | None:
    """The signed-in person's active pegawai record, read once per request: the answer is kept on the
    user object, which lives as long as the request (home panels, menus and views all ask for it)."""
    if not user.is_authenticated:
        return None
    if _MEMO not in user.__dict__:
        user.__dict__[_MEMO] = Pegawai.objects.select_related(*LIST_RELATED).filter(user=user, is_active=True).first()
    return user.__dict__[_MEMO]


def is_supervisor_of(user: Any, pegawai: Pegawai) -> bool:
    return pegawai.atasan_id is not None and Pegawai.objects.filter(pk=pegawai.atasan_id, user=user).exists()


def has_subordinates(user: Any) -> bool:
    return Pegawai.objects.filter(atasan__user=user, is_active=True).exists()


def ancestors_chain(pegawai: Pegawai) -> list[int]:
    """Ids up the atasan chain as stored (bounded), used to refuse cycles. Every hop is read from the
    database, the first one too: the object in hand may predate another admin's change."""
    chain: list[int] = []
    current = Pegawai.objects.filter(pk=pegawai.pk).values_list("atasan_id", flat=True).first()
    while current and current not in chain and len(chain) < 50:
        chain.append(current)
        current = Pegawai.objects.filter(pk=current).values_list("atasan_id", flat=True).first()
    return chain


def default_atasan(*, instansi_id: int, unit: UnitKerja, jabatan: Any, exclude_id: int | None) -> Pegawai | None:
    """The holder of the nearest manajerial jabatan above (domain.md §3). A manajerial holder's own
    unit does not count: their atasan heads a unit higher up."""
    unit_ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    if jabatan is not None and jabatan.jenis in MANAGERIAL_JENIS:
        unit_ids = unit_ids[:-1]
    if not unit_ids:
        return None
    qs = Pegawai.objects.filter(
        instansi_id=instansi_id, unit_kerja_id__in=unit_ids, is_active=True, jabatan__jenis__in=list(MANAGERIAL_JENIS)
    ).order_by("-unit_kerja__depth", "id")
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.first()


def pegawai_counts_by_type(instansi_id: int) -> dict[str, int]:
    rows = pegawai_for_instansi(instansi_id).filter(is_active=True).values("employment_type").annotate(n=Count("id"))
    return {r["employment_type"]: r["n"] for r in rows}


def nips_active_elsewhere(*, instansi_id: int, nips: list[str] | set[str]) -> set[str]:
    """Which of these NIPs belong to an active pegawai of another instansi (a mutasi to be decided). A lookup
    across instansi by design (it answers NIPs, never whose), so it runs outside row-level security."""
    wanted = sorted({n for n in nips if n})
    found: set[str] = set()
    with rls.unrestricted():
        for start in range(0, len(wanted), 5000):
            chunk = wanted[start : start + 5000]
            found.update(
                Pegawai.objects.filter(nip__in=chunk, is_active=True)
                .exclude(instansi_id=instansi_id)
                .values_list("nip", flat=True)
            )
    return found


def transfer_requests_visible_to(user: Any) -> QuerySet:
    """Only the superadmin sees transfer requests: they name two instansi."""

    if not user.has_role(Role.SUPERADMIN):
        return TransferRequest.objects.none()
    return TransferRequest.objects.select_related("instansi", "requested_by", "decided_by")


def transfer_current_holders(requests: list) -> dict[str, Pegawai]:
    """The active pegawai record each request's NIP has elsewhere, in one query (for the superadmin's list)."""
    asking = {r.nip: r.instansi_id for r in requests}
    holders = Pegawai.objects.filter(nip__in=asking, is_active=True).select_related("instansi", "unit_kerja")
    return {p.nip: p for p in holders if p.instansi_id != asking[p.nip]}


# --------------------------------------------------------------------------- lists and choices for the pages


def pegawai_list_rows(qs: QuerySet[Pegawai]) -> QuerySet[Pegawai]:
    """One page of pegawai by name. Their unit, jabatan and atasan come by a query each, by id: joined in, the
    row-level security policy on each joined table made PostgreSQL expect 1/30 of the rows and sort the whole
    instansi instead of walking the name index (`make bench-rls`)."""
    return qs.select_related(None).prefetch_related(*LIST_RELATED).order_by("name", "id")


def active_pegawai_visible_to(user: Any) -> QuerySet[Pegawai]:
    return pegawai_visible_to(user).filter(is_active=True)


def active_pegawai_choices(user: Any) -> QuerySet[Pegawai]:
    """Active pegawai the user may pick in a form, by name."""
    return active_pegawai_visible_to(user).order_by("name")


def active_pegawai_for_instansi(instansi_id: int) -> QuerySet[Pegawai]:
    """Active pegawai of one instansi with their jabatan, by name (for pickers that show the jabatan)."""
    return pegawai_for_instansi(instansi_id).filter(is_active=True).select_related("jabatan").order_by("name")


def subordinates_visible_to(user: Any, pegawai: Pegawai) -> QuerySet[Pegawai]:
    return pegawai_visible_to(user).filter(atasan=pegawai, is_active=True).order_by("name")


def transfer_requests_with_status(user: Any, status: str) -> QuerySet:
    return transfer_requests_visible_to(user).filter(status=status).order_by("-created_at", "-id")


def is_team_member(user: Any, pegawai: Pegawai) -> bool:
    return team_of(user).filter(pk=pegawai.pk).exists()


# --------------------------------------------------------------------------- personal data (UU 27/2022)


def personal_data_reads_of(pegawai: Pegawai) -> QuerySet[PersonalDataAccess]:
    """Who read this pegawai's personal data, newest first (the pegawai's own reads are never logged)."""
    return (
        PersonalDataAccess.objects.filter(
            instansi_id=pegawai.instansi_id, subject_type=Pegawai._meta.label_lower, subject_id=str(pegawai.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def corrections_visible_to(user: Any) -> QuerySet[CorrectionRequest]:
    """Admins answer the correction requests of their instansi (the superadmin: the one acted in, else all)."""
    if not user.has_any_role(ADMINS):
        return CorrectionRequest.objects.none()
    return scope(CorrectionRequest.objects.select_related("pegawai__unit_kerja", "answered_by"), user)


def correction_queue(user: Any, status: str) -> QuerySet[CorrectionRequest]:
    """Open requests by due time (the most overdue first); answered ones newest answer first."""
    qs = corrections_visible_to(user).filter(status=status)
    if status == CorrectionStatus.OPEN:
        return qs.order_by("due_at", "id")
    return qs.order_by("-answered_at", "-id")


def corrections_of_pegawai(pegawai: Pegawai) -> QuerySet[CorrectionRequest]:
    """The pegawai's own requests, newest first, for their page."""
    return (
        CorrectionRequest.objects.filter(instansi_id=pegawai.instansi_id, pegawai=pegawai)
        .select_related("answered_by")
        .order_by("-created_at", "-id")
    )


def correction_counts(instansi_id: int) -> dict[str, int]:
    """Open requests of one instansi and how many of them are past their 72 hours (the admins' home card)."""
    return CorrectionRequest.objects.filter(instansi_id=instansi_id, status=CorrectionStatus.OPEN).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=timezone.now()))
    )
