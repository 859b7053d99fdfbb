"""Issue 13 (national scale): every list page and dashboard reachable from the menu runs the same number
of SQL queries for a few rows as for many.

Each case is (url name, actor, builder). A builder `build(world, n)` adds `n` more of what the page lists
(and returns the url's args as a tuple, when it has any); the test builds 3, counts one GET, builds 27 more,
counts again and expects the same count and a 200 both times; the larger page must also be bigger, so a
builder whose rows the page does not show cannot pass unnoticed. A menu link that redirects to the actor's own
page ("my profile", "my gap") is counted on the page it redirects to. A first GET before counting warms
per-process caches (content types, translations), so the two counted requests differ only in the data.

A page whose count grows is an N+1 bug: it is kept here as `xfail(strict=True)` naming where, so the fix
turns it into a failure that asks for the marker to go."""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.api.services import token_create
from apps.catalog.tests import factories as catalog_factories
from apps.competencies.models import MANDATORY_CODES, DefaultLevelRule, Kompetensi, SKJItem
from apps.competencies.tests.factories import KompetensiFactory
from apps.core import navigation
from apps.core.models import ImportJob
from apps.core.roles import Role
from apps.core.services import audit_log, personal_data_access_log, snapshot
from apps.core.tenancy import ACTING_SESSION_KEY
from apps.employees.models import CorrectionRequest, TransferRequest
from apps.employees.tests.factories import PegawaiFactory
from apps.enrollments.models import ExternalTraining, JPLedgerEntry, Notification
from apps.enrollments.tests.factories import AngkatanFactory, EnrollmentFactory, SessionFactory
from apps.evaluations import selectors as evaluation_selectors
from apps.evaluations import services as evaluation_services
from apps.evaluations.models import ImprovementAction, Invitation
from apps.evaluations.tests.factories import answer_values, enrol, make_batch, questionnaire, skm
from apps.mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ProjectFactory
from apps.mentoring.tests.factories import ProgramFactory as MentoringProgramFactory
from apps.needs.models import (
    DevelopmentPlan,
    FgdSession,
    IdpGoal,
    IndividualDevelopmentPlan,
    NeedsItem,
    NeedsSurvey,
    PerformanceRecord,
    SurveyResponse,
)
from apps.needs.services import assessment_record
from apps.organizations.tests.factories import InstansiFactory, JabatanFactory, UnitKerjaFactory
from apps.reports.models import ReportJob

SMALL, MORE = 3, 27
ACTING_IN_A = "superadmin_acting_in_a"  # the superadmin, switched into instansi A
_seq = itertools.count(1)

Builder = Callable[[SimpleNamespace, int], Any]


def _today() -> datetime.date:
    return timezone.localdate()


def _once(world: SimpleNamespace, key: str, make: Callable[[], Any]) -> Any:
    """A row shared by both builds of one test (the batch whose participants grow, the SKJ, …)."""
    if not hasattr(world, key):
        setattr(world, key, make())
    return getattr(world, key)


def _next(world: SimpleNamespace, key: str) -> int:
    """0, 1, 2, … within one test (years and dates that must differ row by row)."""
    value = getattr(world, key, 0)
    setattr(world, key, value + 1)
    return value


def _kompetensi(code: str) -> Kompetensi:
    return Kompetensi.objects.get(instansi=None, code=code)


# --- builders: each adds n more rows of what one page lists --------------------------------------------------


def _people(world, n, *, own_units=False):
    """n more pegawai of instansi A reporting to the atasan: in unit A, or (own_units) each in a unit of its
    own, in a region of its own, so pages grouped by unit or region get more groups too."""
    people = []
    for _ in range(n):
        unit = world.unit_a
        if own_units:
            k = next(_seq)
            unit = UnitKerjaFactory(instansi=world.a, region=f"Wilayah {k}", is_remote=bool(k % 2))
        people.append(
            PegawaiFactory(
                instansi=world.a,
                unit_kerja=unit,
                jabatan=world.staff_jab,
                atasan=world.supervisor_pegawai,
                work_location=f"Puskesmas {next(_seq)}",
            )
        )
    return people


