"""Every export of personal data writes one log row (issue 24, UU 27/2022 art. 31): bulk exports a
`personal_data.exported` audit row (what, how many rows), a download of someone else's certificate a
personal-data access row, the audit export an `audit.exported` row. A new export route must be listed here."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditEvent, PersonalDataAccess
from apps.core.tests.test_url_walk import discover

pytestmark = pytest.mark.django_db

# url name -> (query, what); each writes one personal_data.exported row.
BULK_EXPORTS = {
    "enrollments:jp_export": ({}, "enrollments.jp_history"),
    "enrollments:nothing_export": ({}, "enrollments.untrained"),
    "needs:gap_list": ({"format": "xlsx"}, "needs.gap_list"),
}
OTHER_LOGGED = {
    "core:audit_export": "audit.exported (the audit rows themselves)",
    "enrollments:certificate_download": "one subject: a personal-data access row (below)",
}
# Downloads that hold no personal data, with the reason.
NOT_PERSONAL = {
    "catalog:export_programs": "programmes of the catalogue",
    "catalog:export_angkatan": "batches of the catalogue (dates, places, seats)",
    "catalog:material_download": "course material",
    "core:import_template": "an empty template",
    "core:import_errors": "the uploader's own file's error messages",
    "needs:plan_pdf": "the annual plan: budget lines and target counts, no person",
    "needs:plan_xlsx": "the annual plan: budget lines and target counts, no person",
    "reports:download": "aggregate reports (per angkatan, unit, year), no person",
}


def _looks_like_export(route) -> bool:
    text = route.route.lower()
    return any(word in text for word in (".xlsx", ".csv", ".pdf", "ekspor", "unduh"))


def test_every_export_route_is_accounted_for():
    found = {route.name for route in discover() if _looks_like_export(route)}
    known = set(BULK_EXPORTS) | set(OTHER_LOGGED) | set(NOT_PERSONAL)
    assert found - known == set(), "an export route that is neither logged nor said to hold no personal data"


def test_gap_list_export_is_listed_although_its_route_is_the_page():
    assert "needs:gap_list" in BULK_EXPORTS


@pytest.mark.parametrize("name", sorted(BULK_EXPORTS))
def test_each_bulk_export_writes_one_row(name, client, world):
    admin = world.users["bkpsdm_admin"]
    client.force_login(admin)
    query, what = BULK_EXPORTS[name]
    resp = client.get(reverse(name), query)
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = AuditEvent.objects.filter(action="personal_data.exported")
    assert rows.count() == 1
    row = rows.get()
    assert row.actor == admin and row.instansi_id == world.a.pk and row.data["what"] == what
    assert isinstance(row.data["rows"], int) and row.request_id == resp["X-Request-ID"]


def test_untrained_export_counts_its_rows(client, world):
    client.force_login(world.users["bkpsdm_admin"])
    resp = client.get(reverse("enrollments:nothing_export"))
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(resp.content), read_only=True).active
    sheet_rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1
    assert AuditEvent.objects.get(action="personal_data.exported").data["rows"] == sheet_rows > 0


def test_certificate_download_by_an_admin_is_logged_and_by_its_owner_not(client, world, settings, tmp_path):
    from apps.enrollments import services
    from apps.enrollments.models import Enrollment
    from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory

    admin = world.users["bkpsdm_admin"]
    start = timezone.localdate() - datetime.timedelta(days=2)
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    enrollment = Enrollment.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled"
    )
    services.attendance_save(actor=admin, session=session, present_ids={enrollment.pk})
    services.angkatan_complete(actor=admin, angkatan=angkatan)
    enrollment.refresh_from_db()
    certificate = services.certificate_issue(actor=admin, enrollment=enrollment)
    url = reverse("enrollments:certificate_download", args=[certificate.pk])

    client.force_login(world.users["owner"])
    assert client.get(url).status_code == 200
    assert not PersonalDataAccess.objects.exists()  # one's own certificate is not logged

    client.force_login(admin)
    assert client.get(url).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.subject_id, access.purpose) == (
        admin,
        str(world.owner_pegawai.pk),
        "certificate.download",
    )
