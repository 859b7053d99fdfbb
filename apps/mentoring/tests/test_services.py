"""Services: JP crediting within the monthly cap (rules 14–17), bad input refused with nothing saved,
capacity and one-open-pair rules, reassignment with event rows, project workflow."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from apps.core.exceptions import InvalidTransition
from apps.enrollments.models import JPLedgerEntry
from apps.mentoring import services
from apps.mentoring.errors import (
    DurationNotPositive,
    MenteeAlreadyPaired,
    MentorAtCapacity,
    NotAllowed,
    NotEligibleMentee,
    OverMonthlyCap,
    SessionInFuture,
)
from apps.mentoring.models import MentoringPair, MentoringSession, PairEvent, ProjectEvent
from apps.mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ProgramFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _today(world):
    return services.local_today(world.a)


def _log(world, pair, day, minutes=60):
    return services.session_log(actor=world.users["mentor"], pair=pair, date=day, duration_minutes=minutes, topic="RKA")


def test_confirmed_session_credits_jp_through_ledger_with_rule_version(world, pair):
    day = _today(world) - datetime.timedelta(days=1)
    session, warning = _log(world, pair, day)
    assert warning == ""
    confirmed = services.session_confirm(actor=world.users["owner"], session=session, rating=5, comment="Jelas")
    assert confirmed.jp_credited == 2
    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai, source_ref=f"mentoring-session:{session.pk}")
    assert entry.jp == 2
    assert entry.conversion_rule_id == pair.program.jp_rule_id
    assert entry.source_type == "mentoring"
    assert entry.year == day.year and entry.credited_on == day


def test_third_session_in_a_month_is_logged_but_earns_no_jp(world, pair):
    today = _today(world)
    day = today.replace(day=1) if today.day > 3 else (today.replace(day=1) - datetime.timedelta(days=20))
    sessions = []
    for i in range(3):
        session, warning = _log(world, pair, day + datetime.timedelta(days=i % 2))
        sessions.append((session, warning))
    assert sessions[0][1] == "" and sessions[1][1] == ""
    assert "Batas 2 sesi per pasangan per bulan" in sessions[2][1]
    results = [services.session_confirm(actor=world.users["owner"], session=s) for s, _w in sessions]
    assert [r.jp_credited for r in results] == [2, 2, 0]
    assert "tidak menambah JP" in results[2].jp_note
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == 2
    assert MentoringSession.objects.filter(pair=pair).count() == 3


def test_cap_comes_from_the_conversion_table_not_code(world, pair):
    rule = pair.program.jp_rule
    rule.cap_units = 1
    rule.jp_per_unit = 3
    rule.save()
    day = _today(world) - datetime.timedelta(days=1)
    first, _ = _log(world, pair, day)
    second, warning = _log(world, pair, day)
    assert "Batas 1 sesi" in warning
    assert services.session_confirm(actor=world.users["owner"], session=first).jp_credited == 3
    assert services.session_confirm(actor=world.users["owner"], session=second).jp_credited == 0


@pytest.mark.parametrize(
    "shift, minutes, error, message",
    [
        (1, 60, SessionInFuture, "masa depan"),
        (-1, 0, DurationNotPositive, "lebih dari 0"),
        (-1, -5, DurationNotPositive, "lebih dari 0"),
    ],
)
def test_bad_session_input_is_refused_and_nothing_saved(world, pair, shift, minutes, error, message):
    with pytest.raises(error, match=message):
        _log(world, pair, _today(world) + datetime.timedelta(days=shift), minutes)
    assert not MentoringSession.objects.exists()


def test_only_the_mentor_logs_and_only_the_mentee_confirms(world, pair):
    day = _today(world) - datetime.timedelta(days=1)
    with pytest.raises(NotAllowed):
        services.session_log(actor=world.users["owner"], pair=pair, date=day, duration_minutes=30, topic="x")
    session, _ = _log(world, pair, day)
    for actor in ("mentor", "supervisor", "bkpsdm_admin"):
        with pytest.raises(NotAllowed):
            services.session_confirm(actor=world.users[actor], session=session)
    assert not JPLedgerEntry.objects.exists()


def test_confirming_twice_credits_once(world, pair):
    session, _ = _log(world, pair, _today(world) - datetime.timedelta(days=1))
    services.session_confirm(actor=world.users["owner"], session=session)
    with pytest.raises(services.MentoringError):
        services.session_confirm(actor=world.users["owner"], session=session)
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == 1


def test_programme_plan_over_the_monthly_cap_is_refused(world, jp_rules, kompetensi):
    admin = world.users["bkpsdm_admin"]
    start = _today(world)
    with pytest.raises(OverMonthlyCap, match="paling banyak 2 sesi"):
        services.program_save(
            actor=admin,
            instansi_id=world.a.pk,
            name="Coaching",
            kind="coaching",
            start_date=start,
            end_date=start + datetime.timedelta(days=90),
            goal="x",
            sessions_per_month=4,
            status="active",
        )
    program = services.program_save(
        actor=admin,
        instansi_id=world.a.pk,
        target_competencies=kompetensi,
        name="Coaching",
        kind="coaching",
        start_date=start,
        end_date=start + datetime.timedelta(days=90),
        goal="x",
        sessions_per_month=2,
        status="active",
    )
    assert program.jp_rule == jp_rules["coaching"]
    assert set(program.target_competencies.all()) == set(kompetensi)


def test_mentor_at_capacity_and_mentee_paired_twice(world, program):
    admin = world.users["bkpsdm_admin"]
    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai, capacity=1)
    owner = MenteeFactory(program=program, pegawai=world.owner_pegawai)
    mate = MenteeFactory(program=program, pegawai=world.mate_pegawai)
    pair = services.pair_match(actor=admin, program=program, mentor=mentor, mentee=owner)
    assert pair.status == "active" and pair.started_on == _today(world)
    assert list(PairEvent.objects.filter(pair=pair).values_list("action", flat=True).order_by("id")) == [
        "propose",
        "confirm",
    ]
    with pytest.raises(MentorAtCapacity, match="kapasitas 1"):
        services.pair_match(actor=admin, program=program, mentor=mentor, mentee=mate)
    other = MentorFactory(program=program, pegawai=world.other_pegawai)
    with pytest.raises(MenteeAlreadyPaired, match="sudah memiliki pasangan aktif"):
        services.pair_match(actor=admin, program=program, mentor=other, mentee=owner)
    assert MentoringPair.objects.filter(program=program).count() == 1


def test_database_backstop_one_open_pair_per_mentee(world, pair):
    other = MentorFactory(program=pair.program, pegawai=world.other_pegawai)
    with pytest.raises(IntegrityError):
        PairFactory(program=pair.program, mentor=other, mentee=pair.mentee, status="proposed")


def test_reassign_ends_old_pair_and_starts_new_one(world, pair):
    new_mentor = MentorFactory(program=pair.program, pegawai=world.other_pegawai)
    new = services.pair_reassign(
        actor=world.users["bkpsdm_admin"], pair=pair, new_mentor=new_mentor, note="Jadwal tidak cocok"
    )
    pair.refresh_from_db()
    assert pair.status == "reassigned" and pair.replaced_by_id == new.pk and pair.end_reason == "Jadwal tidak cocok"
    assert new.status == "active" and new.mentor == new_mentor and new.mentee_id == pair.mentee_id
    assert PairEvent.objects.filter(pair=pair, action="reassign", to_status="reassigned").exists()
    with pytest.raises(InvalidTransition):
        services.pair_end(actor=world.users["bkpsdm_admin"], pair=pair)


def test_non_admin_cannot_move_pairs(world, pair):
    with pytest.raises(NotAllowed):
        services.pair_end(actor=world.users["mentor"], pair=pair)
    with pytest.raises(NotAllowed):
        services.pair_end(actor=world.users["other_instansi_admin"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == "active"


def test_newcomer_must_be_cpns_or_first_year(world, program):
    admin = world.users["bkpsdm_admin"]
    with pytest.raises(NotEligibleMentee, match="bukan pegawai baru"):
        services.mentee_enrol(actor=admin, program=program, pegawai=world.other_pegawai, reason="newcomer")
    world.other_pegawai.tmt = _today(world) - datetime.timedelta(days=100)
    world.other_pegawai.save()
    mentee = services.mentee_enrol(actor=admin, program=program, pegawai=world.other_pegawai, reason="newcomer")
    assert mentee.reason == "newcomer"


def test_notifications_go_out_once_after_commit(world, program, django_capture_on_commit_callbacks, mailoutbox):
    from apps.enrollments.models import Notification

    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai)
    mentee = MenteeFactory(program=program, pegawai=world.owner_pegawai)
    with django_capture_on_commit_callbacks(execute=True):
        pair = services.pair_match(actor=world.users["bkpsdm_admin"], program=program, mentor=mentor, mentee=mentee)
    event = PairEvent.objects.get(pair=pair, action="confirm")
    assert event.notified_at is not None
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {world.users["mentor"].pk, world.users["owner"].pk}
    assert services.pair_event_notify(event_id=event.pk) == 0  # a retried task sends nothing more


def test_stale_pair_reminder_once(world, pair):
    from apps.enrollments.models import Notification

    MentoringPair.objects.filter(pk=pair.pk).update(started_on=_today(world) - datetime.timedelta(days=45))
    assert services.stale_pairs_remind(instansi_id=world.a.pk, today=_today(world)) == 1
    assert services.stale_pairs_remind(instansi_id=world.a.pk, today=_today(world)) == 0
    assert Notification.objects.filter(dedupe_key__startswith="mpair-stale").count() == 2


def test_project_workflow_and_assessment(world, kompetensi):
    project = ProjectFactory(
        pegawai=world.owner_pegawai, supervisor=world.supervisor_pegawai, status="draft", competencies=kompetensi
    )
    with pytest.raises(InvalidTransition):
        services.project_transition(project_id=project.pk, action="start", actor=world.users["owner"])
    services.project_transition(project_id=project.pk, action="start", actor=world.users["supervisor"])
    project.refresh_from_db()
    report = services.project_report_add(actor=world.users["owner"], project=project, progress_percent=50, summary="x")
    assert report.progress_percent == 50
    services.project_transition(project_id=project.pk, action="submit", actor=world.users["owner"])
    project.refresh_from_db()
    assessed = services.project_assess(
        actor=world.users["supervisor"],
        project=project,
        outcome_rating=4,
        outcome_note="Baik",
        evidence=[(kompetensi[0], 3, "Presentasi jelas")],
    )
    assert assessed.status == "assessed" and assessed.outcome_rating == 4
    assert assessed.evidence.get().observed_level == 3
    assert list(ProjectEvent.objects.filter(project=project).order_by("id").values_list("action", flat=True)) == [
        "start",
        "submit",
        "assess",
    ]


def test_only_admin_or_atasan_defines_projects(world, kompetensi):
    today = timezone.localdate()
    common = {
        "kind": "strategic",
        "title": "Pemberdayaan masyarakat",
        "objectives": "x",
        "deliverables": "y",
        "start_date": today,
        "end_date": today + datetime.timedelta(days=30),
    }
    with pytest.raises(NotAllowed):
        services.project_save(
            actor=world.users["mentor"],
            instansi_id=world.a.pk,
            competencies=kompetensi,
            pegawai=world.owner_pegawai,
            supervisor=world.mentor_pegawai,
            **common,
        )
    project = services.project_save(
        actor=world.users["supervisor"],
        instansi_id=world.a.pk,
        competencies=kompetensi,
        pegawai=world.owner_pegawai,
        supervisor=world.mentor_pegawai,
        **common,
    )
    assert project.status == "draft"


def test_program_factory_in_other_instansi_keeps_tenant(world, jp_rules):
    program = ProgramFactory(instansi=world.b)
    assert MentorFactory(program=program, pegawai=world.pegawai_b).instansi == world.b


def _skj(world, kompetensi, levels):
    from apps.competencies.models import SKJItem

    for k, level in zip(kompetensi, levels, strict=True):
        SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=k, required_level=level)


def test_supervisor_evidence_updates_the_assessment_through_needs(world, kompetensi):
    from apps.needs.models import Assessment

    _skj(world, kompetensi, [3, 3])
    project = ProjectFactory(
        pegawai=world.owner_pegawai, supervisor=world.supervisor_pegawai, status="submitted", competencies=kompetensi
    )
    services.project_assess(
        actor=world.users["supervisor"],
        project=project,
        outcome_rating=5,
        outcome_note="Tuntas",
        evidence=[(kompetensi[0], 4, "Memimpin rapat evaluasi")],
        update_assessment=True,
    )
    assessment = Assessment.objects.get(pegawai=world.owner_pegawai)
    assert assessment.method == "atasan"
    assert assessment.scores.get(kompetensi=kompetensi[0]).actual_level == 4
    assert project.evidence.get().applied_ref == f"needs.assessment:{assessment.pk}"


def test_only_the_atasan_can_push_evidence_into_the_assessment(world, kompetensi):
    from apps.needs.models import Assessment

    _skj(world, kompetensi, [3, 3])
    project = ProjectFactory(
        pegawai=world.owner_pegawai, supervisor=world.mentor_pegawai, status="submitted", competencies=kompetensi
    )
    with pytest.raises(NotAllowed):
        services.project_assess(
            actor=world.users["mentor"],
            project=project,
            outcome_rating=3,
            outcome_note="x",
            evidence=[(kompetensi[0], 3, "")],
            update_assessment=True,
        )
    project.refresh_from_db()
    assert project.status == "submitted" and not project.evidence.exists() and not Assessment.objects.exists()


def test_matching_ranks_by_assessed_gap(world, program, kompetensi):
    from apps.mentoring.models import MentorStrength
    from apps.mentoring.selectors import suggestions_for
    from apps.needs.services import assessment_record

    _skj(world, kompetensi, [3, 3])
    # the owner is at level 3 on kompetensi[0] but only 1 on kompetensi[1]: the gap is kompetensi[1]
    assessment_record(
        actor=world.users["supervisor"],
        pegawai=world.owner_pegawai,
        method="atasan",
        levels={kompetensi[0].pk: 3, kompetensi[1].pk: 1},
    )
    strong_in_gap = MentorFactory(program=program, pegawai=world.other_pegawai)
    strong_elsewhere = MentorFactory(program=program, pegawai=world.mentor_pegawai)
    MentorStrength.objects.create(instansi=world.a, mentor=strong_in_gap, kompetensi=kompetensi[1], level=4)
    MentorStrength.objects.create(instansi=world.a, mentor=strong_elsewhere, kompetensi=kompetensi[0], level=5)
    MenteeFactory(program=program, pegawai=world.owner_pegawai)
    (row,) = suggestions_for(program)
    assert row.needs == {kompetensi[1].pk: 2}
    assert [s.mentor for s in row.suggestions] == [strong_in_gap, strong_elsewhere]
