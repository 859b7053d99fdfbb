"""Who may request which angkatan (domain.md §12 rules 20–21). Pure functions: they read the values of the
objects they are given (programme targets, the pegawai's jabatan, the batch's dates and window) and touch
no database and no clock; the services pass "today" in the instansi's time zone and raise the errors.

Rule 21: a programme's targets (jenis jabatan, employment type, golongan range; an empty target means
everyone) are checked at request and again at verification. The catalog has no jenjang target yet, so
jenjang is not checked. The registration window: a cancelled, running or finished batch takes nobody;
from its start day on nobody enrols; a self-request also needs an open batch inside its window, while an
admin's nomination may come before the window opens."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from apps.catalog.models import AngkatanStatus

CLOSED_STATUSES = frozenset({AngkatanStatus.CANCELLED, AngkatanStatus.FINISHED, AngkatanStatus.RUNNING})
OPEN_STATUSES = frozenset({AngkatanStatus.OPEN, AngkatanStatus.FULL})


def eligibility_problems(program: Any, pegawai: Any) -> list[str]:
    """Every target of `program` that `pegawai` misses, as Indonesian sentences (empty: eligible)."""
    problems: list[str] = []
    jenis = program.jenis_list
    if jenis and (pegawai.jabatan is None or pegawai.jabatan.jenis not in jenis):
        problems.append(_("Jenis jabatan tidak termasuk sasaran program ini."))
    types = program.employment_type_list
    if types and pegawai.employment_type not in types:
        problems.append(_("Jenis kepegawaian tidak termasuk sasaran program ini."))
    if program.min_rank_order and pegawai.rank_order < program.min_rank_order:
        problems.append(_("Golongan di bawah golongan terendah yang disyaratkan."))
    if program.max_rank_order and pegawai.rank_order > program.max_rank_order:
        problems.append(_("Golongan di atas golongan tertinggi yang disyaratkan."))
    return problems


def registration_problem(angkatan: Any, today: date, *, nomination: bool = False) -> str | None:
    """Why `angkatan` takes no request (or, with `nomination`, no nomination) on `today`; None when it does."""
    if angkatan.status in CLOSED_STATUSES:
        return _("Angkatan ini tidak menerima pendaftaran.")
    if today >= angkatan.start_date:
        return _("Angkatan ini sudah dimulai; pendaftaran ditutup.")
    if nomination:
        return None
    if angkatan.status not in OPEN_STATUSES:
        return _("Pendaftaran angkatan ini belum dibuka.")
    if angkatan.registration_opens and today < angkatan.registration_opens:
        return _("Pendaftaran angkatan ini belum dibuka.")
    if angkatan.registration_closes and today > angkatan.registration_closes:
        return _("Pendaftaran angkatan ini sudah ditutup.")
    return None