def staff(world, n):
    _people(world, n)


def catalog_rows(world, n):
    for _ in range(n):
        program = catalog_factories.ProgramFactory(instansi=world.a)
        catalog_factories.ProgramModuleFactory(program=program)
        angkatan = catalog_factories.AngkatanFactory(program=program)
        catalog_factories.SessionFactory(angkatan=angkatan)
        catalog_factories.PenyelenggaraFactory(instansi=world.a)
        catalog_factories.NarasumberFactory(instansi=world.a)
    _people(world, n, own_units=True)


def _shared_batch(world):
    return _once(world, "qc_batch", lambda: AngkatanFactory(instansi=world.a, seats_total=200, waitlist_size=200))


def _queue(world, n, status):
    angkatan = _shared_batch(world)
    for pegawai in _people(world, n):
        EnrollmentFactory(angkatan=angkatan, pegawai=pegawai, status=status)
    return angkatan


def approvals(world, n):
    _queue(world, n, "requested")


def verify_queue(world, n):
    _queue(world, n, "approved")


def participants(world, n):
    angkatan = _queue(world, n, "enrolled")
    _queue(world, n, "waitlisted")
    for _ in range(n):
        SessionFactory(angkatan=angkatan)
    return (angkatan.pk,)


def batches(world, n):
    for _ in range(n):
        angkatan = AngkatanFactory(instansi=world.a, seats_total=20)
        for pegawai in _people(world, 2):
            EnrollmentFactory(angkatan=angkatan, pegawai=pegawai, status="enrolled")


def _credit(world, pegawai, jp=8):
    JPLedgerEntry.objects.create(
        instansi=world.a,
        pegawai=pegawai,
        year=_today().year,
        jp=jp,
        credited_on=_today(),
        source_type="external",
        source_ref=f"qc:{next(_seq)}",
        title="Pelatihan uji",
    )


def my_enrolments(world, n):
    """The owner's own rows: enrolments in several states, JP credits, notices."""
    statuses = itertools.cycle(["requested", "approved", "enrolled", "waitlisted", "completed"])
    for _ in range(n):
        status = next(statuses)
        angkatan = AngkatanFactory(instansi=world.a)
        EnrollmentFactory(
            angkatan=angkatan,
            pegawai=world.owner_pegawai,
            status=status,
            completed_on=_today() if status == "completed" else None,
        )
        _credit(world, world.owner_pegawai)
        Notification.objects.create(
            instansi=world.a,
            recipient=world.users["owner"],
            title=f"Pemberitahuan {next(_seq)}",
            dedupe_key=f"qc:{next(_seq)}",
        )


def jp_rows(world, n):
    """n more pegawai (each in a unit of its own), half with JP credited this year, half with none."""
    for i, pegawai in enumerate(_people(world, n, own_units=True)):
        if i % 2:
            _credit(world, pegawai, jp=4 + i)


def external(world, n):
    for pegawai in _people(world, n):
        ExternalTraining.objects.create(
            instansi=world.a,
            pegawai=pegawai,
            title=f"Seminar {next(_seq)}",
            provider="Universitas",
            form="seminar",
            start_date=_today() - datetime.timedelta(days=10),
            end_date=_today() - datetime.timedelta(days=9),
            jp_claimed=8,
            certificate_file="external/qc.pdf",
        )


# needs


def _skj(world):
    def make():
        national = {k.code: k for k in Kompetensi.objects.filter(instansi=None, code__in=MANDATORY_CODES)}
        for k in national.values():
            SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=k, required_level=3)
        return national

    return _once(world, "qc_skj", make)


def _assess(world, pegawai, days_ago=10):
    national = _skj(world)
    levels = {k.pk: 2 + (i + days_ago) % 3 for i, k in enumerate(national.values())}
    assessment_record(
        actor=world.users["bkpsdm_admin"],
        pegawai=pegawai,
        method="assessment_center",
        levels=levels,
        assessed_on=_today() - datetime.timedelta(days=days_ago),
        require_all=False,
    )


