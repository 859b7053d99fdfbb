"""Import pages: who may open them, tenant isolation, upload → job → worker (eager here), the HTMX
progress partial, the error report CSV, the XLSX template and the one-time result e-mail."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.conftest import ALL_ACTORS
from apps.core.models import ImportJob, ImportStatus, OutboxMessage
from apps.core.tasks import run_import_job, send_import_result_email
from apps.core.tenancy import ACTING_SESSION_KEY
from apps.core.tests import filebuilders as fb
from apps.employees.models import Pegawai

ADMINS_OF_A = {"bkpsdm_admin", "superadmin"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _job(world, instansi=None, **fields):
    instansi = instansi or world.a
    admin = world.users["bkpsdm_admin" if instansi == world.a else "other_instansi_admin"]
    values = {
        "instansi_id": instansi.pk,
        "kind": "pegawai",
        "file": "imports/x.csv",
        "original_name": "pegawai-uji.csv",
        "created_by": admin,
    }
    values.update(fields)
    return ImportJob.objects.create(**values)


@pytest.fixture
def job_a(world):
    return _job(
        world,
        status=ImportStatus.REJECTED,
        total_rows=2,
        processed_rows=2,
        errors=[{"row": 3, "column": "NIP", "message": "NIP harus 18 digit angka. (N1)"}],
        message="1 kesalahan ditemukan; tidak ada data yang disimpan.",
    )


def _login(client, login_actor, world, actor):
    """The superadmin acts inside instansi A (session switch), as they must to upload."""
    user = login_actor(actor)
    if actor == "superadmin":
        session = client.session
        session[ACTING_SESSION_KEY] = world.a.pk
        session.save()
    return user


def _ok_row(n=1, **overrides):
    row = {"nip": fb.pns_nip(n), "nama": f"Pegawai {n}", "jenis_kepegawaian": "PNS", "kode_unit": "DINKES"}
    row.update(overrides)
    return row


# --- role matrix -----------------------------------------------------------------------------------


def _expected(view, actor):
    if actor in ADMINS_OF_A:
        return 200
    if actor == "other_instansi_admin":
        return 404 if view in {"detail", "errors"} else 200
    return 403


VIEWS = {
    "list": lambda job: reverse("core:import_list"),
    "start": lambda job: reverse("core:import_start", args=["pegawai"]),
    "template": lambda job: reverse("core:import_template", args=["pegawai"]),
    "detail": lambda job: reverse("core:import_detail", args=[job.pk]),
    "errors": lambda job: reverse("core:import_errors", args=[job.pk]),
}


@pytest.mark.parametrize("actor", ALL_ACTORS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_role_matrix(client, login_actor, world, job_a, view, actor):
    _login(client, login_actor, world, actor)
    resp = client.get(VIEWS[view](job_a))
    assert resp.status_code == _expected(view, actor)
    if view in {"list", "detail"}:
        assert ("pegawai-uji.csv" in resp.text) == (resp.status_code == 200 and actor in ADMINS_OF_A)


@pytest.mark.parametrize("actor", sorted(set(ALL_ACTORS) - ADMINS_OF_A - {"other_instansi_admin"}))
def test_non_admins_cannot_upload(client, login_actor, world, actor):
    _login(client, login_actor, world, actor)
    data = fb.csv_bytes(fb.table("pegawai", [_ok_row()]))
    resp = client.post(reverse("core:import_start", args=["pegawai"]), {"file": fb.upload("p.csv", data)})
    assert resp.status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("view", ["detail", "errors"])
def test_cross_instansi_job_is_404_and_unchanged(client, login_actor, world, job_a, view):
    login_actor("other_instansi_admin")
    before = ImportJob.objects.filter(pk=job_a.pk).values().get()
    resp = client.get(VIEWS[view](job_a))
    assert resp.status_code == 404
    assert ImportJob.objects.filter(pk=job_a.pk).values().get() == before


def test_list_shows_only_own_instansi(client, login_actor, world, job_a):
    _job(world, instansi=world.b, original_name="milik-b.csv")
    login_actor("other_instansi_admin")
    resp = client.get(reverse("core:import_list"))
    assert "milik-b.csv" in resp.text
    assert "pegawai-uji.csv" not in resp.text
    assert [j.original_name for j in resp.context["page_obj"]] == ["milik-b.csv"]


def test_superadmin_must_pick_an_instansi_before_uploading(client, login_actor, world):
    login_actor("superadmin")
    resp = client.get(reverse("core:import_start", args=["pegawai"]))
    assert resp.status_code == 302
    assert resp.url == reverse("organizations:instansi_list")


def test_unknown_kind_is_404(client, login_actor, world):
    login_actor("bkpsdm_admin")
    assert client.get(reverse("core:import_start", args=["gaib"])).status_code == 404
    assert client.get(reverse("core:import_template", args=["gaib"])).status_code == 404


# --- upload through the view -----------------------------------------------------------------------


def test_upload_creates_job_queues_it_on_commit_and_worker_saves_rows(
    client, login_actor, world, django_capture_on_commit_callbacks, mailoutbox
):
    admin = login_actor("bkpsdm_admin")
    data = fb.xlsx_bytes(fb.table("pegawai", [_ok_row(1), _ok_row(2, nip_atasan=fb.pns_nip(1))]))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = client.post(reverse("core:import_start", args=["pegawai"]), {"file": fb.upload("baru.xlsx", data)})
    job = ImportJob.objects.get()
    assert resp.status_code == 302
    assert resp.url == reverse("core:import_detail", args=[job.pk])
    # After commit: the run, then (queued by the run) its result e-mail, each through the outbox once.
    assert len(callbacks) == 2
    assert sorted(OutboxMessage.objects.values_list("task_name", flat=True)) == [
        "apps.core.tasks.run_import_job",
        "apps.core.tasks.send_import_result_email",
    ]
    job.refresh_from_db()
    assert (job.status, job.created_rows, job.instansi_id, job.created_by) == ("succeeded", 2, world.a.pk, admin)
    assert job.original_name == "baru.xlsx"
    saved = Pegawai.objects.get(nip=fb.pns_nip(2))
    assert (saved.instansi, saved.atasan.nip) == (world.a, fb.pns_nip(1))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [admin.email]
    assert "baru.xlsx" in mailoutbox[0].subject
    assert reverse("core:import_detail", args=[job.pk]) in mailoutbox[0].body
    assert job.notified_at is not None

    page = client.get(reverse("core:import_detail", args=[job.pk]))
    assert "2 baris berhasil disimpan." in page.text


def test_upload_with_bad_rows_shows_the_report_and_saves_nothing(
    client, login_actor, world, django_capture_on_commit_callbacks
):
    login_actor("bkpsdm_admin")
    before = Pegawai.objects.count()
    data = fb.csv_bytes(fb.table("pegawai", [_ok_row(1), _ok_row(2, kode_unit="GAIB")]), delimiter=";")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:import_start", args=["pegawai"]), {"file": fb.upload("salah.csv", data)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert Pegawai.objects.count() == before
    page = client.get(reverse("core:import_detail", args=[job.pk]))
    assert "Unit kerja tidak dikenal." in page.text
    assert reverse("core:import_errors", args=[job.pk]) in page.text


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("laporan.pdf", b"%PDF-1.7 ...", "Jenis berkas tidak didukung; gunakan .xlsx atau .csv."),
        ("kosong.csv", b"", "Berkas yang dikirimkan kosong."),  # Django's own message, in Indonesian
    ],
)
def test_upload_form_refuses_bad_file_with_422(client, login_actor, world, name, data, message):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("core:import_start", args=["pegawai"]), {"file": fb.upload(name, data)})
    assert resp.status_code == 422
    assert message in resp.text
    assert not ImportJob.objects.exists()


def test_upload_form_refuses_file_over_the_limit(client, login_actor, world, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    login_actor("bkpsdm_admin")
    data = b"x" * (1024 * 1024 + 1)
    resp = client.post(reverse("core:import_start", args=["pegawai"]), {"file": fb.upload("besar.csv", data)})
    assert resp.status_code == 422
    assert "Berkas terlalu besar; batasnya 1 MB." in resp.text
    assert not ImportJob.objects.exists()


def test_post_without_a_file_is_422(client, login_actor, world):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("core:import_start", args=["pegawai"]), {})
    assert resp.status_code == 422
    assert "wajib" in resp.text.lower()
    assert not ImportJob.objects.exists()


# --- progress partial (HTMX) ----------------------------------------------------------------------


def test_htmx_request_gets_the_progress_partial_that_keeps_polling(client, login_actor, world):
    login_actor("bkpsdm_admin")
    job = _job(world, status=ImportStatus.RUNNING, total_rows=200, processed_rows=50)
    url = reverse("core:import_detail", args=[job.pk])
    resp = client.get(url, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert [t.name for t in resp.templates] == ["core/_import_progress.html"]
    assert "<html" not in resp.text
    assert 'id="import-progress"' in resp.text
    assert f'hx-get="{url}"' in resp.text  # still running: the partial polls itself
    assert "25%" in resp.text

    full = client.get(url)
    assert "core/import_detail.html" in [t.name for t in full.templates]
    assert "<html" in full.text


def test_htmx_partial_stops_polling_when_finished(client, login_actor, world, job_a):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:import_detail", args=[job_a.pk]), HTTP_HX_REQUEST="true")
    assert "hx-get" not in resp.text
    assert "100%" in resp.text
    assert "NIP harus 18 digit angka. (N1)" in resp.text


# --- error report CSV -----------------------------------------------------------------------------


def _csv_rows(resp):
    text = resp.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_error_csv_has_one_line_per_error(client, login_actor, world):
    """A real rejected import: four errors on three rows → a header and four lines."""
    from apps.core.services import import_job_create, import_job_run

    admin = login_actor("bkpsdm_admin")
    rows = [_ok_row(1, kode_unit="X"), _ok_row(2), _ok_row(3, golongan="IX", tanggal_lahir="x"), _ok_row(1)]
    data = fb.csv_bytes(fb.table("pegawai", rows))
    job = import_job_create(
        actor=admin, instansi_id=world.a.pk, kind="pegawai", upload=fb.upload("p.csv", data), enqueue=False
    )
    job = import_job_run(job_id=job.pk)
    resp = client.get(reverse("core:import_errors", args=[job.pk]))
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/csv")
    assert f"kesalahan-impor-{job.pk}.csv" in resp["Content-Disposition"]
    lines = _csv_rows(resp)
    assert lines[0] == ["Baris", "Kolom", "Kesalahan"]
    assert lines[1:] == [
        ["2", "Kode unit", "Unit kerja tidak dikenal."],
        ["4", "Golongan", "Golongan tidak sesuai dengan jenis kepegawaian."],
        ["4", "Tanggal lahir", "Tanggal tidak sah."],
        ["5", "NIP", "NIP ganda di berkas (sama dengan baris 2)."],
    ]
    assert len(lines) == 1 + len(job.errors)


def test_error_csv_neutralises_formula_text(client, login_actor, world):
    login_actor("bkpsdm_admin")
    job = _job(
        world,
        status=ImportStatus.REJECTED,
        errors=[
            {"row": 2, "column": '=HYPERLINK("http://x","y")', "message": "@SUM(A1)"},
            {"row": 3, "column": "Telepon", "message": "+cmd|' /C calc'!A0"},
            {"row": 4, "column": "Telepon", "message": "+6281234"},
            {"row": 5, "column": " =1+1", "message": "-2+3"},
        ],
    )
    lines = _csv_rows(client.get(reverse("core:import_errors", args=[job.pk])))
    assert lines[1:] == [
        ["2", '\'=HYPERLINK("http://x","y")', "'@SUM(A1)"],
        ["3", "Telepon", "'+cmd|' /C calc'!A0"],
        ["4", "Telepon", "+6281234"],  # a phone number stays as it is
        ["5", "' =1+1", "'-2+3"],
    ]


# --- XLSX template --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pegawai", "unit_kerja", "jabatan"])
def test_template_opens_with_openpyxl_and_has_the_importers_headers(client, login_actor, world, kind):
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("core:import_template", args=[kind]))
    assert resp.status_code == 200
    assert resp["Content-Type"] == fb.XLSX_TYPE
    assert f"templat-{kind}.xlsx" in resp["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(resp.content))
    assert workbook.sheetnames == ["Data", "Petunjuk"]
    sheet = workbook["Data"]
    assert [c.value for c in sheet[1]] == fb.headers(kind)
    guide = [row[0] for row in workbook["Petunjuk"].iter_rows(min_row=2, values_only=True)]
    assert guide == fb.headers(kind)


def test_template_header_row_is_accepted_by_the_importer(client, login_actor, world):
    """The template's own headers, with its example row replaced by real data, import cleanly."""
    from apps.core.services import import_job_create, import_job_run

    admin = login_actor("bkpsdm_admin")
    workbook = load_workbook(io.BytesIO(client.get(reverse("core:import_template", args=["pegawai"])).content))
    sheet = workbook["Data"]
    sheet.delete_rows(2)
    sheet.append([_ok_row(1).get(key, "") for key in _pegawai_keys()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = import_job_create(
        actor=admin,
        instansi_id=world.a.pk,
        kind="pegawai",
        upload=fb.upload("t.xlsx", buffer.getvalue()),
        enqueue=False,
    )
    assert import_job_run(job_id=job.pk).status == ImportStatus.SUCCEEDED


def _pegawai_keys():
    from apps.core.imports import get_importer

    return [c.key for c in get_importer("pegawai").columns]


# --- result e-mail --------------------------------------------------------------------------------


def test_result_email_is_sent_once_even_if_the_task_runs_twice(world, job_a, mailoutbox):
    send_import_result_email.delay(job_id=job_a.pk)
    send_import_result_email.delay(job_id=job_a.pk)
    job_a.refresh_from_db()
    assert len(mailoutbox) == 1
    assert job_a.notified_at is not None
    assert mailoutbox[0].to == [world.users["bkpsdm_admin"].email]
    assert "Ditolak" in mailoutbox[0].subject


def test_import_task_run_twice_saves_once_and_mails_once(world, mailoutbox, django_capture_on_commit_callbacks):
    from apps.core.services import import_job_create

    data = fb.csv_bytes(fb.table("pegawai", [_ok_row(1)]))
    job = import_job_create(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        kind="pegawai",
        upload=fb.upload("p.csv", data),
        enqueue=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import_job.delay(job_id=job.pk)
        run_import_job.delay(job_id=job.pk)  # acks_late redelivery
    assert Pegawai.objects.filter(nip=fb.pns_nip(1)).count() == 1
    assert len(mailoutbox) == 1


def test_no_email_for_an_unfinished_job(world, mailoutbox):
    job = _job(world, status=ImportStatus.RUNNING)
    send_import_result_email.delay(job_id=job.pk)
    job.refresh_from_db()
    assert mailoutbox == []
    assert job.notified_at is None


# --- query count ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_import_list_queries_do_not_grow_with_rows(client, login_actor, world, rows, django_assert_max_num_queries):
    login_actor("bkpsdm_admin")
    for i in range(rows):
        _job(world, original_name=f"berkas-{i}.csv", status=ImportStatus.SUCCEEDED)
    client.get(reverse("core:import_list"))  # warm per-session caches (roles, menu)
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("core:import_list"))
    assert resp.status_code == 200
    assert len(resp.context["page_obj"]) == min(rows, 25)


def test_detail_shows_the_first_500_errors_and_points_to_the_csv(client, login_actor, world):
    login_actor("bkpsdm_admin")
    errors = [{"row": r, "column": "NIP", "message": f"Salah {r}"} for r in range(2, 603)]
    job = _job(world, status=ImportStatus.REJECTED, errors=errors)
    resp = client.get(reverse("core:import_detail", args=[job.pk]))
    assert "Salah 501" in resp.text and "Salah 502" not in resp.text
    assert "Menampilkan 500 dari 601 kesalahan; laporan CSV memuat semuanya." in resp.text
    assert len(_csv_rows(client.get(reverse("core:import_errors", args=[job.pk])))) == 1 + 601
