"""Needs writes. Rules (domain.md §5, §7; rules 7–13):
- an assessment records one integer level 1–5 per competency of the SKJ in force for the pegawai's jabatan on
  its date; the SKJ is snapshotted in the scores (required_level), so later SKJ edits never change it;
- self-assessment only by the pegawai themself, atasan assessment only by the direct atasan, assessment
  centre / uji kompetensi / 360 results only by admins; nobody assesses a future date;
- the JPM is computed by apps/needs/jpm.py with the policy and thresholds in force on the assessment date and
  stored with that rule version; a missing level makes it incomplete (never zero);
- every write is audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.selectors import skj_of
from apps.competencies.services import check_level
from apps.core.exceptions import DomainError
from apps.core.services import audit_log
from apps.employees.models import Pegawai
from apps.employees.selectors import is_supervisor_of
from apps.needs import jpm
from apps.needs.models import Assessment, AssessmentMethod, AssessmentScore
from apps.needs.selectors import bands_for, policy_for


class NeedsError(DomainError):
    default_code = "needs.invalid"


ADMIN_METHODS = {AssessmentMethod.ASSESSMENT_CENTER, AssessmentMethod.UJI_KOMPETENSI, AssessmentMethod.THREE_SIXTY}


def _check_assessor(actor: Any, pegawai: Pegawai, method: str) -> None:
    if method == AssessmentMethod.SELF:
        if pegawai.user_id != actor.pk:
            raise NeedsError(_("Penilaian mandiri hanya dapat diisi oleh pegawai yang bersangkutan."))
    elif method == AssessmentMethod.ATASAN:
        if not is_supervisor_of(actor, pegawai):
            raise NeedsError(_("Anda hanya dapat menilai anggota tim Anda sendiri."), code="needs.not_team")
    elif method in ADMIN_METHODS:
        if not actor.has_any_role(("admin_bkpsdm", "superadmin")):
            raise NeedsError(_("Hasil asesmen hanya dapat dicatat oleh admin BKPSDM."))
    else:
        raise NeedsError(_("Metode penilaian tidak dikenal."))


def compute_jpm(*, instansi_id: int, on: datetime.date, pairs: list[tuple[int, int | None]]) -> dict[str, Any]:
    policy = policy_for(instansi_id, on)
    fit, mapping, version = bands_for(instansi_id, on)
    result = jpm.evaluate(pairs, fit_bands=fit, map_bands=mapping, cap=policy.jpm_cap)
    return {
        "jpm_percent": result.percent,
        "jpm_fit": result.fit_code,
        "jpm_map": result.map_code,
        "jpm_complete": result.complete,
        "jpm_rule": f"policy:{policy.pk or 'default'};cap:{int(policy.jpm_cap)};thresholds:{version}"[:200],
    }


def assessment_record(
    *,
    actor: Any,
    pegawai: Pegawai,
    method: str,
    levels: Mapping[int, Any],
    assessed_on: datetime.date | None = None,
    evidence: Mapping[int, str] | None = None,
    provider: str = "",
    note: str = "",
    require_all: bool = True,
) -> Assessment:
    """Record one assessment against the SKJ of the pegawai's jabatan (snapshotted)."""
    _check_assessor(actor, pegawai, method)
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise NeedsError(_("Tanggal penilaian tidak boleh di masa depan."), code="needs.future")
    if pegawai.jabatan_id is None:
        raise NeedsError(_("Pegawai belum memiliki jabatan, sehingga belum ada SKJ untuk dinilai."))
    skj = list(skj_of(pegawai.jabatan))
    if not skj:
        raise NeedsError(_("SKJ jabatan pegawai ini belum diisi; hubungi admin BKPSDM."), code="needs.no_skj")
    required = {item.kompetensi_id: item.required_level for item in skj}
    unknown = set(levels) - set(required)
    if unknown:
        raise NeedsError(_("Ada kompetensi yang tidak termasuk SKJ jabatan."), code="needs.not_in_skj")
    checked: dict[int, int | None] = {}
    for kompetensi_id in required:
        value = levels.get(kompetensi_id)
        checked[kompetensi_id] = None if value in (None, "") else check_level(value)
    if require_all and any(v is None for v in checked.values()):
        raise NeedsError(_("Isi level untuk setiap kompetensi SKJ."), code="needs.incomplete")
    pairs = [(required[k], checked[k]) for k in required]
    evidence = evidence or {}
    with transaction.atomic():
        assessment = Assessment.objects.create(
            instansi_id=pegawai.instansi_id,
            pegawai=pegawai,
            jabatan_id=pegawai.jabatan_id,
            method=method,
            assessed_on=assessed_on,
            assessor=actor if getattr(actor, "pk", None) else None,
            provider=provider[:150],
            note=note,
            **compute_jpm(instansi_id=pegawai.instansi_id, on=assessed_on, pairs=pairs),
        )
        AssessmentScore.objects.bulk_create(
            AssessmentScore(
                instansi_id=pegawai.instansi_id,
                assessment=assessment,
                kompetensi_id=k,
                required_level=required[k],
                actual_level=checked[k],
                evidence=(evidence.get(k) or "")[:500],
            )
            for k in required
        )
        audit_log(
            actor=actor,
            action=f"assessment.{method}",
            instance=assessment,
            data={"pegawai": pegawai.pk, "jpm": str(assessment.jpm_percent)},
        )
    return assessment


