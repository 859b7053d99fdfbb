"""Pegawai writes. Rules: NIP/NI PPPK pass the validators of nip.py for the declared employment
type (errors block, N8 and type mismatches only warn); one active pegawai per NIP per instansi
(DB constraint); golongan matches the employment type (rule 4, DB constraint) and rank_order is
derived here; unit, jabatan and atasan belong to the same instansi; the atasan chain has no cycle;
a missing atasan defaults to the nearest manajerial holder above; every write is audited."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.constraints import constraint_name, message_for
from apps.core.roles import Role
from apps.core.services import audit_log
from apps.employees.errors import PegawaiError
from apps.employees.golongan import RANK_ORDER, golongan_allowed
from apps.employees.models import Pegawai, TransferRequest, TransferSource, TransferStatus
from apps.employees.nip import NipResult, validate_for_type, validate_nip_format
from apps.employees.selectors import ancestors_chain, default_atasan, nips_active_elsewhere
from apps.organizations.models import Instansi


def _raise_first(result: NipResult) -> None:
    if not result.is_valid:
        first = result.errors[0]
        raise PegawaiError(f"{first.message} ({first.rule})", code=first.code, field="nip")


def check_nip(*, nip: str, employment_type: str, birth_date=None, sex: str = "") -> NipResult:
    result = validate_for_type(nip, employment_type, timezone.localdate(), birth_date=birth_date, sex=sex)
    _raise_first(result)
    return result


def check_nip_format(*, nip: str) -> None:
    """N1 only, for when the employment type (which picks the full validator) is not known yet."""
    _raise_first(validate_nip_format(nip))


def check_golongan(*, employment_type: str, golongan: str) -> None:
    """Rule 4: PNS/CPNS take I/a–IV/e, PPPK take I–XVII."""
    if golongan and golongan not in golongan_allowed(employment_type):
        raise PegawaiError(
            _("Golongan tidak sesuai dengan jenis kepegawaian."), field="golongan", code="pegawai.golongan"
        )


def _check_relations(instansi_id: int, fields: dict[str, Any]) -> None:
    for name in ("unit_kerja", "jabatan", "atasan"):
        related = fields.get(name)
        if related is not None and related.instansi_id != instansi_id:
            raise PegawaiError(_("Data terkait harus berada di instansi yang sama."), field=name)


def _closes_cycle(pegawai: Pegawai, atasan: Pegawai | None) -> bool:
    return (
        atasan is not None and bool(pegawai.pk) and (atasan.pk == pegawai.pk or pegawai.pk in ancestors_chain(atasan))
    )


def _cycle_error() -> PegawaiError:
    return PegawaiError(
        _("Atasan tidak boleh pegawai itu sendiri atau bawahannya."), field="atasan", code="pegawai.atasan_cycle"
    )


def pegawai_save(*, actor: Any, instansi_id: int, pegawai: Pegawai | None = None, **fields: Any) -> Pegawai:
    """Create or update; returns the pegawai with `nip_warnings` (list of messages) set."""
    creating = pegawai is None
    pegawai = pegawai or Pegawai(instansi_id=instansi_id)
    merged = {f: getattr(pegawai, f, None) for f in ("nip", "employment_type", "golongan", "birth_date", "sex")}
    merged.update({k: v for k, v in fields.items() if k in merged})
    result = check_nip(
        nip=merged["nip"] or "",
        employment_type=merged["employment_type"] or "",
        birth_date=merged["birth_date"],
        sex=merged["sex"] or "",
    )
    fields["nip"] = result.normalized
    if (
        (creating or fields["nip"] != pegawai.nip)
        and fields.get("is_active", True)
        and nips_active_elsewhere(instansi_id=instansi_id, nips=[fields["nip"]])
    ):
        # A mutasi: the asking admin learns nothing of the other instansi; the superadmin decides.
        name = fields.get("name") or pegawai.name or ""
        transfer_request_open(
            actor=actor, instansi_id=instansi_id, nip=fields["nip"], name=name, source=TransferSource.FORM
        )
        raise PegawaiError(str(TRANSFER_MESSAGE), code="pegawai.transfer", field="nip")
    golongan = merged["golongan"] or ""
    check_golongan(employment_type=merged["employment_type"] or "", golongan=golongan)
    _check_relations(instansi_id, fields)
    for key, value in fields.items():
        setattr(pegawai, key, value)
    pegawai.rank_order = RANK_ORDER.get(golongan, 0)
    defaulted = pegawai.atasan_id is None and bool(pegawai.unit_kerja_id)
    if defaulted:
        pegawai.atasan = default_atasan(
            instansi_id=instansi_id, unit=pegawai.unit_kerja, jabatan=pegawai.jabatan, exclude_id=pegawai.pk
        )
    try:
        with transaction.atomic():
            if pegawai.pk and pegawai.atasan_id:
                # Atasan chains of one instansi change one at a time and are checked under that lock:
                # two admins making X and Y each other's atasan at the same moment would both pass otherwise.
                Instansi.objects.select_for_update().only("pk").get(pk=instansi_id)
                if _closes_cycle(pegawai, pegawai.atasan):
                    if not defaulted:
                        raise _cycle_error()
                    # The default already reports (through an acting atasan) to this pegawai: leave it empty.
                    pegawai.atasan = None
            pegawai.save()
            audit_log(actor=actor, action="pegawai.create" if creating else "pegawai.update", instance=pegawai)
    except IntegrityError as exc:
        if constraint_name(exc) == "pegawai_one_active_nip_per_instansi":
            raise PegawaiError(
                message_for(exc),
                field="nip",
                code="pegawai.nip_duplicate",
            ) from exc
        raise PegawaiError(_("Data pegawai bertentangan dengan data yang sudah ada.")) from exc
    pegawai.nip_warnings = [w.message for w in result.warnings]
    return pegawai


def pegawai_link_user(*, actor: Any, pegawai: Pegawai, user: Any) -> Pegawai:
    pegawai.user = user
    pegawai.save(update_fields=["user", "updated_at"])
    audit_log(actor=actor, action="pegawai.link_user", instance=pegawai)
    return pegawai


TRANSFER_MESSAGE = _(
    "NIP ini terdaftar pada pegawai aktif di instansi lain (mutasi). Permintaan mutasi telah dikirim ke "
    "superadmin; simpan lagi setelah disetujui."
)


def transfer_request_open(*, actor: Any, instansi_id: int, nip: str, name: str, source: str) -> TransferRequest:
    """One open request per instansi × NIP: asking again (another save, another import) changes nothing."""
    with transaction.atomic():
        request, created = TransferRequest.objects.get_or_create(
            instansi_id=instansi_id,
            nip=nip,
            status=TransferStatus.OPEN,
            defaults={"name": name[:200], "source": source, "requested_by_id": getattr(actor, "pk", None)},
        )
        if created:
            audit_log(actor=actor, action="pegawai.transfer_request", instance=request, data={"source": source})
    return request


def transfer_request_decide(*, actor: Any, request: TransferRequest, approve: bool, note: str = "") -> TransferRequest:
    """Superadmin only. Approving ends the active record(s) of this NIP in every other instansi."""
    if not actor.has_role(Role.SUPERADMIN):
        raise PegawaiError(_("Hanya superadmin yang dapat memutuskan mutasi."))
    with transaction.atomic():
        locked = TransferRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != TransferStatus.OPEN:
            raise PegawaiError(_("Permintaan mutasi ini sudah diputuskan."))
        if approve:
            leaving = list(
                Pegawai.objects.select_for_update()
                .filter(nip=locked.nip, is_active=True)
                .exclude(instansi_id=locked.instansi_id)
            )
            for pegawai in leaving:
                pegawai.is_active = False
                pegawai.save(update_fields=["is_active", "updated_at"])
                audit_log(actor=actor, action="pegawai.transfer_out", instance=pegawai, data={"to": locked.instansi_id})
        locked.status = TransferStatus.APPROVED if approve else TransferStatus.REJECTED
        locked.decided_by, locked.decided_at, locked.note = actor, timezone.now(), note[:500]
        locked.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
        audit_log(actor=actor, action=f"pegawai.transfer_{locked.status}", instance=locked)
    return locked
