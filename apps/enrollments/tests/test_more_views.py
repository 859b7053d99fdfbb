"""The remaining admin actions: bulk nomination page, waitlist fill, attendance codes and import,
notifications, and revocation re-rendering the PDF."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.models import ImportJob, ImportStatus
from apps.core.services import import_job_create
from apps.core.tests import filebuilders as fb
from apps.enrollments import services
from apps.enrollments.errors import AttendanceError
from apps.enrollments.models import AttendanceCode, AttendanceRecord, BulkNomination, Enrollment, Notification
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(world):
    """A batch that began yesterday: attendance may be recorded for its first session."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    return AngkatanFactory(
        instansi=world.a,
        start_date=today - day,
        end_date=today + day,
        registration_opens=today - 10 * day,
        registration_closes=today - 2 * day,
        status="running",
    )


@pytest.mark.parametrize(
    "actor, status",
    [("bkpsdm_admin", 200), ("superadmin", 200), ("other_instansi_admin", 404), ("supervisor", 403), ("owner", 403)],
)
def test_bulk_nominate_page_matrix(actor, status, login_actor, client, angkatan):
    login_actor(actor)
    assert client.get(reverse("enrollments:bulk_nominate", args=[angkatan.pk])).status_code == status


def test_bulk_nominate_by_jabatan(world, login_actor, client, angkatan):
    login_actor("bkpsdm_admin")
    url = reverse("enrollments:bulk_nominate", args=[angkatan.pk])
    resp = client.post(url, {"confirm": "on"})
    assert resp.status_code == 422 and "Pilih minimal satu filter" in resp.text
    query = "?" + urlencode({"jabatan": world.staff_jab.name})  # the jabatan filter is typed text
    resp = client.get(url + query)
    assert resp.context["page_obj"].paginator.count == 5  # admin, owner, mate, other, mentor
    resp = client.post(url + query, {})
    assert resp.status_code == 422 and "Centang konfirmasi" in resp.text and not BulkNomination.objects.exists()
    resp = client.post(url + query, {"confirm": "on"})
    job = BulkNomination.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("enrollments:bulk_detail", args=[job.pk])
    assert (job.status, job.enrolled, len(job.skipped)) == ("done", 4, 1)  # the admin is skipped: own nomination
    assert "Pegawai" in client.get(resp.url).text
    login_actor("other_instansi_admin")
    assert client.get(reverse("enrollments:bulk_detail", args=[job.pk])).status_code == 404


def test_waitlist_fill_after_quota_raised(world, login_actor, client):
    angkatan = AngkatanFactory(instansi=world.a, seats_total=1, waitlist_size=5, requires_atasan_approval=False)
    admin = world.users["bkpsdm_admin"]
    for who in ("owner", "other_employee"):
        e = services.enrollment_request(actor=world.users[who], angkatan=angkatan, motivation="Perlu sekali")
        services.enrollment_verify(actor=admin, enrollment=e)
    type(angkatan).objects.filter(pk=angkatan.pk).update(seats_total=3)
    login_actor("other_instansi_admin")
    assert client.post(reverse("enrollments:waitlist_fill", args=[angkatan.pk])).status_code == 404
    assert Enrollment.objects.filter(angkatan=angkatan, status="waitlisted").count() == 1
    login_actor("bkpsdm_admin")
    assert client.post(reverse("enrollments:waitlist_fill", args=[angkatan.pk])).status_code == 302
    assert Enrollment.objects.filter(angkatan=angkatan, status="enrolled").count() == 2


def test_session_code_cross_instansi_and_bad_input(world, login_actor, client, angkatan):
    session = SessionFactory(angkatan=angkatan)
    login_actor("other_instansi_admin")
    assert client.post(reverse("enrollments:session_code", args=[session.pk]), {"valid_hours": 24}).status_code == 404
    assert client.get(reverse("enrollments:session_attendance", args=[session.pk])).status_code == 404
    login_actor("bkpsdm_admin")
    client.post(reverse("enrollments:session_code", args=[session.pk]), {"valid_hours": 0})
    assert not AttendanceCode.objects.exists()
    client.post(reverse("enrollments:session_code", args=[session.pk]), {"valid_hours": 24})
    assert (
        AttendanceCode.objects.get(session=session).code
        in client.get(reverse("enrollments:session_attendance", args=[session.pk])).text
    )


def test_attendance_import_all_or_nothing(world, running, django_capture_on_commit_callbacks):
    angkatan = running
    session = SessionFactory(angkatan=angkatan)
    e = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    good = {"sesi": str(session.pk), "nip": world.owner_pegawai.nip_display, "hadir": "ya"}
    outsider = {"sesi": str(session.pk), "nip": world.other_pegawai.nip, "hadir": "ya"}
    with django_capture_on_commit_callbacks(execute=True):
        bad = import_job_create(
            actor=world.users["bkpsdm_admin"],
            instansi_id=world.a.pk,
            kind="presensi",
            upload=fb.upload(
                "hadir.xlsx", fb.xlsx_bytes(fb.table("presensi", [good, outsider, {**good, "hadir": "mungkin"}]))
            ),
        )
    bad = ImportJob.objects.get(pk=bad.pk)
    assert bad.status == ImportStatus.REJECTED and not AttendanceRecord.objects.exists()
    assert {err["row"] for err in bad.errors} == {3, 4}
    with django_capture_on_commit_callbacks(execute=True):
        ok = import_job_create(
            actor=world.users["bkpsdm_admin"],
            instansi_id=world.a.pk,
            kind="presensi",
            upload=fb.upload("hadir.csv", fb.csv_bytes(fb.table("presensi", [good]))),
        )
    assert ImportJob.objects.get(pk=ok.pk).status == ImportStatus.SUCCEEDED
    record = AttendanceRecord.objects.get(enrollment=e, session=session)
    assert record.present and record.method == "import"


