"""The enrolment workflow through its services: every move, who may make it, and what it writes."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from apps.catalog.models import JPConversionRule
from apps.core.exceptions import InvalidTransition
from apps.enrollments import services
from apps.enrollments.errors import (
    DuplicateCredit,
    DuplicateRequest,
    NotEligible,
    NotYourAtasan,
    OverlapBlocked,
    OwnRequest,
    PPPKLimit,
    ReasonRequired,
    RegistrationClosed,
    SeatsFull,
    TooLate,
)
from apps.enrollments.models import Enrollment, EnrollmentEvent, JPLedgerEntry, Notification
from apps.enrollments.tests.factories import AngkatanFactory, ProgramFactory, SessionFactory
from apps.enrollments.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db


def request(world, angkatan, who="owner"):
    return services.enrollment_request(actor=world.users[who], angkatan=angkatan, motivation="Butuh untuk tugas")


def test_request_approve_verify_happy_path(world, angkatan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        e = request(world, angkatan)
    assert e.status == "requested" and e.instansi_id == world.a.pk
    assert Notification.objects.filter(recipient=world.users["supervisor"]).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        e = services.enrollment_approve(actor=world.users["supervisor"], enrollment=e, note="ok")
    assert e.status == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        e = services.enrollment_verify(actor=world.users["bkpsdm_admin"], enrollment=e)
    assert e.status == "enrolled"
    angkatan.refresh_from_db()
    assert angkatan.seats_taken == 1
    actions = list(EnrollmentEvent.objects.filter(enrollment=e).order_by("id").values_list("action", flat=True))
    assert actions == ["request", "approve", "enrol"]
    assert all(EnrollmentEvent.objects.filter(enrollment=e).values_list("notified_at", flat=True))
    owner_notes = Notification.objects.filter(recipient=world.users["owner"]).values_list("title", flat=True)
    assert len(owner_notes) == 2 and any("terdaftar" in t for t in owner_notes)
    assert len(mail.outbox) == 3


def test_notice_task_is_idempotent(world, angkatan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        e = request(world, angkatan)
    event = EnrollmentEvent.objects.get(enrollment=e)
    assert services.enrollment_notice_send(event_id=event.pk) == 0  # already sent
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    note = Notification.objects.get()
    assert services.notification_email_send(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_batch_without_approval_skips_atasan(world):
    angkatan = AngkatanFactory(instansi=world.a, requires_atasan_approval=False)
    e = request(world, angkatan)
    assert e.status == "approved"
    assert list(e.events.order_by("id").values_list("action", flat=True)) == ["request", "skip_approval"]


def test_only_current_atasan_approves(world, angkatan):
    e = request(world, angkatan)
    for other in ("other_employee", "bkpsdm_admin", "mentor"):
        with pytest.raises(NotYourAtasan):
            services.enrollment_approve(actor=world.users[other], enrollment=e)
    # the atasan changes: the former one may no longer approve
    world.owner_pegawai.atasan = world.other_pegawai
    world.owner_pegawai.save()
    e.refresh_from_db()
    with pytest.raises(NotYourAtasan):
        services.enrollment_approve(actor=world.users["supervisor"], enrollment=e)
    assert services.enrollment_approve(actor=world.users["other_employee"], enrollment=e).status == "approved"


def test_nobody_approves_or_verifies_own_request(world, angkatan):
    admin = world.users["bkpsdm_admin"]
    world.admin_pegawai.atasan = world.admin_pegawai.atasan  # admin has no atasan: request goes to BKPSDM
    e = request(world, angkatan, who="bkpsdm_admin")
    assert e.status == "approved"
    with pytest.raises(OwnRequest):
        services.enrollment_verify(actor=admin, enrollment=e)
    with pytest.raises(OwnRequest):
        services.enrollment_reject(actor=admin, enrollment=e, reason="x")
    e.refresh_from_db()
    assert e.status == "approved"


def test_one_active_request_per_batch(world, angkatan):
    e = request(world, angkatan)
    with pytest.raises(DuplicateRequest):
        request(world, angkatan)
    services.enrollment_cancel(actor=world.users["owner"], enrollment=e)
    assert request(world, angkatan).status == "requested"  # cancelled ones do not block


def test_reject_needs_reason_and_records_it(world, angkatan):
    e = request(world, angkatan)
    with pytest.raises(ReasonRequired):
        services.enrollment_reject(actor=world.users["supervisor"], enrollment=e, reason="  ")
    e = services.enrollment_reject(actor=world.users["supervisor"], enrollment=e, reason="Beban kerja tinggi")
    assert e.status == "rejected"
    assert e.events.get(action="reject").note == "Beban kerja tinggi"


def test_invalid_moves_refused(world, angkatan):
    e = request(world, angkatan)
    with pytest.raises(InvalidTransition):
        services.enrollment_verify(actor=world.users["bkpsdm_admin"], enrollment=e)  # not yet approved
    services.enrollment_reject(actor=world.users["supervisor"], enrollment=e, reason="tidak")
    e.refresh_from_db()
    with pytest.raises(InvalidTransition):
        services.enrollment_approve(actor=world.users["supervisor"], enrollment=e)


def test_transition_table_has_no_dead_ends():
    targets = {t for t, _roles in TRANSITIONS.values()}
    sources = {s for s, _a in TRANSITIONS}
    assert targets - sources == {"rejected", "cancelled", "completed"}


def test_eligibility_checked_at_request_and_verification(world):
    program = ProgramFactory(instansi=world.a, eligible_employment_types=",pppk,")
    angkatan = AngkatanFactory(instansi=world.a, program=program)
    with pytest.raises(NotEligible):
        request(world, angkatan)
    program.eligible_employment_types = ""
    program.save()
    e = services.enrollment_approve(actor=world.users["supervisor"], enrollment=request(world, angkatan))
    program.eligible_jenis_jabatan = ",struktural_lain,"
    program.save()
    with pytest.raises(NotEligible):
        services.enrollment_verify(actor=world.users["bkpsdm_admin"], enrollment=e)


def test_registration_window(world):
    closed = AngkatanFactory(instansi=world.a, registration_closes=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(RegistrationClosed):
        request(world, closed)
    planned = AngkatanFactory(instansi=world.a, status="planned")
    with pytest.raises(RegistrationClosed):
        request(world, planned)


def test_pppk_ceiling_needs_override_with_reason(world):
    p = world.owner_pegawai
    p.employment_type, p.golongan, p.nip, p.tmt = "pppk", "IX", "199104222023211015", datetime.date(2023, 1, 2)
    p.save()
    angkatan = AngkatanFactory(instansi=world.a, program=ProgramFactory(instansi=world.a, learning_hours=30))
    e = request(world, angkatan)
    assert e.jp_override_required and any("24" in w for w in e.warnings)
    e = services.enrollment_approve(actor=world.users["supervisor"], enrollment=e)
    with pytest.raises(PPPKLimit):
        services.enrollment_verify(actor=world.users["bkpsdm_admin"], enrollment=e)
    e = services.enrollment_verify(actor=world.users["bkpsdm_admin"], enrollment=e, override_reason="Tugas khusus")
    assert (
        e.status == "enrolled" and e.override_reason == "Tugas khusus" and e.override_by == world.users["bkpsdm_admin"]
    )


def test_overlap_warns_at_request_and_blocks_seat(world):
    first = AngkatanFactory(instansi=world.a, requires_atasan_approval=False)
    second = AngkatanFactory(instansi=world.a, requires_atasan_approval=False, start_date=first.start_date)
    admin = world.users["bkpsdm_admin"]
    services.enrollment_verify(actor=admin, enrollment=request(world, first))
    e = request(world, second)
    assert e.overlap_warning and e.warnings
    with pytest.raises(OverlapBlocked):
        services.enrollment_verify(actor=admin, enrollment=e)


def test_full_batch_waitlists_then_promotes_on_cancel(world, django_capture_on_commit_callbacks):
    angkatan = AngkatanFactory(instansi=world.a, seats_total=1, waitlist_size=1, requires_atasan_approval=False)
    admin = world.users["bkpsdm_admin"]
    first = services.enrollment_verify(actor=admin, enrollment=request(world, angkatan, "owner"))
    second = services.enrollment_verify(actor=admin, enrollment=request(world, angkatan, "other_employee"))
    assert (first.status, second.status) == ("enrolled", "waitlisted")
    with pytest.raises(SeatsFull):
        services.enrollment_verify(actor=admin, enrollment=request(world, angkatan, "mentor"))
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.enrollment_cancel(actor=world.users["owner"], enrollment=first)
    assert cancelled.status == "cancelled" and [p.pk for p in cancelled.promoted] == [second.pk]
    second.refresh_from_db()
    angkatan.refresh_from_db()
    assert second.status == "enrolled" and angkatan.seats_taken == 1
    assert Notification.objects.filter(recipient=world.users["other_employee"], title__icontains="Kursi").exists()


def test_pegawai_cannot_cancel_after_start(world):
    angkatan = AngkatanFactory(instansi=world.a, requires_atasan_approval=False)
    e = services.enrollment_verify(actor=world.users["bkpsdm_admin"], enrollment=request(world, angkatan))
    Enrollment.objects.filter(pk=e.pk)  # noqa: B018
    angkatan.start_date = timezone.localdate()
    angkatan.end_date = timezone.localdate() + datetime.timedelta(days=1)
    angkatan.save()
    e.refresh_from_db()
    with pytest.raises(TooLate):
        services.enrollment_cancel(actor=world.users["owner"], enrollment=e)
    assert services.enrollment_cancel(actor=world.users["bkpsdm_admin"], enrollment=e).status == "cancelled"


def test_atasan_nominates_only_team(world, angkatan):
    e = services.enrollment_nominate(actor=world.users["supervisor"], angkatan=angkatan, pegawai=world.owner_pegawai)
    assert e.status == "approved" and e.nominated_by == world.users["supervisor"]
    with pytest.raises(NotYourAtasan):
        services.enrollment_nominate(actor=world.users["supervisor"], angkatan=angkatan, pegawai=world.other_pegawai)


def test_admin_nomination_verifies_at_once(world, angkatan):
    e = services.enrollment_nominate(actor=world.users["bkpsdm_admin"], angkatan=angkatan, pegawai=world.other_pegawai)
    assert e.status == "enrolled"
    with pytest.raises(OwnRequest):
        services.enrollment_nominate(actor=world.users["bkpsdm_admin"], angkatan=angkatan, pegawai=world.admin_pegawai)


def test_completion_books_jp_once_and_certificate_numbers(world, django_capture_on_commit_callbacks):
    start = timezone.localdate() - datetime.timedelta(days=3)
    angkatan = AngkatanFactory(
        instansi=world.a, start_date=start, end_date=start + datetime.timedelta(days=1), status="running"
    )
    s1, s2 = SessionFactory(angkatan=angkatan), SessionFactory(angkatan=angkatan, date=angkatan.end_date)
    admin = world.users["bkpsdm_admin"]
    JPConversionRule.objects.get_or_create(  # reference data (a flushed test database may lack the seed)
        instansi=None,
        form="teknis",
        effective_from=datetime.date(2020, 1, 1),
        defaults={"unit": "program", "source": "uji"},
    )
    a = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    b = Enrollment.objects.create(instansi=world.a, pegawai=world.mate_pegawai, angkatan=angkatan, status="enrolled")
    c = Enrollment.objects.create(instansi=world.a, pegawai=world.other_pegawai, angkatan=angkatan, status="enrolled")
    services.attendance_save(actor=admin, session=s1, present_ids={a.pk, b.pk, c.pk})
    services.attendance_save(actor=admin, session=s2, present_ids={a.pk, c.pk})
    counts = services.angkatan_complete(actor=admin, angkatan=angkatan, scores={a.pk: 85, c.pk: 60})
    assert counts == {"completed": 1, "not_completed": 2}
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.status, b.status, c.status) == ("completed", "not_completed", "not_completed")
    assert (a.attendance_percent, b.attendance_percent) == (100, 50)
    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai)
    assert entry.jp == 24 and entry.year == angkatan.end_date.year and entry.conversion_rule is not None
    assert entry.credited_on == angkatan.end_date
    with pytest.raises(DuplicateCredit):
        services.ledger_credit(
            actor=admin,
            pegawai=world.owner_pegawai,
            jp_amount=24,
            credited_on=entry.credited_on,
            source_type="enrollment",
            source_ref=entry.source_ref,
            title="x",
        )
    # late score: the second run completes c and does not re-credit a
    services.angkatan_complete(actor=admin, angkatan=angkatan, scores={c.pk: 75})
    assert JPLedgerEntry.objects.filter(pegawai__in=[world.owner_pegawai, world.other_pegawai]).count() == 2
    with django_capture_on_commit_callbacks(execute=False):
        cert = services.certificate_issue(actor=admin, enrollment=a)
        cert2 = services.certificate_issue(actor=admin, enrollment=Enrollment.objects.get(pk=c.pk))
    year = timezone.localdate().year
    assert cert.number == f"0001/STTPP/KOTA-A/{year}" and cert2.sequence == 2
    assert len(cert.verification_code) == 16 and cert.verification_code != cert2.verification_code
    revoked = services.certificate_revoke(actor=admin, certificate=cert, reason="Data keliru")
    assert revoked.is_revoked


def test_attendance_code_once_per_participant(world):
    start = timezone.localdate()
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    code = services.attendance_code_create(actor=world.users["bkpsdm_admin"], session=session)
    assert len(code.code) == 6
    record = services.attendance_code_enter(actor=world.users["owner"], code=code.code.lower())
    assert record.present and record.method == "code"
    from apps.enrollments.errors import AttendanceError

    with pytest.raises(AttendanceError):
        services.attendance_code_enter(actor=world.users["owner"], code=code.code)
    with pytest.raises(AttendanceError):
        services.attendance_code_enter(actor=world.users["other_employee"], code=code.code)
    with pytest.raises(AttendanceError):
        services.attendance_code_enter(actor=world.users["owner"], code="ZZZZZZ")


def test_daily_digest_once_per_day_and_reminders_once(world, django_capture_on_commit_callbacks):
    from django_celery_beat.models import PeriodicTask

    angkatan = AngkatanFactory(instansi=world.a, start_date=timezone.localdate() + datetime.timedelta(days=2))
    request(world, angkatan)
    services.enrollment_nominate(actor=world.users["bkpsdm_admin"], angkatan=angkatan, pegawai=world.other_pegawai)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.atasan_digest_send() == 1
        services.atasan_digest_send()
    digest = Notification.objects.filter(recipient=world.users["supervisor"], dedupe_key__startswith="digest:")
    assert digest.count() == 1 and digest.get().title.startswith("1 permintaan")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.batch_reminders_send() == 1
        assert services.batch_reminders_send() == 0
    assert (
        Notification.objects.filter(recipient=world.users["other_employee"], title__startswith="Pengingat").count() == 1
    )
    import importlib

    from django.apps import apps as django_apps

    # the data migration's function (a transactional test elsewhere may have flushed its rows)
    importlib.import_module("apps.enrollments.migrations.0002_periodic_tasks").Migration.operations[0].code(
        django_apps, None
    )
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"apps.enrollments.tasks.send_atasan_digests", "apps.enrollments.tasks.send_batch_reminders"} <= tasks


def test_bulk_nomination_runs_and_reports_skips(world, angkatan, django_capture_on_commit_callbacks):
    from apps.enrollments.models import BulkNomination

    ids = [world.owner_pegawai.pk, world.mate_pegawai.pk, world.admin_pegawai.pk, world.pegawai_b.pk]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.bulk_nominate_start(actor=world.users["bkpsdm_admin"], angkatan=angkatan, pegawai_ids=ids)
    job = BulkNomination.objects.get(pk=job.pk)
    assert job.status == "done" and job.total == 3  # the other instansi's pegawai is not even counted
    assert job.enrolled == 2 and len(job.skipped) == 1  # the admin cannot nominate themself
    again = services.bulk_nominate_start(actor=world.users["bkpsdm_admin"], angkatan=angkatan, pegawai_ids=ids[:2])
    assert again.enrolled == 0 and len(again.skipped) == 2  # already enrolled: duplicates, not twice