def assessments(world, n):
    for pegawai in _people(world, n, own_units=True):
        _assess(world, pegawai)


def my_assessments(world, n):
    """More assessments of the owner (the gap page keeps the newest per competency)."""
    start = getattr(world, "qc_days", 1)
    for days in range(start, start + n):
        _assess(world, world.owner_pegawai, days_ago=days)
    world.qc_days = start + n


def needs_items(world, n):
    codes = itertools.cycle(MANDATORY_CODES)
    for pegawai in _people(world, n):
        NeedsItem.objects.create(
            instansi=world.a,
            year=_today().year,
            source="assessment_gap",
            kompetensi=_kompetensi(next(codes)),
            pegawai=pegawai,
            evidence="Uji",
        )


def plans(world, n):
    for _ in range(n):
        DevelopmentPlan.objects.create(
            instansi=world.a, year=_today().year + _next(world, "qc_year"), title="RPK", ceiling_idr=100_000_000
        )


def surveys(world, n):
    for _ in range(n):
        survey = NeedsSurvey.objects.create(
            instansi=world.a,
            title=f"Survei {next(_seq)}",
            year=_today().year + 1,
            opens_on=_today() - datetime.timedelta(days=1),
            closes_on=_today() + datetime.timedelta(days=10),
        )
        for pegawai in _people(world, 2):
            r = SurveyResponse.objects.create(instansi=world.a, survey=survey, respondent=pegawai, modality="daring")
            r.kompetensi.add(_kompetensi("M.03"))


def fgds(world, n):
    for _ in range(n):
        f = FgdSession.objects.create(instansi=world.a, title=f"FGD {next(_seq)}", held_on=_today(), notes="n")
        f.kompetensi.add(_kompetensi("M.01"))
        f.participants.add(*_people(world, 2))


def performance(world, n):
    for pegawai in _people(world, n):
        r = PerformanceRecord.objects.create(
            instansi=world.a, pegawai=pegawai, year=_today().year - 1, predikat="kurang"
        )
        r.kompetensi.add(_kompetensi("M.04"))


def idps(world, n):
    """The owner's IDP of n more years, each with a goal."""
    for _ in range(n):
        idp = IndividualDevelopmentPlan.objects.create(
            instansi=world.a, pegawai=world.owner_pegawai, year=_today().year + _next(world, "qc_year")
        )
        IdpGoal.objects.create(
            instansi=world.a, idp=idp, kompetensi=_kompetensi("M.03"), description="Komunikasi efektif"
        )


def team_idps(world, n):
    """n more team members, each with a submitted IDP (with a goal) waiting for the atasan, and n more
    plans (RPK) submitted for the head of BKPSDM."""
    for pegawai in _people(world, n):
        idp = IndividualDevelopmentPlan.objects.create(
            instansi=world.a, pegawai=pegawai, year=_today().year, status="submitted"
        )
        IdpGoal.objects.create(instansi=world.a, idp=idp, kompetensi=_kompetensi("M.03"), description="Komunikasi")
        DevelopmentPlan.objects.create(
            instansi=world.a,
            year=_today().year + 1 + _next(world, "qc_year"),
            title="RPK diajukan",
            ceiling_idr=100_000_000,
            status="submitted",
        )


# mentoring


def mentoring_programs(world, n):
    for _ in range(n):
        program = MentoringProgramFactory(instansi=world.a)
        PairFactory(
            program=program,
            mentor__pegawai=world.mentor_pegawai,
            mentee__pegawai=PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a),
        )


def _mentoring_program(world):
    return _once(world, "qc_program", lambda: MentoringProgramFactory(instansi=world.a))


def _my_mentor_row(world, program):
    return _once(world, "qc_mentor", lambda: MentorFactory(program=program, pegawai=world.mentor_pegawai, capacity=99))


def my_mentees(world, n):
    program = _mentoring_program(world)
    mentor = _my_mentor_row(world, program)
    for pegawai in _people(world, n):
        PairFactory(program=program, mentor=mentor, mentee__pegawai=pegawai)