def _import(world, name, rows):
    return import_job_create(
        actor=world.users["bkpsdm_admin"],
        instansi_id=world.a.pk,
        kind="presensi",
        upload=fb.upload(name, fb.csv_bytes(fb.table("presensi", rows))),
    )


@pytest.mark.parametrize("word, present", [("yes", True), ("present", True), ("no", False), ("absent", False)])
def test_attendance_import_reads_english_words(world, running, django_capture_on_commit_callbacks, word, present):
    session = SessionFactory(angkatan=running)
    e = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=running, status="enrolled")
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(world, "h.csv", [{"sesi": str(session.pk), "nip": world.owner_pegawai.nip, "hadir": word}])
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.SUCCEEDED
    assert AttendanceRecord.objects.get(enrollment=e, session=session).present is present


def test_attendance_import_refuses_a_session_not_started(world, angkatan, django_capture_on_commit_callbacks):
    session = SessionFactory(angkatan=angkatan)  # the batch starts in a month
    Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(world, "h.csv", [{"sesi": str(session.pk), "nip": world.owner_pegawai.nip, "hadir": "ya"}])
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportStatus.REJECTED and job.errors[0]["message"] == "Sesi ini belum dimulai."
    assert not AttendanceRecord.objects.exists()


def test_attendance_import_refuses_other_instansi_session(world, angkatan_b, django_capture_on_commit_callbacks):
    session = SessionFactory(angkatan=angkatan_b)
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(world, "h.csv", [{"sesi": str(session.pk), "nip": "1", "hadir": "ya"}])
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportStatus.REJECTED and job.errors[0]["message"] == "Sesi tidak dikenal di instansi ini."


def test_notifications_list_and_mark_read(world, login_actor, client, angkatan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_request(actor=world.users["owner"], angkatan=angkatan, motivation="Perlu sekali")
    login_actor("supervisor")
    resp = client.get(reverse("enrollments:notifications"))
    assert world.owner_pegawai.name in resp.text
    assert client.post(reverse("enrollments:notifications")).status_code == 302
    assert not Notification.objects.filter(recipient=world.users["supervisor"], read_at__isnull=True).exists()
    login_actor("other_employee")
    assert world.owner_pegawai.name not in client.get(reverse("enrollments:notifications")).text


def test_revocation_rerenders_pdf(world, django_capture_on_commit_callbacks):
    start = timezone.localdate() - datetime.timedelta(days=1)
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    e = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    admin = world.users["bkpsdm_admin"]
    services.angkatan_complete(actor=admin, angkatan=angkatan)
    with django_capture_on_commit_callbacks(execute=True):
        cert = services.certificate_issue(actor=admin, enrollment=Enrollment.objects.get(pk=e.pk))
    cert.refresh_from_db()
    first = cert.pdf.name
    assert first
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(actor=admin, certificate=cert, reason="Nama salah")
    cert.refresh_from_db()
    assert cert.pdf.name and cert.pdf.name != first and cert.revoked_reason == "Nama salah"


def test_admin_attendance_on_a_session_not_started_is_refused(world, login_actor, client, angkatan):
    session = SessionFactory(angkatan=angkatan)  # the batch starts in a month
    e = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    login_actor("bkpsdm_admin")
    url = reverse("enrollments:session_attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"present": [str(e.pk)]})
    assert resp.status_code == 422 and "Sesi ini belum dimulai." in resp.text
    assert not AttendanceRecord.objects.exists()
    with pytest.raises(AttendanceError):
        services.attendance_save(actor=world.users["bkpsdm_admin"], session=session, present_ids={e.pk})


def test_admin_attendance_on_the_session_day_is_saved(world, login_actor, client, running):
    session = SessionFactory(angkatan=running, date=timezone.localdate())
    e = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=running, status="enrolled")
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:session_attendance", args=[session.pk]), {"present": [str(e.pk)]})
    assert resp.status_code == 302
    assert AttendanceRecord.objects.get(enrollment=e, session=session).present


@pytest.mark.parametrize("status", ["planned", "cancelled"])
def test_request_page_of_an_unannounced_batch_is_404_for_a_pegawai(status, world, login_actor, client):
    """One door with the catalog: what the catalog hides, the request page hides too (issue 22)."""
    from apps.catalog.models import Angkatan
    from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory

    angkatan = AngkatanFactory(program=ProgramFactory(instansi=world.a))
    Angkatan.objects.filter(pk=angkatan.pk).update(status=status)
    login_actor("owner")
    assert client.get(reverse("enrollments:request", args=[angkatan.pk])).status_code == 404
    login_actor("bkpsdm_admin")
    assert client.get(reverse("enrollments:request", args=[angkatan.pk])).status_code == 200
