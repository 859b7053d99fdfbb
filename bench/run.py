"""Benchmarks for large data: `make bench` or `python -m bench.run [--rows N] [--keep]`.

1. Import 50,000 valid pegawai rows end to end through `import_job_run`, once as XLSX and once as
   CSV, each into a fresh instansi whose units and jabatan were imported first; report wall time
   per phase (reading the file, validating every row, saving) and the total. The issue requires
   the 50k import in under a minute on PostgreSQL: the run exits 1 when it is slower.
2. Pages through the Django test client, median of 5 runs plus the number of queries: the pegawai
   list (first page, page 400 of 20,000 rows, a NIP search) and the audit log keyset page (first
   page and a deep page) over 100,000 events.

It runs on its own database (`asn_bench` on the server of DATABASE_URL, or BENCH_DATABASE_NAME),
created and migrated with Django's test-database machinery and dropped afterwards (`--keep` leaves
it). Results go to
bench/results/latest.json and a table on stdout."""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", "asn_bench")  # another name lets two runs go side by side
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
IMPORT_LIMIT_SECONDS = 60.0
RUNS = 5


def _configure_django(media_root: str) -> None:
    """Test settings (fast hashing, locmem mail, eager Celery) on the DATABASE_URL server, but the
    test database is named asn_bench (BENCH_DB) so a bench never touches the test or dev databases."""
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


@contextmanager
def phase_timer(importer: Any, timings: dict[str, float]):
    """Time the phases inside import_job_run without changing it: wrap the file reader and the
    importer's validate/save on this instance for the duration of one run."""
    import apps.core.services as services

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timings[name] = time.perf_counter() - start

        return wrapper

    original_read = services.read_table
    services.read_table = timed("read", original_read)
    importer.validate = timed("validate", importer.validate)
    importer.save = timed("save", importer.save)
    try:
        yield
    finally:
        services.read_table = original_read
        del importer.validate, importer.save


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"bench: {message}")


