"""`make bench-web`: the key pages under load, against a bare Django page on the same stack (issue 13).

1. A PostgreSQL database per preset (`asn_bench_web_<preset>` on the server of BENCH_DATABASE_URL) is
   migrated and loaded with `generate_scale_data` once; later runs reuse it (`--fresh` rebuilds it).
2. The app runs as deployed: production settings (bench/web_settings.py), static files collected,
   gunicorn gthread (2 workers × 4 threads) on 127.0.0.1.
3. Each key page is loaded by locust (headless, `--users` concurrent users, no think time) for
   `--seconds`, as a signed-in user of the role that opens it; right after it, the bare page
   (one indexed query) for as long. Queries per request are counted in-process with the test client.
4. A table goes to stdout, bench/results/web.json and bench/results/web.md (not committed).

    python -m bench.web [--preset provinsi] [--seconds 15] [--users 16] [--only catalog] [--fresh]"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_WEB_PORT", "8765"))
SETTLE = 3  # seconds between runs
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0]


@dataclass
class Target:
    name: str
    role: str
    path: str
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)


@dataclass
class Result:
    name: str
    role: str
    queries: int
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    bare_rps: float
    bare_p95: float

    @property
    def ratio(self) -> float:
        return self.rps / self.bare_rps if self.bare_rps else 0.0


def _environment(preset: str) -> dict[str, str]:
    secret = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
    return {
        "DJANGO_SETTINGS_MODULE": "bench.web_settings",
        "SECRET_KEY": secret,
        "DATABASE_URL": f"{SERVER}/asn_bench_web_{preset.replace('-', '_')}",
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14"),
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13"),
        "STATIC_ROOT": str(ROOT / "staticfiles"),
        "CONN_MAX_AGE": "60",
    }


def _prepare_database(preset: str, seed: int, fresh: bool) -> None:
    import psycopg2

    name = f"asn_bench_web_{preset.replace('-', '_')}"
    conn = psycopg2.connect(f"{SERVER}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
        if exists and fresh:
            cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _setup_django(preset: str, seed: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    from apps.organizations.models import Instansi
    from apps.reports.scale_data import generate

    call_command("migrate", verbosity=0)
    if not Instansi.objects.filter(code=f"skala{seed}-000").exists():
        started = time.monotonic()
        print(f"Loading preset {preset} (seed {seed}) ...", flush=True)
        summary = generate(preset, seed=seed, progress=lambda m: print("  " + m, flush=True))
        summary["seconds"] = round(time.monotonic() - started, 1)
        print(f"Loaded {sum(summary['rows'].values()):,} rows in {summary['seconds']} s", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    return {"pegawai": _count("employees.Pegawai"), "instansi": Instansi.objects.count()}


def _count(label: str) -> int:
    from django.apps import apps

    return apps.get_model(label).objects.count()


def _sessions(seed: int) -> dict[str, dict[str, str]]:
    """A signed-in session per role (the driver sends the cookies itself: they are Secure-only)."""
    from django.test import Client

    from apps.accounts.models import User

    cookies = {}
    for role in ("admin", "atasan", "pegawai"):
        client = Client()
        client.force_login(User.objects.get(username=f"skala{seed}-000-{role}"))
        token = secrets.token_hex(16)
        cookies[role] = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return cookies


def _targets(seed: int) -> list[Target]:
    from django.urls import reverse

    from apps.catalog.models import Angkatan
    from apps.enrollments.models import Enrollment

    prefix = f"skala{seed}-000"
    # The verify-seat POST uses up its queue of approved requests: each run puts the queue back first.
    Enrollment.objects.filter(instansi__code=prefix, angkatan__code__startswith="VERIFIKASI").update(
        status="approved", waitlisted_at=None
    )
    Angkatan.objects.filter(instansi__code=prefix, code__startswith="VERIFIKASI").update(seats_taken=0)
    batch = (
        Angkatan.objects.filter(instansi__code=prefix, status="open")
        .exclude(code__startswith="VERIFIKASI")
        .order_by("code")
        .first()
    )
    queue = list(
        Enrollment.objects.filter(instansi__code=prefix, angkatan__code__startswith="VERIFIKASI", status="approved")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    verify_path = reverse("enrollments:verify", args=[0]).replace("/0/", "/{pk}/")
    return [
        Target("home, admin BKPSDM", "admin", reverse("core:home")),
        Target("home, pegawai", "pegawai", reverse("core:home")),
        Target("pegawai list", "admin", reverse("employees:list")),
        Target("catalog", "pegawai", reverse("catalog:index")),
        Target("catalog search", "pegawai", reverse("catalog:index") + "?q=teknis"),
        Target("atasan approval queue", "atasan", reverse("enrollments:approvals")),
        Target("competency gap heat map", "admin", reverse("needs:heatmap")),
        Target("JP dashboard", "admin", reverse("enrollments:jp_dashboard")),
        Target("batch participants", "admin", reverse("enrollments:participants", args=[batch.pk])),
        Target("verify seat (POST)", "admin", verify_path, "POST", {"decision": "verify", "note": ""}, queue),
    ]


def _queries(target: Target, cookies: dict[str, str]) -> int:
    """Queries of one request, counted in-process after a warm-up request (a POST uses one queued id)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = cookies["sessionid"]
    if target.method == "POST":
        pk = target.ids.pop()
        with CaptureQueriesContext(connection) as ctx:
            client.post(target.path.format(pk=pk), target.data)
        return len(ctx)
    client.get(target.path)
    with CaptureQueriesContext(connection) as ctx:
        client.get(target.path)
    return len(ctx)


