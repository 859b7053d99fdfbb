"""manage.py import_pegawai FILE --instansi CODE: runs the import in-process (nothing queued), prints
the result, and on failure exits with CommandError after printing each error with its row."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.core.models import ImportJob, ImportStatus
from apps.core.tests import filebuilders as fb
from apps.employees.models import Pegawai


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _row(n, **overrides):
    row = {"nip": fb.pns_nip(n), "nama": f"Pegawai {n}", "jenis_kepegawaian": "PNS", "kode_unit": "DINKES"}
    row.update(overrides)
    return row


def _write(tmp_path, name, rows, kind="pegawai"):
    path = tmp_path / name
    data = fb.xlsx_bytes(fb.table(kind, rows)) if name.endswith(".xlsx") else fb.csv_bytes(fb.table(kind, rows))
    path.write_bytes(data)
    return path


def _call(*args):
    out, err = StringIO(), StringIO()
    call_command("import_pegawai", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["pegawai.xlsx", "pegawai.csv"])
def test_command_imports_in_process_and_queues_nothing(
    world, tmp_path, name, django_capture_on_commit_callbacks, mailoutbox
):
    path = _write(tmp_path, name, [_row(1), _row(2, nip_atasan=fb.pns_nip(1))])
    with django_capture_on_commit_callbacks() as callbacks:
        out, err = _call(path, "--instansi", "kota-a")
    assert callbacks == []  # no run_import_job queued next to the in-process run
    assert "2 baris berhasil disimpan." in out
    assert err == ""
    job = ImportJob.objects.get()
    assert (job.status, job.created_rows, job.instansi_id, job.created_by) == ("succeeded", 2, world.a.pk, None)
    assert Pegawai.objects.get(nip=fb.pns_nip(2)).atasan.nip == fb.pns_nip(1)
    assert mailoutbox == []


def test_command_failure_prints_rows_and_exits_with_command_error(world, tmp_path):
    before = Pegawai.objects.count()
    path = _write(tmp_path, "salah.csv", [_row(1), _row(2, kode_unit="GAIB"), _row(3, golongan="IX")])
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 kesalahan ditemukan; tidak ada data yang disimpan."):
        call_command("import_pegawai", str(path), "--instansi", "kota-a", stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "baris 3 · Kode unit: Unit kerja tidak dikenal.",
        "baris 4 · Golongan: Golongan tidak sesuai dengan jenis kepegawaian.",
    ]
    assert Pegawai.objects.count() == before
    assert ImportJob.objects.get().status == ImportStatus.REJECTED


def test_command_refused_file_exits_with_the_reason(world, tmp_path):
    path = tmp_path / "palsu.xlsx"
    path.write_text("bukan xlsx")
    with pytest.raises(CommandError, match="Berkas bukan XLSX yang sah."):
        _call(path, "--instansi", "kota-a")


def test_command_unknown_instansi(world, tmp_path):
    path = _write(tmp_path, "p.csv", [_row(1)])
    with pytest.raises(CommandError, match="Instansi tidak dikenal: gaib"):
        _call(path, "--instansi", "gaib")
    assert not ImportJob.objects.exists()


def test_command_missing_file(world, tmp_path):
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        _call(tmp_path / "tidak-ada.csv", "--instansi", "kota-a")


def test_command_imports_units_with_kind(world, tmp_path):
    rows = [{"kode": "BID-A", "nama": "Bidang A", "jenis": "bidang", "kode_induk": "DINKES"}]
    path = _write(tmp_path, "unit.csv", rows, kind="unit_kerja")
    out, _err = _call(path, "--instansi", "kota-a", "--kind", "unit_kerja")
    assert "1 baris berhasil disimpan." in out
