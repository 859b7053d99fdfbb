"""All-or-nothing importers (pegawai, unit_kerja, jabatan) driven end to end through the service:
import_job_create(enqueue=False) stores the upload, import_job_run reads, validates and saves.

Every file is built in the test (filebuilders.py). A bad row must name its row and column with an
Indonesian message, and must leave the database exactly as it was: the good rows beside it too."""

from __future__ import annotations

from datetime import date

import pytest

from apps.core.models import ImportJob, ImportStatus
from apps.core.services import import_job_create, import_job_run
from apps.core.tests import filebuilders as fb
from apps.employees.models import Pegawai
from apps.organizations.models import Jabatan, JobFunction, JobTask, UnitKerja
from apps.organizations.tests.factories import JabatanFactory, UnitKerjaFactory

FORMATS = ["xlsx", "csv", "csv;"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def org(world):
    """Instansi A as the world builds it (DINKES headed by the KADIS holder `supervisor_pegawai`)
    plus a bidang under DINKES with a manajerial jabatan that nobody holds yet."""
    bidang = UnitKerjaFactory(instansi=world.a, code="BID-YANKES", name="Bidang Pelayanan", kind="bidang")
    bidang.parent = world.unit_a
    bidang.path = f"{world.unit_a.path}{bidang.pk}/"
    bidang.depth = 1
    bidang.save()
    kabid = JabatanFactory(
        instansi=world.a, unit_kerja=bidang, code="KABID", name="Kepala Bidang", jenis="administrator", jenjang=""
    )
    world.bidang, world.kabid = bidang, kabid
    return world


def run_import(world, kind, name, data, *, instansi=None):
    job = import_job_create(
        actor=world.users["bkpsdm_admin"],
        instansi_id=(instansi or world.a).pk,
        kind=kind,
        upload=fb.upload(name, data),
        enqueue=False,
    )
    return import_job_run(job_id=job.pk)


def run_rows(world, kind, rows, fmt="xlsx", **kwargs):
    name, data = fb.encode(fb.table(kind, rows), fmt)
    return run_import(world, kind, name, data, **kwargs)


def errors_of(job):
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def assert_rejected_nothing_saved(job, before):
    assert job.status == ImportStatus.REJECTED
    assert "tidak ada data yang disimpan" in job.message
    assert Pegawai.objects.count() == before
    assert job.created_rows == 0


# --- pegawai: a good file -------------------------------------------------------------------------


def good_pegawai_rows(world):
    """Row 2: a new kepala bidang (no NIP atasan → the DINKES head already stored).
    Row 3: a perawat in that bidang (no NIP atasan → row 2, the bidang's new manajerial holder).
    Row 4: explicit NIP atasan of a pegawai already stored.
    Row 5: explicit NIP atasan of row 6, which comes later in the file.
    Row 6: a PPPK with golongan IX, a phone number starting with '+'."""
    return [
        {
            "nip": fb.pns_nip(1),
            "nama": "Dr. Andi Kabid",
            "jenis_kepegawaian": "PNS",
            "golongan": "IV/a",
            "tanggal_lahir": "1980-01-02",
            "jenis_kelamin": "L",
            "kode_unit": "BID-YANKES",
            "kode_jabatan": "KABID",
        },
        {
            "nip": fb.pns_nip(2, sex=2),
            "nama": "Siti Rahmawati, S.Kep.",
            "jenis_kepegawaian": "pns",
            "golongan": "III/c",
            "tanggal_lahir": "03/01/1980",
            "jenis_kelamin": "P",
            "kode_unit": "BID-YANKES",
            "kode_jabatan": "PERAWAT",
            "lokasi_kerja": "Puskesmas Abeli",
            "email": "siti@example.go.id",
        },
        {
            "nip": fb.pns_nip(3),
            "nama": "Budi",
            "jenis_kepegawaian": "CPNS",
            "golongan": "II/a",
            "kode_unit": "DINKES",
            "nip_atasan": world.owner_pegawai.nip,
        },
        {
            "nip": fb.pns_nip(4),
            "nama": "Citra",
            "jenis_kepegawaian": "PNS",
            "kode_unit": "DINKES",
            "nip_atasan": fb.pppk_nip(5),
        },
        {
            "nip": fb.pppk_nip(5),
            "nama": "Dewi PPPK",
            "jenis_kepegawaian": "PPPK",
            "golongan": "IX",
            "kode_unit": "DINKES",
            "kode_jabatan": "PERAWAT",
            "telepon": "+6281234",
            "pendidikan": "S1 Keperawatan",
        },
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_pegawai_good_file_saves_every_row_and_links_atasan(org, fmt):
    before = Pegawai.objects.count()
    job = run_rows(org, "pegawai", good_pegawai_rows(org), fmt)

    assert job.status == ImportStatus.SUCCEEDED, job.errors or job.message
    assert (job.total_rows, job.processed_rows, job.created_rows) == (5, 5, 5)
    assert job.errors == []
    assert Pegawai.objects.count() == before + 5
    by_nip = {p.nip: p for p in Pegawai.objects.filter(instansi=org.a).select_related("atasan")}
    kabid, perawat, budi, citra, dewi = (by_nip[n] for n in (fb.pns_nip(1), fb.pns_nip(2, sex=2), *_rest()))
    assert kabid.atasan == org.supervisor_pegawai  # nearest manajerial holder above the bidang
    assert perawat.atasan == kabid  # the bidang's own head, inserted from the same file
    assert budi.atasan == org.owner_pegawai  # explicit NIP atasan, already stored
    assert citra.atasan == dewi  # explicit NIP atasan of a row further down
    assert dewi.atasan == org.supervisor_pegawai
    assert (perawat.birth_date, perawat.sex, perawat.golongan, perawat.rank_order) == (
        date(1980, 1, 3),
        "P",
        "III/c",
        11,
    )
    assert (perawat.unit_kerja, perawat.jabatan, perawat.work_location) == (
        org.bidang,
        org.staff_jab,
        "Puskesmas Abeli",
    )
    assert (dewi.employment_type, dewi.golongan, dewi.rank_order, dewi.phone) == ("pppk", "IX", 9, "+6281234")
    assert budi.employment_type == "cpns"
    assert all(p.instansi_id == org.a.pk for p in by_nip.values())


def _rest():
    return fb.pns_nip(3), fb.pns_nip(4), fb.pppk_nip(5)


def test_pegawai_header_may_use_column_keys_and_sit_below_blank_rows(org):
    """Row numbers in errors are the spreadsheet's own, even with blank rows above the header."""
    rows = [["", ""], ["", ""], ["nip", "nama", "jenis_kepegawaian", "kode_unit"]]
    rows += [[fb.pns_nip(1), "Satu", "PNS", "DINKES"], [fb.pns_nip(2), "Dua", "PNS", "TIDAK-ADA"]]
    job = run_import(org, "pegawai", "data.xlsx", fb.xlsx_bytes(rows))
    assert errors_of(job) == [(5, "Kode unit", "Unit kerja tidak dikenal.")]


def test_pegawai_same_nip_active_in_another_instansi_is_refused_and_asks_the_superadmin(org):
    from apps.employees.models import TransferRequest

    job = run_rows(
        org,
        "pegawai",
        [{"nip": org.pegawai_b.nip, "nama": "Pindahan", "jenis_kepegawaian": "PNS", "kode_unit": "DINKES"}],
    )
    assert job.status == ImportStatus.REJECTED
    assert any("instansi lain" in e["message"] for e in job.errors), job.errors
    request = TransferRequest.objects.get(nip=org.pegawai_b.nip)
    assert request.source == "import" and request.name == "Pindahan" and request.instansi_id == job.instansi_id


# --- pegawai: one bad row rejects the whole file ---------------------------------------------------


def _ok(n=1, **overrides):
    row = {"nip": fb.pns_nip(n), "nama": f"Pegawai {n}", "jenis_kepegawaian": "PNS", "kode_unit": "DINKES"}
    row.update(overrides)
    return row


BAD_ROWS = [
    pytest.param(
        {"nip": "19850714201013" + "1001"}, "NIP", "Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12. (N3)", id="N3"
    ),
    pytest.param({"nip": "1985071420101210"}, "NIP", "NIP harus 18 digit angka. (N1)", id="N1-short"),
    pytest.param(
        {"nip": "198507142010121000"}, "NIP", "Nomor urut pada NIP (digit 16–18) tidak boleh 000. (N7)", id="N7"
    ),
    pytest.param({"kode_unit": "GAIB"}, "Kode unit", "Unit kerja tidak dikenal.", id="unknown-unit"),
    pytest.param({"kode_jabatan": "GAIB"}, "Kode jabatan", "Jabatan tidak dikenal.", id="unknown-jabatan"),
    pytest.param({"tanggal_lahir": "31/02/1980"}, "Tanggal lahir", "Tanggal tidak sah.", id="bad-date"),
    pytest.param({"tanggal_lahir": "kemarin"}, "Tanggal lahir", "Tanggal tidak sah.", id="date-text"),
    pytest.param(
        {"golongan": "IX"}, "Golongan", "Golongan tidak sesuai dengan jenis kepegawaian.", id="pppk-golongan-for-pns"
    ),
    pytest.param(
        {"nip": fb.pppk_nip(9), "jenis_kepegawaian": "PPPK", "golongan": "III/a"},
        "Golongan",
        "Golongan tidak sesuai dengan jenis kepegawaian.",
        id="pns-golongan-for-pppk",
    ),
    pytest.param({"jenis_kepegawaian": "honorer"}, "Jenis kepegawaian", "Jenis kepegawaian tidak dikenal.", id="type"),
    pytest.param({"nama": ""}, "Nama lengkap", "Nama wajib diisi.", id="no-name"),
    pytest.param({"jenis_kelamin": "X"}, "Jenis kelamin", "Isi L atau P.", id="sex"),
    pytest.param({"email": "bukan-email"}, "Email", "Alamat email tidak sah.", id="email"),
    pytest.param({"nama": "A" * 151}, "Nama lengkap", "Terlalu panjang; maksimal 150 karakter.", id="long-name"),
    pytest.param({"nip_atasan": fb.pns_nip(77)}, "NIP atasan", "NIP atasan tidak ditemukan.", id="unknown-atasan"),
    pytest.param({"nip_atasan": fb.pns_nip(2)}, "NIP atasan", "Atasan tidak boleh diri sendiri.", id="self-atasan"),
    pytest.param(
        {"nip": "1.98507E+17"},
        "NIP",
        "NIP tersimpan sebagai angka sehingga digitnya hilang; format sel sebagai teks.",
        id="nip-as-excel-scientific-text",
    ),
]
FORMULA = "Isi sel tampak seperti rumus spreadsheet; ketik sebagai teks biasa."


@pytest.mark.parametrize("fmt", ["xlsx", "csv;"])
@pytest.mark.parametrize("overrides, column, message", BAD_ROWS)
def test_pegawai_bad_row_names_row_and_column_and_saves_nothing(org, fmt, overrides, column, message):
    before = Pegawai.objects.count()
    job = run_rows(org, "pegawai", [_ok(1), _ok(2, **overrides)], fmt)
    assert_rejected_nothing_saved(job, before)
    assert errors_of(job) == [(3, column, message)]


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", " =1+1", "\t=1+1"],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_pegawai_formula_looking_cell_is_a_row_error(org, fmt, value):
    before = Pegawai.objects.count()
    job = run_rows(org, "pegawai", [_ok(1), _ok(2, nama=value)], fmt)
    assert_rejected_nothing_saved(job, before)
    assert errors_of(job) == [(3, "Nama lengkap", FORMULA)]


@pytest.mark.parametrize("phone", ["+6281234", "+62 812-3456-7890", "(0401) 312345", "-"])
def test_pegawai_phone_number_is_not_a_formula(org, phone):
    job = run_rows(org, "pegawai", [_ok(1, telepon=phone)], "csv")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Pegawai.objects.get(nip=fb.pns_nip(1)).phone == phone


def test_pegawai_duplicate_nip_inside_the_file(org):
    before = Pegawai.objects.count()
    job = run_rows(org, "pegawai", [_ok(1), _ok(2), _ok(1, nama="Lagi")])
    assert_rejected_nothing_saved(job, before)
    assert errors_of(job) == [(4, "NIP", "NIP ganda di berkas (sama dengan baris 2).")]


def test_pegawai_nip_already_in_database(org):
    before = Pegawai.objects.count()
    job = run_rows(org, "pegawai", [_ok(1), _ok(2, nip=org.owner_pegawai.nip)])
    assert_rejected_nothing_saved(job, before)
    assert errors_of(job) == [(3, "NIP", "NIP sudah terdaftar di database.")]


@pytest.mark.parametrize("value", [198507142010121001, 1.98507142010121e17])
def test_pegawai_nip_typed_as_excel_number(org, value):
    """Excel keeps 15 significant digits: an 18-digit NIP typed as a number has lost its tail."""
    before = Pegawai.objects.count()
    data = fb.xlsx_bytes(fb.table("pegawai", [_ok(1), _ok(2, nip=value), _ok(3, nip_atasan=value)]))
    job = run_import(org, "pegawai", "data.xlsx", data)
    assert_rejected_nothing_saved(job, before)
    message = "NIP tersimpan sebagai angka sehingga digitnya hilang; format sel sebagai teks."
    assert errors_of(job) == [(3, "NIP", message), (4, "NIP atasan", message)]


def test_pegawai_every_bad_row_is_reported_at_once(org):
    before = Pegawai.objects.count()
    rows = [_ok(1, kode_unit="X"), _ok(2), _ok(3, golongan="IX", tanggal_lahir="2/30/1990"), _ok(4, nama="=1")]
    job = run_rows(org, "pegawai", rows)
    assert_rejected_nothing_saved(job, before)
    assert errors_of(job) == [
        (2, "Kode unit", "Unit kerja tidak dikenal."),
        (4, "Golongan", "Golongan tidak sesuai dengan jenis kepegawaian."),
        (4, "Tanggal lahir", "Tanggal tidak sah."),
        (5, "Nama lengkap", FORMULA),
    ]
    assert job.message == "4 kesalahan ditemukan; tidak ada data yang disimpan."


# --- pegawai: cycles in nip_atasan -----------------------------------------------------------------


def test_pegawai_atasan_cycle_of_two_is_a_row_error(org):
    before = Pegawai.objects.count()
    rows = [_ok(1, nip_atasan=fb.pns_nip(2)), _ok(2, nip_atasan=fb.pns_nip(1)), _ok(3)]
    job = run_rows(org, "pegawai", rows)
    assert_rejected_nothing_saved(job, before)
    message = "Rantai atasan melingkar (baris 2 → 3 → 2)."
    assert errors_of(job) == [(2, "NIP atasan", message), (3, "NIP atasan", message)]


def test_pegawai_atasan_cycle_of_three_and_rows_hanging_off_it(org):
    rows = [
        _ok(1, nip_atasan=fb.pns_nip(2)),
        _ok(2, nip_atasan=fb.pns_nip(3)),
        _ok(3, nip_atasan=fb.pns_nip(1)),
        _ok(4, nip_atasan=fb.pns_nip(1)),  # reports into the cycle; not itself in it
    ]
    job = run_rows(org, "pegawai", rows, "csv")
    message = "Rantai atasan melingkar (baris 2 → 3 → 4 → 2)."
    assert errors_of(job) == [(r, "NIP atasan", message) for r in (2, 3, 4)]


def test_pegawai_atasan_cycle_through_the_default_atasan(org):
    """The new kepala bidang names a perawat as atasan; the perawat has no NIP atasan, so her
    default atasan is the bidang's manajerial holder: that same kepala bidang."""
    rows = [
        _ok(1, kode_unit="BID-YANKES", kode_jabatan="KABID", nip_atasan=fb.pns_nip(2)),
        _ok(2, kode_unit="BID-YANKES", kode_jabatan="PERAWAT"),
    ]
    job = run_rows(org, "pegawai", rows)
    assert job.status == ImportStatus.REJECTED
    message = "Rantai atasan melingkar (baris 2 → 3 → 2)."
    assert errors_of(job) == [(2, "NIP atasan", message), (3, "NIP atasan", message)]


def test_pegawai_long_chain_in_reverse_order_is_saved_top_down(org):
    """Each row's atasan is the next row: the save inserts from the top of the chain down."""
    n = 30
    rows = [_ok(i, nip_atasan=fb.pns_nip(i + 1) if i < n else "") for i in range(1, n + 1)]
    job = run_rows(org, "pegawai", rows, "csv")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    chain = dict(Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).values_list("nip", "atasan__nip"))
    assert all(chain[fb.pns_nip(i)] == fb.pns_nip(i + 1) for i in range(1, n))
    assert chain[fb.pns_nip(n)] == org.supervisor_pegawai.nip  # top of the chain: default atasan


# --- whole-file refusals ----------------------------------------------------------------------------


def assert_file_refused(job, message):
    assert job.status == ImportStatus.REJECTED
    assert message in job.message
    assert job.errors == []
    assert job.created_rows == 0


@pytest.mark.parametrize("kind", ["pegawai", "unit_kerja", "jabatan"])
def test_text_file_renamed_xlsx_is_refused(org, kind):
    job = run_import(org, kind, "data.xlsx", b"NIP,Nama\n198507142010121001,Siti\n")
    assert_file_refused(job, "Berkas bukan XLSX yang sah.")


def test_zip_that_is_not_a_workbook_is_refused(org):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "halo")
    job = run_import(org, "pegawai", "data.xlsx", buffer.getvalue())
    assert_file_refused(job, "Berkas bukan XLSX yang sah.")


