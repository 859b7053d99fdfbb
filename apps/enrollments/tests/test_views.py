"""Pages and actions: role × view matrix, cross-instansi 404 with the row unchanged, query counts,
bad input answered in Indonesian with 422 and nothing saved."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.employees.tests.factories import PegawaiFactory
from apps.enrollments import services
from apps.enrollments.models import Certificate, Enrollment, ExternalTraining, JPLedgerEntry
from apps.enrollments.tests.factories import AngkatanFactory, EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

ALL = ["owner", "supervisor", "bkpsdm_admin", "superadmin", "other_employee", "mentor", "other_instansi_admin"]


@pytest.fixture
def requested(world, angkatan):
    return services.enrollment_request(actor=world.users["owner"], angkatan=angkatan, motivation="Perlu untuk tugas")


@pytest.fixture
def approved(world, requested):
    return services.enrollment_approve(actor=world.users["supervisor"], enrollment=requested)


DETAIL = {
    "owner": 200,
    "supervisor": 200,
    "bkpsdm_admin": 200,
    "superadmin": 200,
    "other_employee": 404,
    "mentor": 404,
    "other_instansi_admin": 404,
}


@pytest.mark.parametrize("actor", ALL)
def test_detail_matrix(actor, login_actor, client, requested):
    login_actor(actor)
    resp = client.get(reverse("enrollments:detail", args=[requested.pk]))
    assert resp.status_code == DETAIL[actor]
    assert (requested.angkatan.program.title in resp.text) == (DETAIL[actor] == 200)


PAGES = [
    # url name, {actor: status}; unspecified → 200
    ("enrollments:mine", {}),
    ("enrollments:approvals", {a: 403 for a in ALL if a != "supervisor"}),
    ("enrollments:nominate", {a: 403 for a in ALL if a != "supervisor"}),
    ("enrollments:verify_queue", dict.fromkeys(("owner", "supervisor", "other_employee", "mentor"), 403)),
    ("enrollments:angkatan_list", dict.fromkeys(("owner", "supervisor", "other_employee", "mentor"), 403)),
    ("enrollments:external_queue", dict.fromkeys(("owner", "supervisor", "other_employee", "mentor"), 403)),
    (
        "enrollments:jp_dashboard",
        {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403, "superadmin": 404},
    ),
    (
        "enrollments:jp_below",
        {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403, "superadmin": 404},
    ),
    ("enrollments:nothing", {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403, "superadmin": 404}),
    ("enrollments:my_jp", {"superadmin": 404}),
    ("enrollments:code_entry", {}),
    ("enrollments:notifications", {}),
]


@pytest.mark.parametrize("actor", ALL)
@pytest.mark.parametrize("name, expected", PAGES)
def test_page_matrix(name, expected, actor, login_actor, client, requested):
    login_actor(actor)
    assert client.get(reverse(name)).status_code == expected.get(actor, 200)


def test_lists_show_only_own_instansi(world, login_actor, client, approved, angkatan_b):
    other = EnrollmentFactory(angkatan=angkatan_b, status="approved")
    login_actor("other_instansi_admin")
    text = client.get(reverse("enrollments:verify_queue")).text
    assert other.pegawai.name in text and approved.pegawai.name not in text
    login_actor("bkpsdm_admin")
    text = client.get(reverse("enrollments:verify_queue")).text
    assert approved.pegawai.name in text and other.pegawai.name not in text


def test_atasan_approves_via_htmx(world, login_actor, client, requested):
    login_actor("supervisor")
    queue = client.get(reverse("enrollments:approvals"))
    assert requested.pegawai.name in queue.text and 'hx-post="' in queue.text and 'method="post"' in queue.text
    resp = client.post(
        reverse("enrollments:decide", args=[requested.pk]),
        {"decision": "approve", "note": "Silakan"},
        HTTP_HX_REQUEST="true",
    )
    assert resp.status_code == 200 and "Disetujui atasan" in resp.text
    requested.refresh_from_db()
    assert requested.status == "approved"


def test_approve_without_js_redirects(world, login_actor, client, requested):
    login_actor("supervisor")
    resp = client.post(reverse("enrollments:decide", args=[requested.pk]), {"decision": "approve"})
    assert resp.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "approved"


def test_reject_without_reason_is_422_and_unchanged(world, login_actor, client, requested):
    login_actor("supervisor")
    resp = client.post(reverse("enrollments:decide", args=[requested.pk]), {"decision": "reject", "note": ""})
    assert resp.status_code == 422 and "Alasan penolakan wajib diisi" in resp.text
    requested.refresh_from_db()
    assert requested.status == "requested"


DECIDE = {
    "supervisor": "approved",
    "other_employee": 404,
    "mentor": 404,
    "other_instansi_admin": 404,
    "owner": 403,
    "bkpsdm_admin": 422,
    "superadmin": 422,
}


@pytest.mark.parametrize("actor", list(ALL))
def test_decide_matrix(actor, login_actor, client, requested):
    login_actor(actor)
    resp = client.post(reverse("enrollments:decide", args=[requested.pk]), {"decision": "approve"})
    requested.refresh_from_db()
    expected = DECIDE[actor]
    if expected == "approved":
        assert resp.status_code == 302 and requested.status == "approved"
    else:
        assert resp.status_code == expected and requested.status == "requested"


VERIFY = {
    "bkpsdm_admin": 302,
    "superadmin": 302,
    "other_instansi_admin": 404,
    "owner": 403,
    "supervisor": 403,
    "other_employee": 403,
    "mentor": 403,
}


@pytest.mark.parametrize("actor", ALL)
def test_verify_matrix(actor, login_actor, client, approved):
    login_actor(actor)
    resp = client.post(reverse("enrollments:verify", args=[approved.pk]), {"decision": "verify"})
    assert resp.status_code == VERIFY[actor]
    approved.refresh_from_db()
    assert approved.status == ("enrolled" if VERIFY[actor] == 302 else "approved")


def test_verify_via_htmx_and_pppk_override_needs_reason(world, login_actor, client, approved):
    p = world.owner_pegawai
    p.employment_type, p.golongan, p.nip = "pppk", "IX", "199104222023211015"
    p.save()
    approved.angkatan.program.learning_hours = 30
    approved.angkatan.program.save()
    login_actor("bkpsdm_admin")
    url = reverse("enrollments:verify", args=[approved.pk])
    resp = client.post(url, {"decision": "verify", "override": "on", "note": ""})
    assert resp.status_code == 422 and "Alasan izin BKPSDM wajib diisi" in resp.text
    resp = client.post(url, {"decision": "verify"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "24 JP" in resp.text
    approved.refresh_from_db()
    assert approved.status == "approved"
    resp = client.post(
        url, {"decision": "verify", "override": "on", "note": "Penugasan khusus"}, HTTP_HX_REQUEST="true"
    )
    approved.refresh_from_db()
    assert approved.status == "enrolled" and approved.override_reason == "Penugasan khusus"


CANCEL = {
    "owner": 302,
    "bkpsdm_admin": 302,
    "superadmin": 302,
    "supervisor": 403,
    "other_employee": 404,
    "mentor": 404,
    "other_instansi_admin": 404,
}


@pytest.mark.parametrize("actor", ALL)
def test_cancel_matrix(actor, login_actor, client, requested):
    login_actor(actor)
    resp = client.post(reverse("enrollments:cancel", args=[requested.pk]), {"note": "x"})
    assert resp.status_code == CANCEL[actor]
    requested.refresh_from_db()
    assert requested.status == ("cancelled" if CANCEL[actor] == 302 else "requested")


def test_request_form_bad_input_422_nothing_saved(world, login_actor, client, angkatan):
    login_actor("owner")
    url = reverse("enrollments:request", args=[angkatan.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"motivation": "singkat"})
    assert resp.status_code == 422 and "Motivasi terlalu singkat" in resp.text
    assert not Enrollment.objects.exists()
    resp = client.post(url, {"motivation": "Saya perlu pelatihan ini untuk pelayanan.", "need_reference": "IDP 1"})
    assert resp.status_code == 302 and Enrollment.objects.get().need_reference == "IDP 1"
    resp = client.post(url, {"motivation": "Saya perlu pelatihan ini untuk pelayanan lagi."})
    assert resp.status_code == 422 and "sudah memiliki pendaftaran aktif" in resp.text
    assert Enrollment.objects.count() == 1


def test_request_other_instansi_batch_is_404(world, login_actor, client, angkatan_b):
    login_actor("owner")
    url = reverse("enrollments:request", args=[angkatan_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"motivation": "Saya perlu pelatihan ini untuk pelayanan."}).status_code == 404
    assert not Enrollment.objects.exists()


def test_nominate_page(world, login_actor, client, angkatan):
    login_actor("supervisor")
    url = reverse("enrollments:nominate")
    resp = client.post(url, {"pegawai": world.other_pegawai.pk, "angkatan": angkatan.pk})
    assert resp.status_code == 422 and not Enrollment.objects.exists()  # not in the team: not a choice
    resp = client.post(url, {"pegawai": world.owner_pegawai.pk, "angkatan": angkatan.pk, "note": "Prioritas"})
    assert resp.status_code == 302 and Enrollment.objects.get().status == "approved"


def _queue_rows(instansi, angkatan, n, status, atasan=None):
    for _i in range(n):
        EnrollmentFactory(
            angkatan=angkatan,
            status=status,
            pegawai=PegawaiFactory(
                instansi=instansi,
                unit_kerja=atasan.unit_kerja if atasan else angkatan.program.instansi.units.first(),
                atasan=atasan,
            ),
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_approval_queue_queries_constant(rows, world, login_actor, client, angkatan, django_assert_max_num_queries):
    _queue_rows(world.a, angkatan, rows, "requested", atasan=world.supervisor_pegawai)
    login_actor("supervisor")
    with django_assert_max_num_queries(16):
        resp = client.get(reverse("enrollments:approvals"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_verify_queue_queries_constant(rows, world, login_actor, client, angkatan, django_assert_max_num_queries):
    _queue_rows(world.a, angkatan, rows, "approved", atasan=world.supervisor_pegawai)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(16):
        resp = client.get(reverse("enrollments:verify_queue"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_participants_queries_constant(rows, world, login_actor, client, angkatan, django_assert_max_num_queries):
    _queue_rows(world.a, angkatan, rows, "enrolled", atasan=world.supervisor_pegawai)
    _queue_rows(world.a, angkatan, rows, "waitlisted", atasan=world.supervisor_pegawai)
    SessionFactory(angkatan=angkatan)
    login_actor("bkpsdm_admin")
    with django_assert_max_num_queries(16):
        resp = client.get(reverse("enrollments:participants", args=[angkatan.pk]))
    assert len(resp.context["page_obj"]) == min(rows, 25) and resp.context["waitlist_count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_my_list_queries_constant(rows, world, login_actor, client, django_assert_max_num_queries):
    for _i in range(rows):
        EnrollmentFactory(angkatan=AngkatanFactory(instansi=world.a), pegawai=world.owner_pegawai, status="requested")
    login_actor("owner")
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("enrollments:mine"))
    assert len(resp.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize(
    "actor, status", [("bkpsdm_admin", 200), ("superadmin", 200), ("other_instansi_admin", 404), ("owner", 403)]
)
def test_participants_matrix(actor, status, login_actor, client, angkatan):
    login_actor(actor)
    assert client.get(reverse("enrollments:participants", args=[angkatan.pk])).status_code == status
    assert client.get(reverse("enrollments:completion", args=[angkatan.pk])).status_code == status


def _finished(world):
    start = timezone.localdate() - datetime.timedelta(days=2)
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    e = Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    return angkatan, session, e


def test_attendance_completion_certificate_flow_pages(world, login_actor, client):
    angkatan, session, e = _finished(world)
    login_actor("bkpsdm_admin")
    url = reverse("enrollments:session_attendance", args=[session.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"present": ["99999"]})
    assert resp.status_code == 422 and "Peserta tidak dikenal" in resp.text
    assert client.post(url, {"present": [str(e.pk)]}).status_code == 302
    comp = reverse("enrollments:completion", args=[angkatan.pk])
    resp = client.post(comp, {"action": "complete", f"score_{e.pk}": "150"})
    assert resp.status_code == 422
    e.refresh_from_db()
    assert e.status == "enrolled"
    resp = client.post(comp, {"action": "rule", "min_attendance_percent": "120"})
    assert resp.status_code == 422
    assert client.post(comp, {"action": "complete", f"score_{e.pk}": "80"}).status_code == 302
    e.refresh_from_db()
    assert e.status == "completed" and JPLedgerEntry.objects.filter(enrollment=e).exists()
    assert client.post(reverse("enrollments:certificates_issue", args=[angkatan.pk])).status_code == 302
    cert = Certificate.objects.get(enrollment=e)
    login_actor("owner")
    resp = client.get(reverse("enrollments:certificate_download", args=[cert.pk]))
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    login_actor("other_employee")
    assert client.get(reverse("enrollments:certificate_download", args=[cert.pk])).status_code == 404


def test_public_certificate_page(world, client):
    angkatan, session, e = _finished(world)
    services.attendance_save(actor=world.users["bkpsdm_admin"], session=session, present_ids={e.pk})
    services.angkatan_complete(actor=world.users["bkpsdm_admin"], angkatan=angkatan)
    e.refresh_from_db()
    cert = services.certificate_issue(actor=world.users["bkpsdm_admin"], enrollment=e)
    resp = client.get(reverse("enrollments:verify_certificate", args=[cert.verification_code]))
    nip = world.owner_pegawai.nip
    assert resp.status_code == 200 and "ASLI" in resp.text and world.owner_pegawai.name in resp.text
    assert nip not in resp.text and f"{nip[:6]}********{nip[14:]}" in resp.text
    assert client.get(reverse("enrollments:verify_certificate", args=["AAAAAAAAAAAAAAAA"])).status_code == 404
    services.certificate_revoke(actor=world.users["bkpsdm_admin"], certificate=cert, reason="Salah data")
    assert "DICABUT" in client.get(reverse("enrollments:verify_certificate", args=[cert.verification_code])).text


def test_revoke_without_reason_422(world, login_actor, client):
    angkatan, session, e = _finished(world)
    services.attendance_save(actor=world.users["bkpsdm_admin"], session=session, present_ids={e.pk})
    services.angkatan_complete(actor=world.users["bkpsdm_admin"], angkatan=angkatan)
    cert = services.certificate_issue(actor=world.users["bkpsdm_admin"], enrollment=Enrollment.objects.get(pk=e.pk))
    login_actor("other_instansi_admin")
    assert client.post(reverse("enrollments:certificate_revoke", args=[cert.pk]), {"reason": "x"}).status_code == 404
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:certificate_revoke", args=[cert.pk]), {"reason": ""})
    assert resp.status_code == 422 and "Alasan pencabutan wajib diisi" in resp.text
    cert.refresh_from_db()
    assert cert.revoked_at is None


PDF = b"%PDF-1.4\n%fake\n"


def test_external_report_and_approval(world, login_actor, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_actor("owner")
    url = reverse("enrollments:external_create")
    data = {
        "title": "Kursus Data",
        "provider": "Universitas Halu Oleo",
        "form": "kursus",
        "start_date": "2025-03-01",
        "end_date": "2025-02-01",
        "jp_claimed": "12",
    }
    resp = client.post(url, {**data, "certificate_file": SimpleUploadedFile("s.pdf", PDF)})
    assert resp.status_code == 422 and "Tanggal selesai tidak boleh" in resp.text
    resp = client.post(url, {**data, "end_date": "2025-03-02", "certificate_file": SimpleUploadedFile("s.exe", b"MZ")})
    assert resp.status_code == 422 and "PDF, JPG atau PNG" in resp.text
    assert not ExternalTraining.objects.exists()
    resp = client.post(url, {**data, "end_date": "2025-03-02", "certificate_file": SimpleUploadedFile("s.pdf", PDF)})
    assert resp.status_code == 302
    training = ExternalTraining.objects.get()
    login_actor("other_instansi_admin")
    assert (
        client.post(reverse("enrollments:external_decide", args=[training.pk]), {"decision": "approve"}).status_code
        == 404
    )
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:external_decide", args=[training.pk]), {"decision": "reject", "note": ""})
    assert resp.status_code == 422
    resp = client.post(
        reverse("enrollments:external_decide", args=[training.pk]), {"decision": "approve", "jp_approved": "10"}
    )
    assert resp.status_code == 302
    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai)
    assert (entry.jp, entry.year, entry.source_ref) == (10, 2025, f"external:{training.pk}")


def test_a_report_of_a_training_already_in_the_ledger_is_not_credited_twice(world, login_actor, client):
    """The same course, imported from the national history (or posted by the LMS) and then reported by the
    pegawai: approving the report would count it twice, so BKPSDM is told and nothing changes."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    services.ledger_credit(
        actor=None,
        pegawai=world.owner_pegawai,
        jp_amount=12,
        credited_on=dt.date(2025, 3, 2),
        source_type="history",
        source_ref="history:kursus-data",
        title="KURSUS  data",
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 2),
    )
    training = ExternalTraining.objects.create(
        instansi=world.a,
        pegawai=world.owner_pegawai,
        title="Kursus Data",
        provider="Universitas Halu Oleo",
        form="kursus",
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 2),
        jp_claimed=12,
        certificate_file=SimpleUploadedFile("s.pdf", PDF),
    )
    login_actor("bkpsdm_admin")
    resp = client.post(reverse("enrollments:external_decide", args=[training.pk]), {"decision": "approve"})
    assert resp.status_code == 422 and "sudah tercatat di buku JP" in resp.text
    training.refresh_from_db()
    assert training.status == "pending"
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == 1


