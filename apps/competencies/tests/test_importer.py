import io

import pytest
from openpyxl import Workbook

from apps.competencies.importers import SKJImporter
from apps.competencies.models import MANDATORY_CODES, SKJItem
from apps.competencies.tests.factories import KompetensiFactory
from apps.core.imports import read_table

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode jabatan", "Kode kompetensi", "Level"])
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _run(instansi_id, rows):
    importer = SKJImporter()
    parsed = read_table(_xlsx(rows), "skj.xlsx", importer.columns)
    errors, plan = importer.validate(instansi_id=instansi_id, rows=parsed, progress=lambda n: None)
    if not errors:
        importer.save(instansi_id=instansi_id, actor_id=None, prepared=plan)
    return errors


def test_import_upserts_and_completes_mandatory(world):
    KompetensiFactory(instansi=world.a, code="T.KEMENKES.01")
    errors = _run(world.a.pk, [("PERAWAT", "T.KEMENKES.01", 3), ("PERAWAT", "M.01", 2)])
    assert errors == []
    rows = dict(SKJItem.objects.filter(jabatan=world.staff_jab).values_list("kompetensi__code", "required_level"))
    assert rows["T.KEMENKES.01"] == 3 and rows["M.01"] == 2
    assert set(MANDATORY_CODES) <= set(rows)
    assert rows["M.02"] == 1  # ahli pertama default
    assert _run(world.a.pk, [("PERAWAT", "M.01", 4)]) == []
    assert SKJItem.objects.get(jabatan=world.staff_jab, kompetensi__code="M.01").required_level == 4


def test_import_is_all_or_nothing(world):
    errors = _run(
        world.a.pk,
        [
            ("PERAWAT", "M.01", 2),
            ("PERAWAT", "M.02", 7),
            ("TIDAKADA", "M.01", 2),
            ("PERAWAT", "X.99", 2),
            ("PERAWAT", "M.01", 3),
            ("PERAWAT", "=1+1", 3),
        ],
    )
    messages = {(e.row, e.message) for e in errors}
    assert (3, "Level harus bilangan bulat 1–5.") in messages
    assert (4, "Jabatan tidak dikenal.") in messages
    assert (5, "Kompetensi tidak ada di kamus.") in messages
    assert any(row == 6 and "ganda" in msg for row, msg in messages)
    assert any(row == 7 and "rumus" in msg for row, msg in messages)
    assert not SKJItem.objects.exists()


def test_import_cannot_touch_other_instansi(world):
    other_teknis = KompetensiFactory(instansi=world.b, code="T.B.01")
    errors = _run(world.a.pk, [("PERAWAT", other_teknis.code, 2)])
    assert errors and errors[0].message == "Kompetensi tidak ada di kamus."
    # jabatan codes of instansi A are unknown to B
    assert _run(world.b.pk, [("PERAWAT", "M.01", 2)])[0].message == "Jabatan tidak dikenal."