def assessment_import(*, instansi_id: int, actor_id: int | None, groups: list[dict[str, Any]]) -> int:
    """Save validated imported results (one dict per pegawai × date × method with `levels` {kompetensi: level})
    against each pegawai's SKJ snapshot; competencies absent from the file stay NULL (JPM incomplete)."""
    created = 0
    with transaction.atomic():
        for group in groups:
            pegawai = group["pegawai"]
            required = group["required"]
            levels = group["levels"]
            pairs = [(required[k], levels.get(k)) for k in required]
            assessment = Assessment.objects.create(
                instansi_id=instansi_id,
                pegawai=pegawai,
                jabatan_id=pegawai.jabatan_id,
                method=group["method"],
                assessed_on=group["date"],
                assessor_id=actor_id,
                provider=group["provider"][:150],
                **compute_jpm(instansi_id=instansi_id, on=group["date"], pairs=pairs),
            )
            AssessmentScore.objects.bulk_create(
                AssessmentScore(
                    instansi_id=instansi_id,
                    assessment=assessment,
                    kompetensi_id=k,
                    required_level=required[k],
                    actual_level=levels.get(k),
                )
                for k in required
            )
            created += 1
        audit_log(actor=None, action="assessment.import", instansi_id=instansi_id, data={"n": created, "by": actor_id})
    return created


# ---- performance (SKP) ------------------------------------------------------------------------------


def performance_save(
    *, actor: Any, pegawai: Pegawai, record: Any = None, kompetensi: list | None = None, **fields: Any
) -> Any:
    """Create or change a pegawai's SKP record for a year; the linked competencies must be known to the instansi."""
    from apps.competencies.selectors import kompetensi_for_instansi
    from apps.needs.models import PerformanceRecord, Predikat

    if fields.get("predikat") not in Predikat.values:
        raise NeedsError(_("Predikat harus salah satu dari lima predikat SKP."), code="needs.predikat")
    creating = record is None
    record = record or PerformanceRecord(instansi_id=pegawai.instansi_id, pegawai=pegawai)
    if record.pegawai_id != pegawai.pk or pegawai.instansi_id != record.instansi_id:
        raise NeedsError(_("Pegawai tidak dikenal."))
    kompetensi = list(kompetensi or [])
    allowed = set(kompetensi_for_instansi(pegawai.instansi_id).values_list("pk", flat=True))
    if any(k.pk not in allowed for k in kompetensi):
        raise NeedsError(_("Kompetensi tidak dikenal di instansi ini."))
    for key, value in fields.items():
        setattr(record, key, value)
    if creating and PerformanceRecord.objects.filter(pegawai=pegawai, year=record.year).exists():
        raise NeedsError(_("Data SKP pegawai ini untuk tahun tersebut sudah ada."), code="needs.performance_dup")
    with transaction.atomic():
        record.save()
        record.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="performance.create" if creating else "performance.update", instance=record)
    return record


