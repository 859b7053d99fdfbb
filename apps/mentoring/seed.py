"""Demo mentoring data (seed_demo step 60), per demo instansi:

- "Mentoring pegawai baru Dinas Pendidikan": seniors (Kasubag Perencanaan dan Keuangan, guru ahli
  muda) guide CPNS/junior teachers in budget management (RKAS) and programme planning.
- "Coaching pelayanan Puskesmas": `mentor.<kota>` coaches `pegawai.<kota>` (sessions last month, the
  third over the monthly cap with 0 JP, and one this month awaiting the mentee's confirmation);
  `atasan.<kota>` coaches a nurse of the same Puskesmas.
- A learning project for `pegawai.<kota>` supervised by `atasan.<kota>`, and a strategic project in
  Dinas Pendidikan.

Everything goes through the services (JP reach the ledger as in real use). Idempotent: an instansi
whose programmes exist is left alone."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.competencies.models import Kompetensi
from apps.employees.models import Pegawai
from apps.mentoring import services, workflow
from apps.mentoring.models import MentoringPair, MentoringProgram, ProjectAssignment
from apps.organizations.models import Instansi

DISDIK_PROGRAM = "Mentoring pegawai baru Dinas Pendidikan: penganggaran dan perencanaan program"
PKM_PROGRAM = "Coaching pelayanan Puskesmas oleh dokter senior dan atasan"


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _kompetensi(*codes: str) -> list[Kompetensi]:
    return list(Kompetensi.objects.filter(instansi__isnull=True, code__in=codes).order_by("code"))


def _backdate(pair: MentoringPair, day: datetime.date) -> None:
    """Demo pairs look as if they started with the programme."""
    MentoringPair.objects.filter(pk=pair.pk).update(started_on=day)
    pair.started_on = day


def _disdik(instansi: Instansi, admin, start: datetime.date, today: datetime.date, say) -> None:
    staff = Pegawai.objects.filter(
        instansi=instansi, is_active=True, unit_kerja__code__in=["DISDIK-TU", "SDN-1", "SDN-PESISIR"]
    )
    seniors = list(
        staff.filter(jabatan__code__in=["KASUBAG-PK-DISDIK", "GURU-AM"], employment_type="pns").order_by(
            "jabatan__code", "id"
        )[:3]
    )
    juniors = list(staff.filter(jabatan__code="GURU-AP").order_by("-employment_type", "id")[:5])
    if not seniors or not juniors:
        say(f"  {instansi.name}: tidak ada pegawai Dinas Pendidikan untuk demo mentoring")
        return
    program = services.program_save(
        actor=admin,
        instansi_id=instansi.pk,
        target_competencies=_kompetensi("M.04", "M.08", "T.KEMDIKBUD.01"),
        name=DISDIK_PROGRAM,
        kind="mentoring",
        start_date=start,
        end_date=start + datetime.timedelta(days=270),
        goal=(
            "Pegawai senior Dinas Pendidikan membimbing pegawai baru dan guru muda menyusun RKAS, "
            "mengelola anggaran BOS, dan merencanakan program sekolah."
        ),
        sessions_per_month=2,
        status="active",
    )
    strengths = _kompetensi("M.04", "M.08", "T.KEMDIKBUD.01")
    mentors = [
        services.mentor_enrol(
            actor=admin, program=program, pegawai=p, capacity=2, strengths=[(k, 4) for k in strengths]
        )
        for p in seniors
    ]
    mentees = []
    for p in juniors:
        newcomer = services.is_newcomer(p, today)
        mentees.append(
            services.mentee_enrol(
                actor=admin,
                program=program,
                pegawai=p,
                reason="newcomer" if newcomer else "gap",
                note="" if newcomer else "Belum pernah menyusun RKAS dan laporan BOS",
            )
        )
    for mentor, mentee in zip(mentors, mentees[: len(mentors)], strict=False):
        pair = services.pair_match(actor=admin, program=program, mentor=mentor, mentee=mentee)
        _backdate(pair, start)
    say(
        f"  {instansi.name}: mentoring Dinas Pendidikan ({len(mentors)} pasangan, "
        f"{len(mentees) - len(mentors)} mentee belum dipasangkan)"
    )


def _pkm(instansi: Instansi, admin, start: datetime.date, today: datetime.date, say) -> None:
    code = instansi.code
    mentor_user, mentee_user, atasan_user = _user(f"mentor.{code}"), _user(f"pegawai.{code}"), _user(f"atasan.{code}")
    if not (mentor_user and mentee_user and atasan_user):
        return
    mentor_p = Pegawai.objects.get(user=mentor_user)
    mentee_p = Pegawai.objects.get(user=mentee_user)
    atasan_p = Pegawai.objects.get(user=atasan_user)
    program = services.program_save(
        actor=admin,
        instansi_id=instansi.pk,
        target_competencies=_kompetensi("M.03", "M.05", "T.KEMENKES.01"),
        name=PKM_PROGRAM,
        kind="coaching",
        start_date=start,
        end_date=start + datetime.timedelta(days=270),
        goal="Dokter senior dan kepala Puskesmas melatih perawat dalam asuhan keperawatan dan pelayanan pasien.",
        sessions_per_month=2,
        status="active",
    )
    clinical = _kompetensi("M.03", "M.05", "T.KEMENKES.01", "T.KEMENKES.04")
    coach = services.mentor_enrol(
        actor=admin, program=program, pegawai=mentor_p, capacity=3, strengths=[(k, 4) for k in clinical]
    )
    head = services.mentor_enrol(
        actor=admin, program=program, pegawai=atasan_p, capacity=2, strengths=[(k, 3) for k in clinical[:2]]
    )
    coachee = services.mentee_enrol(
        actor=admin, program=program, pegawai=mentee_p, reason="gap", note="Dokumentasi asuhan keperawatan"
    )
    pair = services.pair_match(actor=admin, program=program, mentor=coach, mentee=coachee)
    _backdate(pair, start)
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    topics = [
        ("Triase pasien di IGD Puskesmas", "Latihan kasus demam berdarah", 5),
        ("Dokumentasi asuhan keperawatan", "Perbaiki format SOAP", 5),
        ("Komunikasi dengan keluarga pasien", "Praktik edukasi pasien hipertensi", 4),
    ]
    for offset, (topic, next_steps, rating) in zip((3, 12, 21), topics, strict=True):
        session, _warning = services.session_log(
            actor=mentor_user,
            pair=pair,
            date=last_month + datetime.timedelta(days=offset),
            duration_minutes=90,
            topic=topic,
            notes="Diskusi kasus dan praktik langsung.",
            next_steps=next_steps,
        )
        services.session_confirm(actor=mentee_user, session=session, rating=rating, comment="Sangat membantu")
    services.session_log(
        actor=mentor_user,
        pair=pair,
        date=max(today.replace(day=1), start),
        duration_minutes=60,
        topic="Persiapan akreditasi Puskesmas",
        notes="Menelaah instrumen akreditasi bab pelayanan.",
        next_steps="Lengkapi bukti dokumen",
    )
    others = list(
        Pegawai.objects.filter(instansi=instansi, unit_kerja=mentee_p.unit_kerja, is_active=True)
        .exclude(pk__in=[mentee_p.pk, mentor_p.pk, atasan_p.pk])
        .filter(jabatan__code__in=["PERAWAT-T", "BIDAN-T"])
        .order_by("id")[:1]
    )
    for nurse in others:
        mentee = services.mentee_enrol(
            actor=admin, program=program, pegawai=nurse, reason="gap", note="Pelayanan kebidanan dan rujukan"
        )
        stale = services.pair_match(actor=admin, program=program, mentor=head, mentee=mentee)
        _backdate(stale, start)
        services.session_log(
            actor=atasan_user,
            pair=stale,
            date=start + datetime.timedelta(days=7),
            duration_minutes=45,
            topic="Alur rujukan pasien",
        )
    say(f"  {instansi.name}: coaching Puskesmas (mentor.{code} → pegawai.{code}, atasan.{code} sebagai coach)")

    project = services.project_save(
        actor=admin,
        instansi_id=instansi.pk,
        competencies=_kompetensi("T.KEMENKES.01", "M.04"),
        pegawai=mentee_p,
        supervisor=atasan_p,
        kind="learning",
        title="Penerapan hasil pelatihan: SOP dokumentasi asuhan keperawatan",
        objectives="Menerapkan materi pelatihan asuhan keperawatan dalam SOP dokumentasi di Puskesmas.",
        deliverables="SOP dokumentasi, formulir SOAP, laporan uji coba satu bulan",
        related_activity="Pelatihan Asuhan Keperawatan Dasar",
        start_date=start + datetime.timedelta(days=30),
        end_date=start + datetime.timedelta(days=150),
    )
    workflow.project_transition(project_id=project.pk, action="start", actor=admin)
    project.refresh_from_db()
    services.project_report_add(
        actor=mentee_user,
        project=project,
        progress_percent=40,
        summary="Draf SOP selesai dan dibahas dengan kepala Puskesmas; uji coba formulir dimulai.",
    )


def _strategic_project(instansi: Instansi, admin, start: datetime.date) -> None:
    staff = Pegawai.objects.filter(instansi=instansi, is_active=True, unit_kerja__code="DISDIK-TU").order_by("id")
    head = staff.filter(jabatan__code="KASUBAG-PK-DISDIK").first()
    member = staff.exclude(pk=getattr(head, "pk", None)).first()
    if head is None or member is None:
        return
    project = services.project_save(
        actor=admin,
        instansi_id=instansi.pk,
        competencies=_kompetensi("M.02", "M.07"),
        pegawai=member,
        supervisor=head,
        kind="strategic",
        title="Proyek strategis: digitalisasi perencanaan dan pelaporan anggaran sekolah",
        objectives="Mendampingi sekolah menyusun RKAS dan laporan BOS secara daring.",
        deliverables="Panduan, 20 sekolah terdampingi, laporan evaluasi",
        start_date=start,
        end_date=start + datetime.timedelta(days=240),
    )
    workflow.project_transition(project_id=project.pk, action="start", actor=admin)


def seed_mentoring(say: Callable[[str], None]) -> None:
    for instansi in Instansi.objects.filter(code__in=["kendari", "palu"]).order_by("code"):
        admin = _user(f"admin.{instansi.code}")
        if admin is None:
            continue
        if MentoringProgram.objects.filter(instansi=instansi, name__in=[DISDIK_PROGRAM, PKM_PROGRAM]).exists():
            say(f"  {instansi.name}: program mentoring demo sudah ada")
            continue
        today = services.local_today(instansi)
        start = (today.replace(day=1) - datetime.timedelta(days=100)).replace(day=1)
        with transaction.atomic():
            _disdik(instansi, admin, start, today, say)
            _pkm(instansi, admin, start, today, say)
            _strategic_project(instansi, admin, start)
        total = ProjectAssignment.objects.filter(instansi=instansi).count()
        say(f"  {instansi.name}: {total} penugasan proyek")