def my_mentor(world, n):
    """The owner mentored in n more programs, by n more mentors, with a project each."""
    for _ in range(n):
        program = MentoringProgramFactory(instansi=world.a)
        mentor = MentorFactory(program=program, pegawai=PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a))
        mentee = MenteeFactory(program=program, pegawai=world.owner_pegawai)
        PairFactory(program=program, mentor=mentor, mentee=mentee)
        ProjectFactory(pegawai=world.owner_pegawai, supervisor=world.supervisor_pegawai)


def mentoring_team(world, n):
    program = _mentoring_program(world)
    mentor = _my_mentor_row(world, program)
    for pegawai in _people(world, n):
        PairFactory(program=program, mentor=mentor, mentee__pegawai=pegawai)
        ProjectFactory(pegawai=pegawai, supervisor=world.mentor_pegawai)


def projects(world, n):
    for pegawai in _people(world, n):
        ProjectFactory(pegawai=pegawai, supervisor=world.supervisor_pegawai)


# evaluations


def questionnaires(world, n):
    admin = world.users["bkpsdm_admin"]
    for _ in range(n):
        batch = make_batch(world.a, participants=_people(world, 1))
        questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)


def improvement_actions(world, n):
    """n more actions, each from a batch's L1 result: the list shows the programme and its next version."""
    admin = world.users["bkpsdm_admin"]
    for _ in range(n):
        batch = make_batch(world.a, participants=_people(world, 1))
        source = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
        ImprovementAction.objects.create(
            instansi=world.a,
            title=f"Tindakan {next(_seq)}",
            finding="Sesi praktik terlalu singkat",
            kind="add_sessions",
            questionnaire=source,
            program=batch.angkatan.program,
            next_program=catalog_factories.ProgramFactory(instansi=world.a),
            unit_kerja=world.unit_a,
            assignee=world.owner_pegawai,
            due_on=datetime.date(2026, 9, 30),
            created_by=admin,
        )


def rated_batches(world, n):
    """n more finished batches (two narasumber each) whose participant answered the L1 questionnaire."""
    admin = world.users["bkpsdm_admin"]
    for _ in range(n):
        batch = make_batch(world.a, participants=_people(world, 1))
        l1 = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
        for invitation in Invitation.objects.filter(questionnaire=l1):
            values = answer_values(evaluation_selectors.items_of(l1), likert=4, text="Bagus")
            evaluation_services.response_submit(questionnaire=l1, invitation=invitation, values=values)


def my_surveys(world, n):
    """n more finished batches of the owner, each with an open L1 questionnaire (an invitation to answer)."""
    admin = world.users["bkpsdm_admin"]
    for _ in range(n):
        batch = make_batch(world.a, participants=[world.owner_pegawai])
        questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)


def pending_surveys(world, n):
    """n more finished batches that admin, atasan, owner and mentor attended, each with an open L1
    questionnaire: a survey waiting on each of their home pages."""
    admin = world.users["bkpsdm_admin"]
    people = [world.admin_pegawai, world.supervisor_pegawai, world.owner_pegawai, world.mentor_pegawai]
    for _ in range(n):
        batch = make_batch(world.a, participants=people)
        questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)


def skm_units(world, n):
    admin = world.users["bkpsdm_admin"]
    for _ in range(n):
        unit = UnitKerjaFactory(instansi=world.a)
        skm(admin, world.a, unit)


# reports, audit log, imports


def report_jobs(world, n):
    for _ in range(n):
        ReportJob.objects.create(
            instansi=world.a,
            kind="ikm_unit",
            parameters={"year": _today().year},
            requested_by=world.users["bkpsdm_admin"],
        )


def year_overview(world, n):
    """The year dashboard: finished batches with completions and credits, open batches with requests."""
    for pegawai in _people(world, n):
        batch = make_batch(world.a)
        enrol(batch.angkatan, pegawai)
        _credit(world, pegawai)
        EnrollmentFactory(angkatan=AngkatanFactory(instansi=world.a), pegawai=pegawai, status="requested")


