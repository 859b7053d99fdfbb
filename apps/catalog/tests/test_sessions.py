"""Issue 21 item 5: a batch's sessions are edited in place, so their attendance survives a change of
date or time; removing a session with attendance needs the admin's confirmation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from apps.catalog.models import Angkatan, AngkatanSession
from apps.catalog.tests.factories import AngkatanFactory, ProgramFactory, SessionFactory
from apps.conftest import role_matrix
from apps.core.models import AuditEvent
from apps.enrollments.models import AttendanceRecord, Enrollment

DAY = datetime.timedelta(days=1)


@pytest.fixture
def batch(world):
    """A running batch (yesterday to three days ahead): session 1 yesterday with two attendance
    records, session 2 tomorrow with none."""
    today = timezone.localdate()
    angkatan = AngkatanFactory(
        program=ProgramFactory(instansi=world.a),
        name="Angkatan Sesi",
        start_date=today - DAY,
        end_date=today + 3 * DAY,
        registration_opens=today - 20 * DAY,
        registration_closes=today - 2 * DAY,
        status="running",
    )
    first = SessionFactory(angkatan=angkatan, date=today - DAY, topic="Pembukaan kelas")
    second = SessionFactory(angkatan=angkatan, date=today + DAY, topic="Praktik lapangan")
    for pegawai in (world.owner_pegawai, world.mate_pegawai):
        enrollment = Enrollment.objects.create(instansi=world.a, pegawai=pegawai, angkatan=angkatan, status="enrolled")
        AttendanceRecord.objects.create(
            instansi=world.a, enrollment=enrollment, session=first, present=True, method="manual"
        )
    return angkatan, first, second


def _url(angkatan):
    return reverse("catalog:angkatan_edit", args=[angkatan.pk])


def _as_post(bound_form, post):
    for field in bound_form:
        value = field.value()
        if isinstance(value, bool):
            if value:
                post[field.html_name] = "on"
        elif value is None:
            post[field.html_name] = ""
        elif isinstance(value, datetime.time):
            post[field.html_name] = value.strftime("%H:%M")
        else:
            post[field.html_name] = str(value)


def _current(client, angkatan):
    """The edit form as the admin gets it, submitted unchanged (rows: the two sessions, two empty)."""
    resp = client.get(_url(angkatan))
    assert resp.status_code == 200
    post: dict[str, str] = {}
    _as_post(resp.context["form"], post)
    sessions = resp.context["sessions"]
    _as_post(sessions.management_form, post)
    for row in sessions:
        _as_post(row, post)
    return post


def _snapshot(angkatan):
    return (
        Angkatan.objects.filter(pk=angkatan.pk).values_list("name", "end_date").get(),
        list(AngkatanSession.objects.filter(angkatan=angkatan).order_by("id").values_list("id", "date", "topic")),
        AttendanceRecord.objects.count(),
    )


def test_form_lists_one_row_per_session_with_its_id_and_empty_rows(world, login_actor, client, batch):
    angkatan, first, second = batch
    login_actor("bkpsdm_admin")
    resp = client.get(_url(angkatan))
    sessions = resp.context["sessions"]
    assert [row.instance.pk for row in sessions.forms] == [first.pk, second.pk, None, None]
    assert f'name="sesi-0-id" value="{first.pk}"' in resp.text
    assert "Pembukaan kelas" in resp.text and "sesi-3-date" in resp.text


def test_moving_a_session_keeps_its_id_and_attendance(world, login_actor, client, batch):
    angkatan, first, _second = batch
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    new_day = angkatan.end_date
    post.update({"sesi-0-date": new_day.isoformat(), "sesi-0-start_time": "09:30", "sesi-0-end_time": "11:00"})
    resp = client.post(_url(angkatan), post)
    assert resp.status_code == 302
    moved = AngkatanSession.objects.get(pk=first.pk)
    assert (moved.date, moved.start_time, moved.topic) == (new_day, datetime.time(9, 30), "Pembukaan kelas")
    assert AttendanceRecord.objects.filter(session=moved).count() == 2
    assert AngkatanSession.objects.filter(angkatan=angkatan).count() == 2


def test_removing_a_session_with_attendance_needs_confirmation(world, login_actor, client, batch):
    angkatan, first, _second = batch
    login_actor("bkpsdm_admin")
    before = _snapshot(angkatan)
    post = _current(client, angkatan)
    post.update({"sesi-0-DELETE": "on", "name": "Nama baru yang tidak boleh tersimpan"})
    resp = client.post(_url(angkatan), post)
    assert resp.status_code == 422
    with translation.override("id"):
        day = date_format(first.date, "j M")
    assert f"Sesi ke-1 ({day}) memiliki 2 catatan kehadiran. Centang konfirmasi untuk menghapusnya." in resp.text
    assert 'name="confirm_session_removal"' in resp.text
    assert _snapshot(angkatan) == before
    assert not AuditEvent.objects.filter(action__startswith="catalog.session").exists()


def test_removing_a_session_with_confirmation_deletes_it_and_its_records(world, login_actor, client, batch):
    angkatan, first, second = batch
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    post.update({"sesi-0-DELETE": "on", "confirm_session_removal": "on"})
    resp = client.post(_url(angkatan), post)
    assert resp.status_code == 302
    assert list(AngkatanSession.objects.filter(angkatan=angkatan).values_list("id", flat=True)) == [second.pk]
    assert not AttendanceRecord.objects.exists()
    event = AuditEvent.objects.get(action="catalog.session.delete_with_attendance")
    assert event.data["session_id"] == first.pk and event.data["attendance_deleted"] == 2
    assert event.actor_id == world.users["bkpsdm_admin"].pk and event.instansi_id == world.a.pk


def test_removing_a_session_without_attendance_needs_no_confirmation(world, login_actor, client, batch):
    angkatan, first, second = batch
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    post["sesi-1-DELETE"] = "on"
    assert client.post(_url(angkatan), post).status_code == 302
    assert list(AngkatanSession.objects.filter(angkatan=angkatan).values_list("id", flat=True)) == [first.pk]
    assert AttendanceRecord.objects.count() == 2


def test_filling_an_empty_row_adds_a_session(world, login_actor, client, batch):
    angkatan, first, second = batch
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    post.update(
        {
            "sesi-2-date": angkatan.end_date.isoformat(),
            "sesi-2-start_time": "13:00",
            "sesi-2-end_time": "15:00",
            "sesi-2-topic": "Penutupan",
        }
    )
    assert client.post(_url(angkatan), post).status_code == 302
    rows = AngkatanSession.objects.filter(angkatan=angkatan).order_by("id")
    assert [s.pk for s in rows][:2] == [first.pk, second.pk]
    assert rows.count() == 3 and rows.last().topic == "Penutupan"
    assert AttendanceRecord.objects.filter(session=first).count() == 2


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: {"sesi-1-date": (a.end_date + DAY).isoformat()}, "Sesi ke-2 berada di luar tanggal angkatan."),
        (lambda a: {"sesi-1-start_time": "12:00", "sesi-1-end_time": "08:00"}, "Sesi ke-2: Jam selesai harus"),
        (
            lambda a: {
                "sesi-3-date": a.start_date.isoformat(),
                "sesi-3-start_time": "10:00",
                "sesi-3-end_time": "09:00",
                "sesi-3-topic": "Tambahan",
            },
            "Sesi ke-4: Jam selesai harus setelah jam mulai.",
        ),
        (lambda a: {"end_date": a.start_date.isoformat()}, "Sesi ke-2 berada di luar tanggal angkatan."),
        (lambda a: {"sesi-2-date": str(a.start_date)}, "Sesi ke-3: Bidang ini tidak boleh kosong."),
    ],
)
def test_a_bad_row_is_422_in_indonesian_and_saves_nothing(world, login_actor, client, batch, change, message):
    angkatan, _first, _second = batch
    login_actor("bkpsdm_admin")
    before = _snapshot(angkatan)
    post = _current(client, angkatan)
    post.update({"name": "Nama baru yang tidak boleh tersimpan", "sesi-0-topic": "Topik baru", **change(angkatan)})
    resp = client.post(_url(angkatan), post)
    assert resp.status_code == 422
    assert message in resp.text
    assert _snapshot(angkatan) == before


def test_a_session_id_of_another_batch_is_not_touched(world, login_actor, client, batch):
    angkatan, _first, _second = batch
    other = SessionFactory(angkatan=AngkatanFactory(program=ProgramFactory(instansi=world.a)), topic="Milik lain")
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    post.update({"sesi-1-id": str(other.pk), "sesi-1-topic": "Diambil alih"})
    client.post(_url(angkatan), post)
    other.refresh_from_db()
    assert other.topic == "Milik lain" and other.angkatan_id != angkatan.pk


@pytest.mark.parametrize(
    "actor, status",
    role_matrix(
        dict.fromkeys(("owner", "supervisor", "other_employee", "mentor"), 403),
        bkpsdm_admin=200,
        superadmin=200,
        other_instansi_admin=404,
    ),
)
def test_edit_view_matrix(actor, status, login_actor, client, batch):
    angkatan, _first, _second = batch
    login_actor(actor)
    resp = client.get(_url(angkatan))
    assert resp.status_code == status
    assert ("Pembukaan kelas" in resp.text) == (status == 200)


@pytest.mark.parametrize("actor, status", [("other_instansi_admin", 404), ("owner", 403), ("mentor", 403)])
def test_edit_post_by_outsiders_changes_nothing(actor, status, login_actor, client, batch):
    angkatan, _first, _second = batch
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    post.update({"sesi-0-DELETE": "on", "confirm_session_removal": "on", "name": "Diubah"})
    before = _snapshot(angkatan)
    login_actor(actor)
    assert client.post(_url(angkatan), post).status_code == status
    assert _snapshot(angkatan) == before


# --- issue 23: the session rows are the shared row editor --------------------------------------------


def test_the_error_of_a_bad_session_is_on_its_own_row(world, login_actor, client, batch):
    angkatan, _first, _second = batch
    login_actor("bkpsdm_admin")
    post = _current(client, angkatan)
    post.update({"sesi-1-start_time": "12:00", "sesi-1-end_time": "08:00"})
    resp = client.post(_url(angkatan), post)
    assert resp.status_code == 422
    rows = resp.context["sessions"].forms
    assert rows[1].errors["end_time"] == ["Jam selesai harus setelah jam mulai."]
    assert not rows[0].errors and not rows[2].errors


def test_tambah_baris_gives_more_session_rows_and_saves_nothing(world, login_actor, client, batch):
    angkatan, _first, _second = batch
    login_actor("bkpsdm_admin")
    before = _snapshot(angkatan)
    post = _current(client, angkatan)
    post.update({"name": "Belum disimpan", "sesi-2-topic": "Diketik sebelum menambah baris", "tambah_baris": "sesi"})
    resp = client.post(_url(angkatan), post)
    assert resp.status_code == 200
    assert len(resp.context["sessions"].forms) == 7 and 'name="sesi-6-date"' in resp.text
    assert "Diketik sebelum menambah baris" in resp.text
    assert "tidak boleh kosong" not in resp.text and "Sesi ke-3:" not in resp.text
    assert _snapshot(angkatan) == before


def test_only_stored_sessions_offer_removal(world, login_actor, client, batch):
    angkatan, _first, _second = batch
    login_actor("bkpsdm_admin")
    resp = client.get(_url(angkatan))
    assert 'name="sesi-1-DELETE"' in resp.text and 'name="sesi-2-DELETE"' not in resp.text
    assert "Hapus sesi ini" in resp.text and 'name="tambah_baris" value="sesi"' in resp.text
