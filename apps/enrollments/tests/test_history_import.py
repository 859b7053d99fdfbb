"""Training-history import (riwayat diklat, issue 15): the SIASN-style exchange file read back into the JP
ledger as HISTORY credits, all-or-nothing, idempotent, never double-counting the instansi's own credits."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from openpyxl import Workbook

from apps.core.imports import get_importer
from apps.core.models import AuditEvent, ImportStatus
from apps.core.services import import_job_create, import_job_run
from apps.enrollments import exports, selectors, services
from apps.enrollments.models import JPLedgerEntry, LedgerSource
from apps.enrollments.tests.factories import certified_enrollment

pytestmark = pytest.mark.django_db

KIND = "riwayat_diklat"
D = datetime.date


def _row(pegawai, **over):
    """One exchange-file row in the order of exports.headers()."""
    values = {
        "nip": pegawai.nip,
        "nama": pegawai.name,
        "jenis": "teknis",
        "kode": "",
        "judul": "Pelatihan Pelayanan Prima",
        "penyelenggara": "BPSDM Provinsi",
        "tempat": "Kendari",
        "mulai": D(2025, 3, 4),
        "selesai": D(2025, 3, 6),
        "jp": 24,
        "nomor": "",
        "tgl_sertifikat": None,
        "tautan": "",
    }
    values.update(over)
    return list(values.values())


def _xlsx(rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or exports.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _run(world, data, *, instansi=None, actor="bkpsdm_admin", name="riwayat.xlsx"):
    job = import_job_create(
        actor=world.users[actor],
        instansi_id=(instansi or world.a).pk,
        kind=KIND,
        upload=SimpleUploadedFile(name, data),
        enqueue=False,
    )
    return import_job_run(job_id=job.pk)


def _total(pegawai, year):
    return JPLedgerEntry.objects.filter(pegawai=pegawai, year=year).aggregate(t=Sum("jp"))["t"] or 0


@pytest.fixture
def catalog_credit(world):
    """A catalog training of the owner, completed and certified: the instansi's own credit."""
    certificate = certified_enrollment(world)
    return JPLedgerEntry.objects.select_related("enrollment__certificate").get(enrollment=certificate.enrollment)


@pytest.mark.parametrize("use_copy", [None, False], ids=["copy", "bulk_create"])
def test_import_credits_the_ledger_and_the_yearly_total(world, monkeypatch, use_copy):
    monkeypatch.setattr(get_importer(KIND), "use_copy", use_copy)
    owner, mate = world.owner_pegawai, world.mate_pegawai
    before, _bounds = selectors.yearly_progress_of(owner, on=D(2025, 3, 6))
    data = _xlsx(
        [
            _row(owner),
            _row(owner, judul="Seminar SPBE", jenis="Seminar", mulai="2025-05-02", selesai="02/05/2025", jp="4"),
            _row(mate, jp=12.0, nomor="12/BPSDM/2025"),
        ]
    )
    job = _run(world, data)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert job.created_rows == 3 and job.message == "3 baris berhasil disimpan."
    entries = JPLedgerEntry.objects.filter(pegawai=owner).order_by("credited_on")
    first = entries[0]
    assert (first.jp, first.year, first.credited_on, first.start_date, first.end_date) == (
        24,
        2025,
        D(2025, 3, 6),
        D(2025, 3, 4),
        D(2025, 3, 6),
    )
    assert first.source_type == LedgerSource.HISTORY and first.source_ref.startswith("history:")
    assert len(first.source_ref) <= 60 and first.title == "Pelatihan Pelayanan Prima"
    assert first.provider == "BPSDM Provinsi" and first.created_by == world.users["bkpsdm_admin"]
    assert first.instansi_id == world.a.pk and entries[1].credited_on == D(2025, 5, 2)
    assert before.jp == 0
    after, _bounds = selectors.yearly_progress_of(owner, on=D(2025, 3, 6))
    assert after.jp == 28 and _total(owner, 2025) == 28 and _total(mate, 2025) == 12
    audit = AuditEvent.objects.get(action="jp.history_import")
    assert audit.instansi_id == world.a.pk and audit.data["rows"] == 3 and audit.data["jp"] == 40