def audit_rows(world, n):
    admin = world.users["bkpsdm_admin"]
    for pegawai in _people(world, n):
        before = snapshot(pegawai, ["name", "unit_kerja", "birth_date"])
        pegawai.name, pegawai.birth_date = f"{pegawai.name} (baru)", datetime.date(1990, 1, 2)
        audit_log(actor=admin, action="employee.update", instance=pegawai, data={"field": "name"}, before=before)


def import_jobs(world, n):
    for _ in range(n):
        ImportJob.objects.create(
            instansi_id=world.a.pk,
            kind="pegawai",
            file="imports/qc.csv",
            original_name=f"pegawai-{next(_seq)}.csv",
            created_by=world.users["bkpsdm_admin"],
        )


def api_tokens(world, n):
    for _ in range(n):
        token_create(
            actor=world.users["bkpsdm_admin"],
            instansi_id=world.a.pk,
            name=f"token-{next(_seq)}",
            scopes=["read"],
            expires_at=None,
        )


def corrections(world, n):
    """n more pegawai of A, each with an open correction request (the admins' queue)."""
    for pegawai in _people(world, n):
        CorrectionRequest.objects.create(
            instansi=world.a,
            pegawai=pegawai,
            field="education",
            requested_value="S2 Administrasi Publik",
            reason="Ijazah baru",
            due_at=timezone.now() + datetime.timedelta(hours=72),
        )


def my_data(world, n):
    """n more reads of the owner's data by the admin and n more answered requests of the owner."""
    admin = world.users["bkpsdm_admin"]
    for _ in range(n):
        personal_data_access_log(actor=admin, subject=world.owner_pegawai, purpose="uji")
        CorrectionRequest.objects.create(
            instansi=world.a,
            pegawai=world.owner_pegawai,
            field="phone",
            requested_value=f"0812{next(_seq):07d}",
            reason="Nomor baru",
            status="done",
            due_at=timezone.now() + datetime.timedelta(hours=72),
            answered_by=admin,
            answered_at=timezone.now(),
        )


# organizations, competencies, transfers


def units(world, n):
    for _ in range(n):
        UnitKerjaFactory(instansi=world.a)


def jabatan(world, n):
    for _ in range(n):
        JabatanFactory(instansi=world.a, unit_kerja=world.unit_a)


def instansi(world, n):
    for _ in range(n):
        other = InstansiFactory()
        MembershipFactory(user=UserFactory(), instansi=other, role="admin_bkpsdm")


def kompetensi(world, n):
    for _ in range(n):
        KompetensiFactory(instansi=world.a)


def level_rules(world, n):
    for _ in range(n):
        DefaultLevelRule.objects.create(
            instansi=world.a,
            jenis="pelaksana",
            jenjang="",
            level=2,
            effective_from=datetime.date(1990 + _next(world, "qc_year"), 1, 1),
            source="Perwali uji",
        )


def transfers(world, n):
    for _ in range(n):
        k = next(_seq)
        TransferRequest.objects.create(instansi=world.b, nip=f"19850714201012{k:04d}", name=f"P{k}", source="form")


def everything(world, n):
    """Home pages gather panels from every app: grow the data each of them reads (but pending surveys,
    the one panel that repeats a query per row: cases of its own)."""
    builders = (
        approvals,
        verify_queue,
        my_enrolments,
        jp_rows,
        assessments,
        my_mentees,
        my_mentor,
        projects,
        catalog_rows,
        team_idps,
    )
    for build in builders:
        build(world, n)


# --- the cases ------------------------------------------------------------------------------------------------


ROLE_HOMES = ("bkpsdm_admin", "supervisor", "owner", "mentor")


def case(url_name: str, actor: str, build: Builder, n_plus_one: str = "") -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=f"N+1: {n_plus_one}")] if n_plus_one else []
    return pytest.param(url_name, actor, build, marks=marks, id=f"{url_name}-{actor}-{build.__name__}")


