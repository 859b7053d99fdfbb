"""SKJ import (XLSX/CSV): one row per jabatan × kompetensi with the required level. Validated in memory
against maps loaded once; saved all-or-nothing; each jabatan in the file gets its missing mandatory rows
(M.01–M.08, S.01) at the default level in force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.competencies.models import Kompetensi
from apps.competencies.selectors import default_level_for
from apps.competencies.services import skj_import_rows
from apps.core.imports import Column, Row, RowError, formula_errors
from apps.core.roles import ADMINS
from apps.core.services import audit_log
from apps.organizations.models import Jabatan


@dataclass
class _Plan:
    rows: list[tuple[Any, int, int]] = field(default_factory=list)
    defaults: dict[int, int] = field(default_factory=dict)


class SKJImporter:
    kind = "skj"
    label = gettext_lazy("Standar kompetensi jabatan (SKJ)")
    permission_roles = frozenset(ADMINS)
    columns = (
        Column("kode_jabatan", gettext_lazy("Kode jabatan"), example="JF-PERAWAT-AP"),
        Column(
            "kode_kompetensi",
            gettext_lazy("Kode kompetensi"),
            help=gettext_lazy("Kode di kamus kompetensi (M.01, S.01, T.KEMENKES.01)."),
            example="M.01",
        ),
        Column("level", gettext_lazy("Level"), help=gettext_lazy("Bilangan bulat 1–5."), example="2"),
    )

    def validate(self, *, instansi_id: int, rows: list[Row], progress: Callable[[int], None]):
        today = timezone.localdate()
        header = {c.key: str(c.header) for c in self.columns}
        jabatan = {j.code: j for j in Jabatan.objects.filter(instansi_id=instansi_id)}
        kompetensi: dict[str, int] = {}
        for k in Kompetensi.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id)).order_by(
            "-instansi_id"
        ):
            kompetensi.setdefault(k.code.upper(), k.pk)
        plan = _Plan()
        errors: list[RowError] = []
        seen: dict[tuple[int, int], int] = {}
        for row in rows:
            row_errors = formula_errors(row, self.columns)
            jab = jabatan.get(row.text("kode_jabatan"))
            if jab is None:
                row_errors.append(RowError(row.number, header["kode_jabatan"], _("Jabatan tidak dikenal.")))
            komp_id = kompetensi.get(row.text("kode_kompetensi").upper())
            if komp_id is None:
                row_errors.append(RowError(row.number, header["kode_kompetensi"], _("Kompetensi tidak ada di kamus.")))
            level_text = row.text("level")
            level = int(level_text) if level_text.isdigit() else 0
            if not 1 <= level <= 5:
                row_errors.append(RowError(row.number, header["level"], _("Level harus bilangan bulat 1–5.")))
            if jab is not None and komp_id is not None:
                key = (jab.pk, komp_id)
                if key in seen:
                    row_errors.append(
                        RowError(
                            row.number,
                            header["kode_kompetensi"],
                            _("Kompetensi ganda untuk jabatan ini (sama dengan baris %(r)s).") % {"r": seen[key]},
                        )
                    )
                seen.setdefault(key, row.number)
                if jab.pk not in plan.defaults:
                    rule = default_level_for(instansi_id=instansi_id, jenis=jab.jenis, jenjang=jab.jenjang, on=today)
                    if rule is None:
                        row_errors.append(
                            RowError(
                                row.number,
                                header["kode_jabatan"],
                                _("Belum ada aturan level bawaan untuk jenis jabatan ini."),
                            )
                        )
                    else:
                        plan.defaults[jab.pk] = rule.level
            errors.extend(row_errors)
            if not row_errors:
                plan.rows.append((jab, komp_id, level))
        progress(len(rows))
        return errors, plan

    def save(self, *, instansi_id: int, actor_id: int | None, prepared: _Plan) -> int:
        with transaction.atomic():
            count = skj_import_rows(instansi_id=instansi_id, rows=prepared.rows, defaults=prepared.defaults)
            audit_log(actor=None, action="skj.import", instansi_id=instansi_id, data={"rows": count, "by": actor_id})
        return count
