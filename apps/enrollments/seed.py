"""Demo enrolments on the catalog's demo batches (order 50): requests in every state on upcoming
batches, and on finished ones attendance, completion, JP ledger entries and certificates.
Idempotent: an instansi that already has enrolments is left alone."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.catalog.models import Angkatan, AngkatanSession, AngkatanStatus
from apps.core.exceptions import DomainError
from apps.employees.models import Pegawai
from apps.enrollments import services
from apps.enrollments.models import Enrollment, EnrollmentStatus
from apps.enrollments.workflow import _transition
from apps.organizations.models import Instansi

S = EnrollmentStatus
MOTIVATIONS = [
    "Materi ini langsung dipakai dalam pelayanan di unit saya.",
    "Menutup kesenjangan kompetensi pada hasil asesmen tahun lalu.",
    "Diperlukan untuk tugas baru pada sistem informasi pelayanan.",
    "Sasaran IDP saya tahun ini.",
]


def _eligible(angkatan: Angkatan, pool: list[Pegawai], taken: set[int], n: int) -> list[Pegawai]:
    out = []
    for p in pool:
        if p.pk in taken or services.eligibility_problems(angkatan.program, p):
            continue
        out.append(p)
        if len(out) == n:
            break
    return out


def _finished_batch(
    admin: User, angkatan: Angkatan, people: list[Pegawai], rng: random.Random, sure: int | None = None
) -> tuple[int, int]:
    """`sure`: a pegawai id that attends everything (the demo login, so it has a certificate)."""
    for p in people:
        Enrollment.objects.create(
            instansi_id=angkatan.instansi_id,
            pegawai=p,
            angkatan=angkatan,
            status=S.ENROLLED,
            motivation=rng.choice(MOTIVATIONS),
            requested_by=p.user,
        )
    Angkatan.objects.filter(pk=angkatan.pk).update(seats_taken=F("seats_taken") + len(people))
    rows = list(Enrollment.objects.filter(angkatan=angkatan).order_by("id").values_list("pk", "pegawai_id"))
    ids = [pk for pk, _p in rows]
    always = {pk for pk, pid in rows if pid == sure}
    for session in AngkatanSession.objects.filter(angkatan=angkatan):
        present = {eid for eid in ids if eid in always or rng.random() < 0.985}
        services.attendance_save(actor=admin, session=session, present_ids=present)
    scores = {eid: 90 if eid in always else rng.randint(62, 98) for eid in ids}
    counts = services.angkatan_complete(actor=admin, angkatan=angkatan, scores=scores)
    issued = services.certificates_issue_for_angkatan(actor=admin, angkatan=angkatan)
    return counts["completed"], issued


def _upcoming_batch(admin: User, atasan: User | None, angkatan: Angkatan, people: list[Pegawai], rng) -> None:
    """Requests of the atasan's team in every state."""
    plan = [S.REQUESTED, S.REQUESTED, S.APPROVED, "verify", "verify", "verify", S.REJECTED, S.CANCELLED]
    for p, target in zip(people, plan, strict=False):
        e = services._create(
            actor=p.user,
            angkatan=angkatan,
            pegawai=p,
            status=S.REQUESTED,
            action="request",
            motivation=rng.choice(MOTIVATIONS),
        )
        if target == S.REQUESTED:
            continue
        if target == S.CANCELLED:
            _transition(enrollment_id=e.pk, action="cancel", actor=p.user, system=True, note="Bentrok tugas lapangan")
            continue
        if target == S.REJECTED:
            _transition(enrollment_id=e.pk, action="reject", actor=atasan, system=True, note="Beban kerja unit tinggi")
            continue
        _transition(enrollment_id=e.pk, action="approve", actor=atasan, system=True)
        if target == "verify":
            # A rule of the day the demo is loaded (the PPPK quota, an overlapping batch) may refuse the
            # seat: the request then stays approved and waits in the verify queue, as it would for real.
            try:
                with transaction.atomic():
                    services.enrollment_verify(
                        actor=admin, enrollment=e, override_reason="Penugasan pimpinan (data demo)"
                    )
            except DomainError:
                continue


def seed_enrollments(say: Callable[[str], None]) -> None:
    today = timezone.localdate()
    for instansi in Instansi.objects.filter(code__in=["kendari", "palu"]).order_by("code"):
        if Enrollment.objects.filter(instansi=instansi).exists():
            say(f"enrollments: {instansi.code} sudah berisi pendaftaran")
            continue
        admin = User.objects.filter(username=f"admin.{instansi.code}").first()
        pegawai_user = User.objects.filter(username=f"pegawai.{instansi.code}").first()
        atasan_user = User.objects.filter(username=f"atasan.{instansi.code}").first()
        if admin is None:
            continue
        rng = random.Random(f"enrol-{instansi.code}")
        me = Pegawai.objects.filter(user=pegawai_user).select_related("jabatan").first() if pegawai_user else None
        pool = list(
            Pegawai.objects.filter(instansi=instansi, is_active=True).select_related("jabatan").order_by("id")[:2000]
        )
        team = (
            list(Pegawai.objects.filter(atasan__user=atasan_user, is_active=True).select_related("jabatan", "user"))
            if atasan_user
            else []
        )
        with transaction.atomic():
            finished = list(
                Angkatan.objects.filter(instansi=instansi, status=AngkatanStatus.FINISHED, end_date__lt=today)
                .select_related("program", "instansi")
                .order_by("-end_date")[:3]
            )
            taken: set[int] = set()
            completed = certificates = 0
            for index, angkatan in enumerate(finished):
                size = min(angkatan.seats_total, 18)
                people = _eligible(angkatan, pool[index * 40 :], taken, size)
                if me is not None and me.pk not in taken and not services.eligibility_problems(angkatan.program, me):
                    people = [me, *[p for p in people if p.pk != me.pk][: size - 1]]
                taken |= {p.pk for p in people}
                c, n = _finished_batch(admin, angkatan, people, rng, sure=me.pk if me else None)
                completed += c
                certificates += n
            upcoming = list(
                Angkatan.objects.filter(
                    instansi=instansi,
                    status__in=[AngkatanStatus.OPEN, AngkatanStatus.FULL],
                    start_date__gt=today,
                    requires_atasan_approval=True,
                )
                .select_related("program", "instansi")
                .order_by("start_date")[:2]
            )
            if upcoming:  # a small demo batch so the waitlist has people in it
                Angkatan.objects.filter(pk=upcoming[0].pk).update(seats_total=2, waitlist_size=5)
                upcoming[0].refresh_from_db()
            for angkatan in upcoming:
                people = [p for p in team if not services.eligibility_problems(angkatan.program, p)]
                _upcoming_batch(admin, atasan_user, angkatan, people, rng)
            if me is not None and upcoming:
                later = upcoming[-1]
                if not Enrollment.objects.filter(pegawai=me, angkatan=later).exists():
                    services._create(
                        actor=pegawai_user,
                        angkatan=later,
                        pegawai=me,
                        status=S.REQUESTED,
                        action="request",
                        motivation=MOTIVATIONS[0],
                    )
        total = Enrollment.objects.filter(instansi=instansi).count()
        say(
            f"enrollments: {instansi.code}: {total} pendaftaran, {completed} lulus, {certificates} sertifikat "
            f"di {len(finished)} angkatan selesai; {len(upcoming)} angkatan mendatang berisi permintaan tim"
        )