PAGES = [
    # home, one per role
    case("core:home", "bkpsdm_admin", everything),
    case("core:home", "supervisor", everything),
    case("core:home", "owner", everything),
    case("core:home", "mentor", everything),
    *[case("core:home", actor, pending_surveys) for actor in ROLE_HOMES],
    case("core:home", ACTING_IN_A, everything),
    # employees
    case("employees:list", "bkpsdm_admin", staff),
    case("employees:team", "supervisor", staff),
    case("employees:me", "supervisor", staff),  # the atasan's profile lists the team
    case("employees:transfers", "superadmin", transfers),
    case("employees:corrections", "bkpsdm_admin", corrections),
    case("employees:my_data", "owner", my_data),
    # organizations, competencies
    case("organizations:unit_list", "bkpsdm_admin", units),
    case("organizations:jabatan_list", "bkpsdm_admin", jabatan),
    case("organizations:instansi_list", "superadmin", instansi),
    case("competencies:list", "bkpsdm_admin", kompetensi),
    case("competencies:rule_list", "bkpsdm_admin", level_rules),
    # catalog
    case("catalog:index", "owner", catalog_rows),
    case("catalog:index", "bkpsdm_admin", catalog_rows),
    case("catalog:program_admin_list", "bkpsdm_admin", catalog_rows),
    case("catalog:angkatan_admin_list", "bkpsdm_admin", catalog_rows),
    case("catalog:calendar", "bkpsdm_admin", catalog_rows),
    case("catalog:penyelenggara_list", "bkpsdm_admin", catalog_rows),
    case("catalog:narasumber_list", "bkpsdm_admin", catalog_rows),
    case("catalog:remote_report", "bkpsdm_admin", catalog_rows),
    # enrolments
    case("enrollments:approvals", "supervisor", approvals),
    case("enrollments:verify_queue", "bkpsdm_admin", verify_queue),
    case("enrollments:angkatan_list", "bkpsdm_admin", batches),
    case("enrollments:participants", "bkpsdm_admin", participants),
    case("enrollments:mine", "owner", my_enrolments),
    case("enrollments:my_jp", "owner", my_enrolments),
    case("enrollments:notifications", "owner", my_enrolments),
    case("enrollments:external_queue", "bkpsdm_admin", external),
    case("enrollments:jp_dashboard", "bkpsdm_admin", jp_rows),
    case("enrollments:nothing", "bkpsdm_admin", jp_rows),
    # needs
    case("needs:my_gap", "owner", my_assessments),
    case("needs:team", "supervisor", assessments),
    case("needs:gap_list", "bkpsdm_admin", assessments),
    case("needs:heatmap", "bkpsdm_admin", assessments),
    case("needs:performance_list", "bkpsdm_admin", performance),
    case("needs:survey_list", "bkpsdm_admin", surveys),
    case("needs:survey_list", "owner", surveys),
    case("needs:fgd_list", "bkpsdm_admin", fgds),
    case("needs:needs_list", "bkpsdm_admin", needs_items),
    case("needs:plan_list", "bkpsdm_admin", plans),
    case("needs:my_idp", "owner", idps),
    case("needs:team_idp", "supervisor", team_idps),
    # mentoring
    case("mentoring:my_mentees", "mentor", my_mentees),
    case("mentoring:my_mentor", "owner", my_mentor),
    case("mentoring:team", "supervisor", mentoring_team),
    case("mentoring:project_list", "bkpsdm_admin", projects),
    case("mentoring:project_list", "owner", my_mentor),
    case("mentoring:project_list", "supervisor", projects),
    case("mentoring:program_list", "bkpsdm_admin", mentoring_programs),
    # evaluations
    case("evaluations:mine", "owner", my_surveys),
    case("evaluations:list", "bkpsdm_admin", questionnaires),
    case("evaluations:batches", "bkpsdm_admin", questionnaires),
    case("evaluations:narasumber_results", "bkpsdm_admin", rated_batches),
    case("evaluations:actions", "bkpsdm_admin", improvement_actions),
    case(
        "evaluations:skm_results",
        "bkpsdm_admin",
        skm_units,
    ),
    # the superadmin switched into instansi A reads the admin pages through the same selectors
    *[
        case(url_name, ACTING_IN_A, build)
        for url_name, build in [
            ("employees:list", staff),
            ("catalog:program_admin_list", catalog_rows),
            ("enrollments:verify_queue", verify_queue),
            ("enrollments:jp_dashboard", jp_rows),
            ("needs:gap_list", assessments),
            ("mentoring:program_list", mentoring_programs),
            ("evaluations:batches", questionnaires),
            ("reports:list", report_jobs),
            ("core:audit_list", audit_rows),
            ("core:import_list", import_jobs),
            ("api:token_list", api_tokens),
        ]
    ],
    # reports, administration
    case("reports:dashboard", "bkpsdm_admin", year_overview),
    case("reports:list", "bkpsdm_admin", report_jobs),
    case("core:audit_list", "bkpsdm_admin", audit_rows),
    case("core:import_list", "bkpsdm_admin", import_jobs),
    case("api:token_list", "bkpsdm_admin", api_tokens),
]


