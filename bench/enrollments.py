"""Enrolment benchmark: `python -m bench.enrollments [--participants N] [--team N] [--keep]`.

Builds, in its own database (`asn_bench_enrol` on the server of DATABASE_URL, created with Django's
test-database machinery and dropped afterwards), one instansi with a batch of 1,000 participants
(10 sessions, attendance for each, 150 on the waitlist), an atasan with 300 pending team requests and
a year of JP ledger entries. It then times the pages through the Django test client (median of 5
runs, SQL query count) and the bulk services once: completion of the whole batch with JP booking,
certificate numbering, and 200 verifications. Results: bench/results/enrollments.json + a table."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DB = "asn_bench_enrol"
RESULTS = Path(__file__).resolve().parent / "results" / "enrollments.json"
RUNS = 5


def _configure_django(media_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_kompetensi.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asn_kompetensi")
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DB
    settings.MEDIA_ROOT = media_root
    if not settings.IS_POSTGRES:
        sys.exit("bench: DATABASE_URL must point at PostgreSQL")
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")


@contextmanager
def bench_database(keep: bool):
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
        teardown_test_environment()


def build(participants: int, team: int) -> dict[str, Any]:
    from django.utils import timezone

    from apps.accounts.models import Membership, User
    from apps.catalog.models import Angkatan, AngkatanSession, Program
    from apps.employees.models import Pegawai
    from apps.employees.tests.factories import valid_nip
    from apps.enrollments.models import AttendanceRecord, Enrollment, JPLedgerEntry
    from apps.organizations.models import Instansi, Jabatan, UnitKerja

    today = timezone.localdate()
    instansi = Instansi.objects.create(
        code="bench", name="Pemerintah Kota Bench", kind="kota", timezone="Asia/Makassar"
    )
    units = []
    for u in range(20):
        unit = UnitKerja.objects.create(instansi=instansi, code=f"U{u}", name=f"Dinas {u}", kind="opd")
        unit.path = f"/{unit.pk}/"
        unit.save(update_fields=["path"])
        units.append(unit)
    jab = Jabatan.objects.create(
        instansi=instansi,
        unit_kerja=units[0],
        code="PERAWAT",
        name="Perawat",
        jenis="fungsional_keahlian",
        jenjang="ahli_pertama",
    )
    head = Jabatan.objects.create(
        instansi=instansi, unit_kerja=units[0], code="KADIS", name="Kepala Dinas", jenis="jpt", jenjang="pratama"
    )

    def user(name: str, role: str | None = None) -> User:
        u = User.objects.create_user(username=name, password="bench-pass-123", full_name=name, email=f"{name}@x.id")
        if role:
            Membership.objects.create(user=u, instansi=instansi, role=role)
        return u

    admin, atasan_user = user("admin", "admin_bkpsdm"), user("atasan", "employee")
    boss = Pegawai.objects.create(
        instansi=instansi,
        unit_kerja=units[0],
        jabatan=head,
        nip=valid_nip(5999),
        name="Kepala",
        employment_type="pns",
        user=atasan_user,
    )
    total = participants + 150 + team
    people = Pegawai.objects.bulk_create(
        [
            Pegawai(
                instansi=instansi,
                unit_kerja=units[n % 20],
                jabatan=jab,
                nip=valid_nip(n),
                name=f"Pegawai {n:05d}",
                employment_type="pns",
                golongan="III/a",
                rank_order=9,
                atasan=boss if n >= participants + 150 else None,
            )
            for n in range(total)
        ],
        batch_size=1000,
    )
    program = Program.objects.create(
        instansi=instansi,
        code="P1",
        title="Pelatihan Teknis Pelayanan Prima",
        path="klasikal",
        form="teknis",
        modality="tatap_muka",
        learning_hours=32,
        status="published",
    )
    start = today - datetime.timedelta(days=6)
    big = Angkatan.objects.create(
        instansi=instansi,
        program=program,
        code="BIG",
        name="Angkatan Besar",
        start_date=start,
        end_date=start + datetime.timedelta(days=4),
        modality="tatap_muka",
        seats_total=participants,
        seats_taken=participants,
        waitlist_size=500,
        status="running",
    )
    upcoming = Angkatan.objects.create(
        instansi=instansi,
        program=program,
        code="NEXT",
        name="Angkatan Berikut",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=33),
        modality="tatap_muka",
        seats_total=100,
        waitlist_size=500,
        status="open",
    )
    sessions = AngkatanSession.objects.bulk_create(
        [
            AngkatanSession(
                instansi=instansi,
                angkatan=big,
                date=start + datetime.timedelta(days=d // 2),
                start_time=datetime.time(8 if d % 2 == 0 else 13),
                end_time=datetime.time(12 if d % 2 == 0 else 16),
                topic=f"Sesi {d + 1}",
            )
            for d in range(10)
        ]
    )
    now = timezone.now()
    enrolled = Enrollment.objects.bulk_create(
        [Enrollment(instansi=instansi, pegawai=p, angkatan=big, status="enrolled") for p in people[:participants]]
        + [
            Enrollment(instansi=instansi, pegawai=p, angkatan=big, status="waitlisted", waitlisted_at=now)
            for p in people[participants : participants + 150]
        ],
        batch_size=1000,
    )
    AttendanceRecord.objects.bulk_create(
        [
            AttendanceRecord(
                instansi=instansi, enrollment=e, session=s, present=(e.pk + s.pk) % 17 != 0, method="manual"
            )
            for e in enrolled[:participants]
            for s in sessions
        ],
        batch_size=5000,
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(instansi=instansi, pegawai=p, angkatan=upcoming, status="requested")
            for p in people[participants + 150 :]
        ],
        batch_size=1000,
    )
    JPLedgerEntry.objects.bulk_create(
        [
            JPLedgerEntry(
                instansi=instansi,
                pegawai=p,
                year=today.year,
                credited_on=today - datetime.timedelta(days=n % 200),
                jp=(n % 7) * 4,
                source_type="other",
                source_ref=f"bench:{n}",
                title="Kegiatan lain",
            )
            for n, p in enumerate(people)
        ],
        batch_size=2000,
    )
    return {"admin": admin, "atasan": atasan_user, "big": big, "session": sessions[0], "upcoming": upcoming}


def measure(client, url: str, **params) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            resp = client.get(url, params)
            times.append(time.perf_counter() - started)
        queries, status = len(ctx.captured_queries), resp.status_code
    return {"median_ms": round(statistics.median(times) * 1000, 1), "queries": queries, "status": status}


def timed(fn) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - started, 2)


def run(participants: int, team: int) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from apps.enrollments import services
    from apps.enrollments.models import Enrollment

    world, build_s = timed(lambda: build(participants, team))
    admin, atasan, big = world["admin"], world["atasan"], world["big"]
    pages: dict[str, Any] = {}
    client = Client()
    client.force_login(admin)
    pages["participants (page 1)"] = measure(client, reverse("enrollments:participants", args=[big.pk]))
    pages["participants (page 40)"] = measure(client, reverse("enrollments:participants", args=[big.pk]), page=40)
    pages["attendance of one session (all rows)"] = measure(
        client, reverse("enrollments:session_attendance", args=[world["session"].pk])
    )
    pages["completion form (all rows)"] = measure(client, reverse("enrollments:completion", args=[big.pk]))
    pages["verification queue"] = measure(client, reverse("enrollments:verify_queue"))
    pages["JP dashboard"] = measure(client, reverse("enrollments:jp_dashboard"))
    pages["below target (page 1)"] = measure(client, reverse("enrollments:jp_below"))
    pages["nothing this year (page 1)"] = measure(client, reverse("enrollments:nothing"))
    atasan_client = Client()
    atasan_client.force_login(atasan)
    pages[f"atasan queue ({team} pending, page 1)"] = measure(atasan_client, reverse("enrollments:approvals"))
    pages["atasan queue (page 12)"] = measure(atasan_client, reverse("enrollments:approvals"), page=12)

    jobs: dict[str, Any] = {}
    from apps.enrollments import tasks

    # Notices and PDFs are a worker's job: the bench times the request-side work only.
    real_notice = tasks.send_enrollment_notice.delay
    tasks.send_enrollment_notice.delay = lambda **kw: None
    counts, jobs["complete 1,000 participants + book JP (s)"] = timed(
        lambda: services.angkatan_complete(actor=admin, angkatan=big)
    )
    jobs["completed / not completed"] = counts
    for e in list(Enrollment.objects.filter(angkatan=world["upcoming"], status="requested")[:200]):
        Enrollment.objects.filter(pk=e.pk).update(status="approved")
    approved = list(Enrollment.objects.filter(angkatan=world["upcoming"], status="approved").select_related("pegawai"))
    _r, jobs[f"verify {len(approved)} requests one by one (s)"] = timed(
        lambda: [services.enrollment_verify(actor=admin, enrollment=e) for e in approved]
    )
    completed = list(
        Enrollment.objects.filter(angkatan=big, status="completed").select_related("angkatan__instansi")[:200]
    )
    real_delay = tasks.render_certificate_pdf.delay
    tasks.render_certificate_pdf.delay = lambda **kw: None  # numbering only; PDFs are a worker's job
    try:
        issued, jobs["number 200 certificates (s)"] = timed(
            lambda: [services.certificate_issue(actor=admin, enrollment=e) for e in completed]
        )
    finally:
        tasks.render_certificate_pdf.delay = real_delay
        tasks.send_enrollment_notice.delay = real_notice
    _r, seconds = timed(lambda: [services.certificate_pdf_ensure(certificate_id=c.pk) for c in issued[:10]])
    jobs["render one certificate PDF (s, mean of 10)"] = round(seconds / 10, 3)
    started = time.perf_counter()
    resp = client.get(reverse("enrollments:jp_export"))
    jobs["SIASN export XLSX (s)"] = round(time.perf_counter() - started, 2)
    jobs["SIASN export size (KB)"] = len(resp.content) // 1024
    return {"build_s": build_s, "pages": pages, "jobs": jobs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--team", type=int, default=300)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as media:
        _configure_django(media)
        with bench_database(args.keep):
            result = run(args.participants, args.team)
    result.update(
        {
            "participants": args.participants,
            "team": args.team,
            "runs": RUNS,
            "python": platform.python_version(),
            "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"{'page':48} {'median ms':>10} {'queries':>8}")
    for name, row in result["pages"].items():
        print(f"{name:48} {row['median_ms']:>10} {row['queries']:>8}")
    for name, value in result["jobs"].items():
        print(f"{name:48} {value}")
    print(f"-> {RESULTS}")


if __name__ == "__main__":
    main()