def test_dashboard_and_export_neutralise_formulas(world, login_actor, client):
    from openpyxl import load_workbook

    year = timezone.localdate().year
    services.ledger_credit(
        actor=None,
        pegawai=world.owner_pegawai,
        jp_amount=22,
        credited_on=timezone.localdate(),
        source_type="other",
        source_ref="x:1",
        title='=HYPERLINK("http://x")',
    )
    login_actor("bkpsdm_admin")
    resp = client.get(reverse("enrollments:jp_dashboard"), {"year": year})
    assert resp.status_code == 200 and resp.context["met"] == 1 and resp.context["total"] >= 6
    resp = client.get(reverse("enrollments:jp_below"), {"year": year})
    assert world.owner_pegawai.name not in [p.name for p in resp.context["page_obj"]]
    resp = client.get(reverse("enrollments:jp_export"), {"year": year})
    sheet = load_workbook(io.BytesIO(resp.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == world.owner_pegawai.nip and rows[1][4].startswith("'=") and rows[1][9] == 22
    resp = client.get(reverse("enrollments:nothing"), {"year": year})
    names = [p.name for p in resp.context["page_obj"]]
    assert world.owner_pegawai.name not in names and world.other_pegawai.name in names


def test_home_panels(world, login_actor, client, requested):
    login_actor("supervisor")
    assert "Menunggu persetujuan Anda" in client.get(reverse("core:home")).text
    login_actor("bkpsdm_admin")
    services.enrollment_approve(actor=world.users["supervisor"], enrollment=requested)
    assert "Verifikasi pendaftaran" in client.get(reverse("core:home")).text
    login_actor("owner")
    assert "JP saya tahun ini" in client.get(reverse("core:home")).text


def test_code_entry_page(world, login_actor, client):
    start = timezone.localdate()
    angkatan = AngkatanFactory(instansi=world.a, start_date=start, end_date=start, status="running")
    session = SessionFactory(angkatan=angkatan)
    Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
    code = services.attendance_code_create(actor=world.users["bkpsdm_admin"], session=session)
    login_actor("owner")
    resp = client.post(reverse("enrollments:code_entry"), {"code": "WRONG1"})
    assert resp.status_code == 422 and "tidak dikenal" in resp.text
    assert client.post(reverse("enrollments:code_entry"), {"code": code.code}).status_code == 302


def test_request_names_the_need_it_serves(world, login_actor, client, angkatan):
    from apps.competencies.models import Kompetensi
    from apps.needs.models import NeedsItem

    kompetensi = Kompetensi.objects.create(instansi=world.a, kind="teknis", code="T.UJI.01", name="Asuhan keperawatan")
    mine = NeedsItem.objects.create(
        instansi=world.a, year=2026, source="assessment_gap", kompetensi=kompetensi, pegawai=world.owner_pegawai
    )
    theirs = NeedsItem.objects.create(
        instansi=world.a, year=2026, source="assessment_gap", kompetensi=kompetensi, pegawai=world.other_pegawai
    )
    login_actor("owner")
    url = reverse("enrollments:request", args=[angkatan.pk])
    resp = client.post(url, {"motivation": "Saya perlu pelatihan ini untuk pelayanan.", "needs_item": theirs.pk})
    assert resp.status_code == 422 and not Enrollment.objects.exists()
    resp = client.post(url, {"motivation": "Saya perlu pelatihan ini untuk pelayanan.", "needs_item": mine.pk})
    assert resp.status_code == 302 and Enrollment.objects.get().needs_item == mine
    login_actor("supervisor")
    assert "T.UJI.01" in client.get(reverse("enrollments:approvals")).text


def test_another_atasan_cannot_see_or_decide(world, client, requested):
    """other_employee becomes an atasan of someone else: still 404 on this team's request."""
    PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, atasan=world.other_pegawai)
    other_atasan = world.users["other_employee"]
    assert other_atasan.has_role("supervisor")
    client.force_login(other_atasan)
    assert client.get(reverse("enrollments:detail", args=[requested.pk])).status_code == 404
    assert client.get(reverse("enrollments:approvals")).status_code == 200
    resp = client.post(reverse("enrollments:decide", args=[requested.pk]), {"decision": "approve"})
    assert resp.status_code == 404
    requested.refresh_from_db()
    assert requested.status == "requested"
    resp = client.post(
        reverse("enrollments:nominate"), {"pegawai": world.owner_pegawai.pk, "angkatan": requested.angkatan_id}
    )
    assert resp.status_code == 422 and Enrollment.objects.count() == 1