# ---- surveys and FGD --------------------------------------------------------------------------------


def _check_kompetensi(instansi_id: int, kompetensi: list) -> None:
    from apps.competencies.selectors import kompetensi_for_instansi

    allowed = set(kompetensi_for_instansi(instansi_id).values_list("pk", flat=True))
    if any(k.pk not in allowed for k in kompetensi):
        raise NeedsError(_("Kompetensi tidak dikenal di instansi ini."))


def survey_save(
    *, actor: Any, instansi_id: int, survey: Any = None, kompetensi: list | None = None, **fields: Any
) -> Any:
    from apps.needs.models import NeedsSurvey

    kompetensi = list(kompetensi or [])
    _check_kompetensi(instansi_id, kompetensi)
    if fields["closes_on"] < fields["opens_on"]:
        raise NeedsError(_("Tanggal tutup tidak boleh sebelum tanggal buka."), code="needs.survey_dates")
    creating = survey is None
    survey = survey or NeedsSurvey(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(survey, key, value)
    with transaction.atomic():
        survey.save()
        survey.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="survey.create" if creating else "survey.update", instance=survey)
    return survey


def survey_answer(
    *, actor: Any, survey: Any, respondent: Pegawai, as_atasan: bool, kompetensi: list, modality: str, **fields: Any
) -> Any:
    """One answer per pegawai per survey (and one more as atasan for their team), only while it is open."""
    from apps.employees.selectors import has_subordinates
    from apps.needs.models import Constraint, Modality, SurveyResponse

    today = timezone.localdate()
    if respondent.user_id != actor.pk or respondent.instansi_id != survey.instansi_id:
        raise NeedsError(_("Survei ini bukan untuk Anda."))
    if not survey.opens_on <= today <= survey.closes_on:
        raise NeedsError(_("Survei tidak sedang dibuka."), code="needs.survey_closed")
    if as_atasan and not has_subordinates(actor):
        raise NeedsError(_("Hanya atasan yang dapat menjawab untuk tim."))
    if modality not in Modality.values:
        raise NeedsError(_("Pilih modalitas: tatap muka, daring, atau blended."))
    constraints = list(fields.pop("constraints", []) or [])
    if any(c not in Constraint.values for c in constraints):
        raise NeedsError(_("Kendala tidak dikenal."))
    _check_kompetensi(survey.instansi_id, kompetensi)
    if SurveyResponse.objects.filter(survey=survey, respondent=respondent, as_atasan=as_atasan).exists():
        raise NeedsError(_("Anda sudah menjawab survei ini."), code="needs.survey_dup")
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            instansi_id=survey.instansi_id,
            survey=survey,
            respondent=respondent,
            as_atasan=as_atasan,
            modality=modality,
            constraints=constraints,
            **fields,
        )
        response.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="survey.answer", instance=response)
    return response


def fgd_save(
    *,
    actor: Any,
    instansi_id: int,
    fgd: Any = None,
    participants: list | None = None,
    kompetensi: list | None = None,
    **fields: Any,
) -> Any:
    from apps.needs.models import FgdSession

    kompetensi = list(kompetensi or [])
    participants = list(participants or [])
    _check_kompetensi(instansi_id, kompetensi)
    unit = fields.get("unit_kerja")
    if unit is not None and unit.instansi_id != instansi_id:
        raise NeedsError(_("Unit kerja tidak dikenal."))
    if any(p.instansi_id != instansi_id for p in participants):
        raise NeedsError(_("Peserta harus pegawai instansi ini."))
    creating = fgd is None
    fgd = fgd or FgdSession(instansi_id=instansi_id)
    for key, value in fields.items():
        setattr(fgd, key, value)
    with transaction.atomic():
        fgd.save()
        fgd.participants.set(participants)
        fgd.kompetensi.set(kompetensi)
        audit_log(actor=actor, action="fgd.create" if creating else "fgd.update", instance=fgd)
    return fgd


