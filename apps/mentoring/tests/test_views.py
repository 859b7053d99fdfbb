"""Mentoring pages: role × view matrix over the seven actors of `world`, cross-instansi 404 with the
row unchanged, 422 with an Indonesian message and nothing saved, and 3-vs-30 query counts on lists."""

import datetime

import pytest
from django.urls import reverse

from apps.conftest import role_matrix as _matrix
from apps.core.tenancy import ACTING_SESSION_KEY
from apps.employees.tests.factories import PegawaiFactory
from apps.enrollments.models import JPLedgerEntry
from apps.mentoring.models import (
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    ProgramMentee,
    ProgramMentor,
    ProjectAssignment,
)
from apps.mentoring.services import local_today
from apps.mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ProgramFactory,
    ProjectFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

ALL = ["owner", "supervisor", "bkpsdm_admin", "superadmin", "other_employee", "mentor", "other_instansi_admin"]


ADMIN_ONLY = _matrix(
    owner=403,
    supervisor=403,
    bkpsdm_admin=200,
    superadmin=200,
    other_employee=403,
    mentor=403,
    other_instansi_admin=404,
)


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=403,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=403,
        mentor=403,
        other_instansi_admin=200,
    ),
)
def test_program_list_matrix(actor, status, pair, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:program_list"))
    assert resp.status_code == status
    assert (pair.program.name in resp.text) == (actor in {"bkpsdm_admin", "superadmin"})


@pytest.mark.parametrize("actor, status", ADMIN_ONLY)
def test_program_detail_matrix(actor, status, pair, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:program_detail", args=[pair.program.pk]))
    assert resp.status_code == status
    assert (pair.program.name in resp.text) == (status == 200)
    if status == 200:
        assert world_name(pair) in resp.text


def world_name(pair):
    return pair.mentee.pegawai.name


@pytest.mark.parametrize("actor, status", ADMIN_ONLY)
def test_matching_matrix(actor, status, world, program, login_actor, client):
    MentorFactory(program=program, pegawai=world.mentor_pegawai)
    MenteeFactory(program=program, pegawai=world.owner_pegawai)
    login_actor(actor)
    resp = client.get(reverse("mentoring:matching", args=[program.pk]))
    assert resp.status_code == status
    if status == 200:
        assert world.mentor_pegawai.name in resp.text and "Pasangkan" in resp.text


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=404,
        mentor=200,
        other_instansi_admin=404,
    ),
)
def test_pair_detail_matrix(actor, status, pair, login_actor, client):
    SessionFactory(pair=pair, topic="Menyusun DPA")
    login_actor(actor)
    resp = client.get(reverse("mentoring:pair_detail", args=[pair.pk]))
    assert resp.status_code == status
    assert ("Menyusun DPA" in resp.text) == (status == 200)
    if status == 200:
        assert ("Catat sesi" in resp.text) == (actor == "mentor")
        assert ("Konfirmasi sesi" in resp.text) == (actor == "owner")
        assert ("Alihkan ke mentor lain" in resp.text) == (actor == "bkpsdm_admin")


@pytest.mark.parametrize("actor", ALL)
def test_my_mentees_shows_only_own_mentees(actor, pair, other_pair, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:my_mentees"))
    assert resp.status_code == 200
    expected = {"mentor": [pair.pk], "other_instansi_admin": [other_pair.pk]}.get(actor, [])
    assert [p.pk for p in resp.context["page_obj"]] == expected


@pytest.mark.parametrize("actor", ALL)
def test_mentee_page_shows_only_own_pair(actor, pair, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:my_mentor"))
    assert resp.status_code == 200
    assert (pair.program.name in resp.text) == (actor == "owner")
    assert [p.pk for p in resp.context["page_obj"]] == ([pair.pk] if actor == "owner" else [])


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=200,
        bkpsdm_admin=403,
        superadmin=403,
        other_employee=403,
        mentor=403,
        other_instansi_admin=403,
    ),
)
def test_team_overview_matrix(actor, status, world, pair, kompetensi, login_actor, client):
    ProjectFactory(pegawai=world.owner_pegawai, supervisor=world.mentor_pegawai, title="Proyek SOP Anggaran")
    login_actor(actor)
    resp = client.get(reverse("mentoring:team"))
    assert resp.status_code == status
    if status == 200:
        assert pair.mentee.pegawai.name in resp.text and "Proyek SOP Anggaran" in resp.text


