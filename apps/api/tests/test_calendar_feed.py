"""Each pegawai's private calendar feed (issue 15): the "Kalender saya" page makes, resets and revokes the address
(the secret shown once, only its hash stored); the public /kalender/<secret>.ics answers with the pegawai's own
batches, each session and their mentoring meetings, under stable UIDs, and 404 once the address is reset or
revoked. It replaces the signed-in download (pendaftaran/saya/kalender.ics), whose assertions moved here."""

from __future__ import annotations

import datetime
import hashlib
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.api import services
from apps.api.models import CalendarFeed
from apps.conftest import role_matrix
from apps.core.models import AuditEvent
from apps.enrollments.models import Enrollment
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory
from apps.mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ProgramFactory, ensure_jp_rules
from apps.mentoring.tests.factories import SessionFactory as MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    """Feed addresses and UIDs come from SITE_URL, never from the Host a client sent."""
    settings.SITE_URL = "https://asn.example.go.id"


PAGE = "/api/kalender/"
REVOKE = "/api/kalender/cabut/"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _path(url: str) -> str:
    return urlsplit(url).path


def _issue(client, action="create"):
    resp = client.post(PAGE, {"action": action})
    assert resp.status_code == 201, resp.content[:500]
    return _path(resp.context["feed_url"])


def _feed_for(pegawai):
    """An address for `pegawai` made by the service, as the page would (its path)."""
    issued = services.feed_issue(actor=pegawai.user, pegawai=pegawai, replace=True)
    return reverse("calendar_feed", args=[issued.secret])


def _uids(body: str) -> list[str]:
    return re.findall(r"^UID:(.+?)\r$", body, re.MULTILINE)


@pytest.fixture
def schedule(world):
    """The owner's batches in every state the feed shows or hides, a colleague's batch, and mentoring meetings
    of the owner as mentee, of the mentor as mentor, a disputed one, and one of a pair the owner is not in."""
    ensure_jp_rules()
    a = world.a
    enrolled = AngkatanFactory(instansi=a, name="Angkatan Komunikasi Efektif", online_link="https://meet.example/x")
    first = SessionFactory(angkatan=enrolled, topic="Mendengar aktif", start_time=datetime.time(8, 0))
    second = SessionFactory(
        angkatan=enrolled,
        topic="Umpan balik",
        date=enrolled.start_date + datetime.timedelta(days=1),
        start_time=datetime.time(13, 0),
        end_time=datetime.time(15, 30),
    )
    waiting = AngkatanFactory(instansi=a, name="Angkatan Daftar Tunggu")  # no sessions: one all-day event
    requested = AngkatanFactory(instansi=a, name="Angkatan Baru Diajukan")
    cancelled = AngkatanFactory(instansi=a, name="Angkatan Yang Dibatalkan")
    colleagues = AngkatanFactory(instansi=a, name="Angkatan Pegawai Lain")
    owner = world.owner_pegawai
    Enrollment.objects.create(instansi=a, pegawai=owner, angkatan=enrolled, status="enrolled")
    Enrollment.objects.create(
        instansi=a, pegawai=owner, angkatan=waiting, status="waitlisted", waitlisted_at=timezone.now()
    )
    Enrollment.objects.create(instansi=a, pegawai=owner, angkatan=requested, status="requested")
    Enrollment.objects.create(instansi=a, pegawai=owner, angkatan=cancelled, status="cancelled")
    Enrollment.objects.create(instansi=a, pegawai=world.mate_pegawai, angkatan=colleagues, status="enrolled")

    program = ProgramFactory(instansi=a, name="Mentoring Perencanaan Anggaran")
    as_mentee = PairFactory(
        program=program,
        mentor=MentorFactory(program=program, pegawai=world.mentor_pegawai),
        mentee=MenteeFactory(program=program, pegawai=owner),
    )
    as_mentor = PairFactory(
        program=program,
        mentor=MentorFactory(program=program, pegawai=owner),
        mentee=MenteeFactory(program=program, pegawai=world.other_pegawai),
    )
    others = PairFactory(
        program=program,
        mentor=as_mentee.mentor,
        mentee=MenteeFactory(program=program, pegawai=world.mate_pegawai),
    )
    day = timezone.localdate()
    meeting = MeetingFactory(pair=as_mentee, topic="Menyusun RKA", date=day + datetime.timedelta(days=3))
    mentoring_owner = MeetingFactory(pair=as_mentor, topic="Membimbing laporan", date=day + datetime.timedelta(days=4))
    disputed = MeetingFactory(pair=as_mentee, topic="Sesi yang ditolak", status="disputed")
    foreign = MeetingFactory(pair=others, topic="Sesi pasangan lain")
    return {
        "enrolled": enrolled,
        "sessions": (first, second),
        "waiting": waiting,
        "requested": requested,
        "hidden": (cancelled, colleagues),
        "meetings": (meeting, mentoring_owner),
        "hidden_meetings": (disputed, foreign),
    }