def test_pppk_history_counts_to_the_contract_year(world):
    pegawai = world.mate_pegawai
    pegawai.employment_type, pegawai.golongan, pegawai.tmt = "pppk", "IX", D(2024, 9, 1)
    pegawai.save()
    job = _run(world, _xlsx([_row(pegawai)]))
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert JPLedgerEntry.objects.get(pegawai=pegawai).year == 2024  # contract year 2024-09-01 .. 2025-09-01


def test_importing_the_same_file_twice_credits_once(world):
    data = _xlsx([_row(world.owner_pegawai), _row(world.mate_pegawai, nomor="A-1")])
    assert _run(world, data).status == ImportStatus.SUCCEEDED
    again = _run(world, data)
    assert again.status == ImportStatus.SUCCEEDED and again.errors == []
    assert again.created_rows == 0
    assert again.message == "0 baris berhasil disimpan. 2 baris dilewati karena sudah tercatat di buku JP."
    assert JPLedgerEntry.objects.count() == 2 and _total(world.owner_pegawai, 2025) == 24


def test_a_file_with_one_new_row_adds_only_that_row(world):
    _run(world, _xlsx([_row(world.owner_pegawai)]))
    job = _run(world, _xlsx([_row(world.owner_pegawai), _row(world.owner_pegawai, judul="Kursus Data", jp=8)]))
    assert (job.status, job.created_rows) == (ImportStatus.SUCCEEDED, 1)
    assert "1 baris dilewati" in job.message and _total(world.owner_pegawai, 2025) == 32


def test_the_instansis_own_catalog_credit_is_skipped_not_counted_twice(world, catalog_credit):
    owner = world.owner_pegawai
    certificate = catalog_credit.enrollment.certificate
    year = catalog_credit.year
    before = _total(owner, year)
    same_number = _row(
        owner,
        judul="Judul lain di SIASN",
        mulai=catalog_credit.start_date,
        selesai=catalog_credit.end_date,
        nomor=certificate.number,
    )
    same_title_dates = _row(
        owner,
        judul=f"  {catalog_credit.title.upper()} ",
        mulai=catalog_credit.start_date,
        selesai=catalog_credit.end_date,
        nomor="",
    )
    for row in (same_number, same_title_dates):
        job = _run(world, _xlsx([row]))
        assert (job.status, job.created_rows) == (ImportStatus.SUCCEEDED, 0), job.errors
        assert "1 baris dilewati" in job.message
    assert _total(owner, year) == before
    assert not JPLedgerEntry.objects.filter(source_type=LedgerSource.HISTORY).exists()


def test_a_credit_withdrawn_here_is_not_credited_again_by_an_older_history(world, catalog_credit):
    """A revoked certificate withdrew its JP; a national history exported before the revocation still lists
    the training, and importing it must not bring the JP back."""
    owner = world.owner_pegawai
    certificate = catalog_credit.enrollment.certificate
    services.certificate_revoke(actor=world.users["bkpsdm_admin"], certificate=certificate, reason="Data keliru")
    before = _total(owner, catalog_credit.year)
    for nomor in (certificate.number, ""):
        row = _row(
            owner,
            judul=catalog_credit.title,
            mulai=catalog_credit.start_date,
            selesai=catalog_credit.end_date,
            nomor=nomor,
        )
        job = _run(world, _xlsx([row]))
        assert (job.status, job.created_rows) == (ImportStatus.SUCCEEDED, 0), job.errors
    assert _total(owner, catalog_credit.year) == before


def test_a_rehired_pegawai_is_credited_on_the_active_record(world):
    """An old, inactive record may share the NIP of the active one: the history goes to the active record."""
    from apps.employees.tests.factories import PegawaiFactory

    owner = world.owner_pegawai
    old = PegawaiFactory(instansi=world.a, unit_kerja=owner.unit_kerja, nip=owner.nip, is_active=False)
    job = _run(world, _xlsx([_row(owner)]))
    assert (job.status, job.created_rows) == (ImportStatus.SUCCEEDED, 1), job.errors
    assert JPLedgerEntry.objects.get(source_type=LedgerSource.HISTORY).pegawai_id == owner.pk
    assert not JPLedgerEntry.objects.filter(pegawai=old).exists()