def _session_post(day, minutes=60):
    return {
        "date": day.isoformat(),
        "duration_minutes": minutes,
        "topic": "Penyusunan RKA",
        "notes": "",
        "next_steps": "",
    }


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=403,
        bkpsdm_admin=403,
        superadmin=403,
        other_employee=404,
        mentor=302,
        other_instansi_admin=404,
    ),
)
def test_session_create_matrix(actor, status, world, pair, login_actor, client):
    login_actor(actor)
    day = local_today(world.a) - datetime.timedelta(days=1)
    resp = client.post(reverse("mentoring:session_create", args=[pair.pk]), _session_post(day))
    assert resp.status_code == status
    assert MentoringSession.objects.filter(pair=pair).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=302,
        supervisor=403,
        bkpsdm_admin=403,
        superadmin=403,
        other_employee=404,
        mentor=403,
        other_instansi_admin=404,
    ),
)
def test_session_confirm_matrix(actor, status, world, pair, login_actor, client):
    session = SessionFactory(pair=pair, date=local_today(world.a) - datetime.timedelta(days=2))
    login_actor(actor)
    resp = client.post(reverse("mentoring:session_confirm", args=[session.pk]), {"rating": "4"})
    assert resp.status_code == status
    session.refresh_from_db()
    assert (session.status == "confirmed") == (status == 302)
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    "shift, minutes, message",
    [(1, 60, "Tanggal sesi tidak boleh di masa depan."), (-1, 0, "Durasi harus lebih dari 0 menit.")],
)
def test_bad_session_answers_422_and_saves_nothing(shift, minutes, message, world, pair, login_actor, client):
    login_actor("mentor")
    day = local_today(world.a) + datetime.timedelta(days=shift)
    resp = client.post(reverse("mentoring:session_create", args=[pair.pk]), _session_post(day, minutes))
    assert resp.status_code == 422
    assert message in resp.text
    assert not MentoringSession.objects.exists()


def test_session_over_cap_is_logged_and_page_says_why(world, pair, login_actor, client):
    day = local_today(world.a) - datetime.timedelta(days=1)
    for _ in range(2):
        SessionFactory(pair=pair, date=day, status="confirmed", jp_credited=2)
    login_actor("mentor")
    resp = client.post(reverse("mentoring:session_create", args=[pair.pk]), _session_post(day), follow=True)
    assert "Batas 2 sesi per pasangan per bulan" in resp.text
    session = MentoringSession.objects.get(pair=pair, status="logged")
    client.force_login(world.users["owner"])
    resp = client.post(reverse("mentoring:session_confirm", args=[session.pk]), {}, follow=True)
    assert "Sesi dikonfirmasi tanpa JP" in resp.text and "tidak menambah JP" in resp.text
    session.refresh_from_db()
    assert session.status == "confirmed" and session.jp_credited == 0


def test_match_view_pairs_and_refuses_mentor_at_capacity(world, program, login_actor, client):
    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai, capacity=1)
    owner = MenteeFactory(program=program, pegawai=world.owner_pegawai)
    mate = MenteeFactory(program=program, pegawai=world.mate_pegawai)
    login_actor("bkpsdm_admin")
    url = reverse("mentoring:match", args=[program.pk])
    assert client.post(url, {"mentor": mentor.pk, "mentee": owner.pk}).status_code == 302
    resp = client.post(url, {"mentor": mentor.pk, "mentee": mate.pk})
    assert resp.status_code == 422
    assert "kapasitas 1" in resp.text
    assert MentoringPair.objects.filter(program=program).count() == 1


def test_match_view_refuses_mentee_paired_twice(world, pair, login_actor, client):
    other = MentorFactory(program=pair.program, pegawai=world.other_pegawai)
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("mentoring:match", args=[pair.program.pk]), {"mentor": other.pk, "mentee": pair.mentee.pk}
    )
    assert resp.status_code == 422
    assert "sudah memiliki pasangan aktif" in resp.text
    assert MentoringPair.objects.filter(program=pair.program).count() == 1


def test_program_form_over_monthly_cap_is_422(world, jp_rules, login_actor, client):
    login_actor("bkpsdm_admin")
    today = local_today(world.a)
    data = {
        "name": "Coaching atasan",
        "kind": "coaching",
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=90)).isoformat(),
        "goal": "Coaching oleh atasan",
        "sessions_per_month": 5,
        "status": "active",
    }
    resp = client.post(reverse("mentoring:program_create"), data)
    assert resp.status_code == 422
    assert "melebihi batas JP bulanan" in resp.text
    assert not MentoringProgram.objects.exists()
    data["sessions_per_month"] = 2
    resp = client.post(reverse("mentoring:program_create"), data)
    assert resp.status_code == 302
    program = MentoringProgram.objects.get()
    assert program.instansi == world.a and program.jp_rule == jp_rules["coaching"]