def _run_job(
    *, instansi_id: int, kind: str, name: str, data: bytes, profile: bool = False
) -> tuple[Any, dict[str, float]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.imports import get_importer
    from apps.core.services import import_job_create, import_job_run

    job = import_job_create(
        actor=None, instansi_id=instansi_id, kind=kind, upload=SimpleUploadedFile(name, data), enqueue=False
    )
    timings: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    with phase_timer(get_importer(kind), timings):
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        job = import_job_run(job_id=job.pk)
        if profiler:
            profiler.disable()
        timings["total"] = time.perf_counter() - start
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    if job.status != "succeeded":
        shown = "; ".join(f"baris {e['row']} {e['column']}: {e['message']}" for e in job.errors[:5])
        raise SystemExit(f"bench: {kind} import of {name} failed: {job.message} {shown}")
    return job, timings


def _instansi_with_structure(code: str):
    """A fresh instansi with the unit tree and jabatan, loaded through their own importers."""
    from apps.core.imports import get_importer
    from apps.organizations.models import Instansi

    from . import data

    instansi = Instansi.objects.create(code=code, name=f"Pemerintah Kota {code}", kind="kota", timezone="Asia/Makassar")
    units = data.unit_rows()
    for kind, rows in (("unit_kerja", units), ("jabatan", data.jabatan_rows(units))):
        table = data.as_table(list(get_importer(kind).columns), rows)
        _run_job(instansi_id=instansi.pk, kind=kind, name=f"{kind}.csv", data=data.to_csv(table))
    return instansi, units


def bench_imports(rows: int, *, profile: bool = False) -> dict[str, Any]:
    from apps.core.imports import get_importer
    from apps.employees.models import Pegawai

    from . import data

    results: dict[str, Any] = {}
    columns = list(get_importer("pegawai").columns)
    for fmt in ("xlsx", "csv"):
        instansi, units = _instansi_with_structure(f"bench-{fmt}")
        table = data.as_table(columns, data.pegawai_rows(rows, units))
        payload = data.to_xlsx(table) if fmt == "xlsx" else data.to_csv(table)
        print(f"  {fmt}: {rows:,} rows, {len(payload) / 1024 / 1024:.1f} MB … ", end="", flush=True)
        job, timings = _run_job(
            instansi_id=instansi.pk, kind="pegawai", name=f"pegawai.{fmt}", data=payload, profile=profile
        )
        stored = Pegawai.objects.filter(instansi=instansi).count()
        linked = Pegawai.objects.filter(instansi=instansi, atasan__isnull=False).count()
        _check(stored == rows == job.created_rows, f"{fmt}: stored {stored}, expected {rows}")
        print(f"{timings['total']:.1f} s")
        results[fmt] = {
            "rows": rows,
            "file_mb": round(len(payload) / 1024 / 1024, 2),
            "read_s": round(timings["read"], 2),
            "validate_s": round(timings["validate"], 2),
            "save_s": round(timings["save"], 2),
            "total_s": round(timings["total"], 2),
            "rows_with_atasan": linked,
        }
    return results


def _measure(fn) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = fn()
            times.append((time.perf_counter() - start) * 1000)
        _check(response.status_code == 200, f"page answered {response.status_code}")
        queries.append(len(ctx.captured_queries))
    return {"median_ms": round(statistics.median(times), 1), "queries": max(queries)}


def bench_pages() -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from apps.accounts.models import Membership, User
    from apps.core.imports import get_importer
    from apps.core.models import AuditEvent

    from . import data

    instansi, units = _instansi_with_structure("bench-list")
    table = data.as_table(list(get_importer("pegawai").columns), data.pegawai_rows(20_000, units, seed=7))
    _run_job(instansi_id=instansi.pk, kind="pegawai", name="list.csv", data=data.to_csv(table))

    admin = User.objects.create_user(username="bench-admin", password="bench-only-123", full_name="Admin Bench")
    Membership.objects.create(user=admin, instansi=instansi, role="admin_bkpsdm")
    events = [
        AuditEvent(instansi_id=instansi.pk, actor=admin, action=f"pegawai.{('create', 'update', 'view')[i % 3]}")
        for i in range(100_000)
    ]
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    with connection.cursor() as cursor:  # spread the events over time, newest last
        cursor.execute(
            "UPDATE core_auditevent SET created_at = now() - (%s - id) * interval '1 second' WHERE instansi_id = %s",
            [events[-1].pk, instansi.pk],
        )
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(admin)
    pegawai_url, audit_url = reverse("employees:list"), reverse("core:audit_list")
    nip = data.pns_nip(5001)  # a PNS row (every fifth staff row is PPPK)
    deep = AuditEvent.objects.filter(instansi_id=instansi.pk).order_by("-created_at", "-id")[80_000]
    cursor_value = f"{deep.created_at.isoformat()}_{deep.pk}"
    client.get(pegawai_url)  # warm-up: templates, translations
    pages = {
        "pegawai_list_first": lambda: client.get(pegawai_url),
        "pegawai_list_page_400": lambda: client.get(pegawai_url, {"page": 400}),
        "pegawai_nip_search": lambda: client.post(pegawai_url, {"q": nip[:10]}),
        "audit_keyset_first": lambda: client.get(audit_url),
        "audit_keyset_deep_80k": lambda: client.get(audit_url, {"after": cursor_value}),
    }
    results = {name: _measure(fn) for name, fn in pages.items()}
    check = client.get(pegawai_url, {"page": 400})
    _check(check.context["page_obj"].number == 400 and len(check.context["page_obj"]) == 25, "page 400 is not full")
    found = client.post(pegawai_url, {"q": nip})
    _check([p.nip for p in found.context["page_obj"]] == [nip], "NIP search did not find exactly one pegawai")
    results["dataset"] = {"pegawai": 20_000, "audit_events": 100_000}
    return results


def _print_table(results: dict[str, Any]) -> None:
    print()
    print(f"{'import (' + str(results['imports']['xlsx']['rows']) + ' rows)':<28}{'read':>8}{'validate':>10}", end="")
    print(f"{'save':>8}{'total':>8}")
    for fmt, r in results["imports"].items():
        phases = f"{r['read_s']:>7.1f}s{r['validate_s']:>9.1f}s{r['save_s']:>7.1f}s{r['total_s']:>7.1f}s"
        print(f"{'pegawai ' + fmt:<28}{phases}")
    print()
    print(f"{'page':<28}{'median':>10}{'queries':>9}")
    for name, r in results["pages"].items():
        if "median_ms" in r:
            print(f"{name:<28}{r['median_ms']:>8.1f}ms{r['queries']:>9}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="pegawai rows per import (default 50,000)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database afterwards")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each pegawai import")
    parser.add_argument("--imports-only", action="store_true", help="skip the page timings")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="asn-bench-media-") as media:
        _configure_django(media)
        from django.db import connection

        with bench_database(args.keep):
            print(f"bench database: {connection.settings_dict['NAME']}")
            print("imports:")
            imports = bench_imports(args.rows, profile=args.profile)
            pages: dict[str, Any] = {}
            if not args.imports_only:
                print("pages (20,000 pegawai, 100,000 audit events):")
                pages = bench_pages()
            server = connection.cursor().connection.server_version

    results = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": f"PostgreSQL {server // 10000}.{server % 10000}",
        "python": platform.python_version(),
        "runs_per_page": RUNS,
        "imports": imports,
        "pages": pages,
        "import_limit_s": IMPORT_LIMIT_SECONDS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    _print_table(results)
    print(f"written to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    slow = [fmt for fmt, r in imports.items() if r["total_s"] > IMPORT_LIMIT_SECONDS]
    if slow:
        print(f"FAIL: {', '.join(slow)} import slower than {IMPORT_LIMIT_SECONDS:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
