import dataclasses
import datetime
import io
import os
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.conftest import ALL_ACTORS
from apps.reports import kinds, services
from apps.reports.models import ReportJob
from apps.reports.tests.factories import evaluated_batch

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _request(world, kind, **params):
    return services.report_request(
        actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, kind=kind, parameters=params
    )


def _xlsx_text(job):
    wb = load_workbook(io.BytesIO(job.file_xlsx.open("rb").read()))
    return wb, "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def _pdf_text(job):
    import subprocess

    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", job.file_pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout


def test_request_enqueues_on_commit_and_builds_pdf_and_xlsx(world, django_capture_on_commit_callbacks):
    batch = evaluated_batch(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = _request(world, "batch_evaluation", angkatan=batch.angkatan.pk)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.progress == 100, job.error
    # A random folder per file (apps/core/storage.py): the name cannot be guessed from the ids.
    token = r"[A-Za-z0-9_-]{22}"
    expected = rf"reports/{world.a.pk}/{job.pk}/{token}/laporan-batch-evaluation-{job.pk}\.pdf"
    assert re.fullmatch(expected, job.file_pdf.name)
    assert job.file_pdf.open("rb").read(4) == b"%PDF"
    wb, text = _xlsx_text(job)
    assert wb.sheetnames[0] == "Ringkasan" and "L1 per pertanyaan" in wb.sheetnames
    assert "Materi sangat membantu" in text
    pdf = _pdf_text(job)
    assert "Laporan evaluasi angkatan" in pdf and "L2 Pre-test dan post-test" in pdf
    assert "80,00" in pdf  # pre mean in Indonesian decimals


@pytest.mark.parametrize("kind", ["program_year", "ikm_unit", "jp_compliance", "year_overview"])
def test_every_offered_kind_runs(world, kind, django_capture_on_commit_callbacks):
    batch = evaluated_batch(world)
    params = {"year": YEAR, "program": batch.program.pk}
    spec = kinds.get_kind(kind)
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, kind, **{p: params[p] for p in spec.params})
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    if kind == "ikm_unit":
        assert "83,33" in _pdf_text(job)
        _wb, text = _xlsx_text(job)
        assert "83.33" in text and "Baik" in text


def test_kind_not_registered_is_not_offered(world, monkeypatch):
    monkeypatch.delitem(kinds.KINDS, "plan_realisation")
    assert "plan_realisation" not in [k.key for k in kinds.available_kinds()]
    with pytest.raises(services.ReportError):
        _request(world, "plan_realisation", year=YEAR)
    monkeypatch.undo()
    with pytest.raises(services.ReportError):
        _request(world, "ikm_unit")  # missing year
    assert not ReportJob.objects.exists()


def test_anonymous_answers_not_traceable_in_exports(world, django_capture_on_commit_callbacks):
    batch = evaluated_batch(world)
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "batch_evaluation", angkatan=batch.angkatan.pk)
    job.refresh_from_db()
    wb, _text = _xlsx_text(job)
    anonymous_sheets = [ws for ws in wb if ws.title in ("L1 per pertanyaan", "Komentar", "Narasumber", "Ringkasan")]
    text = "\n".join(str(c.value) for ws in anonymous_sheets for row in ws.iter_rows() for c in row if c.value)
    pdf = _pdf_text(job)
    l1_part = pdf.split("L2 Pre-test")[0]
    for person in batch.people:
        assert person.name not in text and person.name not in l1_part


def test_formula_injection_neutralised(world, django_capture_on_commit_callbacks):
    batch = evaluated_batch(world, comment='=HYPERLINK("http://x","klik")')
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "batch_evaluation", angkatan=batch.angkatan.pk)
    job.refresh_from_db()
    wb, _text = _xlsx_text(job)
    values = [c.value for row in wb["Komentar"].iter_rows(min_row=2) for c in row]
    assert values and all(v.startswith("'=") for v in values)