def test_superadmin_must_switch_instansi_before_creating(world, login_actor, client):
    login_actor("superadmin")
    resp = client.get(reverse("mentoring:program_create"))
    assert resp.status_code == 302
    session = client.session
    session[ACTING_SESSION_KEY] = world.a.pk
    session.save()
    assert client.get(reverse("mentoring:program_create")).status_code == 200


def test_mentee_add_newcomer_rule_is_422(world, program, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("mentoring:mentee_add", args=[program.pk]), {"pegawai": world.other_pegawai.nip, "reason": "newcomer"}
    )
    assert resp.status_code == 422
    assert "bukan pegawai baru" in resp.text
    assert not ProgramMentee.objects.exists()


NIP_NOT_FOUND = "Tidak ada pegawai aktif dengan NIP ini yang dapat Anda pilih."


def test_mentor_add_by_nip_and_nip_of_other_instansi_is_422(world, program, login_actor, client):
    login_actor("bkpsdm_admin")
    url = reverse("mentoring:mentor_add", args=[program.pk])
    resp = client.post(url, {"pegawai": world.pegawai_b.nip, "capacity": 3, "strength_level": 4})
    assert resp.status_code == 422 and NIP_NOT_FOUND in resp.text
    assert not ProgramMentor.objects.exists()
    resp = client.post(url, {"pegawai": world.mentor_pegawai.nip_display, "capacity": 3, "strength_level": 4})
    assert resp.status_code == 302
    assert ProgramMentor.objects.get().pegawai == world.mentor_pegawai


def test_mentee_add_nip_of_other_instansi_is_422(world, program, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("mentoring:mentee_add", args=[program.pk]), {"pegawai": world.pegawai_b.nip, "reason": "gap"}
    )
    assert resp.status_code == 422 and NIP_NOT_FOUND in resp.text
    assert not ProgramMentee.objects.exists()


def _project_post(world, kompetensi, **overrides):
    today = local_today(world.a)
    return {
        "pegawai": world.owner_pegawai.nip_display,
        "kind": "learning",
        "title": "SOP Perencanaan",
        "objectives": "Menyusun SOP",
        "competencies": [k.pk for k in kompetensi],
        "supervisor": world.supervisor_pegawai.nip,
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=60)).isoformat(),
        "deliverables": "Dokumen SOP",
        **overrides,
    }


@pytest.mark.parametrize("field", ["pegawai", "supervisor"])
def test_project_create_nip_of_other_instansi_is_422(field, world, kompetensi, login_actor, client):
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("mentoring:project_create"), _project_post(world, kompetensi, **{field: world.pegawai_b.nip})
    )
    assert resp.status_code == 422 and NIP_NOT_FOUND in resp.text
    assert not ProjectAssignment.objects.exists()


def test_project_create_by_nip_and_atasan_limited_to_team(world, kompetensi, login_actor, client):
    login_actor("supervisor")
    url = reverse("mentoring:project_create")
    resp = client.post(url, _project_post(world, kompetensi, pegawai=world.other_pegawai.nip))
    assert resp.status_code == 422 and NIP_NOT_FOUND in resp.text
    assert not ProjectAssignment.objects.exists()
    resp = client.post(url, _project_post(world, kompetensi, supervisor=world.mentor_pegawai.nip))
    assert resp.status_code == 302
    project = ProjectAssignment.objects.get()
    assert (project.pegawai, project.supervisor) == (world.owner_pegawai, world.mentor_pegawai)
    edit = client.get(reverse("mentoring:project_edit", args=[project.pk]))
    assert world.owner_pegawai.nip_display in edit.text and world.mentor_pegawai.nip_display in edit.text


