"""Catalog benchmark: `python -m bench.catalog [--programs N] [--batches N] [--keep]`.

Builds 5,000 programmes (half national/shared, half private to the instansi, 1–2 target
competencies each) and 20,000 angkatan of one instansi in its own database (`asn_bench_catalog` on
the server of DATABASE_URL, created with Django's test-database machinery and dropped afterwards),
then requests the catalog pages through the Django test client as a pegawai and as an admin: median
wall time of 5 runs and the number of SQL queries for each. It also asks PostgreSQL whether the
search uses the pg_trgm index. Results: bench/results/catalog.json and a table on stdout."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

BENCH_DB = "asn_bench_catalog"
RESULTS = Path(__file__).resolve().parent / "results" / "catalog.json"
RUNS = 5
WORDS = [
    "Pelayanan",
    "Prima",
    "Arsip",
    "Keuangan",
    "Daerah",
    "Kepemimpinan",
    "Digital",
    "Kesehatan",
    "Puskesmas",
    "Perencanaan",
    "Kinerja",
    "Pengadaan",
    "Mitigasi",
    "Bencana",
    "Data",
    "Statistik",
    "Inovasi",
    "Etika",
    "Integritas",
    "Komunikasi",
]


def _configure_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_kompetensi.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asn_kompetensi")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DB
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


def build(programs: int, batches: int) -> dict:
    from apps.accounts.tests.factories import MembershipFactory, UserFactory
    from apps.catalog.models import FORM_PATH, Angkatan, Form, Modality, Penyelenggara, Program, ProgramCompetency
    from apps.competencies.models import Kompetensi
    from apps.employees.tests.factories import PegawaiFactory
    from apps.organizations.tests.factories import InstansiFactory, JabatanFactory, UnitKerjaFactory

    rng = random.Random(42)
    start = time.perf_counter()
    a = InstansiFactory(code="bench-a", name="Pemerintah Kota Bench A")
    b = InstansiFactory(code="bench-b", name="Pemerintah Kota Bench B")
    unit = UnitKerjaFactory(instansi=a, code="PKM", name="Puskesmas Abeli", region="Abeli", is_remote=True)
    jab = JabatanFactory(instansi=a, unit_kerja=unit, jenis="fungsional_keahlian", jenjang="ahli_pertama")
    pegawai_user = UserFactory(username="bench_pegawai")
    MembershipFactory(user=pegawai_user, instansi=a, role="employee")
    PegawaiFactory(instansi=a, unit_kerja=unit, jabatan=jab, user=pegawai_user)
    admin_user = UserFactory(username="bench_admin")
    MembershipFactory(user=admin_user, instansi=a, role="admin_bkpsdm")
    providers = Penyelenggara.objects.bulk_create(
        [Penyelenggara(instansi=None, name=f"Penyelenggara Nasional {i}", kind="universitas") for i in range(40)]
        + [Penyelenggara(instansi=a, name=f"Penyelenggara Lokal {i}", kind="internal") for i in range(20)]
    )
    forms = [f for f in Form.values if FORM_PATH[f] != "pendidikan"]
    modalities = Modality.values
    rows = []
    for i in range(programs):
        words = " ".join(rng.sample(WORDS, 3))
        form = rng.choice(forms)
        national = i % 2 == 0
        provider = rng.choice(providers)
        title = f"{words} {i}"
        rows.append(
            Program(
                instansi=None if national else (a if i % 4 == 1 else b),
                visibility="shared" if national or i % 8 == 3 else "private",
                code=f"B-{i:05d}",
                title=title,
                description=f"Program {words.lower()} untuk ASN daerah.",
                path=FORM_PATH[form],
                form=form,
                modality=rng.choice(modalities),
                learning_hours=rng.randint(2, 60),
                penyelenggara=provider if provider.instansi_id in (None, a.pk) or not national else None,
                eligible_jenis_jabatan=rng.choice(["", "", ",fungsional_keahlian,", ",pelaksana,", ",jpt,"]),
                status="published" if i % 10 else "draft",
                search_text=f"B-{i:05d} {title} {words.lower()} {form}",
            )
        )
    created = Program.objects.bulk_create(rows, batch_size=1000)
    kompetensi = list(Kompetensi.objects.filter(instansi__isnull=True).values_list("pk", flat=True))
    links = []
    for program in created:
        for k in rng.sample(kompetensi, 2):
            links.append(ProgramCompetency(instansi=program.instansi, program=program, kompetensi_id=k, target_level=3))
    ProgramCompetency.objects.bulk_create(links, batch_size=2000)
    schedulable = [
        p for p in created if p.status == "published" and (p.instansi_id in (None, a.pk) or p.visibility == "shared")
    ]
    today = datetime.date.today()  # noqa: DTZ011 - bench data spread, not a business date
    regions = ["Abeli", "Nambo", "Kadia", "Mandonga", "Puuwatu"]
    batch_rows = []
    for i in range(batches):
        program = rng.choice(schedulable)
        begin = today + datetime.timedelta(days=rng.randint(-60, 600))
        modality = rng.choice(modalities)
        classroom = modality in ("tatap_muka", "blended")
        seats = rng.choice([20, 30, 40])
        batch_rows.append(
            Angkatan(
                instansi=a,
                program=program,
                code=f"A-{i:06d}",
                name=f"{program.title} angkatan {i}",
                start_date=begin,
                end_date=begin + datetime.timedelta(days=rng.randint(0, 4)),
                registration_opens=begin - datetime.timedelta(days=45),
                registration_closes=begin - datetime.timedelta(days=5),
                modality=modality,
                venue="Aula" if classroom else "",
                region=rng.choice(regions) if classroom else "",
                online_link="" if modality == "tatap_muka" else "https://zoom.us/j/1",
                seats_total=seats,
                seats_taken=rng.randint(0, seats),
                status=rng.choice(["open", "open", "open", "full", "running", "planned"]),
            )
        )
    Angkatan.objects.bulk_create(batch_rows, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "seconds": round(time.perf_counter() - start, 1),
        "pegawai": pegawai_user,
        "admin": admin_user,
        "kompetensi": kompetensi[0],
        "provider": providers[0].pk,
    }


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            begin = time.perf_counter()
            resp = client.get(url)
            times.append(time.perf_counter() - begin)
        status = resp.status_code
        queries = len(ctx)
        if status != 200:
            raise SystemExit(f"bench: {url} answered {status}")
    return {"url": url, "median_ms": round(statistics.median(times) * 1000, 1), "queries": queries}


def explain_search() -> dict:
    from django.db import connection

    from apps.catalog import selectors
    from apps.catalog.models import Program

    qs = selectors.search_programs(Program.objects.all(), "B-04321")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    return {"uses_trigram_index": "program_search_trgm_idx" in plan, "plan_head": plan.splitlines()[:4]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--programs", type=int, default=5000)
    parser.add_argument("--batches", type=int, default=20000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    _configure_django()
    from django.test import Client

    with bench_database(args.keep):
        built = build(args.programs, args.batches)
        month = (datetime.date.today() + datetime.timedelta(days=62)).strftime("%Y-%m")  # noqa: DTZ011
        pegawai = Client()
        pegawai.force_login(built["pegawai"])
        admin = Client()
        admin.force_login(built["admin"])
        pages = {
            "catalog_first_page": (pegawai, "/katalog/"),
            "catalog_page_200": (pegawai, "/katalog/?page=200"),
            "catalog_search": (pegawai, "/katalog/?q=pelayanan+puskesmas"),
            "catalog_filters": (
                pegawai,
                f"/katalog/?kompetensi={built['kompetensi']}&path=klasikal&modality=tatap_muka&month={month}"
                "&seats_left=true&for_me=true",
            ),
            "catalog_reachable": (pegawai, "/katalog/?reachable=true&seats_left=true"),
            "catalog_provider": (pegawai, f"/katalog/?penyelenggara={built['provider']}"),
            "programs_first_page": (pegawai, "/katalog/program/"),
            "programs_search": (pegawai, "/katalog/program/?q=digital+inovasi"),
            "programs_page_60": (pegawai, "/katalog/program/?page=60"),
            "admin_programs": (admin, "/katalog/kelola/program/"),
            "admin_batches": (admin, "/katalog/kelola/angkatan/"),
            "admin_batches_deep": (admin, "/katalog/kelola/angkatan/?page=700"),
            "calendar_year": (pegawai, f"/katalog/kalender/?tahun={datetime.date.today().year + 1}"),  # noqa: DTZ011
        }
        results = {name: measure(client, url) for name, (client, url) in pages.items()}
        search_plan = explain_search()
    report = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{platform.system()} {platform.machine()} Python {platform.python_version()}",
        "programs": args.programs,
        "batches": args.batches,
        "build_seconds": built["seconds"],
        "pages": results,
        "search_plan": search_plan,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"catalog bench: {args.programs} programmes, {args.batches} angkatan (built in {built['seconds']} s)")
    print(f"{'page':<22}{'median ms':>12}{'queries':>9}")
    for name, row in results.items():
        print(f"{name:<22}{row['median_ms']:>12}{row['queries']:>9}")
    print(f"search uses pg_trgm index: {search_plan['uses_trigram_index']}")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