# Menu links that open a form, not a list or a dashboard: nothing on them grows with the data.
FORMS = {
    "accounts:password_change": "the password form",
    "accounts:two_factor": "the second-factor enrolment form (one secret, no list)",
    "api:docs": "the API documentation (Swagger UI reads the schema, no data)",
    "api:my_calendar": "the calendar address buttons (one active address per pegawai, no list)",
    "enrollments:code_entry": "the attendance-code form",
    "needs:self_assess": "the self-assessment form (one row per SKJ competency of the jabatan)",
    "organizations:retention": "the file-retention settings form",
}


def test_every_menu_page_is_counted_or_is_a_form():
    """A page added to the menu needs a case above (or is a form, named here)."""
    menu = {item["url"]: item["key"] for item in navigation.items_for(set(Role.values), "/")}
    counted = {reverse(name) for name in {p.values[0] for p in PAGES} if name != "enrollments:participants"}
    forms = {reverse(name) for name in FORMS}
    assert not forms & counted
    assert set(menu) - counted - forms == set(), [menu[url] for url in set(menu) - counted - forms]


def _shape(sql: str) -> str:
    """The query with its values blanked, IN lists of any length alike: the same query for another row."""
    shape = re.sub(r"\b\d+\b", "N", re.sub(r"'[^']*'", "'S'", sql))
    return re.sub(r"IN \((?:'S'|N)(?:, (?:'S'|N))*\)", "IN (…)", shape)


def _count(client, url: str) -> tuple[int, Counter, int]:
    """Queries of one GET with nothing in the cache (cached figures would hide an N+1 behind a warm
    cache), their shapes, and the size of the page."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(ctx), Counter(_shape(q["sql"]) for q in ctx.captured_queries), len(resp.content)


def _sign_in(client, login_actor, world, actor: str) -> None:
    """`world`'s actors, plus the superadmin switched into instansi A (the session key the switcher sets)."""
    if actor != ACTING_IN_A:
        login_actor(actor)
        return
    login_actor("superadmin")
    session = client.session
    session[ACTING_SESSION_KEY] = world.a.pk
    session.save()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("url_name, actor, build", PAGES)
def test_page_queries_do_not_grow_with_data(url_name, actor, build, world, login_actor, client):
    args = build(world, SMALL) or ()
    _sign_in(client, login_actor, world, actor)
    url = reverse(url_name, args=args)
    warm = client.get(url)
    if warm.status_code == 302:  # "my profile" and "my gap" open the actor's own detail page
        url = warm.url
        client.get(url)
    small, small_shapes, small_size = _count(client, url)
    build(world, MORE)
    large, large_shapes, large_size = _count(client, url)
    assert large_size > small_size, "the page does not show the added rows: the count proves nothing"
    grown = {sql: count - small_shapes[sql] for sql, count in large_shapes.items() if count > small_shapes[sql]}
    assert small == large, f"{small} → {large} queries; repeated: {grown}"