# --- cross-instansi: 404 and the row unchanged ------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("pair_end", {"note": "x"}),
        ("pair_reassign", {"mentor": "1", "note": "x"}),
        ("session_create", _session_post(datetime.date(2026, 1, 5))),
        ("goal_create", {"title": "x"}),
        ("pair_rate", {"rating": "5"}),
    ],
)
def test_other_instansi_admin_gets_404_on_pair_actions(name, data, pair, login_actor, client):
    login_actor("other_instansi_admin")
    resp = client.post(reverse(f"mentoring:{name}", args=[pair.pk]), data)
    assert resp.status_code == 404
    pair.refresh_from_db()
    assert pair.status == "active" and pair.program_rating is None
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize("name", ["program_detail", "program_edit", "matching"])
def test_admin_cannot_reach_other_instansi_program(name, other_pair, login_actor, client):
    login_actor("bkpsdm_admin")
    assert client.get(reverse(f"mentoring:{name}", args=[other_pair.program.pk])).status_code == 404
    resp = client.post(reverse("mentoring:match", args=[other_pair.program.pk]), {"mentor": 1, "mentee": 1})
    assert resp.status_code == 404


def test_admin_cannot_end_other_instansi_pair(other_pair, login_actor, client):
    login_actor("bkpsdm_admin")
    assert client.post(reverse("mentoring:pair_end", args=[other_pair.pk]), {"note": ""}).status_code == 404
    other_pair.refresh_from_db()
    assert other_pair.status == "active"


def test_other_instansi_cannot_confirm_session(world, other_pair, login_actor, client):
    session = SessionFactory(pair=other_pair, date=local_today(world.b) - datetime.timedelta(days=1))
    login_actor("owner")
    assert client.post(reverse("mentoring:session_confirm", args=[session.pk]), {}).status_code == 404
    session.refresh_from_db()
    assert session.status == "logged"


# --- reassign and end through the page ---------------------------------------------------------------


def test_admin_reassigns_through_page(world, pair, login_actor, client):
    new_mentor = MentorFactory(program=pair.program, pegawai=world.other_pegawai)
    login_actor("bkpsdm_admin")
    resp = client.post(
        reverse("mentoring:pair_reassign", args=[pair.pk]), {"mentor": new_mentor.pk, "note": "Tidak cocok"}
    )
    assert resp.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "reassigned"
    assert MentoringPair.objects.get(status="active").mentor == new_mentor


def test_reassign_without_reason_is_422(world, pair, login_actor, client):
    new_mentor = MentorFactory(program=pair.program, pegawai=world.other_pegawai)
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("mentoring:pair_reassign", args=[pair.pk]), {"mentor": new_mentor.pk, "note": ""})
    assert resp.status_code == 422
    pair.refresh_from_db()
    assert pair.status == "active"


# --- goals --------------------------------------------------------------------------------------------


def test_goal_proposed_by_mentee_agreed_by_mentor(world, pair, kompetensi, login_actor, client):
    login_actor("owner")
    resp = client.post(
        reverse("mentoring:goal_create", args=[pair.pk]),
        {"kompetensi": kompetensi[0].pk, "title": "Menyusun RKA sendiri", "target_level": "3"},
    )
    assert resp.status_code == 302
    goal = pair.goals.get()
    assert client.post(reverse("mentoring:goal_agree", args=[goal.pk])).status_code == 422  # own goal
    client.force_login(world.users["mentor"])
    assert client.post(reverse("mentoring:goal_agree", args=[goal.pk])).status_code == 302
    goal.refresh_from_db()
    assert goal.agreed_at is not None


# --- projects -------------------------------------------------------------------------------------------


