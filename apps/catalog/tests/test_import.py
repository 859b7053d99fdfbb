"""XLSX import through the core importer registry: all-or-nothing, row errors, round trip with export."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.catalog.importers import AngkatanImporter, ProgramImporter
from apps.catalog.models import Angkatan, Program
from apps.catalog.tests.factories import ProgramFactory
from apps.core.models import ImportStatus
from apps.core.services import import_job_create, import_job_run


def _xlsx(importer, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(c.header) for c in importer.columns])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in importer.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _run(world, kind, data):
    job = import_job_create(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        kind=kind,
        upload=SimpleUploadedFile("data.xlsx", data),
        enqueue=False,
    )
    return import_job_run(job_id=job.pk)


def test_program_import_saves_all_rows(world):
    data = _xlsx(
        ProgramImporter,
        [
            {
                "kode": "IMP-1",
                "judul": "Pelayanan Prima",
                "bentuk": "teknis",
                "moda": "tatap_muka",
                "modul": "Etika | 4; Standar | 6",
                "status": "published",
            },
            {
                "kode": "IMP-2",
                "judul": "Seminar SPBE",
                "bentuk": "seminar",
                "moda": "daring_sinkron",
                "jumlah_satuan": "2",
            },
        ],
    )
    job = _run(world, "katalog_program", data)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Program.objects.get(code="IMP-1").learning_hours == 10
    assert Program.objects.get(code="IMP-1").status == "published"
    assert Program.objects.get(code="IMP-2").learning_hours == 8


def test_program_import_with_one_bad_row_saves_nothing(world):
    data = _xlsx(
        ProgramImporter,
        [
            {"kode": "IMP-1", "judul": "Baik", "bentuk": "teknis", "moda": "tatap_muka", "modul": "Etika | 4"},
            {"kode": "IMP-2", "judul": "JP nol", "bentuk": "teknis", "moda": "tatap_muka", "modul": "Etika | 0"},
            {"kode": "IMP-3", "judul": "Bentuk asing", "bentuk": "rapat", "moda": "tatap_muka", "total_jp": "4"},
        ],
    )
    job = _run(world, "katalog_program", data)
    assert job.status == ImportStatus.REJECTED
    assert {e["row"] for e in job.errors} == {3, 4}
    assert not Program.objects.exists()


def test_angkatan_import_checks_dates_capacity_and_window(world):
    ProgramFactory(instansi=world.a, code="PRG-A")
    good = {
        "kode": "A-1",
        "kode_program": "PRG-A",
        "nama": "Angkatan I",
        "mulai": "2027-03-01",
        "selesai": "2027-03-03",
        "moda": "tatap_muka",
        "tempat": "Aula",
        "kuota": "30",
    }
    bad = [
        {**good, "kode": "A-2", "selesai": "2027-02-01"},
        {**good, "kode": "A-3", "kuota": "0"},
        {**good, "kode": "A-4", "tutup_pendaftaran": "2027-03-02"},
    ]
    job = _run(world, "katalog_angkatan", _xlsx(AngkatanImporter, [good, *bad]))
    assert job.status == ImportStatus.REJECTED
    messages = " ".join(e["message"] for e in job.errors)
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in messages
    assert "Kuota peserta minimal 1 orang." in messages
    assert "Pendaftaran harus ditutup paling lambat" in messages
    assert not Angkatan.objects.exists()
    job = _run(world, "katalog_angkatan", _xlsx(AngkatanImporter, [good]))
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Angkatan.objects.get(code="A-1").instansi_id == world.a.pk


@pytest.mark.parametrize("kind", ["katalog_program", "katalog_angkatan"])
def test_import_pages_open_for_admin(kind, login_actor, client):
    from django.urls import reverse

    login_actor("bkpsdm_admin")
    assert client.get(reverse("core:import_start", args=[kind])).status_code == 200
