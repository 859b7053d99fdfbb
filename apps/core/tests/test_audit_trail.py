"""The audit trail records who changed what, before → after, and from which request (issue 24): one test per
area (pegawai, assessments, plans and IDP, enrolments, the JP ledger, certificates), plus the request id."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import SAFE_REQUEST_ID, snapshot
from apps.core.models import AuditEvent
from apps.enrollments import services as enrollment_services
from apps.enrollments.models import Enrollment, EnrollmentStatus
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory
from apps.needs import services as needs_services
from apps.needs.models import DevelopmentPlan, IdpStatus, IndividualDevelopmentPlan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def skj(world):
    """The staff jabatan requires the nine national competencies at level 3 (as in apps/needs/tests)."""
    from apps.competencies.models import MANDATORY_CODES, Kompetensi, SKJItem

    national = {k.code: k for k in Kompetensi.objects.filter(instansi=None, code__in=MANDATORY_CODES)}
    for code in MANDATORY_CODES:
        SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=national[code], required_level=3)
    return national


@pytest.fixture
def worked_levels(skj):
    return {kompetensi.pk: 4 if code == "M.05" else 3 for code, kompetensi in skj.items()}


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_pegawai_change_records_before_and_after_even_when_a_form_changed_the_instance(world):
    """A ModelForm's is_valid() has already written the new values into the instance: the service still
    records the stored values as 'before'."""
    from apps.employees.services import pegawai_save

    admin, pegawai = world.users["bkpsdm_admin"], world.owner_pegawai
    old_name = pegawai.name
    pegawai.name = "Nama Baru"  # what construct_instance does before the service runs
    pegawai_save(actor=admin, instansi_id=world.a.pk, pegawai=pegawai, name="Nama Baru", unit_kerja=world.unit_a)
    event = _last("pegawai.update")
    assert event.changes["name"] == [old_name, "Nama Baru"]
    assert "unit_kerja" not in event.changes  # unchanged fields are left out
    assert event.actor == admin and event.instansi_id == world.a.pk
    assert event.object_type == "employees.pegawai" and event.object_id == str(pegawai.pk)


def test_pegawai_atasan_change_shows_the_names(world):
    from apps.employees.services import pegawai_save

    admin, pegawai = world.users["bkpsdm_admin"], world.mate_pegawai
    pegawai_save(actor=admin, instansi_id=world.a.pk, pegawai=pegawai, atasan=world.other_pegawai)
    before, after = _last("pegawai.update").changes["atasan"]
    assert (before, after) == (str(world.supervisor_pegawai), str(world.other_pegawai))


def test_assessment_records_its_values_and_levels(world, worked_levels, skj):
    owner = world.users["owner"]
    assessment = needs_services.assessment_record(
        actor=owner, pegawai=world.owner_pegawai, method="self", levels=worked_levels
    )
    event = _last("assessment.self")
    assert event.changes["jpm_percent"] == [None, str(assessment.jpm_percent)]
    assert event.changes["assessed_on"] == [None, TODAY.isoformat()]
    assert event.changes[f"level: {skj['M.05'].name}"] == [None, 4]


def test_plan_update_records_the_changed_title_and_ceiling(world):
    admin = world.users["bkpsdm_admin"]
    plan = DevelopmentPlan.objects.create(instansi=world.a, year=TODAY.year, title="RPK lama", ceiling_idr=1_000)
    needs_services.plan_update(actor=admin, plan=plan, title="RPK baru", ceiling_idr=2_000, note="")
    changes = _last("plan.update").changes
    assert changes["title"] == ["RPK lama", "RPK baru"]
    assert changes["ceiling_idr"] == [1_000, 2_000]
    assert "note" not in changes


def test_idp_status_move_is_audited_by_the_state_machine(world, skj):
    from apps.competencies.models import Kompetensi

    owner = world.users["owner"]
    idp = IndividualDevelopmentPlan.objects.create(instansi=world.a, pegawai=world.owner_pegawai, year=TODAY.year)
    goal = needs_services.idp_goal_add(
        actor=owner, idp=idp, kompetensi=Kompetensi.objects.get(instansi=None, code="M.03"), description="Komunikasi"
    )
    assert _last("idp.goal_add").changes["goal.description"] == [None, "Komunikasi"]
    needs_services.idp_activity_add(
        actor=owner, idp=idp, goal=goal, form="coaching", title="Coaching", target_date=TODAY
    )
    needs_services.idp_submit(actor=owner, idp=idp)
    event = _last("idp.submit")
    assert event.changes["status"] == [str(IdpStatus.DRAFT.label), str(IdpStatus.SUBMITTED.label)]
    assert AuditEvent.objects.filter(action="idp.submit").count() == 1


@pytest.fixture
def completed(world):
    """An angkatan that ended two days ago, attended and completed by the owner."""
    admin = world.users["bkpsdm_admin"]
    start = TODAY - datetime.timedelta(days=2)
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    enrollment = Enrollment.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled"
    )
    enrollment_services.attendance_save(actor=admin, session=session, present_ids={enrollment.pk})
    enrollment_services.angkatan_complete(actor=admin, angkatan=angkatan)
    enrollment.refresh_from_db()
    return enrollment


def test_enrolment_attendance_and_completion_record_before_and_after(world, completed):
    attendance = _last("attendance.save")
    assert attendance.changes == {f"hadir: {world.owner_pegawai.name} (#{completed.pk})": [None, True]}
    move = _last("enrollment.complete")
    assert move.object_id == str(completed.pk)
    assert move.changes["status"] == [str(EnrollmentStatus.ENROLLED.label), str(EnrollmentStatus.COMPLETED.label)]
    assert move.changes["completed_on"] == [None, completed.completed_on.isoformat()]
    assert move.changes["attendance_percent"][1] == 100


def test_jp_ledger_credit_and_reversal_are_recorded(world, completed):
    credit = _last("jp.credit")
    assert credit.changes["jp"] == [None, 24]
    assert credit.changes["pegawai"] == [None, str(world.owner_pegawai)]
    certificate = enrollment_services.certificate_issue(actor=world.users["bkpsdm_admin"], enrollment=completed)
    enrollment_services.certificate_revoke(actor=world.users["bkpsdm_admin"], certificate=certificate, reason="Salah")
    assert _last("jp.reverse").changes["jp"] == [None, -24]


def test_certificate_issue_and_revoke_record_before_and_after(world, completed):
    admin = world.users["bkpsdm_admin"]
    certificate = enrollment_services.certificate_issue(actor=admin, enrollment=completed)
    assert _last("certificate.issue").changes["number"] == [None, certificate.number]
    enrollment_services.certificate_revoke(actor=admin, certificate=certificate, reason="Data salah")
    changes = _last("certificate.revoke").changes
    assert changes["revoked_reason"] == ["", "Data salah"]
    assert changes["revoked_by"] == [None, str(admin)]
    assert "verification_code" not in _last("certificate.issue").changes  # a bearer code stays out of the log


def test_secrets_never_reach_a_snapshot(world):
    user = world.users["owner"]
    assert "password" not in snapshot(user)


def test_request_id_is_recorded_and_echoed(client, world):
    client.force_login(world.users["bkpsdm_admin"])
    resp = client.post(
        reverse("needs:plan_create"),
        {"year": TODAY.year, "title": "RPK", "ceiling_idr": 5_000_000},
        headers={"X-Request-ID": "proxy-abc-12345"},
    )
    assert resp.status_code == 302
    assert resp["X-Request-ID"] == "proxy-abc-12345"
    event = _last("plan.create")
    assert event.request_id == "proxy-abc-12345"
    assert event.ip_address == "127.0.0.1"
    assert event.changes["title"] == [None, "RPK"]


@pytest.mark.parametrize("incoming", ["", "short", "has space in it", "x" * 65, "abc\r\nSet-Cookie: a=b"])
def test_unsafe_or_missing_request_id_is_replaced(client, world, incoming):
    client.force_login(world.users["bkpsdm_admin"])
    headers = {"X-Request-ID": incoming} if incoming and "\n" not in incoming else {}
    resp = client.get(reverse("core:audit_list"), headers=headers)
    assert resp["X-Request-ID"] != incoming
    assert SAFE_REQUEST_ID.match(resp["X-Request-ID"]) and len(resp["X-Request-ID"]) == 32


def test_celery_task_records_its_task_id(world):
    from celery import shared_task

    from apps.core.services import audit_log

    @shared_task(name="apps.core.tests.audit_probe")
    def probe():
        audit_log(actor=None, action="test.probe", instansi_id=world.a.pk)

    probe.apply(task_id="t-123")
    assert _last("test.probe").request_id == "task:t-123"


def test_enrolment_request_and_approval_are_recorded(world):
    angkatan = AngkatanFactory(instansi=world.a, seats_total=10)
    enrollment = enrollment_services.enrollment_request(
        actor=world.users["owner"], angkatan=angkatan, motivation="Butuh untuk tugas"
    )
    created = _last("enrollment.request")
    assert created.changes["status"] == [None, str(EnrollmentStatus.REQUESTED.label)]
    assert created.changes["angkatan"] == [None, str(angkatan)]
    assert created.changes["motivation"] == [None, "Butuh untuk tugas"]
    enrollment_services.enrollment_approve(actor=world.users["supervisor"], enrollment=enrollment, note="ok")
    approved = _last("enrollment.approve")
    assert approved.actor == world.users["supervisor"] and approved.data == {"note": "ok"}
    assert approved.changes["status"] == [str(EnrollmentStatus.REQUESTED.label), str(EnrollmentStatus.APPROVED.label)]
