import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from apps.core.imports import read_table
from apps.needs.importers import AssessmentCenterImporter
from apps.needs.models import Assessment

pytestmark = pytest.mark.django_db

HEADER = ["NIP", "Tanggal asesmen", "Metode", "Penyelenggara", "Kode kompetensi", "Level"]
WORKED = {"M.01": 3, "M.02": 3, "M.03": 2, "M.04": 3, "M.05": 4, "M.06": 2, "M.07": 2, "M.08": 3, "S.01": 3}


def _run(instansi_id, rows):
    wb = Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    importer = AssessmentCenterImporter()
    parsed = read_table(buf.getvalue(), "ac.xlsx", importer.columns)
    errors, plan = importer.validate(instansi_id=instansi_id, rows=parsed, progress=lambda n: None)
    if not errors:
        importer.save(instansi_id=instansi_id, actor_id=None, prepared=plan)
    return errors


def test_import_groups_rows_into_assessments(world, skj):
    nip = world.owner_pegawai.nip
    rows = [(nip, "2026-02-01", "", "UPT BKN", code, level) for code, level in WORKED.items()]
    rows.append((world.mate_pegawai.nip, "01/02/2026", "uji kompetensi", "", "M.01", 3))
    assert _run(world.a.pk, rows) == []
    owner = Assessment.objects.get(pegawai=world.owner_pegawai)
    assert owner.method == "assessment_center" and owner.assessed_on == datetime.date(2026, 2, 1)
    assert owner.jpm_percent == Decimal("88.89")
    mate = Assessment.objects.get(pegawai=world.mate_pegawai)
    assert mate.method == "uji_kompetensi"
    assert mate.jpm_complete is False  # only one of nine competencies in the file


def test_import_all_or_nothing(world, skj):
    nip = world.owner_pegawai.nip
    errors = _run(
        world.a.pk,
        [
            (nip, "2026-02-01", "", "", "M.01", 3),
            (nip, "2026-02-01", "", "", "M.02", 9),
            (world.pegawai_b.nip, "2026-02-01", "", "", "M.01", 3),
            (nip, "2099-01-01", "", "", "M.01", 3),
            (nip, "2026-02-01", "", "", "T.X.01", 3),
            (nip, "2026-02-01", "", "", "M.01", 4),
            (nip, "2026-02-01", "wawancara", "", "M.03", 4),
        ],
    )
    by_row = {e.row: e.message for e in errors}
    assert by_row[3] == "Level harus bilangan bulat 1–5."
    assert by_row[4] == "NIP tidak ditemukan di instansi ini."
    assert "masa depan" in by_row[5]
    assert "tidak termasuk SKJ" in by_row[6]
    assert "ganda" in by_row[7]
    assert by_row[8] == "Metode tidak dikenal."
    assert not Assessment.objects.exists()
