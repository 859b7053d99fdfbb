"""`make bench-api`: the REST API and the calendar feed at scale (issue 15).

Uses the preset database of `make bench-web` (loaded on first use). A token of the first instansi with every scope
asks each read endpoint in-process (first page and a deep page of the big lists), posts new completions (the
credit path) and repeats one (the idempotent path), and a pegawai's calendar feed is fetched. Reports the median
and 90th percentile per request and the queries of one request; writes bench/results/api.json and api.md (not
committed). Row-level security is on, as in production.

    python -m bench.api [--preset provinsi] [--requests 30]"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from typing import Any

from bench.web import RESULTS, ROOT, _environment, _prepare_database, _setup_django


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _targets(prefix: str) -> list[tuple[str, str]]:
    from apps.catalog.models import Angkatan
    from apps.employees.models import Pegawai
    from apps.enrollments.models import JPLedgerEntry

    batch = Angkatan.objects.filter(instansi__code=prefix).order_by("-start_date").first()
    nip = Pegawai.objects.filter(instansi__code=prefix, is_active=True).order_by("pk").values_list("nip", flat=True)[0]
    year = JPLedgerEntry.objects.filter(instansi__code=prefix).order_by("-year").values_list("year", flat=True)[0]
    return [
        ("programs, page 1", "/api/v1/programs/"),
        ("batches, page 1", "/api/v1/batches/"),
        ("pegawai, page 1 (50)", "/api/v1/pegawai/"),
        ("pegawai, page 1 of 200", "/api/v1/pegawai/?page_size=200"),
        ("pegawai, page 40", "/api/v1/pegawai/?page=40"),
        ("enrolments, page 1", "/api/v1/enrolments/"),
        ("enrolments of one batch", f"/api/v1/enrolments/?batch={batch.pk}"),
        ("JP ledger of a year, page 1", f"/api/v1/jp-ledger/?year={year}"),
        ("JP ledger of a year, page 100", f"/api/v1/jp-ledger/?year={year}&page=100"),
        ("JP ledger of one NIP", f"/api/v1/jp-ledger/?nip={nip}"),
        ("batch evaluation summary", f"/api/v1/batches/{batch.pk}/evaluation/"),
        ("open surveys", "/api/v1/surveys/"),
    ]


def _measure(call: Any, requests: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call(0)
    call(1)  # warm caches and plans
    with CaptureQueriesContext(connection) as queries:
        call(2)
    count = len(queries)  # now: the next request clears the connection's query log
    times = []
    for n in range(requests):
        started = time.perf_counter()
        call(3 + n)
        times.append((time.perf_counter() - started) * 1000)
    return times, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=os.environ.get("BENCH_PRESET", "provinsi"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    env = _environment(args.preset)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    _prepare_database(args.preset, args.seed, fresh=False)
    meta: dict[str, Any] = {"preset": args.preset, "requests": args.requests}
    meta |= _setup_django(args.preset, args.seed)

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from apps.api import services
    from apps.api.models import ApiScope
    from apps.employees.models import Pegawai
    from apps.organizations.models import Instansi

    settings.API_RATE_LIMIT = "100000000/hour"  # the bench measures the work, not the throttle
    settings.ROW_LEVEL_SECURITY = True
    prefix = f"skala{args.seed}-000"
    instansi = Instansi.objects.get(code=prefix)
    secret = services.token_create(
        actor=None,
        instansi_id=instansi.pk,
        name=f"bench {timezone.now():%Y%m%d%H%M%S}",
        scopes=list(ApiScope.values),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    ).secret
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    meta["ledger_rows"] = instansi_ledger = _ledger_rows(instansi.pk)
    print(f"instansi {prefix}: {meta['pegawai']:,} pegawai in all, {instansi_ledger:,} JP ledger rows in this one")

    rows = []

    def record(name: str, times: list[float], queries: int) -> None:
        median, p90 = statistics.median(times), _percentile(times, 0.9)
        rows.append({"what": name, "median_ms": round(median, 1), "p90_ms": round(p90, 1), "queries": queries})
        print(f"{name:34} median {median:7.1f} ms  p90 {p90:7.1f} ms  {queries:3d} queries", flush=True)

    for name, path in _targets(prefix):

        def get(_n: int, path: str = path) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}: {response.content[:200]!r}")

        record(f"GET {name}", *_measure(get, args.requests))

    pegawai = list(
        Pegawai.objects.filter(instansi=instansi, is_active=True).order_by("pk").values_list("nip", flat=True)[:500]
    )
    stamp = f"{time.time_ns()}"
    end = timezone.localdate() - datetime.timedelta(days=1)

    def completion(n: int, *, external_id: str) -> dict[str, Any]:
        return {
            "external_id": external_id,
            "nip": pegawai[n % len(pegawai)],
            "title": f"E-learning bench {external_id}",
            "provider": "LMS bench",
            "start_date": (end - datetime.timedelta(days=2)).isoformat(),
            "end_date": end.isoformat(),
            "jp": 6,
        }

    def post_new(n: int) -> None:
        response = client.post(
            "/api/v1/completions/", completion(n, external_id=f"B{stamp}-{n}"), content_type="application/json"
        )
        if response.status_code != 201:
            raise SystemExit(f"completion answered {response.status_code}: {response.content[:300]!r}")

    def post_again(n: int) -> None:
        response = client.post(
            "/api/v1/completions/", completion(0, external_id=f"B{stamp}-0"), content_type="application/json"
        )
        if response.status_code != 200:
            raise SystemExit(f"repeated completion answered {response.status_code}")

    record("POST completion (new, credits JP)", *_measure(post_new, args.requests))
    record("POST completion (repeat, idempotent)", *_measure(post_again, args.requests))

    feed_user = Pegawai.objects.filter(instansi=instansi, is_active=True, user__isnull=False).order_by("pk").first()
    feed = services.feed_issue(actor=feed_user.user, pegawai=feed_user, replace=True)
    anonymous = Client(HTTP_HOST="127.0.0.1")

    def fetch_feed(_n: int) -> None:
        response = anonymous.get(f"/kalender/{feed.secret}.ics")
        if response.status_code != 200:
            raise SystemExit(f"feed answered {response.status_code}")

    record("GET calendar feed of a pegawai", *_measure(fetch_feed, args.requests))

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    lines = [
        f"`make bench-api`, preset {meta['preset']} ({meta['pegawai']:,} pegawai in {meta['instansi']} instansi; "
        f"{meta['ledger_rows']:,} ledger rows in the token's instansi), {args.requests} requests each, in-process, "
        "row-level security on",
        "",
        "| request | median ms | p90 ms | queries |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r['what']} | {r['median_ms']} | {r['p90_ms']} | {r['queries']} |" for r in rows]
    (RESULTS / "api.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def _ledger_rows(instansi_id: int) -> int:
    from apps.enrollments.models import JPLedgerEntry

    return JPLedgerEntry.objects.filter(instansi_id=instansi_id).count()


if __name__ == "__main__":
    raise SystemExit(main())
