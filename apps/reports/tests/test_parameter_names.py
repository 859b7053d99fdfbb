"""Report parameters read as names and values ("Angkatan: <programme> — <batch>", "Tahun: 2026") on the list,
the progress/detail page and in the monthly e-mail, never as raw keys and ids."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory
from apps.reports import selectors, services
from apps.reports.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(world):
    program = ProgramFactory(instansi=world.a, title="Pelatihan Pelayanan Prima")
    return AngkatanFactory(instansi=world.a, program=program, name="Angkatan 41")


def _jobs(world, batch):
    return [
        ReportJob.objects.create(instansi=world.a, kind="batch_evaluation", parameters={"angkatan": batch.pk}),
        ReportJob.objects.create(
            instansi=world.a, kind="program_year", parameters={"year": 2026, "program": batch.program_id}
        ),
    ]


def test_list_shows_names_not_keys(login_actor, client, world, batch):
    _jobs(world, batch)
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("reports:list"))
    assert resp.status_code == 200
    assert "Angkatan: Pelatihan Pelayanan Prima — Angkatan 41" in resp.text
    assert "Program: Pelatihan Pelayanan Prima" in resp.text and "Tahun: 2026" in resp.text
    assert f"angkatan={batch.pk}" not in resp.text and "year=" not in resp.text


def test_detail_and_progress_page_show_names(login_actor, client, world, batch):
    evaluation, program_year = _jobs(world, batch)
    login_actor("bkpsdm_admin")
    text = client.get(reverse("reports:detail", args=[evaluation.pk])).text
    assert "Angkatan:</dt> <dd" in text and "Pelatihan Pelayanan Prima — Angkatan 41" in text
    assert f"angkatan: {batch.pk}" not in text
    text = client.get(reverse("reports:detail", args=[program_year.pk])).text
    assert "Tahun:</dt>" in text and "2026" in text and "Program:</dt>" in text
    assert "year: 2026" not in text and "program:" not in text
    # the kind's own parameter order: programme before year
    assert text.index("Program:</dt>") < text.index("Tahun:</dt>")


def test_other_instansi_ids_are_not_named(world, batch):
    """A job of instansi B naming A's batch id must not reveal A's batch name."""
    job = ReportJob.objects.create(instansi=world.b, kind="batch_evaluation", parameters={"angkatan": batch.pk})
    (shown,) = selectors.report_parameters_shown([job])
    assert shown.parameters_shown == [("Angkatan", f"#{batch.pk} (tidak ditemukan)")]


def test_labels_are_translated(world, batch):
    job = ReportJob.objects.create(instansi=world.a, kind="ikm_unit", parameters={"year": 2026})
    with translation.override("en"):
        selectors.report_parameters_shown([job])
    assert job.parameters_shown == [("Year", "2026")]


def test_monthly_mail_names_its_parameters(world, django_capture_on_commit_callbacks):
    job = ReportJob.objects.create(
        instansi=world.a,
        kind="year_overview",
        parameters={"year": 2026, "monthly": "2026-05"},
        status="succeeded",
        email_to="bkpsdm@example.go.id",
    )
    assert services.report_email(job_id=job.pk)
    assert "Tahun: 2026, Kiriman bulanan: 2026-05" in mail.outbox[0].body
    assert "{" not in mail.outbox[0].body


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_constant_with_named_parameters(
    rows, login_actor, client, world, batch, django_assert_max_num_queries
):
    admin = login_actor("bkpsdm_admin")
    ReportJob.objects.bulk_create(
        [
            ReportJob(instansi=world.a, kind="batch_evaluation", parameters={"angkatan": batch.pk}, requested_by=admin)
            for _ in range(rows)
        ]
    )
    with django_assert_max_num_queries(9):
        resp = client.get(reverse("reports:list"))
    assert resp.text.count("Pelatihan Pelayanan Prima — Angkatan 41") == min(rows, 25)