# ---- needs inventory (rule 11) ----------------------------------------------------------------------
# One open item per pegawai × kompetensi × year (constraint needs_one_open_per_pegawai); one open item per
# survey/FGD answer row (needs_one_open_per_origin). Priority is only ever written by _with_priority.

CONSTRAINT_MESSAGES = {
    "needs_one_open_per_pegawai": _("Sudah ada kebutuhan terbuka untuk pegawai, kompetensi dan tahun ini."),
    "needs_one_open_per_origin": _("Kebutuhan dari sumber ini sudah dibuat."),
}


def _with_priority(item: Any) -> Any:
    item.priority = jpm.priority(item.gap_size, item.affected, item.weight)
    return item


def _constraint_error(exc: IntegrityError) -> NeedsError:
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""
    for constraint, message in CONSTRAINT_MESSAGES.items():
        if constraint in name:
            return NeedsError(str(message), code="needs.duplicate")
    raise exc


def needs_generate(*, actor: Any, instansi_id: int, year: int, on: datetime.date | None = None) -> dict[str, int]:
    """Create or refresh per-pegawai needs items of `year` from the current competency gaps and SKP performance
    gaps. Safe to run twice: existing open items are updated in place, closed ones are left closed, and a
    concurrent run loses its duplicate rows to the unique constraint (ON CONFLICT DO NOTHING)."""
    from apps.needs.models import AssessmentMethod, NeedsItem, NeedsSource, NeedsStatus, Predikat
    from apps.needs.selectors import competency_gap_rows, existing_person_needs, performance_gap_rows

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


def _check_target(instansi_id: int, *, pegawai: Any, unit: Any, jabatan: Any, target_pegawai: list) -> None:
    for obj in (pegawai, unit, jabatan, *target_pegawai):
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
    from apps.needs.models import NeedsItem, NeedsSource, NeedsStatus

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
    from apps.needs.models import NeedsItem, NeedsStatus

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
    from apps.needs.models import NeedsItem, NeedsSource
    from apps.needs.selectors import survey_respondents_for

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


# Rule 18: a PNS below the yearly JP target becomes a needs item of the next plan year. JP measure
# self-development, so the item names M.06 "Pengembangan Diri dan Orang Lain".
JP_SHORTFALL_COMPETENCY = "M.06"


def needs_from_jp_shortfall(*, actor: Any, instansi_id: int, year: int, pegawai_ids: list[int], target: int) -> Any:
    """One item for the plan year after `year`, targeting every PNS who ended `year` below `target` JP.
    Re-running replaces the target list (idempotent, keyed by its origin); nobody below → nothing."""
    from apps.competencies.models import Kompetensi
    from apps.needs.models import NeedsItem, NeedsSource, NeedsStatus

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
    from apps.employees.selectors import pegawai_for_instansi
    from apps.needs.models import NeedsItem, NeedsSource

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


# ---- annual plan (RPK; rules 12, 13) ----------------------------------------------------------------
# A plan is edited only while draft (row locked while its items change); every item answers ≥ 1 open or
# planned needs item of the same instansi and year and fills the seven art. 207 elements; the sum of item
# budgets never passes the ceiling when an item is saved or the plan is submitted; an approved plan is
# frozen: a change is a new version that supersedes it when approved.


class PlanError(NeedsError):
    default_code = "needs.plan"


def _locked_draft(plan: Any) -> Any:
    from apps.needs.models import DevelopmentPlan

    locked = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_editable:
        raise PlanError(_("Rencana hanya dapat diubah selama berstatus draf."), code="needs.plan_frozen")
    return locked


def _items_total(plan: Any, exclude_id: int | None = None) -> int:
    from django.db.models import Sum

    from apps.needs.models import PlanItem

    qs = PlanItem.objects.filter(instansi_id=plan.instansi_id, plan=plan)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.aggregate(total=Sum("budget_idr"))["total"] or 0


def _rupiah(value: int) -> str:
    return f"Rp {value:,}".replace(",", ".")