def test_a_placeholder_date_is_a_row_error(world):
    job = _run(world, _xlsx([_row(world.owner_pegawai, mulai=D(1, 1, 1))]))
    assert job.status == ImportStatus.REJECTED
    assert "sebelum tahun 1960" in str(job.errors)
    assert not JPLedgerEntry.objects.exists()


def test_a_certificate_number_an_lms_already_sent_is_skipped(world):
    """The LMS posted the course with its certificate number; the national history lists the same certificate under
    another title: it is the same training."""
    owner = world.owner_pegawai
    services.ledger_credit(
        actor=None,
        pegawai=owner,
        jp_amount=12,
        credited_on=D(2025, 3, 6),
        source_type=LedgerSource.ELEARNING,
        source_ref="elearning:abc",
        title="E-learning Manajemen ASN",
        start_date=D(2025, 3, 4),
        end_date=D(2025, 3, 6),
        exchange={"nomor": "LMS/12/2025"},
    )
    job = _run(world, _xlsx([_row(owner, judul="Manajemen ASN (daring)", nomor="lms/12/2025")]))
    assert (job.status, job.created_rows) == (ImportStatus.SUCCEEDED, 0), job.errors
    assert JPLedgerEntry.objects.filter(pegawai=owner).count() == 1


ROW_ERRORS = [
    ({"nip": "199901012020011999"}, "NIP", "NIP tidak dikenal di instansi ini."),
    ({"nip": ""}, "NIP", "NIP wajib diisi."),
    ({"mulai": None}, "Tanggal mulai", "Tanggal wajib diisi."),
    ({"selesai": "31/02/2025"}, "Tanggal selesai", "Tanggal tidak sah (YYYY-MM-DD atau DD/MM/YYYY)."),
    ({"mulai": D(2025, 3, 7)}, "Tanggal selesai", "Tanggal selesai sebelum tanggal mulai."),
    (
        {"mulai": D(2026, 6, 9), "selesai": D(2026, 12, 31)},
        "Tanggal selesai",
        "Tanggal selesai belum lewat; riwayat hanya memuat pelatihan yang sudah selesai.",
    ),
    ({"jp": 2.5}, "Jumlah JP", "JP harus bilangan bulat 1–999."),
    ({"jp": 0}, "Jumlah JP", "JP harus bilangan bulat 1–999."),
    ({"jp": 1000}, "Jumlah JP", "JP harus bilangan bulat 1–999."),
    ({"jp": "-3"}, "Jumlah JP", "JP harus bilangan bulat 1–999."),
    ({"jenis": "workshop"}, "Jenis diklat", "Isi salah satu: struktural, fungsional, teknis, kursus, seminar."),
    ({"judul": ""}, "Nama diklat", "Nama diklat wajib diisi, maksimal 250 karakter."),
    (
        {"judul": '=HYPERLINK("http://x","klik")'},
        "Nama diklat",
        "Isi sel tampak seperti rumus spreadsheet; ketik sebagai teks biasa.",
    ),
    ({"tgl_sertifikat": "kemarin"}, "Tanggal sertifikat", "Tanggal tidak sah (YYYY-MM-DD atau DD/MM/YYYY)."),
]


@pytest.mark.clock("2026-06-10T09:00:00+08:00")  # "not yet over" is judged against this day
@pytest.mark.parametrize("over, column, message", ROW_ERRORS)
def test_a_bad_row_saves_nothing_and_says_why(world, over, column, message):
    good = _row(world.mate_pegawai)
    job = _run(world, _xlsx([good, _row(world.owner_pegawai, **over)]))
    assert job.status == ImportStatus.REJECTED
    assert {"row": 3, "column": column, "message": message} in job.errors
    assert {e["row"] for e in job.errors} == {3}
    assert job.message.endswith("tidak ada data yang disimpan.")
    assert not JPLedgerEntry.objects.exists() and not AuditEvent.objects.filter(action="jp.history_import").exists()