@pytest.fixture
def project(world, kompetensi):
    return ProjectFactory(
        pegawai=world.owner_pegawai, supervisor=world.mentor_pegawai, title="SOP Perencanaan", competencies=kompetensi
    )


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=200,
        other_employee=404,
        mentor=200,
        other_instansi_admin=404,
    ),
)
def test_project_detail_matrix(actor, status, project, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:project_detail", args=[project.pk]))
    assert resp.status_code == status
    assert ("SOP Perencanaan" in resp.text) == (status == 200)
    if status == 200:
        assert ("Laporkan kemajuan" in resp.text) == (actor == "owner")


@pytest.mark.parametrize("actor", ALL)
def test_project_list_rows(actor, project, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:project_list"))
    assert resp.status_code == 200
    assert ("SOP Perencanaan" in resp.text) == (actor not in {"other_employee", "other_instansi_admin"})


@pytest.mark.parametrize(
    "actor, status",
    _matrix(
        owner=403,
        supervisor=200,
        bkpsdm_admin=200,
        superadmin=302,
        other_employee=403,
        mentor=403,
        other_instansi_admin=200,
    ),
)
def test_project_create_matrix(actor, status, world, login_actor, client):
    login_actor(actor)
    resp = client.get(reverse("mentoring:project_create"))
    assert resp.status_code == status
    if status == 200:
        # the pegawai choices: an atasan sees their team only; an admin their own instansi
        choices = set(resp.context["form"].fields["pegawai"].queryset)
        assert (world.owner_pegawai in choices) == (actor in {"supervisor", "bkpsdm_admin"})
        assert (world.other_pegawai in choices) == (actor == "bkpsdm_admin")
        assert world.pegawai_b not in choices or actor == "other_instansi_admin"


def test_pegawai_reports_progress_with_file_and_supervisor_assesses(world, project, kompetensi, login_actor, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_actor("owner")
    upload = SimpleUploadedFile("hasil.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    resp = client.post(
        reverse("mentoring:project_report", args=[project.pk]),
        {"progress_percent": "100", "summary": "SOP selesai", "file": upload},
    )
    assert resp.status_code == 302
    report = project.reports.get()
    assert report.file.name.endswith(".pdf")
    assert client.post(reverse("mentoring:project_action", args=[project.pk, "submit"])).status_code == 302
    assert client.post(reverse("mentoring:project_assess", args=[project.pk]), {}).status_code == 403
    client.force_login(world.users["mentor"])
    resp = client.post(
        reverse("mentoring:project_assess", args=[project.pk]),
        {"outcome_rating": "4", "outcome_note": "Rapi", f"level_{kompetensi[0].pk}": "3"},
    )
    assert resp.status_code == 302
    project.refresh_from_db()
    assert project.status == "assessed" and project.evidence.get().observed_level == 3


def test_report_with_bad_file_is_422(world, project, login_actor, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_actor("owner")
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    resp = client.post(
        reverse("mentoring:project_report", args=[project.pk]),
        {"progress_percent": "10", "summary": "x", "file": upload},
    )
    assert resp.status_code == 422
    assert "Jenis berkas tidak didukung" in resp.text
    assert not project.reports.exists()


def test_other_instansi_cannot_touch_project(project, login_actor, client):
    login_actor("other_instansi_admin")
    for name in ("project_report", "project_assess"):
        assert client.post(reverse(f"mentoring:{name}", args=[project.pk]), {}).status_code == 404
    assert client.post(reverse("mentoring:project_action", args=[project.pk, "cancel"])).status_code == 404
    project.refresh_from_db()
    assert project.status == "active" and not project.reports.exists()


# --- query counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_program_list_queries_constant(rows, world, jp_rules, login_actor, client, django_assert_max_num_queries):
    for _ in range(rows):
        p = ProgramFactory(instansi=world.a)
        PairFactory(
            program=p, mentor__pegawai=world.mentor_pegawai, mentee__pegawai=PegawaiFactory(unit_kerja=world.unit_a)
        )
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("mentoring:program_list"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_my_mentees_queries_constant(rows, world, program, login_actor, client, django_assert_max_num_queries):
    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai, capacity=40)
    for _ in range(rows):
        PairFactory(program=program, mentor=mentor, mentee__pegawai=PegawaiFactory(unit_kerja=world.unit_a))
    login_actor("mentor")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("mentoring:my_mentees"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_program_detail_and_matching_queries_constant(
    rows, world, program, login_actor, client, django_assert_max_num_queries
):
    for _ in range(rows):
        MentorFactory(program=program, pegawai=PegawaiFactory(unit_kerja=world.unit_a), capacity=2)
        MenteeFactory(program=program, pegawai=PegawaiFactory(unit_kerja=world.unit_a))
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(24):
        assert client.get(reverse("mentoring:program_detail", args=[program.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        resp = client.get(reverse("mentoring:matching", args=[program.pk]))
    assert len(resp.context["rows"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_project_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    for _ in range(rows):
        ProjectFactory(pegawai=PegawaiFactory(unit_kerja=world.unit_a), supervisor=world.supervisor_pegawai)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("mentoring:project_list"))
    assert len(resp.context["page_obj"]) == min(rows, 25)
    assert ProjectAssignment.objects.count() == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_team_overview_queries_constant(rows, world, program, login_actor, client, django_assert_max_num_queries):
    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai, capacity=40)
    for _ in range(rows):
        mentee = PegawaiFactory(unit_kerja=world.unit_a, atasan=world.supervisor_pegawai)
        PairFactory(program=program, mentor=mentor, mentee__pegawai=mentee)
        ProjectFactory(pegawai=mentee, supervisor=world.mentor_pegawai)
    login_actor("supervisor")
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("mentoring:team"))
    assert len(resp.context["page_obj"]) == min(rows, 25)
