"""What row-level security lets every instansi read of a shared programme owned by another (catalog/models: a
`shared` programme is in every instansi's catalog, and each schedules it in its own angkatan): the programme, its
modules, target competencies and materials, its provider, speakers and conversion rule, and the competencies it
targets, once past draft (a batch already held keeps its programme after the owner archives it).
Only the owner instansi writes any of it (the policies' WITH CHECK)."""

from __future__ import annotations

from apps.catalog.models import (
    JPConversionRule,
    Narasumber,
    Penyelenggara,
    Program,
    ProgramCompetency,
    ProgramMaterial,
    ProgramModule,
)
from apps.competencies.models import Kompetensi
from apps.core import rls


def register() -> None:
    programs = Program._meta.db_table
    is_shared = "visibility = 'shared' AND status <> 'draft'"
    shared = _select("id", programs, is_shared)
    rls.share_rows(programs, is_shared)
    for part in (ProgramModule, ProgramCompetency, ProgramMaterial):
        rls.share_rows(part._meta.db_table, f"program_id IN ({shared})")
    for model, column in ((Penyelenggara, "penyelenggara_id"), (JPConversionRule, "conversion_rule_id")):
        rls.share_rows(model._meta.db_table, f"id IN ({_select(column, programs, is_shared)})")
    speakers = Program.narasumber.through._meta.db_table
    rls.share_rows(
        Narasumber._meta.db_table, f"id IN ({_select('narasumber_id', speakers, f'program_id IN ({shared})')})"
    )
    targets = ProgramCompetency._meta.db_table
    rls.share_rows(
        Kompetensi._meta.db_table, f"id IN ({_select('kompetensi_id', targets, f'program_id IN ({shared})')})"
    )


def _select(column: str, table: str, where: str) -> str:
    # Model table names and fixed conditions only, nothing from a request.
    return f"SELECT {column} FROM {table} WHERE {where}"  # noqa: S608  # nosec B608