# --------------------------------------------------------------------------- the page


@pytest.mark.parametrize(
    "actor, status",
    # everyone with a pegawai record has a calendar; the superadmin has none (404, as "Buku JP saya")
    role_matrix(
        owner=200,
        supervisor=200,
        bkpsdm_admin=200,
        other_employee=200,
        mentor=200,
        other_instansi_admin=200,
        superadmin=404,
    ),
)
def test_page_matrix(actor, status, login_actor, client, world):
    _feed_for(world.owner_pegawai)
    login_actor(actor)
    resp = client.get(PAGE)
    assert resp.status_code == status
    if status == 200:
        # only the owner has an address; nobody else's page shows it
        assert (resp.context["feed"] is not None) == (actor == "owner")
        assert "Google Calendar" in resp.text


@pytest.mark.parametrize("url", [PAGE, REVOKE])
def test_anonymous_is_sent_to_login(url, client, world):
    resp = client.get(url) if url == PAGE else client.post(url)
    assert resp.status_code == 302 and "/akun/masuk/" in resp["Location"]
    assert not CalendarFeed.objects.exists()


def test_superadmin_cannot_make_or_revoke_a_feed(login_actor, client, world):
    login_actor("superadmin")
    assert client.post(PAGE, {"action": "create"}).status_code == 404
    assert client.post(REVOKE).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_page_get_makes_no_writes(login_actor, client, world):
    _feed_for(world.owner_pegawai)
    login_actor("owner")
    client.get(PAGE)  # a first visit may set up the session
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(PAGE)
    assert resp.status_code == 200
    assert [q["sql"] for q in ctx.captured_queries if WRITE.match(q["sql"])] == []


def test_create_shows_the_address_once_and_stores_only_its_hash(login_actor, client, world):
    login_actor("owner")
    resp = client.post(PAGE, {"action": "create"})
    assert resp.status_code == 201
    assert "no-store" in resp["Cache-Control"]
    feed = CalendarFeed.objects.get()
    url = resp.context["feed_url"]
    secret = _path(url).removeprefix("/kalender/").removesuffix(".ics")
    assert url.startswith("https://asn.example.go.id/kalender/") and url in resp.text
    assert len(secret) >= 40 and secret.startswith(feed.prefix)
    assert feed.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (feed.instansi_id, feed.pegawai_id, feed.revoked_at) == (world.a.pk, world.owner_pegawai.pk, None)
    stored = [str(v) for v in CalendarFeed.objects.values_list(*[f.attname for f in CalendarFeed._meta.fields])[0]]
    assert secret not in stored
    assert AuditEvent.objects.filter(action="calendar_feed.create", object_id=str(feed.pk)).exists()
    again = client.get(PAGE)
    assert secret not in again.text and feed.prefix in again.text
    assert client.get(_path(url)).status_code == 200