def test_rerun_overwrites_only_its_own_file(world, django_capture_on_commit_callbacks, media):
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(world, "ikm_unit", year=YEAR)
        other = _request(world, "ikm_unit", year=YEAR)
    first.refresh_from_db()
    other.refresh_from_db()
    other_bytes = other.file_pdf.open("rb").read()
    name = first.file_pdf.name
    assert services.report_run(job_id=first.pk).file_pdf.name == name  # finished: left alone
    ReportJob.objects.filter(pk=first.pk).update(status="pending")
    again = services.report_run(job_id=first.pk)
    assert again.status == "succeeded" and again.file_pdf.name != name  # a new random folder
    assert not again.file_pdf.storage.exists(name)  # the old copy is gone
    job_folder = media / "reports" / str(world.a.pk) / str(first.pk)
    files = sorted(str(p.relative_to(media)) for p in job_folder.rglob("*") if p.is_file())
    assert files == sorted([again.file_pdf.name, again.file_xlsx.name])
    other.refresh_from_db()
    assert other.file_pdf.open("rb").read() == other_bytes


def test_failure_is_recorded_and_retry_works(world, monkeypatch, django_capture_on_commit_callbacks):
    from apps.reports import kinds as kinds_module

    def boom(job, progress):
        raise RuntimeError("database exploded at /secret/path")

    original = kinds_module.KINDS["ikm_unit"]
    monkeypatch.setitem(
        kinds_module.KINDS,
        "ikm_unit",
        dataclasses.replace(original, build=boom),
    )
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "ikm_unit", year=YEAR)
    job = ReportJob.objects.get()
    assert job.status == "failed" and "RuntimeError" in job.error and "/secret/path" not in job.error
    monkeypatch.setitem(kinds_module.KINDS, "ikm_unit", original)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(actor=world.users["bkpsdm_admin"], job=job)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.error == "" and job.attempts == 2


def test_bad_parameter_fails_with_message(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "batch_evaluation", angkatan=999999)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Angkatan tidak ditemukan."


def test_cleanup_removes_old_files(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "ikm_unit", year=YEAR)
    job.refresh_from_db()
    path = job.file_pdf.path
    ReportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=40))
    assert services.reports_cleanup() == 1
    job.refresh_from_db()
    assert not job.file_pdf and job.files_removed_at and not os.path.exists(path)
    assert services.reports_cleanup() == 0


def test_monthly_report_mailed_to_bkpsdm(world, django_capture_on_commit_callbacks):
    world.users["bkpsdm_admin"].email = "bkpsdm@kota-a.go.id"
    world.users["bkpsdm_admin"].save()
    with django_capture_on_commit_callbacks(execute=True):
        jobs = services.monthly_reports_request(today=datetime.date(YEAR, 6, 1))
    assert world.a.pk in [j.instansi_id for j in jobs]
    assert services.monthly_reports_request(today=datetime.date(YEAR, 6, 1)) == []  # once a month
    message = next(m for m in mail.outbox if m.to == ["bkpsdm@kota-a.go.id"])
    assert "Laporan bulanan" in message.subject
    assert sorted(a[0].rsplit(".", 1)[1] for a in message.attachments) == ["pdf", "xlsx"]


# --------------------------------------------------------------------------- views

ADMIN = {"bkpsdm_admin": 200, "superadmin": 200, "other_instansi_admin": 200}


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_list_and_dashboard_matrix(actor, login_actor, client, world):
    login_actor(actor)
    assert client.get(reverse("reports:list")).status_code == ADMIN.get(actor, 403)
    expected = {"superadmin": 302}.get(actor, ADMIN.get(actor, 403))
    assert client.get(reverse("reports:dashboard")).status_code == expected
    assert client.get(reverse("reports:create")).status_code == expected


@pytest.mark.parametrize("actor", ALL_ACTORS)
def test_detail_download_retry_matrix(actor, login_actor, client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "ikm_unit", year=YEAR)
    failed = ReportJob.objects.create(
        instansi=world.a, kind="ikm_unit", parameters={"year": YEAR}, status="failed", error="x"
    )
    login_actor(actor)
    expected = {"bkpsdm_admin": 200, "superadmin": 200, "other_instansi_admin": 404}.get(actor, 403)
    assert client.get(reverse("reports:detail", args=[job.pk])).status_code == expected
    resp = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert resp.status_code == expected
    if expected == 200:
        assert b"".join(resp.streaming_content)[:4] == b"%PDF"
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("reports:retry", args=[failed.pk]))
    assert resp.status_code == (302 if expected == 200 else expected)
    failed.refresh_from_db()
    assert (failed.status == "succeeded") == (expected == 200)