def plan_create(*, actor: Any, instansi_id: int, year: int, title: str, ceiling_idr: int, note: str = "") -> Any:
    from apps.needs.models import DevelopmentPlan

    if ceiling_idr is None or int(ceiling_idr) < 0:
        raise PlanError(_("Pagu anggaran harus bilangan bulat Rupiah ≥ 0."))
    if DevelopmentPlan.objects.filter(instansi_id=instansi_id, year=year).exists():
        raise PlanError(
            _("Rencana tahun %(year)s sudah ada; ubah drafnya atau buat versi baru dari rencana yang disetujui.")
            % {"year": year},
            code="needs.plan_exists",
        )
    with transaction.atomic():
        plan = DevelopmentPlan.objects.create(
            instansi_id=instansi_id, year=year, title=title, ceiling_idr=ceiling_idr, note=note
        )
        audit_log(actor=actor, action="plan.create", instance=plan)
    return plan


def plan_update(*, actor: Any, plan: Any, title: str, ceiling_idr: int, note: str = "") -> Any:
    if ceiling_idr is None or int(ceiling_idr) < 0:
        raise PlanError(_("Pagu anggaran harus bilangan bulat Rupiah ≥ 0."))
    with transaction.atomic():
        plan = _locked_draft(plan)
        plan.title, plan.ceiling_idr, plan.note = title, ceiling_idr, note
        plan.save(update_fields=["title", "ceiling_idr", "note", "updated_at"])
        audit_log(actor=actor, action="plan.update", instance=plan)
    return plan


def _check_item(plan: Any, needs_items: list, fields: dict[str, Any]) -> None:
    from apps.catalog.models import FORM_PATH
    from apps.needs.models import NeedsStatus

    if not needs_items:
        raise PlanError(_("Pilih minimal satu kebutuhan yang dijawab butir rencana ini."), code="needs.plan_no_need")
    for need in needs_items:
        if need.instansi_id != plan.instansi_id or need.year != plan.year or need.status == NeedsStatus.CLOSED:
            raise PlanError(_("Kebutuhan yang dipilih harus kebutuhan terbuka tahun %(year)s.") % {"year": plan.year})
    kompetensi = fields.get("kompetensi")
    if kompetensi is None:
        raise PlanError(_("Pilih jenis kompetensi."))
    _check_kompetensi(plan.instansi_id, [kompetensi])
    budget = fields.get("budget_idr")
    if budget is None or int(budget) < 0:
        raise PlanError(_("Anggaran harus bilangan bulat Rupiah ≥ 0."), code="needs.plan_budget")
    if not fields.get("target_count") or int(fields["target_count"]) < 1:
        raise PlanError(_("Jumlah ASN sasaran minimal 1."))
    if FORM_PATH.get(fields.get("form")) != fields.get("path"):
        raise PlanError(_("Jenis pengembangan tidak termasuk jalur yang dipilih."), code="needs.plan_path")
    if not fields.get("penyelenggara") and not (fields.get("penyelenggara_text") or "").strip():
        raise PlanError(_("Isi penyelenggara (pilih dari daftar atau tulis namanya)."))
    if not fields.get("schedule_month") and not fields.get("schedule_quarter"):
        raise PlanError(_("Isi jadwal: bulan atau triwulan pelaksanaan."))
    unit = fields.get("unit_kerja")
    if unit is not None and unit.instansi_id != plan.instansi_id:
        raise PlanError(_("Unit kerja tidak dikenal."))
    penyelenggara = fields.get("penyelenggara")
    if penyelenggara is not None and penyelenggara.instansi_id not in (None, plan.instansi_id):
        raise PlanError(_("Penyelenggara tidak dikenal."))


def plan_item_save(*, actor: Any, plan: Any, item: Any = None, needs_items: list, **fields: Any) -> Any:
    from apps.needs.models import NeedsItem, NeedsStatus, PlanItem

    needs_items = list(needs_items or [])
    _check_item(plan, needs_items, fields)
    creating = item is None
    with transaction.atomic():
        plan = _locked_draft(plan)
        total = _items_total(plan, exclude_id=None if creating else item.pk) + int(fields["budget_idr"])
        if total > plan.ceiling_idr:
            raise PlanError(
                _("Anggaran melebihi pagu: total menjadi %(total)s, pagu %(ceiling)s.")
                % {"total": _rupiah(total), "ceiling": _rupiah(plan.ceiling_idr)},
                code="needs.plan_over_ceiling",
            )
        item = item or PlanItem(instansi_id=plan.instansi_id, plan=plan)
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
        item.needs_items.set(needs_items)
        NeedsItem.objects.filter(pk__in=[n.pk for n in needs_items], status=NeedsStatus.OPEN).update(
            status=NeedsStatus.PLANNED, updated_at=timezone.now()
        )
        audit_log(actor=actor, action="plan_item.create" if creating else "plan_item.update", instance=item)
    return item