def test_create_twice_is_refused_and_keeps_the_first_address(login_actor, client, world):
    login_actor("owner")
    path = _issue(client)
    resp = client.post(PAGE, {"action": "create"})
    assert resp.status_code == 422
    assert "Atur ulang" in resp.text and not resp.context["feed_url"]
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1
    assert client.get(path).status_code == 200


def test_unknown_action_is_422_and_saves_nothing(login_actor, client, world):
    login_actor("owner")
    assert client.post(PAGE, {"action": "hapus-semua"}).status_code == 422
    assert not CalendarFeed.objects.exists()


def test_reset_kills_the_old_address_and_gives_a_new_one(login_actor, client, world):
    login_actor("owner")
    old = _issue(client)
    new = _issue(client, action="reset")
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.count() == 2
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="calendar_feed.revoke").count() == 1


def test_revoke_kills_the_address(login_actor, client, world):
    login_actor("owner")
    path = _issue(client)
    resp = client.post(REVOKE, follow=True)
    assert resp.redirect_chain == [(PAGE, 302)]
    assert "Alamat kalender dicabut" in resp.text
    assert resp.context["feed"] is None
    assert client.get(path).status_code == 404
    assert CalendarFeed.objects.get().revoked_at is not None
    again = client.post(REVOKE, follow=True)
    assert "Belum ada alamat kalender yang aktif." in again.text


def test_revoke_is_post_only_and_needs_csrf(login_actor, world):
    path = _feed_for(world.owner_pegawai)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["owner"])
    assert client.get(REVOKE).status_code == 405
    assert client.post(REVOKE).status_code == 403
    assert client.post(PAGE, {"action": "reset"}).status_code == 403
    assert client.get(path).status_code == 200


def test_nobody_else_touches_the_owners_address(login_actor, client, world):
    """The page has no ids: whoever posts acts on their own feed only."""
    path = _feed_for(world.owner_pegawai)
    for actor in ("supervisor", "bkpsdm_admin", "other_instansi_admin", "mentor"):
        login_actor(actor)
        client.post(REVOKE)
        client.post(PAGE, {"action": "reset"})
    assert client.get(path).status_code == 200
    owner_feed = CalendarFeed.objects.get(pegawai=world.owner_pegawai)
    assert owner_feed.revoked_at is None


def test_the_old_download_is_gone_and_the_menu_leads_to_the_page(login_actor, client, world):
    with pytest.raises(NoReverseMatch):
        reverse("enrollments:my_calendar")
    login_actor("owner")
    assert client.get("/pendaftaran/saya/kalender.ics").status_code == 404
    assert PAGE in client.get(reverse("enrollments:mine")).text
    assert PAGE in client.get("/").text
    login_actor("superadmin")
    assert PAGE not in client.get("/").text


# --------------------------------------------------------------------------- the feed


def test_feed_lists_my_batches_each_session_and_my_meetings(client, world, schedule):
    body = client.get(_feed_for(world.owner_pegawai)).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    enrolled, (first, second) = schedule["enrolled"], schedule["sessions"]
    uids = _uids(body)
    assert f"angkatan-{enrolled.pk}-sesi-{first.pk}@asn.example.go.id" in uids
    assert f"angkatan-{enrolled.pk}-sesi-{second.pk}@asn.example.go.id" in uids
    assert f"angkatan-{schedule['waiting'].pk}@asn.example.go.id" in uids  # no sessions: the batch as one event
    assert f"angkatan-{schedule['requested'].pk}@asn.example.go.id" in uids  # waiting for the atasan still shows
    for meeting in schedule["meetings"]:
        assert f"mentoring-sesi-{meeting.pk}@asn.example.go.id" in uids
    assert len(uids) == len(set(uids)) == 6
    assert "Mendengar aktif" in body and "Umpan balik" in body and "Menyusun RKA" in body
    assert "Membimbing laporan" in body  # the owner mentors this pair
    # the instansi's zone (WITA, +8): 08:00 is 00:00 UTC, 13:00–15:30 is 05:00–07:30 UTC
    assert f"DTSTART:{first.date:%Y%m%d}T000000Z" in body
    assert f"DTSTART:{second.date:%Y%m%d}T050000Z" in body and f"DTEND:{second.date:%Y%m%d}T073000Z" in body
    assert "https://meet.example/x" in body
    meeting = schedule["meetings"][0]
    assert f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}" in body
    for hidden in schedule["hidden"]:
        assert hidden.name not in body
    for hidden in schedule["hidden_meetings"]:
        assert hidden.topic not in body