def _start_server(env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(BIN / "gunicorn"), "asn_kompetensi.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--worker-class", "gthread", "--workers", "2", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/_bench/bare/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    _stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def _locust(target: dict[str, Any], *, users: int, seconds: int, workdir: Path) -> dict[str, float]:
    prefix = workdir / "run"
    subprocess.run(  # noqa: S603 - our own locust, fixed arguments
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}",
         "--csv", str(prefix), "--exit-code-on-error", "0", "--loglevel", "ERROR"],
        env={**os.environ, "BENCH_TARGET": json.dumps(target)}, check=True, capture_output=True,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv", newline="") as fh:
        for failure in csv.DictReader(fh):
            print(f"  failed {failure['Occurrences']}×: {failure['Error']}", flush=True)
    number = lambda key: float(row[key]) if row[key] not in ("", "N/A") else 0.0  # noqa: E731 - no request, no figure
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": number("Requests/s"),
        "p50": number("50%"),
        "p95": number("95%"),
    }


def _table(results: list[Result], meta: dict[str, Any]) -> str:
    lines = [
        f"`make bench-web`, preset {meta['preset']} ({meta['pegawai']:,} pegawai in {meta['instansi']} instansi), "
        f"{meta['users']} concurrent users, {meta['seconds']} s per page, gunicorn gthread 2×4, production settings.",
        "",
        "| page | role | queries | req/s | p50 ms | p95 ms | bare req/s | ratio to bare | failures |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.role} | {r.queries} | {r.rps:.1f} | {r.p50:.0f} | {r.p95:.0f} | {r.bare_rps:.1f} | "
            f"{r.ratio:.2f} | {r.failures} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=os.environ.get("BENCH_PRESET", "provinsi"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_WEB_SECONDS", "15")))
    parser.add_argument("--only", help="run only the pages whose name contains this text")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the preset's database")
    args = parser.parse_args()

    env = _environment(args.preset)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    _prepare_database(args.preset, args.seed, args.fresh)
    meta = {"preset": args.preset, "users": args.users, "seconds": args.seconds} | _setup_django(args.preset, args.seed)
    cookies = _sessions(args.seed)
    targets = [t for t in _targets(args.seed) if not args.only or args.only in t.name]
    queries = {t.name: _queries(t, cookies[t.role]) for t in targets}

    from django.db import connections

    connections.close_all()
    server = _start_server(env)
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for target in targets:
                time.sleep(SETTLE)
                spec = asdict(target) | {"cookies": cookies[target.role]}
                page = _locust(spec, users=args.users, seconds=args.seconds, workdir=Path(tmp))
                time.sleep(SETTLE)  # the page's last requests drain before the bare page is measured
                bare = _locust(
                    {"name": "bare", "path": "/_bench/bare/", "method": "GET"},
                    users=args.users,
                    seconds=args.seconds,
                    workdir=Path(tmp),
                )
                result = Result(target.name, target.role, queries[target.name], bare_rps=bare["rps"],
                                bare_p95=bare["p95"], **page)  # fmt: skip
                results.append(result)
                print(
                    f"{result.name:28} {result.queries:3} q  {result.rps:7.1f} req/s  p50 {result.p50:5.0f} ms  "
                    f"p95 {result.p95:5.0f} ms  bare {result.bare_rps:6.1f} req/s  ratio {result.ratio:.2f}  "
                    f"failures {result.failures}",
                    flush=True,
                )
    finally:
        _stop(server)
    RESULTS.mkdir(exist_ok=True)
    table = _table(results, meta)
    (RESULTS / "web.md").write_text(table)
    (RESULTS / "web.json").write_text(
        json.dumps({"meta": meta, "pages": [asdict(r) | {"ratio": round(r.ratio, 3)} for r in results]}, indent=2)
    )
    print()
    print(table)
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
