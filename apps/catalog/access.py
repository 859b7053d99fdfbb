"""Fetch-by-id for catalog objects: missing, not-yours and not-editable-by-you are all 404, so ids
reveal nothing about other instansi."""

import logging
from typing import Any

from django.http import Http404

from apps.catalog import selectors
from apps.catalog.models import Angkatan, MaterialKind, Narasumber, Penyelenggara, Program, ProgramMaterial

logger = logging.getLogger("apps.access")


def _one(qs, pk: int, user: Any, kind: str):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        logger.warning("access.denied object=%s pk=%s user=%s", kind, pk, user.pk)
        raise Http404
    return obj


def get_penyelenggara_to_edit(user: Any, pk: int) -> Penyelenggara:
    return _one(selectors.penyelenggara_editable_by(user), pk, user, "penyelenggara")


def get_narasumber_to_edit(user: Any, pk: int) -> Narasumber:
    return _one(selectors.narasumber_editable_by(user), pk, user, "narasumber")


def get_program_for_user(user: Any, pk: int) -> Program:
    qs = selectors.program_detail_queryset(selectors.programs_visible_to(user))
    return _one(qs, pk, user, "program")


def get_program_to_edit(user: Any, pk: int) -> Program:
    qs = selectors.program_detail_queryset(selectors.programs_editable_by(user))
    return _one(qs, pk, user, "program")


def get_angkatan_for_user(user: Any, pk: int) -> Angkatan:
    qs = selectors.angkatan_detail_queryset(selectors.angkatan_visible_to(user))
    return _one(qs, pk, user, "angkatan")


def get_angkatan_to_edit(user: Any, pk: int) -> Angkatan:
    qs = selectors.angkatan_detail_queryset(selectors.angkatan_editable_by(user))
    return _one(qs, pk, user, "angkatan")


def get_material_file_for_user(user: Any, program_pk: int, material_pk: int) -> ProgramMaterial:
    """A material's file for whoever may see its program; a link material, or one without a file, is 404."""
    program = get_program_for_user(user, program_pk)
    qs = program.materials.filter(kind=MaterialKind.FILE).exclude(file="")
    return _one(qs, material_pk, user, "program_material")
