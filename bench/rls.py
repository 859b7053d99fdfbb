"""`make bench-rls`: what row-level security costs on the key pages (issue 24).

Uses the preset database of `make bench-web` (loaded on first use). Each key page (the GETs of bench/web.py) is
requested in-process, one user at a time, as the role that opens it, in rounds that alternate row-level security
off and on, so a machine that gets busier or quieter during the run weighs on both alike. Reports the median time
per request of each mode and the difference; writes bench/results/rls.json and rls.md (not committed).

    python -m bench.rls [--preset provinsi] [--rounds 7] [--requests 10]"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from bench.web import RESULTS, ROOT, _environment, _prepare_database, _sessions, _setup_django, _targets


def _timed(client, path: str, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return times


def main() -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=os.environ.get("BENCH_PRESET", "provinsi"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--only", help="measure only the pages whose name contains this text")
    args = parser.parse_args()

    env = _environment(args.preset)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    _prepare_database(args.preset, args.seed, fresh=False)
    meta = {"preset": args.preset, "rounds": args.rounds, "requests": args.requests}
    meta |= _setup_django(args.preset, args.seed)

    from django.conf import settings
    from django.test import Client

    cookies = _sessions(args.seed)
    targets = [t for t in _targets(args.seed) if t.method == "GET" and (not args.only or args.only in t.name)]
    rows = []
    for target in targets:
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = cookies[target.role]["sessionid"]
        samples: dict[bool, list[float]] = {False: [], True: []}
        for flag in (False, True):  # warm both paths (caches, plans) before measuring
            settings.ROW_LEVEL_SECURITY = flag
            _timed(client, target.path, 2)
        for _ in range(args.rounds):
            for flag in (False, True):
                settings.ROW_LEVEL_SECURITY = flag
                samples[flag] += _timed(client, target.path, args.requests)
        off, on = statistics.median(samples[False]), statistics.median(samples[True])
        rows.append({"page": target.name, "role": target.role, "off_ms": round(off, 1), "on_ms": round(on, 1),
                     "delta_ms": round(on - off, 1), "delta_pct": round((on - off) / off * 100, 1)})  # fmt: skip
        print(f"{target.name:28} off {off:7.1f} ms  on {on:7.1f} ms  {on - off:+6.1f} ms ({(on - off) / off:+.1%})")

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "rls.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    lines = [
        f"`make bench-rls`, preset {meta['preset']} ({meta['pegawai']:,} pegawai in {meta['instansi']} instansi), "
        f"median of {args.rounds}×{args.requests} requests per mode, in-process, one user",
        "",
        "| page | role | RLS off ms | RLS on ms | difference |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['page']} | {r['role']} | {r['off_ms']} | {r['on_ms']} | {r['delta_ms']:+} ms ({r['delta_pct']:+}%) |"
        for r in rows
    ]
    (RESULTS / "rls.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
