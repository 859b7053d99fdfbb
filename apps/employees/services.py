"""Pegawai writes. Rules: NIP/NI PPPK pass the validators of nip.py for the declared employment
type (errors block, N8 and type mismatches only warn); one active pegawai per NIP per instansi
(DB constraint); golongan matches the employment type (rule 4, DB constraint) and rank_order is
derived here; unit, jabatan and atasan belong to the same instansi; the atasan chain has no cycle;
a missing atasan defaults to the nearest manajerial holder above; every write is audited.
Personal-data corrections (UU 27/2022): only the owner asks, one open request per field, admins BKPSDM
answer within 72 hours (due_at) and a correction is applied through pegawai_save; both sides are notified."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import admin_user_ids
from apps.core import notices
from apps.core.constraints import constraint_name, message_for
from apps.core.roles import ADMINS, Role
from apps.core.services import audit_log, snapshot, stored_snapshot
from apps.employees.errors import CorrectionError, PegawaiError
from apps.employees.golongan import RANK_ORDER, golongan_allowed
from apps.employees.models import (
    CORRECTABLE_FIELDS,
    CORRECTION_ANSWER_HOURS,
    CorrectionRequest,
    CorrectionStatus,
    Pegawai,
    TransferRequest,
    TransferSource,
    TransferStatus,
)
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
    before = stored_snapshot(pegawai)  # as stored: a ModelForm has already changed the instance in memory
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
            audit_log(
                actor=actor, action="pegawai.create" if creating else "pegawai.update", instance=pegawai, before=before
            )
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
    before = snapshot(pegawai, ["user"])
    pegawai.user = user
    pegawai.save(update_fields=["user", "updated_at"])
    audit_log(actor=actor, action="pegawai.link_user", instance=pegawai, before=before)
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
                before = snapshot(pegawai, ["is_active"])
                pegawai.is_active = False
                pegawai.save(update_fields=["is_active", "updated_at"])
                audit_log(
                    actor=actor,
                    action="pegawai.transfer_out",
                    instance=pegawai,
                    data={"to": locked.instansi_id},
                    before=before,
                )
        locked.status = TransferStatus.APPROVED if approve else TransferStatus.REJECTED
        locked.decided_by, locked.decided_at, locked.note = actor, timezone.now(), note[:500]
        locked.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
        audit_log(actor=actor, action=f"pegawai.transfer_{locked.status}", instance=locked)
    return locked


# --------------------------------------------------------------------------- personal data corrections


def _notify(user_ids: list[int | None], *, title: str, url: str, key: str, instansi_id: int) -> None:
    notices.send(notices.Notice(user_ids, title, url), key=key, instansi_id=instansi_id)


def correction_request_create(
    *, actor: Any, pegawai: Pegawai, field: str, requested_value: str, reason: str
) -> CorrectionRequest:
    """A pegawai asks to correct one field of their own data; the instansi's admins BKPSDM hear of it and
    have 72 hours to answer (UU 27/2022). One open request per field: asking again waits for the answer."""
    if pegawai.user_id is None or pegawai.user_id != getattr(actor, "pk", None):
        raise CorrectionError(_("Hanya pemilik data yang dapat meminta perbaikan."))
    if field not in CORRECTABLE_FIELDS:
        raise CorrectionError(_("Pilih data yang ingin diperbaiki."), field="field")
    requested_value, reason = requested_value.strip(), reason.strip()
    if not requested_value:
        raise CorrectionError(_("Tuliskan nilai yang benar."), field="requested_value")
    if not reason:
        raise CorrectionError(_("Tuliskan alasan perbaikan."), field="reason")
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                correction = CorrectionRequest.objects.create(
                    instansi_id=pegawai.instansi_id,
                    pegawai=pegawai,
                    field=field,
                    requested_value=requested_value[:200],
                    reason=reason[:1000],
                    due_at=now + timedelta(hours=CORRECTION_ANSWER_HOURS),
                    requested_by=actor,
                )
        except IntegrityError as exc:
            if constraint_name(exc) == "correction_one_open_per_field":
                raise CorrectionError(message_for(exc), field="field", code="correction.open") from exc
            raise
        audit_log(actor=actor, action="pegawai.correction_request", instance=correction, data={"field": field})
        admins = [uid for uid in admin_user_ids(pegawai.instansi_id) if uid != actor.pk]
        title = _("%(name)s meminta perbaikan data pribadi (%(field)s); jawab dalam 3 × 24 jam") % {
            "name": pegawai.name,
            "field": correction.field_label,
        }
        url = reverse("employees:correction_detail", args=[correction.pk])
        _notify(admins, title=title, url=url, key=f"correction:{correction.pk}", instansi_id=pegawai.instansi_id)
    return correction


def _answer(*, actor: Any, correction: CorrectionRequest, status: str, note: str) -> CorrectionRequest:
    correction.status, correction.answer_note = status, note[:1000]
    correction.answered_by, correction.answered_at = actor, timezone.now()
    correction.save(update_fields=["status", "answer_note", "answered_by", "answered_at", "updated_at"])
    audit_log(actor=actor, action=f"pegawai.correction_{status}", instance=correction, data={"field": correction.field})
    label = CorrectionStatus(status).label
    title = _("Permintaan perbaikan data %(field)s: %(status)s") % {"field": correction.field_label, "status": label}
    _notify(
        [correction.pegawai.user_id],
        title=title,
        url=reverse("employees:my_data"),
        key=f"correction-answer:{correction.pk}",
        instansi_id=correction.instansi_id,
    )
    return correction


def _lock_open(correction: CorrectionRequest) -> CorrectionRequest:
    locked = CorrectionRequest.objects.select_for_update(of=("self",)).select_related("pegawai").get(pk=correction.pk)
    if locked.status != CorrectionStatus.OPEN:
        raise CorrectionError(_("Permintaan perbaikan ini sudah dijawab."))
    return locked


def correction_apply(*, actor: Any, correction: CorrectionRequest, value: Any, note: str = "") -> CorrectionRequest:
    """Correct the pegawai through pegawai_save, so its rules (NIP, golongan, uniqueness) and its audit
    hold; a refusal by those rules leaves both the pegawai and the request unchanged."""
    if not actor.has_any_role(ADMINS):
        raise CorrectionError(_("Hanya admin BKPSDM yang dapat menjawab permintaan perbaikan."))
    with transaction.atomic():
        locked = _lock_open(correction)
        pegawai = Pegawai.objects.select_for_update().get(pk=locked.pegawai_id)
        pegawai_save(actor=actor, instansi_id=locked.instansi_id, pegawai=pegawai, **{locked.field: value})
        return _answer(actor=actor, correction=locked, status=CorrectionStatus.DONE, note=note)


def correction_refuse(*, actor: Any, correction: CorrectionRequest, note: str) -> CorrectionRequest:
    if not actor.has_any_role(ADMINS):
        raise CorrectionError(_("Hanya admin BKPSDM yang dapat menjawab permintaan perbaikan."))
    if not note.strip():
        raise CorrectionError(_("Tuliskan alasan penolakan."), field="note")
    with transaction.atomic():
        locked = _lock_open(correction)
        return _answer(actor=actor, correction=locked, status=CorrectionStatus.REFUSED, note=note.strip())