def test_request_via_form_and_htmx_status(login_actor, client, world, django_capture_on_commit_callbacks):
    login_actor("bkpsdm_admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resp = client.post(reverse("reports:create"), {"kind": "ikm_unit", "year": YEAR})
    job = ReportJob.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("reports:detail", args=[job.pk])
    partial = client.get(reverse("reports:detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.text and "<html" not in partial.text
    callbacks[0]()
    partial = client.get(reverse("reports:detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in partial.text and "Unduh PDF" in partial.text


def test_request_bad_input_422(login_actor, client, world):
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("reports:create"), {"kind": "batch_evaluation"})
    assert resp.status_code == 422 and "Pilih angkatan" in resp.text
    resp = client.post(reverse("reports:create"), {"kind": "tidak_ada", "year": YEAR})
    assert resp.status_code == 422 and "pilihan yang valid" in resp.text
    resp = client.post(reverse("reports:create"), {"kind": "ikm_unit", "year": "abc"})
    assert resp.status_code == 422
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    admin = login_actor("bkpsdm_admin")
    ReportJob.objects.bulk_create(
        [
            ReportJob(instansi=world.a, kind="ikm_unit", parameters={"year": YEAR}, requested_by=admin)
            for _ in range(rows)
        ]
    )
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("reports:list"))
    assert len(resp.context["page"]["rows"]) == min(rows, 25)


@pytest.mark.clock("2026-06-10T09:00:00+08:00")  # the batch and the SKM answers must share a year
def test_dashboard_year_at_a_glance(login_actor, client, world):
    evaluated_batch(world)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("reports:dashboard"))
    assert resp.status_code == 200
    data = resp.context["data"]
    assert data.participants == 5 and data.ikm is not None and data.l3_rate is not None
    assert "83,33" in resp.text and "vendor/chart.umd.js" in resp.text


def _plan(world, batch):
    from apps.competencies.models import Kompetensi
    from apps.needs.models import DevelopmentPlan, PlanItem

    plan = DevelopmentPlan.objects.create(
        instansi=world.a,
        year=batch.angkatan.start_date.year,
        version=1,
        title="RPK Kota A",
        ceiling_idr=50_000_000,
        status="approved",
    )
    PlanItem.objects.create(
        instansi=world.a,
        plan=plan,
        kompetensi=Kompetensi.objects.get(code="M.05"),
        target_description="Perawat",
        penyelenggara_text="BPSDM",
        target_count=10,
        path="klasikal",
        form="teknis",
        program=batch.program,
        schedule_quarter=2,
        budget_idr=20_000_000,
        funding_source="apbd",
    )
    return plan


def test_plan_realisation_report_budget_used_vs_planned(world, django_capture_on_commit_callbacks):
    from apps.catalog.models import Angkatan

    batch = evaluated_batch(world)
    Angkatan.objects.filter(pk=batch.angkatan.pk).update(cost_idr=1_500_000)
    year = _plan(world, batch).year  # the batch's year: on 1 January the batch ended last year
    assert "plan_realisation" in [k.key for k in kinds.available_kinds()]
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "plan_realisation", year=year)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    pdf = _pdf_text(job)
    assert "Realisasi peserta 50,00%" in pdf and "7.500.000" in pdf and "20.000.000" in pdf
    from apps.reports.overview import year_overview

    assert year_overview(world.a.pk, year, user=world.users["bkpsdm_admin"]).plan_realisation == 50


def test_plan_realisation_without_plan_fails_readably(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "plan_realisation", year=YEAR)
    job.refresh_from_db()
    assert job.status == "failed" and "Belum ada rencana" in job.error


def test_a_report_builds_inside_replica_reads(world, monkeypatch, django_capture_on_commit_callbacks):
    from apps.core import replica

    spec = kinds.get_kind("jp_compliance")
    seen = []

    def build(job, progress):
        seen.append(replica._reading.get())
        return spec.build(job, progress)

    monkeypatch.setattr(services, "get_kind", lambda kind: dataclasses.replace(spec, build=build))
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(world, "jp_compliance", year=YEAR)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert seen == [True] and replica._reading.get() is False