def plan_item_delete(*, actor: Any, item: Any) -> None:
    from apps.needs.models import NeedsItem, NeedsStatus

    with transaction.atomic():
        _locked_draft(item.plan)
        linked = list(item.needs_items.values_list("pk", flat=True))
        audit_log(actor=actor, action="plan_item.delete", instance=item)
        item.delete()
        NeedsItem.objects.filter(pk__in=linked, status=NeedsStatus.PLANNED, plan_items__isnull=True).update(
            status=NeedsStatus.OPEN, updated_at=timezone.now()
        )


def plan_submit(*, actor: Any, plan: Any, note: str = "") -> Any:
    from apps.needs.workflow import _transition

    with transaction.atomic():
        plan = _locked_draft(plan)
        if not plan.items.exists():
            raise PlanError(_("Rencana belum memiliki butir."), code="needs.plan_empty")
        total = _items_total(plan)
        if total > plan.ceiling_idr:
            raise PlanError(
                _("Rencana tidak dapat diajukan: total anggaran %(total)s melebihi pagu %(ceiling)s.")
                % {"total": _rupiah(total), "ceiling": _rupiah(plan.ceiling_idr)},
                code="needs.plan_over_ceiling",
            )
        plan = _transition(plan_id=plan.pk, action="submit", actor=actor, note=note)
        audit_log(actor=actor, action="plan.submit", instance=plan)
    return plan


def plan_return(*, actor: Any, plan: Any, note: str = "") -> Any:
    from apps.needs.workflow import _transition

    with transaction.atomic():
        plan = _transition(plan_id=plan.pk, action="return", actor=actor, note=note)
        audit_log(actor=actor, action="plan.return", instance=plan)
    return plan


def plan_approve(*, actor: Any, plan: Any, signatory_name: str, signatory_title: str, note: str = "") -> Any:
    """Recorded by an admin BKPSDM acting for the head of BKPSDM (signatory kept for the document). Approving a
    new version supersedes the version it replaces."""
    from apps.needs.workflow import _transition

    if not signatory_name.strip():
        raise PlanError(_("Isi nama kepala BKPSDM yang menetapkan rencana."))
    with transaction.atomic():
        plan = _transition(
            plan_id=plan.pk,
            action="approve",
            actor=actor,
            note=note,
            fields={
                "approved_by": actor,
                "approved_at": timezone.now(),
                "signatory_name": signatory_name.strip(),
                "signatory_title": signatory_title.strip(),
            },
        )
        if plan.supersedes_id:
            _transition(plan_id=plan.supersedes_id, action="supersede", actor=actor, note=f"v{plan.version}")
        audit_log(actor=actor, action="plan.approve", instance=plan)
    return plan