def test_a_row_repeated_in_the_same_file_is_an_error(world):
    row = _row(world.owner_pegawai)
    job = _run(world, _xlsx([row, row, _row(world.owner_pegawai, judul="pelatihan  pelayanan prima", nomor="X")]))
    assert job.status == ImportStatus.REJECTED
    assert [(e["row"], e["message"]) for e in job.errors] == [
        (3, "Baris ganda (sama dengan baris 2)."),
        (4, "Baris ganda (sama dengan baris 2)."),
    ]
    assert not JPLedgerEntry.objects.exists()


def test_nip_of_another_instansi_is_unknown(world):
    """Instansi B's admin importing A's pegawai: unknown there, nothing credited to A's pegawai."""
    job = _run(world, _xlsx([_row(world.owner_pegawai)]), instansi=world.b, actor="other_instansi_admin")
    assert job.status == ImportStatus.REJECTED
    assert job.errors == [{"row": 2, "column": "NIP", "message": "NIP tidak dikenal di instansi ini."}]
    assert not JPLedgerEntry.objects.exists()
    job = _run(world, _xlsx([_row(world.pegawai_b)]), instansi=world.b, actor="other_instansi_admin")
    assert job.status == ImportStatus.SUCCEEDED
    assert JPLedgerEntry.objects.get().instansi_id == world.b.pk


def test_csv_and_the_template_columns_work_too(world, client, login_actor):
    text = (
        ";".join(exports.headers())
        + "\n"
        + ";".join(
            [
                world.owner_pegawai.nip,
                "",
                "kursus",
                "",
                "Kursus Excel",
                "",
                "",
                "2025-01-10",
                "2025-01-10",
                "6",
                "",
                "",
                "",
            ]
        )
    )
    job = _run(world, text.encode(), name="riwayat.csv")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:import_template", args=[KIND]))
    assert resp.status_code == 200
    from openpyxl import load_workbook

    header = [c.value for c in load_workbook(io.BytesIO(resp.content)).active[1]]
    assert header == exports.headers()


@pytest.mark.parametrize(
    "actor, status",
    [("owner", 403), ("supervisor", 403), ("mentor", 403), ("bkpsdm_admin", 200), ("other_instansi_admin", 200)],
)
def test_only_admins_reach_the_import(world, client, login_actor, actor, status):
    login_actor(actor)
    resp = client.get(reverse("core:import_start", args=[KIND]))
    assert resp.status_code == status
    if status == 200:
        assert "Riwayat diklat (ekspor SIASN)" in resp.text
        listing = client.get(reverse("core:import_list"))
        assert reverse("core:import_start", args=[KIND]) in listing.text
        dashboard = client.get(reverse("enrollments:jp_dashboard"))
        assert reverse("core:import_start", args=[KIND]) in dashboard.text
        assert "Impor riwayat diklat" in dashboard.text
    else:
        resp = client.post(
            reverse("core:import_start", args=[KIND]),
            {"file": SimpleUploadedFile("r.xlsx", _xlsx([_row(world.owner_pegawai)]))},
        )
        assert resp.status_code == 403 and not JPLedgerEntry.objects.exists()


def test_upload_through_the_page_credits_after_the_job_runs(
    world, client, login_actor, django_capture_on_commit_callbacks
):
    login_actor("bkpsdm_admin")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            reverse("core:import_start", args=[KIND]),
            {"file": SimpleUploadedFile("r.xlsx", _xlsx([_row(world.owner_pegawai)]))},
        )
    assert resp.status_code == 302
    assert JPLedgerEntry.objects.get().source_type == LedgerSource.HISTORY


@pytest.mark.parametrize("count", [3, 30])
def test_validation_queries_do_not_grow_with_the_file(world, count, django_assert_num_queries):
    from apps.core.imports import read_table

    importer = get_importer(KIND)
    data = _xlsx([_row(world.owner_pegawai, judul=f"Pelatihan {n}") for n in range(count)])
    rows = read_table(data, "r.xlsx", importer.columns)
    with django_assert_num_queries(7):  # pegawai, instansi, imported refs, three certificate lists, credits
        errors, plan = importer.validate(instansi_id=world.a.pk, rows=rows, progress=lambda n: None)
    assert errors == [] and len(plan.credits) == count