def test_a_batch_not_yet_held_is_tentative_and_says_why(client, world, schedule):
    """Requested or waitlisted: the calendar shows it pale (TENTATIVE) and the title says the state."""
    body = client.get(_feed_for(world.owner_pegawai)).content.decode().replace("\r\n ", "")
    events = body.split("BEGIN:VEVENT")[1:]
    held = [e for e in events if "Angkatan Komunikasi Efektif" in e]
    waiting = next(e for e in events if "Angkatan Daftar Tunggu" in e)
    requested = next(e for e in events if "Angkatan Baru Diajukan" in e)
    assert held and all("STATUS:TENTATIVE" not in e for e in held)
    assert "STATUS:TENTATIVE" in waiting and "SUMMARY:[Daftar tunggu] Angkatan Daftar Tunggu" in waiting
    assert "STATUS:TENTATIVE" in requested and "SUMMARY:[Diajukan] Angkatan Baru Diajukan" in requested


def test_uids_are_stable_across_fetches_and_resets(client, world, schedule):
    first = _uids(client.get(_feed_for(world.owner_pegawai)).content.decode())
    second = _uids(client.get(_feed_for(world.owner_pegawai)).content.decode())  # a reset, then a fetch
    assert first == second and first


def test_the_feed_answers_with_the_calendar_headers(client, world, schedule):
    resp = client.get(_feed_for(world.owner_pegawai))
    assert resp.status_code == 200
    assert resp["Content-Type"] == "text/calendar; charset=utf-8"
    assert resp["Cache-Control"] == "private, max-age=900"
    assert "attachment" not in resp["Content-Disposition"]


def test_the_mentor_sees_the_meeting_from_the_other_side(client, world, schedule):
    body = client.get(_feed_for(world.mentor_pegawai)).content.decode()
    meeting = schedule["meetings"][0]
    assert f"mentoring-sesi-{meeting.pk}@asn.example.go.id" in body
    assert "Sesi pasangan lain" in body  # also their mentee's, in a pair the owner is not in
    assert schedule["enrolled"].name not in body and "Membimbing laporan" not in body


def test_another_instansis_pegawai_gets_only_their_own(client, world, schedule):
    mine = AngkatanFactory(instansi=world.b, name="Angkatan Kota B")
    SessionFactory(angkatan=mine, topic="Sesi Kota B")
    Enrollment.objects.create(instansi=world.b, pegawai=world.pegawai_b, angkatan=mine, status="enrolled")
    body = client.get(_feed_for(world.pegawai_b)).content.decode()
    assert "Angkatan Kota B" in body and "Sesi Kota B" in body
    assert schedule["enrolled"].name not in body and "Menyusun RKA" not in body
    assert len(_uids(body)) == 1
    owner_body = client.get(_feed_for(world.owner_pegawai)).content.decode()
    assert "Kota B" not in owner_body


@pytest.mark.parametrize("secret", ["kal_tidak-ada", "x" * 300, "RAHASIA"], ids=["unknown", "too-long", "not-issued"])
def test_unknown_addresses_are_404(secret, client, world):
    _feed_for(world.owner_pegawai)
    assert client.get(reverse("calendar_feed", args=[secret])).status_code == 404


