"""Assessments and their JPM: who may assess whom, the SKJ snapshot, the rule version kept."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.competencies.selectors import skj_of
from apps.competencies.services import check_level
from apps.core.roles import ADMINS
from apps.core.services import audit_log, changes_since
from apps.employees.models import Pegawai
from apps.employees.selectors import is_supervisor_of
from apps.needs import jpm
from apps.needs.errors import NeedsError
from apps.needs.models import Assessment, AssessmentMethod, AssessmentScore
from apps.needs.selectors import bands_for, policy_for

ADMIN_METHODS = {AssessmentMethod.ASSESSMENT_CENTER, AssessmentMethod.UJI_KOMPETENSI, AssessmentMethod.THREE_SIXTY}


def _check_assessor(actor: Any, pegawai: Pegawai, method: str) -> None:
    if method == AssessmentMethod.SELF:
        if pegawai.user_id != actor.pk:
            raise NeedsError(_("Penilaian mandiri hanya dapat diisi oleh pegawai yang bersangkutan."))
    elif method == AssessmentMethod.ATASAN:
        if not is_supervisor_of(actor, pegawai):
            raise NeedsError(_("Anda hanya dapat menilai anggota tim Anda sendiri."), code="needs.not_team")
    elif method in ADMIN_METHODS:
        if not actor.has_any_role(ADMINS):
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
        names = {item.kompetensi_id: item.kompetensi.name for item in skj}
        levels_set = {f"level: {names.get(k, k)}": [None, checked[k]] for k in required if checked[k] is not None}
        audit_log(
            actor=actor,
            action=f"assessment.{method}",
            instance=assessment,
            data={"pegawai": pegawai.pk, "jpm": str(assessment.jpm_percent)},
            changes={**changes_since(assessment, {}), **levels_set},
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
