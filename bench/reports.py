"""Evaluation report benchmark: `python -m bench.reports [--responses N] [--keep]`.

Builds, in its own database (`asn_bench_reports` on the server of DATABASE_URL, created with
Django's test-database machinery and dropped afterwards), one instansi with 100,000 questionnaire
responses: 60 % public SKM answers spread over 20 service units × 2 periods (U1–U9 each) and 40 %
anonymous L1 answers over 40 batches (nine likert questions, two narasumber each). Rows are
generated in SQL (INSERT … SELECT over generate_series), so the build takes seconds.

It then times the aggregation, each once after a warm-up: IKM for every unit × period, the
narasumber ranking over all L1 answers, the year overview, and whole report jobs (IKM per unit and
one batch evaluation of the largest batch) rendered to PDF + XLSX. Target: every step under 10 s.
Results: bench/results/reports.json and a table; exit 1 when a step misses the target."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DB = "asn_bench_reports"
RESULTS = Path(__file__).resolve().parent / "results" / "reports.json"
TARGET_SECONDS = 10.0


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


def _insert_responses(cursor: Any, q: Any, n: int, day: datetime.date, *, profile: bool) -> None:
    cursor.execute(
        """
        INSERT INTO evaluations_response (instansi_id, questionnaire_id, submitted_on, complete, profile)
        SELECT %s, %s, %s, true,
               CASE WHEN %s THEN jsonb_build_object('sex', CASE WHEN g %% 2 = 0 THEN 'L' ELSE 'P' END,
                   'age_band', (ARRAY['<25','25-34','35-44','45-54','55+'])[1 + g %% 5])
                    ELSE '{}'::jsonb END
        FROM generate_series(1, %s) AS g
        """,
        [q.instansi_id, q.pk, day, profile, n],
    )


def _insert_answers(cursor: Any, q: Any, narasumber_ids: list[int]) -> None:
    # Answers 2–4 with a per-unit lean, so IKM values differ between units.
    cursor.execute(
        """
        INSERT INTO evaluations_answer (instansi_id, response_id, questionnaire_id, question_id, narasumber_id,
                                        value_int, value_text, value_choices)
        SELECT r.instansi_id, r.id, r.questionnaire_id, qq.id, NULL,
               LEAST(4, 2 + floor(random() * 3 + (%s %% 3) * 0.2))::smallint, '', '[]'::jsonb
        FROM evaluations_response r
        JOIN evaluations_question qq ON qq.questionnaire_id = r.questionnaire_id
        WHERE r.questionnaire_id = %s AND qq.kind = 'likert4' AND qq.scope = 'once'
        """,
        [q.pk, q.pk],
    )
    if narasumber_ids:
        cursor.execute(
            """
            INSERT INTO evaluations_answer (instansi_id, response_id, questionnaire_id, question_id, narasumber_id,
                                            value_int, value_text, value_choices)
            SELECT r.instansi_id, r.id, r.questionnaire_id, qq.id, n.id,
                   (2 + floor(random() * 3))::smallint, '', '[]'::jsonb
            FROM evaluations_response r
            JOIN evaluations_question qq ON qq.questionnaire_id = r.questionnaire_id
            CROSS JOIN unnest(%s::bigint[]) AS n(id)
            WHERE r.questionnaire_id = %s AND qq.scope = 'narasumber'
            """,
            [narasumber_ids, q.pk],
        )


def build(responses: int) -> dict[str, Any]:
    from django.db import connection

    from apps.accounts.models import Membership, User
    from apps.catalog.models import Angkatan, AngkatanSession, Narasumber, Program
    from apps.evaluations import services
    from apps.evaluations.models import QuestionnaireTemplate
    from apps.organizations.models import Instansi, UnitKerja

    today = datetime.date.today()  # noqa: DTZ011 - bench data dates
    year = today.year
    instansi = Instansi.objects.create(
        code="bench", name="Pemerintah Kota Bench", kind="kota", timezone="Asia/Makassar"
    )
    admin = User.objects.create_user(username="bench_admin", password="x" * 12, email="bkpsdm@bench.go.id")
    Membership.objects.create(user=admin, instansi=instansi, role="admin_bkpsdm")
    units = [
        UnitKerja.objects.create(instansi=instansi, code=f"U{i:02d}", name=f"Puskesmas Bench {i:02d}", kind="upt")
        for i in range(1, 21)
    ]
    skm_t = QuestionnaireTemplate.objects.get(code="skm", instansi=None)
    l1_t = QuestionnaireTemplate.objects.get(code="l1-reaksi", instansi=None)
    skm_total, l1_total = responses * 6 // 10, responses - responses * 6 // 10
    per_skm = skm_total // (len(units) * 2)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for unit in units:
            for half, (start, end) in enumerate(
                [
                    (datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
                    (datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
                ]
            ):
                q = services.questionnaire_create(
                    actor=admin,
                    instansi_id=instansi.pk,
                    template=skm_t,
                    unit_kerja=unit,
                    period_start=start,
                    period_end=end,
                )
                _insert_responses(cursor, q, per_skm, start + datetime.timedelta(days=10 + half), profile=True)
                _insert_answers(cursor, q, [])
        program = Program.objects.create(
            instansi=instansi,
            code="BENCH",
            title="Pelatihan Pelayanan Prima",
            path="klasikal",
            form="teknis",
            modality="tatap_muka",
            learning_hours=24,
            status="published",
        )
        ns = [Narasumber.objects.create(instansi=instansi, name=f"Narasumber Bench {i}") for i in range(1, 11)]
        batches = 40
        largest = None
        for b in range(batches):
            start = datetime.date(year, 1 + b % 12, 1 + b % 20)
            angkatan = Angkatan.objects.create(
                instansi=instansi,
                program=program,
                code=f"B{b:02d}",
                name=f"Angkatan Bench {b + 1}",
                start_date=start,
                end_date=start + datetime.timedelta(days=2),
                modality="tatap_muka",
                seats_total=5000,
                status="finished",
            )
            pair = [ns[b % 10], ns[(b + 3) % 10]]
            for i, n in enumerate(pair):
                AngkatanSession.objects.create(
                    instansi=instansi,
                    angkatan=angkatan,
                    date=start,
                    start_time=datetime.time(8 + 4 * i),
                    end_time=datetime.time(11 + 4 * i),
                    topic=f"Sesi {i + 1}",
                    narasumber=n,
                )
            q = services.questionnaire_create(actor=admin, instansi_id=instansi.pk, template=l1_t, angkatan=angkatan)
            count = l1_total // batches + (l1_total % batches if b == 0 else 0)
            _insert_responses(cursor, q, count, start + datetime.timedelta(days=2), profile=False)
            _insert_answers(cursor, q, [n.pk for n in pair])
            if largest is None:
                largest = angkatan
        cursor.execute("ANALYZE evaluations_response; ANALYZE evaluations_answer;")
        cursor.execute("SELECT count(*) FROM evaluations_response")
        n_resp = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM evaluations_answer")
        n_ans = cursor.fetchone()[0]
    return {
        "instansi": instansi,
        "admin": admin,
        "year": year,
        "largest": largest,
        "responses": n_resp,
        "answers": n_ans,
        "build_seconds": round(time.perf_counter() - t0, 2),
    }


def timed(name: str, fn: Any, rows: list[dict[str, Any]]) -> Any:
    fn()  # warm-up (templates, caches, PostgreSQL buffers)
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    rows.append({"step": name, "seconds": round(seconds, 3), "ok": seconds < TARGET_SECONDS})
    return value


def run(data: dict[str, Any]) -> list[dict[str, Any]]:
    from apps.evaluations import results
    from apps.evaluations.selectors import questionnaires_for_instansi
    from apps.reports import services
    from apps.reports.models import ReportJob
    from apps.reports.overview import year_overview

    instansi, year = data["instansi"], data["year"]
    qs = questionnaires_for_instansi(instansi.pk)
    rows: list[dict[str, Any]] = []
    periods = timed("IKM per unit × periode (40 kelompok, 60k respons)", lambda: results.ikm_by_unit_period(qs), rows)
    if len(periods) != 40 or any(p.result.ikm is None for p in periods):
        sys.exit("bench: unexpected IKM groups")
    timed("Peringkat narasumber (40k respons L1)", lambda: results.narasumber_ratings(qs.filter(level="l1")), rows)
    timed("Tahun ini sekilas", lambda: year_overview(instansi.pk, year), rows)

    def job(kind: str, params: dict[str, Any]) -> Any:
        def go() -> Any:
            j = ReportJob.objects.create(instansi=instansi, kind=kind, parameters=params, requested_by=data["admin"])
            j = services.report_run(job_id=j.pk)
            if j.status != "succeeded":
                sys.exit(f"bench: report {kind} failed: {j.error}")
            return j

        return go

    timed("Laporan IKM per unit (PDF + XLSX)", job("ikm_unit", {"year": year}), rows)
    timed(
        "Laporan evaluasi angkatan terbesar (PDF + XLSX)",
        job("batch_evaluation", {"angkatan": data["largest"].pk}),
        rows,
    )
    timed("Laporan tahun ini sekilas (PDF + XLSX)", job("year_overview", {"year": year}), rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as media:
        _configure_django(media)
        with bench_database(args.keep):
            data = build(args.responses)
            rows = run(data)
    out = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "responses": data["responses"],
        "answers": data["answers"],
        "build_seconds": data["build_seconds"],
        "target_seconds": TARGET_SECONDS,
        "steps": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"{data['responses']:,} respons, {data['answers']:,} jawaban (dibangun dalam {data['build_seconds']} s)")
    for r in rows:
        print(f"{r['seconds']:>8.3f} s  {'OK ' if r['ok'] else 'LAMBAT'}  {r['step']}")
    if not all(r["ok"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