def test_the_feed_is_get_only_and_ignores_a_signed_in_user(client, login_actor, world, schedule):
    path = _feed_for(world.owner_pegawai)
    assert client.post(path).status_code == 405
    login_actor("other_instansi_admin")  # another instansi's session does not narrow or widen the feed
    body = client.get(path).content.decode()
    assert schedule["enrolled"].name in body


def test_a_pegawai_who_left_has_no_feed(client, world, schedule):
    path = _feed_for(world.owner_pegawai)
    world.owner_pegawai.is_active = False
    world.owner_pegawai.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404


def test_feed_queries_do_not_grow_with_the_schedule(client, world, schedule):
    path = _feed_for(world.owner_pegawai)
    client.get(path)  # the first fetch records last_fetched_at
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    for n in range(5):
        angkatan = AngkatanFactory(instansi=world.a, name=f"Angkatan Tambahan {n}")
        SessionFactory.create_batch(3, angkatan=angkatan)
        Enrollment.objects.create(instansi=world.a, pegawai=world.owner_pegawai, angkatan=angkatan, status="enrolled")
        MeetingFactory(pair=schedule["meetings"][0].pair, topic=f"Pertemuan {n}")
    with CaptureQueriesContext(connection) as large:
        body = client.get(path).content.decode()
    assert len(_uids(body)) == 6 + 5 * 3 + 5
    assert len(large.captured_queries) == len(small.captured_queries) <= 8, [q["sql"] for q in large.captured_queries]


def test_last_fetched_is_written_at_most_once_an_hour(client, world, schedule):
    path = _feed_for(world.owner_pegawai)
    client.get(path)
    first = CalendarFeed.objects.get(revoked_at__isnull=True).last_fetched_at
    assert first is not None
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    assert [q["sql"] for q in ctx.captured_queries if WRITE.match(q["sql"])] == []
    assert CalendarFeed.objects.get(revoked_at__isnull=True).last_fetched_at == first
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61), tick=False):
        client.get(path)
    assert CalendarFeed.objects.get(revoked_at__isnull=True).last_fetched_at > first


def test_the_feed_is_built_as_its_instansi(monkeypatch, client, world):
    """No user signs in, so no middleware binds the request: the view runs the reads under the feed's instansi."""
    from apps.api import selectors
    from apps.core import rls

    seen = []
    original = selectors.feed_angkatan

    def spy(**kwargs):
        seen.append(rls.current_instansi())
        return original(**kwargs)

    monkeypatch.setattr(selectors, "feed_angkatan", spy)
    assert client.get(_feed_for(world.pegawai_b)).status_code == 200
    assert seen == [world.b.pk if rls.enabled() else None]
    assert rls.current_instansi() is None  # and lets go of it afterwards


def test_the_host_a_client_uses_changes_neither_uids_nor_the_address(client, world, schedule, settings):
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.5"]
    url = _feed_for(world.owner_pegawai)
    via_name = _uids(client.get(url).content.decode())
    via_ip = _uids(client.get(url, HTTP_HOST="10.0.0.5").content.decode())
    assert via_name == via_ip and all(uid.endswith("@asn.example.go.id") for uid in via_name)


def test_a_calendar_app_may_probe_with_head(client, world, schedule):
    resp = client.head(_feed_for(world.owner_pegawai))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/calendar")


def test_a_cancelled_batch_is_shown_cancelled(client, world, schedule):
    enrolled = schedule["enrolled"]
    enrolled.status = "cancelled"
    enrolled.save(update_fields=["status"])
    body = client.get(_feed_for(world.owner_pegawai)).content.decode().replace("\r\n ", "")
    events = [e for e in body.split("BEGIN:VEVENT")[1:] if "Angkatan Komunikasi Efektif" in e]
    assert len(events) == 2
    assert all("STATUS:CANCELLED" in e and "SUMMARY:[Dibatalkan] Angkatan Komunikasi Efektif" in e for e in events)


def test_a_switched_off_account_closes_its_feed(client, world, schedule):
    url = _feed_for(world.owner_pegawai)
    user = world.owner_pegawai.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404
