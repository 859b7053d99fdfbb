"""Catalog: penyelenggara, narasumber, programs (jalur/bentuk, JP, curriculum, versions), angkatan
(batches with sessions) and the versioned JP conversion table (domain.md §6, §8).

Visibility (decided here, tested in tests/test_visibility.py):
- `Program.instansi` is the owner. `instansi=None` is a national/provincial program kept by the
  superadmin; it is always `visibility=shared` (a CheckConstraint holds this).
- A published `shared` program is in the catalog of every instansi; a `private` one only in its
  owner's. Only the owner (or the superadmin for national ones) edits a program.
- Penyelenggara and narasumber follow the same idea: `instansi=None` is the national directory
  (LAN, universities…) every instansi may pick; otherwise the row is private to its instansi.
- An `Angkatan` always belongs to exactly one instansi and is offered to that instansi's pegawai.
  A shared program is scheduled by each instansi in its own angkatan.
"""

from apps.catalog.models.angkatan import Angkatan, AngkatanSession
from apps.catalog.models.choices import (
    FORM_PATH,
    LEADERSHIP_FORMS,
    ONLINE_MODALITIES,
    AngkatanStatus,
    CapPeriod,
    ConversionUnit,
    Form,
    FundingSource,
    MaterialKind,
    Modality,
    Path,
    PenyelenggaraKind,
    ProgramStatus,
    Visibility,
    _form_matches_path,
)
from apps.catalog.models.conversion import JPConversionRule
from apps.catalog.models.programs import Program, ProgramCompetency, ProgramMaterial, ProgramModule, material_upload_to
from apps.catalog.models.providers import Narasumber, Penyelenggara

__all__ = [
    "Angkatan",
    "AngkatanSession",
    "AngkatanStatus",
    "CapPeriod",
    "ConversionUnit",
    "FORM_PATH",
    "Form",
    "FundingSource",
    "JPConversionRule",
    "LEADERSHIP_FORMS",
    "MaterialKind",
    "Modality",
    "Narasumber",
    "ONLINE_MODALITIES",
    "Path",
    "Penyelenggara",
    "PenyelenggaraKind",
    "Program",
    "ProgramCompetency",
    "ProgramMaterial",
    "ProgramModule",
    "ProgramStatus",
    "Visibility",
    "_form_matches_path",
    "material_upload_to",
]
