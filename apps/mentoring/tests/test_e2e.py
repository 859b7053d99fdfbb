"""Browser flow on a phone-sized screen: the admin matches a pair from the suggestions, the mentor logs
a session, the mentee confirms it, and the JP appear in the mentee's ledger."""

import datetime

import pytest
from django.urls import reverse

from apps.enrollments.models import JPLedgerEntry
from apps.mentoring.models import MentoringPair
from apps.mentoring.services import local_today
from apps.mentoring.tests.factories import MenteeFactory, MentorFactory, ProgramFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_match_log_confirm_and_jp_in_ledger(world, jp_rules, e2e_login, live_server):
    program = ProgramFactory(instansi=world.a, name="Mentoring Perencanaan Anggaran")
    MentorFactory(program=program, pegawai=world.mentor_pegawai)
    MenteeFactory(program=program, pegawai=world.owner_pegawai)
    mentor_name, mentee_name = world.mentor_pegawai.name, world.owner_pegawai.name

    page = e2e_login("admin_a")
    page.goto(f"{live_server.url}/bimbingan/program/")
    page.get_by_role("link", name="Mentoring Perencanaan Anggaran").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Pencocokan").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=f"Pasangkan {mentor_name} dengan {mentee_name}").click()
    page.wait_for_load_state()
    assert f"{mentor_name} kini membimbing {mentee_name}" in page.content()
    pair = MentoringPair.objects.get(program=program, status="active")

    page.context.clear_cookies()
    page = e2e_login("mentor_a")
    page.goto(f"{live_server.url}/bimbingan/saya/")
    page.get_by_role("link", name=mentee_name).click()
    page.wait_for_load_state()
    page.get_by_label("Tanggal sesi").fill(local_today(world.a).isoformat())
    page.get_by_label("Durasi (menit)").fill("90")
    page.get_by_label("Topik").fill("Menyusun RKA unit")
    page.get_by_label("Langkah berikutnya").fill("Lengkapi rincian belanja")
    page.get_by_role("button", name="Catat sesi").click()
    page.wait_for_load_state()
    assert "menunggu konfirmasi mentee" in page.content()

    page.context.clear_cookies()
    page = e2e_login("pegawai_a")
    page.goto(f"{live_server.url}/bimbingan/mentor-saya/")
    page.get_by_role("link", name=mentor_name).click()
    page.wait_for_load_state()
    page.get_by_label("Penilaian sesi").select_option("5")
    page.get_by_role("button", name="Konfirmasi sesi").click()
    page.wait_for_load_state()
    assert "2 JP ditambahkan" in page.content()

    page.goto(live_server.url + reverse("enrollments:my_jp"))
    assert "Menyusun RKA unit" in page.content()
    entry = JPLedgerEntry.objects.get(pegawai=world.owner_pegawai)
    assert entry.jp == 2 and entry.source_type == "mentoring" and entry.source_ref.startswith("mentoring-session:")
    assert pair.sessions.get().status == "confirmed"
    assert local_today(world.a) - entry.credited_on < datetime.timedelta(days=1)