def plan_new_version(*, actor: Any, plan: Any) -> Any:
    """Copy an approved plan into a new draft version (rule 13); the approved one stays in force until the new
    one is approved."""
    from apps.needs.models import DevelopmentPlan, PlanItem, PlanStatus

    with transaction.atomic():
        plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.APPROVED:
            raise PlanError(_("Versi baru hanya dibuat dari rencana yang sudah disetujui."))
        if DevelopmentPlan.objects.filter(
            instansi_id=plan.instansi_id, year=plan.year, status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]
        ).exists():
            raise PlanError(_("Sudah ada versi draf atau diajukan untuk tahun ini."))
        version = (
            DevelopmentPlan.objects.filter(instansi_id=plan.instansi_id, year=plan.year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        new = DevelopmentPlan.objects.create(
            instansi_id=plan.instansi_id,
            year=plan.year,
            version=version + 1,
            title=plan.title,
            ceiling_idr=plan.ceiling_idr,
            note=plan.note,
            supersedes=plan,
        )
        for item in PlanItem.objects.filter(plan=plan).prefetch_related("needs_items"):
            needs = list(item.needs_items.all())
            item.pk = None
            item.id = None
            item._state.adding = True
            item._prefetched_objects_cache = {}
            item.plan = new
            item.save()
            item.needs_items.set(needs)
        audit_log(actor=actor, action="plan.new_version", instance=new, data={"from": plan.pk})
    return new


# ---- IDP ----------------------------------------------------------------------------------------------
# One IDP per pegawai per year with 1–5 goals, each on a competency (ideally one of their gaps); activities
# hang off goals. The pegawai edits it while draft; the direct atasan agrees (event row). Progress is filled
# later, by the pegawai or by idp_activities_complete_for_program (called by enrollments on completion).

MAX_GOALS = 5


class IdpError(NeedsError):
    default_code = "needs.idp"


def idp_create(*, actor: Any, pegawai: Pegawai, year: int) -> Any:
    from apps.needs.models import IndividualDevelopmentPlan

    if pegawai.user_id != actor.pk:
        raise IdpError(_("IDP hanya dapat dibuat oleh pegawai yang bersangkutan."))
    if not 2000 <= year <= 2100:
        raise IdpError(_("Tahun tidak sah."))
    try:
        with transaction.atomic():
            idp = IndividualDevelopmentPlan.objects.create(instansi_id=pegawai.instansi_id, pegawai=pegawai, year=year)
            audit_log(actor=actor, action="idp.create", instance=idp)
    except IntegrityError as exc:
        raise IdpError(_("IDP Anda untuk tahun tersebut sudah ada."), code="needs.idp_dup") from exc
    return idp


def _locked_idp_draft(idp: Any, actor: Any) -> Any:
    from apps.needs.models import IdpStatus, IndividualDevelopmentPlan

    locked = IndividualDevelopmentPlan.objects.select_for_update().select_related("pegawai").get(pk=idp.pk)
    if locked.pegawai.user_id != actor.pk:
        raise IdpError(_("Hanya pegawai yang bersangkutan yang mengubah IDP-nya."))
    if locked.status != IdpStatus.DRAFT:
        raise IdpError(_("IDP hanya dapat diubah selama berstatus draf."), code="needs.idp_frozen")
    return locked


def idp_goal_add(
    *, actor: Any, idp: Any, kompetensi: Any, description: str, target_level: int | None = None, needs_item: Any = None
) -> Any:
    from apps.needs.models import IdpGoal

    if kompetensi is None:
        raise IdpError(_("Pilih kompetensi sasaran."))
    _check_kompetensi(idp.instansi_id, [kompetensi])
    if target_level is not None and not 1 <= int(target_level) <= 5:
        raise IdpError(_("Level harus bilangan bulat 1–5."))
    if needs_item is not None and needs_item.pegawai_id not in (None, idp.pegawai_id):
        raise IdpError(_("Kebutuhan yang dipilih bukan milik pegawai ini."))
    with transaction.atomic():
        idp = _locked_idp_draft(idp, actor)
        if IdpGoal.objects.filter(idp=idp).count() >= MAX_GOALS:
            raise IdpError(_("IDP memuat paling banyak 5 sasaran."), code="needs.idp_goals")
        if IdpGoal.objects.filter(idp=idp, kompetensi=kompetensi).exists():
            raise IdpError(_("Kompetensi ini sudah menjadi sasaran IDP."))
        goal = IdpGoal.objects.create(
            instansi_id=idp.instansi_id,
            idp=idp,
            kompetensi=kompetensi,
            description=description,
            target_level=target_level,
            needs_item=needs_item,
        )
        audit_log(actor=actor, action="idp.goal_add", instance=idp)
    return goal


def idp_activity_add(
    *,
    actor: Any,
    idp: Any,
    goal: Any,
    form: str,
    title: str,
    target_date: datetime.date,
    plan_item: Any = None,
    program: Any = None,
) -> Any:
    from apps.catalog.models import Form
    from apps.needs.models import IdpActivity

    if goal is None or goal.idp_id != idp.pk:
        raise IdpError(_("Pilih sasaran IDP untuk kegiatan ini."))
    if form not in Form.values:
        raise IdpError(_("Bentuk pengembangan tidak dikenal."))
    if target_date.year not in (idp.year, idp.year + 1):
        raise IdpError(_("Target tanggal harus pada tahun IDP."))
    if plan_item is not None and plan_item.instansi_id != idp.instansi_id:
        raise IdpError(_("Butir rencana tidak dikenal."))
    with transaction.atomic():
        idp = _locked_idp_draft(idp, actor)
        activity = IdpActivity.objects.create(
            instansi_id=idp.instansi_id,
            idp=idp,
            goal=goal,
            form=form,
            title=title,
            target_date=target_date,
            plan_item=plan_item,
            program=program,
        )
        audit_log(actor=actor, action="idp.activity_add", instance=idp)
    return activity


def idp_submit(*, actor: Any, idp: Any, note: str = "") -> Any:
    from apps.needs.models import IdpActivity, IdpGoal
    from apps.needs.workflow import _idp_transition

    goals = IdpGoal.objects.filter(idp=idp).count()
    if not 1 <= goals <= MAX_GOALS:
        raise IdpError(_("IDP harus memuat 1–5 sasaran sebelum diajukan."), code="needs.idp_goals")
    if not IdpActivity.objects.filter(idp=idp).exists():
        raise IdpError(_("Tambahkan minimal satu kegiatan sebelum mengajukan IDP."))
    return _idp_transition(idp_id=idp.pk, action="submit", actor=actor, note=note)


def idp_decide(*, actor: Any, idp: Any, action: str, note: str = "") -> Any:
    """agree / return by the direct atasan; reopen by the pegawai (a change needs a new agreement)."""
    from apps.needs.workflow import _idp_transition

    if action not in ("agree", "return", "reopen"):
        raise IdpError(_("Aksi tidak dikenal."))
    idp = _idp_transition(idp_id=idp.pk, action=action, actor=actor, note=note)
    audit_log(actor=actor, action=f"idp.{action}", instance=idp)
    return idp


def idp_activity_progress(*, actor: Any, activity: Any, done: bool, completed_on: Any, note: str = "") -> Any:
    from apps.needs.models import ActivityStatus, IdpStatus

    idp = activity.idp
    if idp.pegawai.user_id != actor.pk:
        raise IdpError(_("Hanya pegawai yang bersangkutan yang mengisi kemajuan."))
    if idp.status != IdpStatus.AGREED:
        raise IdpError(_("Kemajuan diisi setelah IDP disepakati atasan."))
    if done and completed_on is None:
        raise IdpError(_("Isi tanggal selesai."))
    if completed_on and completed_on > timezone.localdate():
        raise IdpError(_("Tanggal selesai tidak boleh di masa depan."))
    activity.status = ActivityStatus.DONE if done else ActivityStatus.PLANNED
    activity.completed_on = completed_on if done else None
    activity.progress_note = note
    activity.save(update_fields=["status", "completed_on", "progress_note"])
    audit_log(actor=actor, action="idp.progress", instance=idp)
    return activity


def idp_activities_complete_for_program(
    *, instansi_id: int, pegawai_id: int, program_id: int, completed_on: datetime.date, note: str = ""
) -> int:
    """Hook for the enrollments app: when a pegawai completes a programme, every planned activity of their
    agreed IDPs that names that programme (directly or via its plan item) is marked done. Safe to repeat."""
    from apps.needs.selectors import idp_open_activities_for_program

    ids = list(idp_open_activities_for_program(instansi_id, pegawai_id, program_id).values_list("pk", flat=True))
    if not ids:
        return 0
    from apps.needs.models import ActivityStatus, IdpActivity

    return IdpActivity.objects.filter(pk__in=ids, status=ActivityStatus.PLANNED).update(
        status=ActivityStatus.DONE,
        completed_on=completed_on,
        progress_note=note or _("Selesai mengikuti pelatihan."),
    )
