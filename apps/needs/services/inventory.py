"""The needs inventory (rule 11): generated from gaps, entered by hand, or drawn from surveys, FGD and
JP shortfalls.

One open item per pegawai × kompetensi × year (constraint needs_one_open_per_pegawai); one open item per
survey/FGD answer row (needs_one_open_per_origin). Priority is only ever written by _with_priority. An item
drawn from an FGD keeps a link to it (`source_fgd`, same instansi)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.models import Kompetensi
from apps.core.constraints import message_for
from apps.core.services import audit_log
from apps.employees.selectors import pegawai_for_instansi
from apps.needs import jpm
from apps.needs.errors import NeedsError
from apps.needs.models import AssessmentMethod, NeedsItem, NeedsSource, NeedsStatus, Predikat
from apps.needs.selectors import (
    competency_gap_rows,
    existing_person_needs,
    performance_gap_rows,
    policy_for,
    survey_respondents_for,
)
from apps.needs.services.surveys import _check_kompetensi


def _with_priority(item: Any) -> Any:
    item.priority = jpm.priority(item.gap_size, item.affected, item.weight)
    return item


def _constraint_error(exc: IntegrityError) -> NeedsError:
    message = message_for(exc)
    if message is None:
        raise exc
    return NeedsError(message, code="needs.duplicate")


def needs_generate(*, actor: Any, instansi_id: int, year: int, on: datetime.date | None = None) -> dict[str, int]:
    """Create or refresh per-pegawai needs items of `year` from the current competency gaps and SKP performance
    gaps. Safe to run twice: existing open items are updated in place, closed ones are left closed, and a
    concurrent run loses its duplicate rows to the unique constraint (ON CONFLICT DO NOTHING)."""
    if not 2000 <= year <= 2100:
        raise NeedsError(_("Tahun tidak sah."))
    on = on or timezone.localdate()
    policy = policy_for(instansi_id, on)
    methods = dict(AssessmentMethod.choices)
    predikat = dict(Predikat.choices)
    existing = existing_person_needs(instansi_id, year)
    wanted: dict[tuple[int, int], NeedsItem] = {}
    for pegawai_id, unit_id, jabatan_id, k_id, required, actual, method, assessed_on in competency_gap_rows(
        instansi_id, policy, on
    ):
        wanted[(pegawai_id, k_id)] = NeedsItem(
            instansi_id=instansi_id,
            year=year,
            source=NeedsSource.ASSESSMENT_GAP,
            kompetensi_id=k_id,
            pegawai_id=pegawai_id,
            unit_kerja_id=unit_id,
            jabatan_id=jabatan_id,
            gap_size=min(4, required - actual),
            evidence=_("%(method)s %(date)s: level %(actual)s dari SKJ %(required)s.")
            % {"method": methods.get(method, method), "date": assessed_on, "actual": actual, "required": required},
        )
    for pegawai_id, unit_id, jabatan_id, k_id, skp_year, pred in performance_gap_rows(instansi_id, year):
        wanted.setdefault(
            (pegawai_id, k_id),
            NeedsItem(
                instansi_id=instansi_id,
                year=year,
                source=NeedsSource.PERFORMANCE_GAP,
                kompetensi_id=k_id,
                pegawai_id=pegawai_id,
                unit_kerja_id=unit_id,
                jabatan_id=jabatan_id,
                gap_size=1,
                evidence=_("SKP %(year)s: predikat %(predikat)s.") % {"year": skp_year, "predikat": predikat.get(pred)},
            ),
        )
    to_create: list[NeedsItem] = []
    to_update: list[NeedsItem] = []
    for key, item in wanted.items():
        found = existing.get(key)
        if found is None:
            to_create.append(_with_priority(item))
        elif found[1] == NeedsStatus.OPEN and found[2] == item.source and found[3] != item.gap_size:
            item.pk = found[0]
            to_update.append(item)
    with transaction.atomic():
        scope = NeedsItem.objects.filter(instansi_id=instansi_id, year=year)
        before = scope.count()
        NeedsItem.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        created = scope.count() - before
        if to_update:
            current = {i.pk: i for i in NeedsItem.objects.filter(pk__in=[i.pk for i in to_update])}
            changed = []
            for item in to_update:
                row = current[item.pk]
                row.gap_size, row.evidence = item.gap_size, item.evidence
                changed.append(_with_priority(row))
            NeedsItem.objects.bulk_update(changed, ["gap_size", "evidence", "priority", "updated_at"], batch_size=1000)
        result = {"created": created, "updated": len(to_update), "gaps": len(wanted)}
        audit_log(actor=actor, action="needs.generate", instansi_id=instansi_id, data={"year": year, **result})
    return result


def _check_target(
    instansi_id: int, *, pegawai: Any, unit: Any, jabatan: Any, target_pegawai: list, source_fgd: Any = None
) -> None:
    for obj in (pegawai, unit, jabatan, source_fgd, *target_pegawai):
        if obj is not None and obj.instansi_id != instansi_id:
            raise NeedsError(_("Sasaran kebutuhan harus dari instansi ini."))


def needs_save(
    *,
    actor: Any,
    instansi_id: int,
    item: Any = None,
    kompetensi: Any,
    target_pegawai: list | None = None,
    **fields: Any,
) -> Any:
    """Create or change a needs item by hand. One target pegawai counts 1 affected, a list counts its size;
    a jabatan or unit target takes the number the admin gives."""
    if kompetensi is None:
        raise NeedsError(_("Pilih kompetensi yang dibutuhkan."), code="needs.kompetensi_required")
    _check_kompetensi(instansi_id, [kompetensi])
    target_pegawai = list(target_pegawai or [])
    _check_target(
        instansi_id,
        pegawai=fields.get("pegawai"),
        unit=fields.get("unit_kerja"),
        jabatan=fields.get("jabatan"),
        target_pegawai=target_pegawai,
        source_fgd=fields.get("source_fgd"),
    )
    if fields.get("source") not in NeedsSource.values:
        raise NeedsError(_("Sumber kebutuhan tidak dikenal."))
    if not 1 <= int(fields.get("weight") or 0) <= 3:
        raise NeedsError(_("Bobot strategis harus 1, 2 atau 3."))
    if not 1 <= int(fields.get("gap_size") or 0) <= 4:
        raise NeedsError(_("Besar kesenjangan harus 1–4 level."))
    if item is not None and item.status == NeedsStatus.CLOSED:
        raise NeedsError(_("Kebutuhan yang sudah ditutup tidak dapat diubah."), code="needs.closed")
    creating = item is None
    item = item or NeedsItem(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(item, key, value)
    item.kompetensi = kompetensi
    if item.pegawai_id:
        item.affected = 1
    elif target_pegawai:
        item.affected = len(target_pegawai)
    item.affected = max(1, int(item.affected or 1))
    _with_priority(item)
    try:
        with transaction.atomic():
            item.save()
            item.target_pegawai.set(target_pegawai)
            audit_log(actor=actor, action="needs.create" if creating else "needs.update", instance=item)
    except IntegrityError as exc:
        raise _constraint_error(exc) from exc
    return item


def needs_close(*, actor: Any, item: Any, note: str = "") -> Any:
    with transaction.atomic():
        item = NeedsItem.objects.select_for_update().get(pk=item.pk)
        if item.status == NeedsStatus.CLOSED:
            raise NeedsError(_("Kebutuhan ini sudah ditutup."))
        item.status = NeedsStatus.CLOSED
        if note:
            item.evidence = f"{item.evidence}\n{_('Ditutup')}: {note}".strip()
        item.save(update_fields=["status", "evidence", "updated_at"])
        audit_log(actor=actor, action="needs.close", instance=item, data={"note": note[:200]})
    return item


def needs_from_survey(*, actor: Any, survey: Any, kompetensi: Any) -> Any:
    """One needs item per survey × competency chosen by respondents, targeting those respondents."""
    respondents = survey_respondents_for(survey, kompetensi.pk)
    if not respondents:
        raise NeedsError(_("Belum ada responden yang memilih kompetensi ini."), code="needs.no_respondent")
    item = _with_priority(
        NeedsItem(
            instansi_id=survey.instansi_id,
            year=survey.year,
            source=NeedsSource.SURVEY,
            kompetensi=kompetensi,
            affected=len(respondents),
            evidence=_("Survei “%(title)s”: dipilih %(n)s responden.") % {"title": survey.title, "n": len(respondents)},
            origin=f"survey:{survey.pk}:{kompetensi.pk}",
        )
    )
    try:
        with transaction.atomic():
            item.save()
            item.target_pegawai.set(respondents)
            audit_log(actor=actor, action="needs.from_survey", instance=item)
    except IntegrityError as exc:
        raise _constraint_error(exc) from exc
    return item


def needs_from_fgd_finding(
    *,
    actor: Any,
    fgd: Any,
    kompetensi: Any,
    year: int,
    target_pegawai: list | None = None,
    unit_kerja: Any = None,
    jabatan: Any = None,
    gap_size: int = 1,
    affected: int = 1,
    weight: int = 1,
    evidence: str = "",
) -> Any:
    """One needs item the admin draws from an FGD's findings, linked back to it (`source_fgd`). Targets, counts
    and priority follow needs_save; its origin makes it the same open item as fgd_to_needs would create, so one
    FGD yields at most one open item per competency."""
    if kompetensi is None:
        raise NeedsError(_("Pilih kompetensi yang dibutuhkan."), code="needs.kompetensi_required")
    if not 2000 <= int(year or 0) <= 2100:
        raise NeedsError(_("Tahun tidak sah."))
    evidence = evidence.strip() or (
        _("FGD “%(title)s” (%(date)s): %(text)s")
        % {"title": fgd.title, "date": fgd.held_on, "text": fgd.needs_text or fgd.notes}
    )
    item = needs_save(
        actor=actor,
        instansi_id=fgd.instansi_id,
        kompetensi=kompetensi,
        target_pegawai=target_pegawai,
        year=year,
        source=NeedsSource.FGD,
        source_fgd=fgd,
        origin=f"fgd:{fgd.pk}:{kompetensi.pk}",
        unit_kerja=unit_kerja,
        jabatan=jabatan,
        gap_size=gap_size,
        affected=affected,
        weight=weight,
        evidence=evidence[:2000],
    )
    return item


# Rule 18: a PNS below the yearly JP target becomes a needs item of the next plan year. JP measure
# self-development, so the item names M.06 "Pengembangan Diri dan Orang Lain".
JP_SHORTFALL_COMPETENCY = "M.06"


def needs_from_jp_shortfall(*, actor: Any, instansi_id: int, year: int, pegawai_ids: list[int], target: int) -> Any:
    """One item for the plan year after `year`, targeting every PNS who ended `year` below `target` JP.
    Re-running replaces the target list (idempotent, keyed by its origin); nobody below → nothing."""
    if not pegawai_ids:
        return None
    kompetensi = Kompetensi.objects.filter(instansi__isnull=True, code=JP_SHORTFALL_COMPETENCY).first()
    if kompetensi is None:
        raise NeedsError(_("Kompetensi M.06 belum ada di kamus kompetensi."), code="needs.kompetensi_required")
    origin = f"jp_shortfall:{year}"
    evidence = _("%(n)s PNS belum mencapai %(target)s JP pada tahun %(year)s (PP 11/2017 pasal 203).") % {
        "n": len(pegawai_ids),
        "target": target,
        "year": year,
    }
    with transaction.atomic():
        item, created = NeedsItem.objects.select_for_update().get_or_create(
            instansi_id=instansi_id,
            origin=origin,
            defaults={"year": year + 1, "source": NeedsSource.MANDATORY, "kompetensi": kompetensi, "weight": 3},
        )
        if item.status == NeedsStatus.CLOSED:
            return item
        item.affected = len(pegawai_ids)
        item.evidence = evidence
        _with_priority(item)
        item.save()
        item.target_pegawai.set(pegawai_ids)
        audit_log(actor=actor, action="needs.from_jp_shortfall", instance=item, data={"year": year})
    return item


def needs_from_fgd(*, actor: Any, fgd: Any, year: int) -> int:
    """One needs item per competency the FGD produced, targeting its unit (all pegawai in it, sub-units
    included) or else its participants. Safe to repeat: already converted competencies are skipped."""
    kompetensi = list(fgd.kompetensi.all())
    if not kompetensi:
        raise NeedsError(_("FGD ini belum mencatat kompetensi yang dibutuhkan."), code="needs.fgd_empty")
    if not 2000 <= year <= 2100:
        raise NeedsError(_("Tahun tidak sah."))
    participants = list(fgd.participants.values_list("pk", flat=True))
    if fgd.unit_kerja_id:
        affected = (
            pegawai_for_instansi(fgd.instansi_id)
            .filter(is_active=True, unit_kerja__path__startswith=fgd.unit_kerja.path)
            .count()
        )
    else:
        affected = len(participants)
    evidence = (
        _("FGD “%(title)s” (%(date)s): %(text)s")
        % {
            "title": fgd.title,
            "date": fgd.held_on,
            "text": fgd.needs_text or fgd.notes,
        }
    )[:2000]
    items = [
        _with_priority(
            NeedsItem(
                instansi_id=fgd.instansi_id,
                year=year,
                source=NeedsSource.FGD,
                kompetensi=k,
                unit_kerja_id=fgd.unit_kerja_id,
                affected=max(1, affected),
                evidence=evidence,
                origin=f"fgd:{fgd.pk}:{k.pk}",
                source_fgd_id=fgd.pk,
            )
        )
        for k in kompetensi
    ]
    with transaction.atomic():
        taken = set(
            NeedsItem.objects.filter(instansi_id=fgd.instansi_id, origin__in=[i.origin for i in items])
            .exclude(status="closed")
            .values_list("origin", flat=True)
        )
        fresh = [i for i in items if i.origin not in taken]
        NeedsItem.objects.bulk_create(fresh, ignore_conflicts=True)
        created_ids = list(
            NeedsItem.objects.filter(instansi_id=fgd.instansi_id, origin__in=[i.origin for i in fresh])
            .exclude(status="closed")
            .values_list("pk", flat=True)
        )
        if not fgd.unit_kerja_id and participants:
            through = NeedsItem.target_pegawai.through
            through.objects.bulk_create(
                [through(needsitem_id=i, pegawai_id=p) for i in created_ids for p in participants],
                ignore_conflicts=True,
            )
        audit_log(actor=actor, action="needs.from_fgd", instance=fgd, data={"year": year, "n": len(created_ids)})
    return len(created_ids)
