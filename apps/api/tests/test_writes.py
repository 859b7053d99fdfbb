"""The API's writes and the reads added with them: completions (idempotent by external id), attendance,
enrolment requests and survey answers, each with its scope, all-or-nothing input checks answered in
Indonesian, and the token's instansi as the only one it can name; the enrolment, JP ledger, survey and
evaluation-summary reads, with their query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.api.models import ApiCompletion
from apps.api.tests.factories import bearer, make_token
from apps.core.models import AuditEvent
from apps.enrollments.models import AttendanceRecord, Enrollment, EnrollmentEvent, JPLedgerEntry
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory
from apps.evaluations import selectors as evaluation_selectors
from apps.evaluations.models import Invitation, Response
from apps.evaluations.tests.factories import answer_values, make_batch, questionnaire

pytestmark = pytest.mark.django_db

COMPLETIONS = "/api/v1/completions/"
ATTENDANCE = "/api/v1/attendance/"
ENROLMENTS = "/api/v1/enrolments/"
LEDGER = "/api/v1/jp-ledger/"
SURVEYS = "/api/v1/surveys/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the throttle counts in the cache


def post(client, url, body, secret):
    return client.post(url, body, content_type="application/json", **bearer(secret))


def token(world, *scopes, instansi=None):
    return make_token(instansi or world.a, actor=world.users["bkpsdm_admin"], scopes=("read", *scopes))[1]


def completion(world, **overrides):
    today = timezone.localdate()
    body = {
        "external_id": "LMS-2026-0001",
        "nip": world.owner_pegawai.nip,
        "title": "E-learning Manajemen ASN",
        "provider": "LMS Provinsi",
        "start_date": (today - datetime.timedelta(days=10)).isoformat(),
        "end_date": (today - datetime.timedelta(days=3)).isoformat(),
        "jp": 12,
        "certificate_number": "LMS/12/2026",
    }
    return {**body, **overrides}


# --------------------------------------------------------------------------- completions


def test_a_completion_credits_the_ledger_once_per_external_id(client, world):
    secret = token(world, "completions")
    first = post(client, COMPLETIONS, completion(world), secret)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["external_id"], body["nip"], body["jp"]) == ("LMS-2026-0001", world.owner_pegawai.nip, 12)
    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai)
    assert (entry.source_type, entry.jp, entry.title) == ("elearning", 12, "E-learning Manajemen ASN")
    assert AuditEvent.objects.filter(action="api.completion", instansi_id=world.a.pk).count() == 1

    again = post(client, COMPLETIONS, completion(world), secret)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == 1
    assert ApiCompletion.objects.count() == 1


def test_the_same_external_id_with_other_data_is_a_conflict(client, world):
    secret = token(world, "completions")
    assert post(client, COMPLETIONS, completion(world), secret).status_code == 201
    resp = post(client, COMPLETIONS, completion(world, jp=20), secret)
    assert resp.status_code == 409
    assert resp.json()["code"] == "api.conflict" and "sudah dipakai" in resp.json()["detail"]
    assert JPLedgerEntry.objects.get(pegawai=world.owner_pegawai).jp == 12


def test_external_ids_are_per_instansi(client, world):
    post(client, COMPLETIONS, completion(world), token(world, "completions"))
    secret_b = token(world, "completions", instansi=world.b)
    resp = post(client, COMPLETIONS, completion(world, nip=world.admin_b_pegawai.nip), secret_b)
    assert resp.status_code == 201
    assert ApiCompletion.objects.filter(instansi=world.b).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nip": "199001012020121999"}, "nip", "tidak dikenal"),
        ({"jp": 0}, "jp", "Paling kecil 1."),
        ({"jp": "dua"}, "jp", "Harus bilangan bulat."),
        ({"start_date": "2026-13-01"}, "start_date", "TTTT-BB-HH"),
        ({"end_date": "2020-01-01", "start_date": "2020-01-05"}, "end_date", "sebelum tanggal mulai"),
        ({"end_date": "2999-01-01", "start_date": "2998-12-30"}, "end_date", "belum tiba"),
        ({"title": ""}, "title", "Tidak boleh kosong."),
        ({"grade": "A"}, "grade", "tidak dikenal"),
    ],
)
def test_a_refused_completion_names_the_field_in_indonesian_and_saves_nothing(client, world, overrides, field, message):
    resp = post(client, COMPLETIONS, completion(world, **overrides), token(world, "completions"))
    assert resp.status_code == 400, resp.json()
    errors = {row["field"]: row["message"] for row in resp.json()["errors"]}
    assert message in errors[field]
    assert not JPLedgerEntry.objects.exists() and not ApiCompletion.objects.exists()


def test_a_missing_field_and_a_body_that_is_not_an_object(client, world):
    secret = token(world, "completions")
    body = completion(world)
    del body["nip"]
    resp = post(client, COMPLETIONS, body, secret)
    assert resp.status_code == 400 and resp.json()["errors"] == [{"field": "nip", "message": "Wajib diisi."}]
    resp = post(client, COMPLETIONS, [1, 2], secret)
    assert resp.status_code == 400 and "objek JSON" in resp.json()["errors"][0]["message"]


def test_another_instansis_pegawai_cannot_be_credited(client, world):
    resp = post(client, COMPLETIONS, completion(world, nip=world.admin_b_pegawai.nip), token(world, "completions"))
    assert resp.status_code == 400 and resp.json()["errors"][0]["field"] == "nip"
    assert not JPLedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("url", "scope"), [(COMPLETIONS, "completions"), (ATTENDANCE, "attendance"), (ENROLMENTS, "enrolments")]
)
def test_each_write_needs_its_own_scope(client, world, url, scope):
    others = [s for s in ("completions", "attendance", "enrolments", "surveys") if s != scope]
    resp = post(client, url, {}, token(world, *others))
    assert resp.status_code == 403
    assert resp.json()["detail"] == "Token ini tidak memiliki cakupan untuk aksi ini."


# --------------------------------------------------------------------------- attendance


@pytest.fixture
def running(world):
    today = timezone.localdate()
    angkatan = AngkatanFactory(instansi=world.a, start_date=today, end_date=today, status="running")
    session = SessionFactory(angkatan=angkatan)
    enrolled = Enrollment.objects.create(
        instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled"
    )
    mate = Enrollment.objects.create(instansi=world.a, pegawai=world.mate_pegawai, angkatan=angkatan, status="enrolled")
    return angkatan, session, enrolled, mate


def test_attendance_by_nip_marks_only_the_named_participants(client, world, running):
    _angkatan, session, enrolled, mate = running
    body = {"session": session.pk, "records": [{"nip": world.owner_pegawai.nip, "present": True}]}
    resp = post(client, ATTENDANCE, body, token(world, "attendance"))
    assert resp.status_code == 200, resp.json()
    assert resp.json() == {"session": session.pk, "saved": 1}
    assert AttendanceRecord.objects.get(enrollment=enrolled).present is True
    assert not AttendanceRecord.objects.filter(enrollment=mate).exists()
    assert AuditEvent.objects.filter(action="attendance.api").count() == 1


def test_attendance_with_one_wrong_row_saves_nothing(client, world, running):
    _angkatan, session, enrolled, _mate = running
    body = {
        "session": session.pk,
        "records": [
            {"nip": world.owner_pegawai.nip, "present": True},
            {"nip": world.other_pegawai.nip, "present": True},
            {"nip": world.owner_pegawai.nip, "present": False},
        ],
    }
    resp = post(client, ATTENDANCE, body, token(world, "attendance"))
    assert resp.status_code == 400
    assert resp.json()["errors"] == [
        {"field": "records[1].nip", "message": "NIP ini bukan peserta angkatan sesi tersebut."},
        {"field": "records[2].nip", "message": "NIP ini sudah ada di baris sebelumnya."},
    ]
    assert not AttendanceRecord.objects.exists()


def test_attendance_refuses_another_instansis_session_and_a_future_one(client, world, running):
    other = SessionFactory(angkatan=AngkatanFactory(instansi=world.b))
    later = SessionFactory(angkatan=AngkatanFactory(instansi=world.a))  # starts in two weeks
    secret = token(world, "attendance")
    for session, message in ((other, "Sesi tidak dikenal"), (later, "belum")):
        body = {"session": session.pk, "records": [{"nip": world.owner_pegawai.nip, "present": True}]}
        resp = post(client, ATTENDANCE, body, secret)
        assert resp.status_code == 400 and message in resp.json()["detail"], resp.json()
    resp = post(client, ATTENDANCE, {"session": running[1].pk, "records": [{"nip": "1", "hadir": "ya"}]}, secret)
    fields = {row["field"] for row in resp.json()["errors"]}
    assert fields == {"records[0].hadir"}
    assert not AttendanceRecord.objects.exists()


# --------------------------------------------------------------------------- enrolments


def test_an_enrolment_request_goes_to_the_atasan_like_the_pegawais_own(client, world):
    angkatan = AngkatanFactory(instansi=world.a)
    secret = token(world, "enrolments")
    body = {"batch": angkatan.pk, "nip": world.owner_pegawai.nip, "motivation": "Diusulkan SIMPEG"}
    resp = post(client, ENROLMENTS, body, secret)
    assert resp.status_code == 201, resp.json()
    created = resp.json()
    assert (created["status"], created["nip"], created["batch"]) == ("requested", world.owner_pegawai.nip, angkatan.pk)
    enrollment = Enrollment.objects.get(pk=created["id"])
    assert enrollment.motivation == "Diusulkan SIMPEG" and enrollment.requested_by_id is None
    assert EnrollmentEvent.objects.filter(enrollment=enrollment, action="request").exists()

    again = post(client, ENROLMENTS, body, secret)
    assert again.status_code == 409 and again.json()["code"] == "enrollment.duplicate"

    listed = client.get(ENROLMENTS, {"batch": angkatan.pk}, **bearer(secret)).json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]


def test_an_enrolment_cannot_name_another_instansis_batch_or_pegawai(client, world):
    own = AngkatanFactory(instansi=world.a)
    foreign = AngkatanFactory(instansi=world.b)
    secret = token(world, "enrolments")
    resp = post(client, ENROLMENTS, {"batch": foreign.pk, "nip": world.owner_pegawai.nip}, secret)
    assert resp.status_code == 400 and resp.json()["errors"][0]["field"] == "batch"
    resp = post(client, ENROLMENTS, {"batch": own.pk, "nip": world.admin_b_pegawai.nip}, secret)
    assert resp.status_code == 400 and resp.json()["errors"][0]["field"] == "nip"
    assert not Enrollment.objects.exists()


def test_enrolment_list_filters_are_checked(client, world):
    secret = token(world)
    assert client.get(ENROLMENTS, {"status": "bogus"}, **bearer(secret)).status_code == 400
    assert client.get(ENROLMENTS, {"batch": "x1"}, **bearer(secret)).status_code == 400


# --------------------------------------------------------------------------- ledger


def test_the_ledger_shows_the_instansi_only_and_filters_by_year(client, world):
    post(client, COMPLETIONS, completion(world), token(world, "completions"))
    post(
        client,
        COMPLETIONS,
        completion(world, nip=world.admin_b_pegawai.nip, external_id="B-1"),
        token(world, "completions", instansi=world.b),
    )
    secret = token(world)
    rows = client.get(LEDGER, **bearer(secret)).json()["results"]
    assert [(r["nip"], r["jp"], r["source_type"]) for r in rows] == [(world.owner_pegawai.nip, 12, "elearning")]
    year = rows[0]["year"]
    assert client.get(LEDGER, {"year": year + 1}, **bearer(secret)).json()["count"] == 0


# --------------------------------------------------------------------------- surveys and evaluation


@pytest.fixture
def l1(world):
    batch = make_batch(world.a, participants=[world.owner_pegawai, world.mate_pegawai, world.other_pegawai])
    q = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    return batch, q


def test_survey_answers_for_an_invited_pegawai(client, world, l1):
    batch, q = l1
    secret = token(world, "surveys")
    listed = client.get(SURVEYS, **bearer(secret)).json()["results"]
    assert [row["id"] for row in listed] == [q.pk]
    detail = client.get(f"{SURVEYS}{q.pk}/", **bearer(secret)).json()
    fields = [question["field"] for question in detail["questions"]]
    assert fields == [item.field for item in evaluation_selectors.items_of(q)]

    answers = answer_values(evaluation_selectors.items_of(q), text="Materi bagus")
    resp = post(client, f"{SURVEYS}{q.pk}/", {"nip": world.owner_pegawai.nip, "answers": answers}, secret)
    assert resp.status_code == 201, resp.json()
    assert Response.objects.filter(questionnaire=q).count() == 1
    again = post(client, f"{SURVEYS}{q.pk}/", {"nip": world.owner_pegawai.nip, "answers": answers}, secret)
    assert again.status_code == 409

    stranger = post(client, f"{SURVEYS}{q.pk}/", {"nip": world.admin_pegawai.nip, "answers": answers}, secret)
    assert stranger.status_code == 400 and stranger.json()["errors"][0]["field"] == "nip"
    assert Invitation.objects.filter(questionnaire=q).count() == 3


def test_another_instansis_survey_is_404(client, world, l1):
    _batch, q = l1
    secret_b = token(world, "surveys", instansi=world.b)
    assert client.get(f"{SURVEYS}{q.pk}/", **bearer(secret_b)).status_code == 404
    resp = post(client, f"{SURVEYS}{q.pk}/", {"nip": world.admin_b_pegawai.nip, "answers": {"x": 1}}, secret_b)
    assert resp.status_code == 404
    assert client.get(SURVEYS, **bearer(secret_b)).json()["count"] == 0


def test_the_evaluation_summary_hides_a_small_group(client, world, l1):
    batch, q = l1
    secret = token(world, "surveys")
    answers = answer_values(evaluation_selectors.items_of(q))
    post(client, f"{SURVEYS}{q.pk}/", {"nip": world.owner_pegawai.nip, "answers": answers}, secret)
    summary = client.get(f"/api/v1/batches/{batch.angkatan.pk}/evaluation/", **bearer(secret)).json()
    assert summary == {"batch": batch.angkatan.pk, "l1": {"respondents": 1, "mean": None, "hidden": True}, "l2": None}
    q.min_group_size = 1
    q.save(update_fields=["min_group_size"])
    summary = client.get(f"/api/v1/batches/{batch.angkatan.pk}/evaluation/", **bearer(secret)).json()
    assert summary["l1"]["mean"] == "4.00" and summary["l1"]["hidden"] is False
    secret_b = token(world, instansi=world.b)
    assert client.get(f"/api/v1/batches/{batch.angkatan.pk}/evaluation/", **bearer(secret_b)).status_code == 404


# --------------------------------------------------------------------------- query counts


@pytest.mark.parametrize("url", [ENROLMENTS, LEDGER, SURVEYS])
def test_list_reads_cost_a_fixed_number_of_queries(client, world, url, django_assert_max_num_queries):
    secret = token(world, "completions")
    for n in range(15):
        angkatan = AngkatanFactory(instansi=world.a)
        Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="requested")
        post(client, COMPLETIONS, completion(world, external_id=f"LMS-{n}", title=f"Kursus {n}", jp=1 + n), secret)
    for _n in range(3):
        questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=make_batch(world.a).angkatan)
    with django_assert_max_num_queries(12):
        resp = client.get(url, **bearer(secret))
    assert resp.status_code == 200 and resp.json()["count"] >= 3


def test_the_readme_example_token_from_the_command_posts_a_completion(client, world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "api_token_create",
        "--instansi",
        world.a.code,
        "--name",
        "LMS",
        "--scope",
        "read",
        "--scope",
        "completions",
        stdout=out,
    )
    secret = out.getvalue().strip()
    assert secret.startswith("asn_")
    nip = client.get("/api/v1/pegawai/?page_size=1", **bearer(secret)).json()["results"][0]["nip"]
    assert post(client, COMPLETIONS, completion(world, nip=nip), secret).status_code == 201
    assert post(client, COMPLETIONS, completion(world, nip=nip), secret).status_code == 200
    assert JPLedgerEntry.objects.filter(pegawai__nip=nip).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_completion_posted_twice_at_once_is_credited_once(world):
    """Two LMS workers deliver the same completion at the same moment: both get the one row, one credit."""
    import threading

    from django.db import connection

    from apps.api import services
    from apps.api.authentication import ApiClient
    from apps.api.serializers import CompletionInSerializer

    api_token, _secret = make_token(world.a, scopes=("completions",))
    client = ApiClient(token=api_token, instansi_id=world.a.pk, scopes=frozenset({"completions"}))
    body = CompletionInSerializer(data=completion(world))
    assert body.is_valid(), body.errors
    barrier = threading.Barrier(2)
    results, errors = [], []

    def deliver():
        try:
            barrier.wait(timeout=10)
            results.append(services.completion_record(client=client, data=dict(body.validated_data)))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(created for _row, created in results) == [False, True]
    assert len({row.pk for row, _created in results}) == 1
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == 1


# --------------------------------------------------------------------------- review findings


def test_a_completion_above_the_e_learning_cap_is_refused(client, world):
    """E-learning earns at most 3 JP a day (the national conversion table): 30 JP for an 8-day course is too many."""
    resp = post(client, COMPLETIONS, completion(world, jp=30), token(world, "completions"))
    assert resp.status_code == 400
    assert resp.json()["errors"] == [
        {"field": "jp", "message": "Paling banyak 24 JP untuk e-learning pada tanggal itu (aturan konversi JP)."}
    ]
    resp = post(client, COMPLETIONS, completion(world), token(world, "completions"))
    entry = JPLedgerEntry.objects.get(pk=ApiCompletion.objects.get().ledger_entry_id)
    assert entry.conversion_rule is not None and entry.conversion_rule.form == "e_learning"


def test_a_placeholder_date_is_refused_not_a_crash(client, world):
    body = completion(world, start_date="0001-01-01")
    resp = post(client, COMPLETIONS, body, token(world, "completions"))
    assert resp.status_code == 400 and resp.json()["errors"][0]["field"] == "start_date"


def test_the_same_training_already_credited_from_another_source_is_a_conflict(client, world):
    secret = token(world, "completions")
    assert post(client, COMPLETIONS, completion(world), secret).status_code == 201
    again = post(
        client, COMPLETIONS, completion(world, external_id="LMS-OTHER", title=" e-learning  MANAJEMEN asn"), secret
    )
    assert again.status_code == 409 and "sudah tercatat" in again.json()["detail"]
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai).count() == 1


@pytest.mark.parametrize("query", [{"year": "²"}, {"batch": "١٢"}, {"nip": "19\x0085"}, {"status": "\x00"}])
def test_odd_query_values_are_400_not_500(client, world, query):
    secret = token(world)
    url = LEDGER if "year" in query else ENROLMENTS
    resp = client.get(url, query, **bearer(secret))
    assert resp.status_code == 400, resp.content


@pytest.mark.parametrize("value", ["a\x00b", 3.9, True, {"x": 1}])
def test_answers_that_would_be_misread_or_fail_on_save_are_refused(client, world, l1, value):
    _batch, q = l1
    answers = answer_values(evaluation_selectors.items_of(q))
    first = next(iter(answers))
    answers[first] = value
    resp = post(
        client, f"{SURVEYS}{q.pk}/", {"nip": world.owner_pegawai.nip, "answers": answers}, token(world, "surveys")
    )
    assert resp.status_code == 400, resp.json()
    assert not Response.objects.filter(questionnaire=q).exists()


def test_an_anonymous_answer_comes_back_without_id_or_score(client, world, l1):
    _batch, q = l1
    q.anonymous = True
    q.save(update_fields=["anonymous"])
    answers = answer_values(evaluation_selectors.items_of(q))
    resp = post(
        client, f"{SURVEYS}{q.pk}/", {"nip": world.owner_pegawai.nip, "answers": answers}, token(world, "surveys")
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["id"] is None and resp.json()["score"] is None
    assert Response.objects.get(questionnaire=q).respondent_id is None


def test_two_small_reaction_surveys_do_not_add_up_to_a_shown_group(client, world, l1):
    batch, q = l1
    second = questionnaire(world.users["bkpsdm_admin"], world.a, "l1-reaksi", angkatan=batch.angkatan)
    secret = token(world, "surveys")
    for survey in (q, second):
        survey.min_group_size = 3
        survey.save(update_fields=["min_group_size"])
        answers = answer_values(evaluation_selectors.items_of(survey))
        for pegawai in (world.owner_pegawai, world.mate_pegawai):
            body = {"nip": pegawai.nip, "answers": answers}
            assert post(client, f"{SURVEYS}{survey.pk}/", body, secret).status_code == 201
    summary = client.get(f"/api/v1/batches/{batch.angkatan.pk}/evaluation/", **bearer(secret)).json()
    assert summary["l1"] == {"respondents": 4, "mean": None, "hidden": True}


def test_an_api_completion_is_exported_as_a_course(client, world):
    from apps.enrollments import exports

    post(client, COMPLETIONS, completion(world), token(world, "completions"))
    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai)
    [row] = list(exports.rows(world.a.pk, entry.year))
    assert (row[0], row[2], row[4], row[9]) == (world.owner_pegawai.nip, "kursus", "E-learning Manajemen ASN", 12)
    assert row[10] == "LMS/12/2026"  # the platform's certificate number
