"""The exchange export (riwayat diklat, SIASN-style) per year or per period (issue 15): a file that opens cleanly
in a spreadsheet (frozen header, sized columns, date cells, numbers, NIP as text) and that the training-history
import reads back."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import AuditEvent, ImportStatus
from apps.core.services import import_job_create, import_job_run
from apps.enrollments import exports, services
from apps.enrollments.models import JPLedgerEntry

pytestmark = pytest.mark.django_db

D = datetime.date


def _credit(pegawai, end, title, jp=10, ref=None):
    return services.ledger_credit(
        actor=None,
        pegawai=pegawai,
        jp_amount=jp,
        credited_on=end,
        source_type="other",
        source_ref=ref or f"t:{title}",
        title=title,
        provider="BPSDM",
        start_date=end - datetime.timedelta(days=1),
        end_date=end,
    )


@pytest.fixture
def credits(world):
    owner = world.owner_pegawai
    return [
        _credit(owner, D(2024, 12, 31), "Sebelum periode"),
        _credit(owner, D(2025, 1, 1), "Hari pertama", jp=8),
        _credit(owner, D(2025, 6, 30), "Hari terakhir", jp=16),
        _credit(owner, D(2025, 7, 1), "Sesudah periode"),
        _credit(world.pegawai_b, D(2025, 3, 1), "Instansi lain"),
    ]


def _export(client, **query):
    return client.get(reverse("enrollments:jp_export"), query)


def test_period_export_opens_cleanly_with_typed_cells(world, client, login_actor, credits):
    login_actor("bkpsdm_admin")
    resp = _export(client, date_from="2025-01-01", date_to="2025-06-30")
    assert resp.status_code == 200
    assert 'filename="riwayat-diklat-2025-01-01_2025-06-30.xlsx"' in resp["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[letter].width >= 10 for letter in "ABCDEFGHIJKLM")
    assert [c.value for c in sheet[1]] == exports.headers()
    assert all(c.font.bold for c in sheet[1])
    body = list(sheet.iter_rows(min_row=2))
    assert [r[4].value for r in body] == ["Hari pertama", "Hari terakhir"]  # both ends inclusive, only instansi A
    nip, start, end, jp = body[0][0], body[0][7], body[0][8], body[0][9]
    assert nip.data_type == "s" and nip.value == world.owner_pegawai.nip and nip.number_format == "@"
    assert start.is_date and end.is_date and end.value.date() == D(2025, 1, 1) and start.value.date() == D(2024, 12, 31)
    assert end.number_format == "yyyy-mm-dd"
    assert jp.data_type == "n" and jp.value == 8
    audit = AuditEvent.objects.get(action="personal_data.exported")
    assert audit.data["rows"] == 2 and audit.data["date_from"] == "2025-01-01" and audit.data["date_to"] == "2025-06-30"


def test_year_is_still_the_default_period(world, client, login_actor, credits):
    login_actor("bkpsdm_admin")
    resp = _export(client, year="2025")
    assert resp.status_code == 200 and 'riwayat-diklat-2025.xlsx"' in resp["Content-Disposition"]
    titles = [r[4] for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Hari pertama", "Hari terakhir", "Sesudah periode"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"date_from": "2025-07-01", "date_to": "2025-06-30"}, "harus sebelum atau sama dengan"),
        ({"date_from": "2025-13-01", "date_to": "2025-06-30"}, "Tanggal &#x27;dari&#x27; tidak sah."),
        ({"date_from": "kemarin", "date_to": "2025-06-30"}, "Tanggal &#x27;dari&#x27; tidak sah."),
        ({"date_from": "2025-01-01"}, "Isi kedua tanggal"),
        ({"date_from": "2024-01-01", "date_to": "2025-01-01"}, "Rentang paling lama 1 tahun"),
    ],
)
def test_a_bad_range_exports_nothing(world, client, login_actor, credits, query, message):
    login_actor("bkpsdm_admin")
    resp = _export(client, **query)
    assert resp.status_code == 422
    assert resp["Content-Type"].startswith("text/html") and message in resp.text
    assert not AuditEvent.objects.filter(action="personal_data.exported").exists()


def test_one_year_to_the_day_before_is_allowed(world, client, login_actor, credits):
    login_actor("bkpsdm_admin")
    assert _export(client, date_from="2024-01-02", date_to="2025-01-01").status_code == 200


@pytest.mark.parametrize("actor", ["owner", "supervisor"])
def test_pegawai_and_atasan_cannot_export(world, client, login_actor, actor):
    login_actor(actor)
    assert _export(client, date_from="2025-01-01", date_to="2025-06-30").status_code == 403


def test_export_then_import_round_trips(world, client, login_actor):
    """Import a history, export the period, import the exported file: every row is recognised as already in
    the ledger (skipped), nothing is credited twice; the history rows come back out as they went in."""
    owner, mate = world.owner_pegawai, world.mate_pegawai
    _credit(owner, D(2025, 2, 14), "Pelatihan katalog", jp=24, ref="enrollment:x")
    source = [exports.headers()]
    source.append([mate.nip, mate.name, "teknis", "", "Bimtek Arsip", "ANRI", "Jakarta"])
    source[-1] += [D(2025, 4, 1), D(2025, 4, 3), 18, "ANRI/77/2025", D(2025, 4, 3), ""]
    from openpyxl import Workbook

    workbook = Workbook()
    for row in source:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    admin = world.users["bkpsdm_admin"]

    def run(data):
        job = import_job_create(
            actor=admin,
            instansi_id=world.a.pk,
            kind="riwayat_diklat",
            upload=SimpleUploadedFile("r.xlsx", data),
            enqueue=False,
        )
        return import_job_run(job_id=job.pk)

    assert run(buffer.getvalue()).created_rows == 1
    login_actor("bkpsdm_admin")
    exported = _export(client, date_from="2025-01-01", date_to="2025-12-31").content
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(min_row=2, values_only=True))
    history = next(r for r in rows if r[0] == mate.nip)
    assert history[4:6] == ("Bimtek Arsip", "ANRI") and history[9] == 18
    assert history[7].date() == D(2025, 4, 1) and history[8].date() == D(2025, 4, 3)
    # what only the file knew (jenis, place, certificate number and date) comes back out too
    assert (history[2], history[6], history[10], history[11].date()) == (
        "teknis",
        "Jakarta",
        "ANRI/77/2025",
        D(2025, 4, 3),
    )
    count = JPLedgerEntry.objects.count()
    again = run(exported)
    assert again.status == ImportStatus.SUCCEEDED, again.errors
    assert again.created_rows == 0 and "2 baris dilewati" in again.message
    assert JPLedgerEntry.objects.count() == count


def test_a_bad_year_exports_nothing(world, client, login_actor):
    login_actor("bkpsdm_admin")
    resp = _export(client, year="1999")
    assert resp.status_code == 422 and "Tahun:" in resp.text
    assert not AuditEvent.objects.filter(action="personal_data.exported").exists()


@pytest.mark.clock("2026-12-31T15:30:00+00:00")  # 1 January 00:30 in Jayapura, still 31 December on the server
def test_the_default_year_turns_at_the_instansis_midnight(world, client, login_actor):
    world.a.timezone = "Asia/Jayapura"
    world.a.save(update_fields=["timezone"])
    login_actor("bkpsdm_admin")
    assert client.get(reverse("enrollments:jp_dashboard")).context["year"] == 2027
    response = _export(client)
    assert response.status_code == 200 and 'filename="riwayat-diklat-2027.xlsx"' in response["Content-Disposition"]
