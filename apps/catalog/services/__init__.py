"""Catalog writes. Rules:
- A programme's jalur follows from its bentuk (FORM_PATH; DB constraint program_form_matches_path).
- Total JP (`learning_hours`) is an integer, computed here, never typed freely when it can be
  derived: from the modules' JP when the bentuk counts "JP of the programme", else from the JP
  conversion rule in force × the quantity (days, sessions, visits, assignments, minutes ÷ 45);
  the rule version used is stored on the programme (rules 14, 16). Every training has ≥ 1 JP;
  pendidikan (tugas/izin belajar) may have 0 (domain.md §6).
- Leadership training (Latsar, PKP, PKA, PKN) needs a LAN-accredited penyelenggara (domain.md §8).
- Published programmes are not edited in place: a change makes a new version (copy with change note,
  `previous_version`), publishing it archives the one it replaces.
- National programmes and directory rows (instansi NULL) are kept by the superadmin; national
  programmes are always shared.
- Angkatan: end ≥ start, seats ≥ 1 and ≥ seats already taken, the registration window closes on or
  before the start day, sessions fall inside the batch dates; a classroom batch names its venue, an
  online one its link. Angkatan and their sessions belong to one instansi.
- Sessions are edited in place: an existing session keeps its id when its date, time or topic
  changes, so the attendance recorded for it (enrollments, cascading on the session) survives.
  Removing a session that has attendance records needs the admin's explicit confirmation, and the
  records deleted with it are counted in the audit event.
- A batch's status follows its dates once a day (dates.py): first day → running, last day passed →
  finished, registration's last day passed before the start → closed ("close"), all through the state
  machine.
- Every write is audited; nothing is half-saved (one transaction per service).
"""

from apps.catalog.errors import CatalogError, SessionRemovalNotConfirmed
from apps.catalog.services.angkatan import _check_angkatan, angkatan_save, angkatan_set_status
from apps.catalog.services.dates import angkatan_follow_dates, angkatan_follow_dates_all, date_actions
from apps.catalog.services.programs import (
    _check_program,
    compute_learning_hours,
    material_add,
    material_delete,
    program_new_version,
    program_save,
    program_set_status,
)
from apps.catalog.services.providers import narasumber_record_rating, narasumber_save, penyelenggara_save
from apps.catalog.services.specs import SESSION_FIELDS, CompetencySpec, ModuleSpec, SessionSpec

__all__ = [
    "CatalogError",
    "CompetencySpec",
    "ModuleSpec",
    "SESSION_FIELDS",
    "SessionRemovalNotConfirmed",
    "SessionSpec",
    "_check_angkatan",
    "_check_program",
    "angkatan_follow_dates",
    "angkatan_follow_dates_all",
    "angkatan_save",
    "angkatan_set_status",
    "compute_learning_hours",
    "date_actions",
    "material_add",
    "material_delete",
    "narasumber_record_rating",
    "narasumber_save",
    "penyelenggara_save",
    "program_new_version",
    "program_save",
    "program_set_status",
]
