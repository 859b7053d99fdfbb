"""What row-level security lets every instansi read of a shared programme owned by another (catalog/models: a
`shared` programme is in every instansi's catalog, and each schedules it in its own angkatan): the programme, its
modules, target competencies and materials, its provider, speakers and conversion rule, and the competencies it
targets. The status is left out on purpose: a batch already held keeps its programme after the owner archives it.
Only the owner instansi writes any of it (the policies' WITH CHECK)."""

# ruff: noqa: S608 - the SQL is built from model table names only, nothing from a request

from __future__ import annotations

from apps.core import rls


def register() -> None:
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

    programs = Program._meta.db_table
    shared = f"SELECT id FROM {programs} WHERE visibility = 'shared'"
    rls.share_rows(programs, "visibility = 'shared'")
    for part in (ProgramModule, ProgramCompetency, ProgramMaterial):
        rls.share_rows(part._meta.db_table, f"program_id IN ({shared})")
    for model, column in ((Penyelenggara, "penyelenggara_id"), (JPConversionRule, "conversion_rule_id")):
        rls.share_rows(model._meta.db_table, f"id IN (SELECT {column} FROM {programs} WHERE visibility = 'shared')")
    speakers = Program.narasumber.through._meta.db_table
    rls.share_rows(
        Narasumber._meta.db_table, f"id IN (SELECT narasumber_id FROM {speakers} WHERE program_id IN ({shared}))"
    )
    rls.share_rows(
        Kompetensi._meta.db_table,
        f"id IN (SELECT kompetensi_id FROM {ProgramCompetency._meta.db_table} WHERE program_id IN ({shared}))",
    )