def test_truncated_xlsx_is_refused(org):
    data = fb.xlsx_bytes(fb.table("pegawai", [_ok(1)]))
    job = run_import(org, "pegawai", "data.xlsx", data[: len(data) // 2])
    assert job.status == ImportStatus.REJECTED
    assert job.message in {"Berkas bukan XLSX yang sah.", "Berkas XLSX rusak atau tidak dapat dibaca."}


@pytest.mark.parametrize("name", ["data.xlsx", "data.csv"])
def test_empty_file_is_refused(org, name):
    job = run_import(org, "pegawai", name, b"")
    assert_file_refused(job, "Berkas kosong.")


def test_blank_csv_is_refused(org):
    job = run_import(org, "pegawai", "data.csv", b"\r\n,,,\r\n\r\n")
    assert_file_refused(job, "Berkas kosong.")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["pegawai", "unit_kerja", "jabatan"])
def test_header_only_file_is_refused(org, kind, fmt):
    name, data = fb.encode(fb.table(kind, []), fmt)
    job = run_import(org, kind, name, data)
    assert_file_refused(job, "Berkas tidak berisi baris data di bawah judul kolom.")


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_required_columns_are_named(org, fmt):
    rows = fb.table("pegawai", [_ok(1)], columns=["nama", "golongan", "kode_unit"])
    name, data = fb.encode(rows, fmt)
    job = run_import(org, "pegawai", name, data)
    assert_file_refused(job, "Kolom wajib tidak ditemukan: NIP, Jenis kepegawaian.")


def test_file_over_import_max_bytes_is_refused(org, settings):
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024
    rows = fb.table("pegawai", [_ok(1, pendidikan="x" * 100) for _ in range(30_000)])
    data = fb.csv_bytes(rows)
    assert len(data) > settings.IMPORT_MAX_BYTES
    job = run_import(org, "pegawai", "data.csv", data)
    assert_file_refused(job, "Berkas terlalu besar; batasnya 2 MB.")


def test_zip_bomb_is_refused_before_unpacking(org, settings):
    """A few hundred KB on disk that unpacks past IMPORT_MAX_UNCOMPRESSED_BYTES (200 MB)."""
    data = fb.zip_bomb(settings.IMPORT_MAX_UNCOMPRESSED_BYTES + 1024 * 1024)
    assert len(data) < settings.IMPORT_MAX_BYTES
    job = run_import(org, "pegawai", "data.xlsx", data)
    assert_file_refused(job, "kemungkinan zip bomb")


def test_non_utf8_csv_is_refused(org):
    rows = fb.table("pegawai", [_ok(1, nama="Élodie Façade", lokasi_kerja="Kantor Camat")])
    job = run_import(org, "pegawai", "data.csv", fb.csv_bytes(rows, encoding="cp1252"))
    assert_file_refused(job, "Berkas CSV harus memakai encoding UTF-8.")


def test_utf8_csv_with_bom_and_accents_is_accepted(org):
    rows = fb.table("pegawai", [_ok(1, nama="Élodie Façade")])
    job = run_import(org, "pegawai", "data.csv", "\ufeff".encode() + fb.csv_bytes(rows))
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert Pegawai.objects.get(nip=fb.pns_nip(1)).name == "Élodie Façade"


def test_binary_file_renamed_csv_is_refused(org):
    job = run_import(org, "pegawai", "data.csv", b"%PDF-1.7\x00\x00\x01binary")
    assert_file_refused(job, "Berkas bukan CSV teks yang sah.")


def test_unsupported_extension_is_refused(org):
    job = run_import(org, "pegawai", "data.pdf", b"%PDF-1.7")
    assert_file_refused(job, "Jenis berkas tidak didukung; gunakan .xlsx atau .csv.")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_too_many_rows_is_refused(org, settings, fmt):
    settings.IMPORT_MAX_ROWS = 3
    name, data = fb.encode(fb.table("pegawai", [_ok(i) for i in range(1, 5)]), fmt)
    job = run_import(org, "pegawai", name, data)
    assert_file_refused(job, "Terlalu banyak baris; batasnya 3 baris per berkas.")


def test_exactly_import_max_rows_is_accepted(org, settings):
    settings.IMPORT_MAX_ROWS = 3
    job = run_rows(org, "pegawai", [_ok(i) for i in range(1, 4)], "csv")
    assert job.status == ImportStatus.SUCCEEDED, job.errors


def test_a_finished_job_is_not_run_again(org):
    job = run_rows(org, "pegawai", [_ok(1)])
    assert job.status == ImportStatus.SUCCEEDED
    again = import_job_run(job_id=job.pk)
    assert again.status == ImportStatus.SUCCEEDED
    assert Pegawai.objects.filter(nip=fb.pns_nip(1)).count() == 1


def test_success_is_audited(org):
    from apps.core.models import AuditEvent

    job = run_rows(org, "pegawai", [_ok(1), _ok(2)])
    event = AuditEvent.objects.get(action="import.succeeded", object_id=str(job.pk))
    assert (event.instansi_id, event.data) == (org.a.pk, {"kind": "pegawai", "rows": 2})


# --- unit kerja -------------------------------------------------------------------------------------


def good_unit_rows():
    """The child comes before its parent; the parent hangs off DINKES, already stored."""
    return [
        {"kode": "SEKSI-GIZI", "nama": "Seksi Gizi", "jenis": "seksi", "kode_induk": "BID-KESMAS"},
        {"kode": "BID-KESMAS", "nama": "Bidang Kesmas", "jenis": "Bidang / bagian", "kode_induk": "DINKES"},
        {
            "kode": "UPT-LAB",
            "nama": "UPT Laboratorium",
            "jenis": "UPT",
            "alamat": "Jl. Sehat 1",
            "wilayah": "Kadia",
            "terpencil": "ya",
        },
        {"kode": "SUBBAG-TU", "nama": "Subbag TU", "jenis": "seksi", "kode_induk": "SEKSI-GIZI", "terpencil": "tidak"},
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_good_file_resolves_parents_later_in_the_file_and_sets_paths(org, fmt):
    before = UnitKerja.objects.count()
    job = run_rows(org, "unit_kerja", good_unit_rows(), fmt)

    assert job.status == ImportStatus.SUCCEEDED, job.errors or job.message
    assert job.created_rows == 4
    assert UnitKerja.objects.count() == before + 4
    units = {u.code: u for u in UnitKerja.objects.filter(instansi=org.a)}
    kesmas, gizi, tu, lab = units["BID-KESMAS"], units["SEKSI-GIZI"], units["SUBBAG-TU"], units["UPT-LAB"]
    assert kesmas.parent == org.unit_a
    assert gizi.parent == kesmas and tu.parent == gizi and lab.parent is None
    assert kesmas.path == f"{org.unit_a.path}{kesmas.pk}/"
    assert gizi.path == f"{org.unit_a.path}{kesmas.pk}/{gizi.pk}/"
    assert tu.path == f"{gizi.path}{tu.pk}/"
    assert lab.path == f"/{lab.pk}/"
    assert [kesmas.depth, gizi.depth, tu.depth, lab.depth] == [1, 2, 3, 0]
    assert (kesmas.kind, lab.kind, lab.is_remote, tu.is_remote) == ("bidang", "upt", True, False)
    assert (lab.address, lab.region) == ("Jl. Sehat 1", "Kadia")
    # the subtree query the tree depends on sees the new units
    assert set(UnitKerja.objects.filter(path__startswith=org.unit_a.path).values_list("code", flat=True)) >= {
        "DINKES",
        "BID-KESMAS",
        "SEKSI-GIZI",
        "SUBBAG-TU",
    }


UNIT_BAD = [
    pytest.param({"kode_induk": "GAIB"}, "Kode unit induk", "Unit induk tidak dikenal.", id="unknown-parent"),
    pytest.param({"kode": "DINKES"}, "Kode unit", "Kode unit sudah ada di database.", id="code-in-db"),
    pytest.param({"kode": "U1"}, "Kode unit", "Kode unit ganda di berkas (sama dengan baris 2).", id="dup"),
    pytest.param({"jenis": "kantor"}, "Jenis unit", "Jenis unit tidak dikenal.", id="kind"),
    pytest.param({"nama": ""}, "Nama unit", "Nama unit wajib diisi.", id="no-name"),
    pytest.param({"kode": "K" * 31}, "Kode unit", "Terlalu panjang; maksimal 30 karakter.", id="long-code"),
    pytest.param({"nama": "@SUM(A1)"}, "Nama unit", FORMULA, id="formula"),
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("overrides, column, message", UNIT_BAD)
def test_unit_bad_row_saves_nothing(org, fmt, overrides, column, message):
    before = UnitKerja.objects.count()
    rows = [{"kode": "U1", "nama": "Satu", "jenis": "opd"}, {"kode": "U2", "nama": "Dua", "jenis": "opd", **overrides}]
    job = run_rows(org, "unit_kerja", rows, fmt)
    assert job.status == ImportStatus.REJECTED
    assert errors_of(job) == [(3, column, message)]
    assert UnitKerja.objects.count() == before


def test_unit_parent_cycle_is_refused(org):
    before = UnitKerja.objects.count()
    rows = [
        {"kode": "A", "nama": "A", "jenis": "opd", "kode_induk": "B"},
        {"kode": "B", "nama": "B", "jenis": "opd", "kode_induk": "A"},
        {"kode": "C", "nama": "C", "jenis": "opd", "kode_induk": "C"},
    ]
    job = run_rows(org, "unit_kerja", rows)
    assert job.status == ImportStatus.REJECTED
    assert {(r, c) for r, c, _m in errors_of(job)} == {
        (2, "Kode unit induk"),
        (3, "Kode unit induk"),
        (4, "Kode unit induk"),
    }
    assert UnitKerja.objects.count() == before


# --- jabatan ----------------------------------------------------------------------------------------


def good_jabatan_rows():
    return [
        {
            "kode": "JF-PERAWAT-AM",
            "nama": "Perawat Ahli Muda",
            "jenis": "fungsional_keahlian",
            "jenjang": "ahli_muda",
            "kode_unit": "DINKES",
            "kelas_jabatan": "9",
            "ikhtisar": "Melakukan asuhan keperawatan",
            "uraian_tugas": "Melakukan pengkajian | Dokumen pengkajian; Menyusun rencana asuhan | Rencana asuhan",
            "fungsi": "Pelayanan; Pembinaan",
            "pembina": "Kementerian Kesehatan",
        },
        {"kode": "SEKDIS", "nama": "Sekretaris Dinas", "jenis": "Administrator", "kode_unit": "DINKES"},
        {
            "kode": "PENGADMIN",
            "nama": "Pengadministrasi Umum",
            "jenis": "pelaksana",
            "jenjang": "Kelompok klerek",
            "kode_unit": "BID-YANKES",
            "kelas_jabatan": 5,
        },
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_jabatan_good_file_saves_rows_tasks_and_functions(org, fmt):
    before = Jabatan.objects.count()
    job = run_rows(org, "jabatan", good_jabatan_rows(), fmt)

    assert job.status == ImportStatus.SUCCEEDED, job.errors or job.message
    assert Jabatan.objects.count() == before + 3
    perawat = Jabatan.objects.get(instansi=org.a, code="JF-PERAWAT-AM")
    assert (perawat.jenis, perawat.jenjang, perawat.job_class, perawat.unit_kerja) == (
        "fungsional_keahlian",
        "ahli_muda",
        9,
        org.unit_a,
    )
    assert perawat.pembina == "Kementerian Kesehatan"
    tasks = list(JobTask.objects.filter(jabatan=perawat).values_list("order", "description", "output"))
    assert tasks == [
        (1, "Melakukan pengkajian", "Dokumen pengkajian"),
        (2, "Menyusun rencana asuhan", "Rencana asuhan"),
    ]
    assert list(JobFunction.objects.filter(jabatan=perawat).values_list("description", flat=True)) == [
        "Pelayanan",
        "Pembinaan",
    ]
    assert all(t.instansi_id == org.a.pk for t in JobTask.objects.filter(jabatan=perawat))
    sekdis = Jabatan.objects.get(instansi=org.a, code="SEKDIS")
    assert (sekdis.jenis, sekdis.jenjang, sekdis.job_class) == ("administrator", "", None)
    pengadmin = Jabatan.objects.get(instansi=org.a, code="PENGADMIN")
    assert (pengadmin.jenjang, pengadmin.unit_kerja, pengadmin.job_class) == ("klerek", org.bidang, 5)


JABATAN_BAD = [
    pytest.param({"kode_unit": "GAIB"}, "Kode unit", "Unit kerja tidak dikenal.", id="unknown-unit"),
    pytest.param({"kode": "KADIS"}, "Kode jabatan", "Kode jabatan sudah ada di database.", id="code-in-db"),
    pytest.param({"kode": "J1"}, "Kode jabatan", "Kode jabatan ganda di berkas (sama dengan baris 2).", id="dup"),
    pytest.param({"jenis": "honorer"}, "Jenis jabatan", "Jenis jabatan tidak dikenal.", id="jenis"),
    pytest.param({"jenjang": "ahli_muda"}, "Jenjang", "Jenjang tidak sesuai dengan jenis jabatan.", id="jenjang"),
    pytest.param({"jenjang": ""}, "Jenjang", "Jenjang tidak sesuai dengan jenis jabatan.", id="jenjang-missing"),
    pytest.param({"kelas_jabatan": "18"}, "Kelas jabatan", "Kelas jabatan harus bilangan bulat 1–17.", id="class"),
    pytest.param({"kelas_jabatan": "tujuh"}, "Kelas jabatan", "Kelas jabatan harus bilangan bulat 1–17.", id="class-t"),
    pytest.param({"kode": "J" * 31}, "Kode jabatan", "Terlalu panjang; maksimal 30 karakter.", id="long-code"),
    pytest.param({"ikhtisar": '=HYPERLINK("http://x","y")'}, "Ikhtisar jabatan", FORMULA, id="formula"),
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv;"])
@pytest.mark.parametrize("overrides, column, message", JABATAN_BAD)
def test_jabatan_bad_row_saves_nothing(org, fmt, overrides, column, message):
    before = (Jabatan.objects.count(), JobTask.objects.count())
    ok = {"kode": "J1", "nama": "Satu", "jenis": "pelaksana", "jenjang": "klerek", "kode_unit": "DINKES"}
    rows = [{**ok, "uraian_tugas": "Tugas A"}, {**ok, "kode": "J2", "nama": "Dua", **overrides}]
    job = run_rows(org, "jabatan", rows, fmt)
    assert job.status == ImportStatus.REJECTED
    assert errors_of(job) == [(3, column, message)]
    assert (Jabatan.objects.count(), JobTask.objects.count()) == before


def test_import_stays_in_its_instansi(org):
    """Instansi B has a unit coded DINKES too; rows land in B and reference B's unit only."""
    job = run_rows(org, "pegawai", [_ok(1)], instansi=org.b)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    saved = Pegawai.objects.get(nip=fb.pns_nip(1))
    assert (saved.instansi, saved.unit_kerja) == (org.b, org.unit_b)
    job = run_rows(org, "pegawai", [_ok(2, kode_jabatan="PERAWAT")], instansi=org.b)  # A's jabatan
    assert errors_of(job) == [(2, "Kode jabatan", "Jabatan tidak dikenal.")]
    assert ImportJob.objects.filter(instansi_id=org.b.pk).count() == 2


# --- how the rows are written -----------------------------------------------------------------------


@pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "bulk-create-waves"])
def test_pegawai_both_write_paths_store_the_same_rows(org, monkeypatch, use_copy):
    """PostgreSQL uses COPY with reserved ids; the SQLite embedded default inserts in waves."""
    from apps.employees.importers import PegawaiImporter

    monkeypatch.setattr(PegawaiImporter, "use_copy", use_copy)
    tricky = 'Jl. "Merdeka"\\No. 1\tBlok\nB; Kota, Baru'
    rows = [*good_pegawai_rows(org), _ok(6, lokasi_kerja=tricky, pendidikan="")]
    job = run_rows(org, "pegawai", rows, "csv")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    kabid = Pegawai.objects.get(nip=fb.pns_nip(1))
    perawat = Pegawai.objects.get(nip=fb.pns_nip(2, sex=2))
    assert (kabid.atasan, perawat.atasan) == (org.supervisor_pegawai, kabid)
    assert Pegawai.objects.get(nip=fb.pns_nip(4)).atasan.nip == fb.pppk_nip(5)
    odd = Pegawai.objects.get(nip=fb.pns_nip(6))
    assert (odd.work_location, odd.education, odd.jabatan, odd.birth_date, odd.user) == (tricky, "", None, None, None)
    assert (odd.is_active, odd.created_at is not None, odd.updated_at is not None) == (True, True, True)
    # new rows take ids from the table's own sequence: a later insert does not collide
    later = Pegawai.objects.create(
        instansi=org.a, unit_kerja=org.unit_a, nip=fb.pns_nip(50), name="Sesudah", employment_type="pns"
    )
    assert later.pk > max(Pegawai.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_a_clash_saved_between_validation_and_save_rejects_the_job(org, monkeypatch):
    """Another admin stores the same NIP while the worker validates: the unique constraint fires
    during the save, the job is rejected with an Indonesian message, and none of its rows stay."""
    from apps.employees.importers import PegawaiImporter
    from apps.employees.tests.factories import PegawaiFactory

    validate = PegawaiImporter.validate

    def validate_then_clash(self, **kwargs):
        result = validate(self, **kwargs)
        PegawaiFactory(instansi=org.a, unit_kerja=org.unit_a, nip=fb.pns_nip(2))
        return result

    monkeypatch.setattr(PegawaiImporter, "validate", validate_then_clash)
    job = run_rows(org, "pegawai", [_ok(1), _ok(2)])
    assert job.status == ImportStatus.REJECTED
    assert job.message.startswith("Data berubah saat impor berjalan")
    assert not Pegawai.objects.filter(nip=fb.pns_nip(1)).exists()
    assert Pegawai.objects.filter(nip=fb.pns_nip(2)).count() == 1
