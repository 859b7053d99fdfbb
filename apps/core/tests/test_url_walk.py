"""Every URL of the project, asked by each role of instansi A with the ids of another instansi's rows
(issue 24). A new view is walked without anyone listing it: the patterns come from the resolver.

The other instansi's data is the demo seed (Kendari and Palu, a row of nearly every tenant model) plus
`world`'s instansi B; their names are overwritten with `RAHASIA-B-<id>` so a leak shows in any page.
Each request runs in a savepoint that is rolled back afterwards, so every request sees the same world.
It fails on a 5xx, on a 2xx GET whose body (HTML, the XML of an XLSX, the text of a PDF) carries a foreign
marker, and on a 2xx/3xx GET or POST after which a foreign row changed (or a row was added to a foreign
instansi). It runs with row-level security off: it checks the application's own layer, which the database's
would otherwise cover up (that layer has apps/core/tests/test_rls.py)."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.apps import apps as django_apps
from django.db import connection, models, transaction
from django.db.models.functions import Cast, Concat
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = ("bkpsdm_admin", "owner", "supervisor", "mentor")
MARKER = "RAHASIA-B-"
PDFTOTEXT = "/usr/bin/pdftotext"  # poppler-utils, installed by `make test` (system-deps)
MIN_PATTERNS = 150  # the project had ~210 patterns when this test was written

# Whole namespaces that are not tenant pages.
SKIP_NAMESPACES = {"admin": "Django admin (superadmin only, its own permission system)"}
# name -> reason. Everything else the resolver knows is walked.
SKIP = {
    "accounts:login": "public sign-in page, no tenant data",
    "accounts:logout": "would end the walking session",
    "accounts:password_reset": "public password reset, no tenant data",
    "accounts:password_reset_done": "public password reset, no tenant data",
    "accounts:password_reset_confirm": "public, keyed by a signed token, not by tenant ids",
    "accounts:password_reset_complete": "public password reset, no tenant data",
    "set_language": "public language switch",
    "javascript-catalog": "static translation catalogue",
    "skm_public": "public SKM form: anyone holding the QR token answers that instansi's survey by design",
    "skm_thanks": "public SKM thank-you page keyed by the same token",
    "enrollments:verify_lookup": "public certificate verification form",
    "enrollments:verify_certificate": "public certificate verification: shows the issuing instansi by design",
    "api:unknown": "the API's JSON 404 for an address no endpoint has: reads nothing",
}

# (namespace, the literal path segment before the converter, kwarg) -> model. A kwarg not found here is
# filled with the foreign row of every tenant model of the view's app in turn.
KWARG_MODEL = {
    ("catalog", "program", "pk"): "catalog.Program",
    ("catalog", "materi", "material_pk"): "catalog.ProgramMaterial",
    ("catalog", "angkatan", "pk"): "catalog.Angkatan",
    ("catalog", "penyelenggara", "pk"): "catalog.Penyelenggara",
    ("catalog", "narasumber", "pk"): "catalog.Narasumber",
    ("competencies", "", "pk"): "competencies.Kompetensi",
    ("competencies", "skj", "jabatan_pk"): "organizations.Jabatan",
    ("competencies", "hapus", "item_pk"): "competencies.SKJItem",
    ("competencies", "tugas", "task_pk"): "organizations.JobTask",
    ("competencies", "aturan-level", "pk"): "competencies.DefaultLevelRule",
    ("core", "impor", "pk"): "core.ImportJob",
    ("employees", "", "pk"): "employees.Pegawai",
    ("employees", "mutasi", "pk"): "employees.TransferRequest",
    ("enrollments", "pendaftaran", "pk"): "enrollments.Enrollment",
    ("enrollments", "angkatan", "pk"): "catalog.Angkatan",
    ("enrollments", "angkatan", "angkatan_pk"): "catalog.Angkatan",
    ("enrollments", "nominasi-massal", "pk"): "enrollments.BulkNomination",
    ("enrollments", "sesi", "pk"): "catalog.AngkatanSession",
    ("enrollments", "sertifikat", "pk"): "enrollments.Certificate",
    ("enrollments", "eksternal", "pk"): "enrollments.ExternalTraining",
    ("evaluations", "isi", "pk"): "evaluations.Invitation",
    ("evaluations", "tindakan", "pk"): "evaluations.ImprovementAction",
    ("evaluations", "angkatan", "angkatan_pk"): "catalog.Angkatan",
    ("evaluations", "program", "program_pk"): "catalog.Program",
    ("evaluations", "", "pk"): "evaluations.Questionnaire",
    ("evaluations", "pertanyaan", "question_pk"): "evaluations.Question",
    ("mentoring", "program", "pk"): "mentoring.MentoringProgram",
    ("mentoring", "pasangan", "pk"): "mentoring.MentoringPair",
    ("mentoring", "sesi", "pk"): "mentoring.MentoringSession",
    ("mentoring", "sasaran", "pk"): "mentoring.MentoringGoal",
    ("mentoring", "proyek", "pk"): "mentoring.ProjectAssignment",
    ("mentoring", "laporan", "report_pk"): "mentoring.ProjectReport",
    ("needs", "tim", "pk"): "employees.Pegawai",
    ("needs", "pegawai", "pk"): "employees.Pegawai",
    ("needs", "unit", "pk"): "organizations.UnitKerja",
    ("needs", "kinerja", "pk"): "needs.PerformanceRecord",
    ("needs", "survei", "pk"): "needs.NeedsSurvey",
    ("needs", "fgd", "pk"): "needs.FgdSession",
    ("needs", "kebutuhan", "pk"): "needs.NeedsItem",
    ("needs", "rencana", "pk"): "needs.DevelopmentPlan",
    ("needs", "butir", "item_pk"): "needs.PlanItem",
    ("needs", "idp", "pk"): "needs.IndividualDevelopmentPlan",
    ("needs", "kegiatan", "activity_pk"): "needs.IdpActivity",
    ("organizations", "unit", "pk"): "organizations.UnitKerja",
    ("organizations", "jabatan", "pk"): "organizations.Jabatan",
    ("organizations", "instansi", "pk"): "organizations.Instansi",
    ("reports", "", "pk"): "reports.ReportJob",
    ("api", "token", "pk"): "api.ApiToken",
}

# Non-id kwargs: the values worth trying.
SLUG_VALUES = {
    "action": ("submit", "approve", "buka"),
    "fmt": ("pdf", "xlsx"),
    "code": ("ABCDEFGHJKLMNPQR",),  # a certificate verification code (api:certificate)
    # a calendar feed's secret (calendar_feed): only its hash is stored, so no foreign feed can be named here;
    # apps/api/tests/test_calendar_feed.py checks that a feed shows nothing of another pegawai or instansi
    "secret": ("kal_tidak-ada",),
}

# Text columns overwritten with the marker on every foreign row.
MARKED_FIELDS = {"name", "title", "full_name", "first_name", "last_name", "description", "topic", "summary"}


@dataclass
class Route:
    name: str
    namespace: str
    route: str  # the leaf pattern, without the include prefixes
    pattern: URLPattern
    kwargs: dict[str, str] = field(default_factory=dict)  # kwarg -> converter name


def discover(patterns=None, namespace: str = "") -> Iterator[Route]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from discover(entry.url_patterns, inner)
            continue
        converters = getattr(entry.pattern, "converters", {})
        name = f"{namespace}:{entry.name}" if namespace else (entry.name or str(entry.pattern))
        yield Route(
            name=name,
            namespace=namespace,
            route=str(entry.pattern),
            pattern=entry,
            kwargs={kw: type(conv).__name__.removesuffix("Converter").lower() for kw, conv in converters.items()},
        )


def skip_reason(route: Route) -> str | None:
    top = route.namespace.split(":", 1)[0]
    return SKIP_NAMESPACES.get(top) or SKIP.get(route.name)


def tenant_models() -> list[type[models.Model]]:
    found = []
    for model in django_apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if any(f.attname == "instansi_id" for f in model._meta.concrete_fields):
            found.append(model)
    return found


def segment_before(route: str, kwarg: str) -> str:
    head = route.split(f":{kwarg}>", 1)[0].rsplit("<", 1)[0].rstrip("/")
    return head.rsplit("/", 1)[-1] if head else ""


class Foreign:
    """The rows of the other instansi and how to recognise a change to them."""

    def __init__(self, world):
        from apps.organizations.models import Instansi

        self.a = world.a
        self.ids = list(Instansi.objects.exclude(pk=world.a.pk).values_list("pk", flat=True))
        self.models = tenant_models()
        self._first: dict[type[models.Model], int | None] = {}

    def rows(self, model):
        from apps.organizations.models import Instansi

        if model is Instansi:
            return Instansi.objects.filter(pk__in=self.ids)
        return model._default_manager.filter(instansi_id__in=self.ids)

    def first_pk(self, model) -> int | None:
        if model not in self._first:
            self._first[model] = self.rows(model).order_by("pk").values_list("pk", flat=True).first()
        return self._first[model]

    def mark(self) -> None:
        from apps.accounts.models import User
        from apps.catalog.models import Program

        Program.objects.filter(instansi_id__in=self.ids).update(visibility="private")
        users = User.objects.filter(memberships__instansi_id__in=self.ids)
        for model, qs in [(m, self.rows(m)) for m in self.models] + [(User, users)]:
            for f in model._meta.concrete_fields:
                if f.name in MARKED_FIELDS and isinstance(f, (models.CharField, models.TextField)) and not f.choices:
                    qs.update(**{f.attname: Concat(models.Value(MARKER), Cast("pk", models.CharField()))})

    def _tables(self) -> list[tuple[str, str]]:
        from apps.organizations.models import Instansi

        out = []
        for model in self.models:
            column = "instansi_id" if model is not Instansi else "id"
            out.append((model._meta.db_table, column))
        return out

    def digest(self, tables=None) -> dict[str, str]:
        parts = [
            f"SELECT %s::text, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t "  # noqa: S608
            f"WHERE t.{column} = ANY(%s)"  # table and column names come from the models, not from input
            for table, column in (tables or self._tables())
        ]
        params = []
        for table, _column in tables or self._tables():
            params += [table, self.ids]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return dict(cursor.fetchall())

    def writes(self) -> dict[str, int]:
        """Rows written per tenant table so far in this transaction (savepoints included): a cheap filter
        that spares hashing the tables no request touched."""
        if not hasattr(self, "_oids"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT array_agg(oid) FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
                    [[table for table, _column in self._tables()]],
                )
                self._oids = cursor.fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, pg_stat_get_xact_tuples_inserted(oid) + pg_stat_get_xact_tuples_updated(oid)"
                " + pg_stat_get_xact_tuples_deleted(oid) FROM pg_class WHERE oid = ANY(%s)",
                [self._oids],
            )
            return dict(cursor.fetchall())


def build_foreign_world(world, monkeypatch) -> Foreign:
    """The demo seed (one other instansi: Kendari), plus a row of each tenant model the seed leaves empty."""
    import datetime

    from django.core.files.base import ContentFile

    from apps.api.services import token_create
    from apps.catalog.models import Angkatan, Narasumber, ProgramMaterial
    from apps.competencies.models import DefaultLevelRule, Kompetensi
    from apps.core.models import ImportJob
    from apps.core.seeding import steps
    from apps.employees.models import Pegawai, TransferRequest
    from apps.enrollments.models import BulkNomination, ExternalTraining
    from apps.evaluations.models import ImprovementAction
    from apps.mentoring.models import MentoringGoal, MentoringPair
    from apps.needs.models import FgdSession, PerformanceRecord
    from apps.organizations import seed
    from apps.organizations.models import Instansi
    from apps.reports.models import ReportJob

    monkeypatch.setattr(seed, "DEMO_INSTANSI", [spec for spec in seed.DEMO_INSTANSI if spec["code"] == "kendari"])
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for step in steps():
            step.run(lambda _line: None)
    b = Instansi.objects.get(code="kendari")
    pegawai = Pegawai.objects.filter(instansi=b).order_by("pk").first()
    angkatan = Angkatan.objects.filter(instansi=b).order_by("pk").first()
    pair = MentoringPair.objects.filter(instansi=b).order_by("pk").first()
    day = datetime.date(2026, 5, 4)
    ImportJob.objects.create(instansi_id=b.pk, kind="pegawai", original_name="b.xlsx", status="rejected")
    ReportJob.objects.create(instansi=b, kind="jp", status="succeeded", progress=100)
    ProgramMaterial.objects.create(
        instansi=b, program=angkatan.program, title="materi", kind="link", url="https://b.example"
    )
    Narasumber.objects.create(instansi=b, name="narasumber")
    DefaultLevelRule.objects.create(instansi=b, jenis="jpt", level=3, effective_from=day, source="walk")
    TransferRequest.objects.create(instansi=b, nip="199001012020121001", source="form")
    BulkNomination.objects.create(instansi=b, angkatan=angkatan)
    ExternalTraining.objects.create(
        instansi=b,
        pegawai=pegawai,
        title="pelatihan",
        provider="lembaga",
        form="seminar",
        start_date=day,
        end_date=day,
        jp_claimed=4,
        certificate_file=ContentFile(b"%PDF-1.4", name="b.pdf"),
    )
    ImprovementAction.objects.create(
        instansi=b, title="tindakan", finding="temuan", kind="add_sessions", assignee=pegawai, due_on=day
    )
    MentoringGoal.objects.create(
        instansi=b, pair=pair, kompetensi=Kompetensi.objects.order_by("pk").first(), title="sasaran"
    )
    FgdSession.objects.create(instansi=b, title="fgd", held_on=day, notes="catatan")
    PerformanceRecord.objects.create(instansi=b, pegawai=pegawai, year=2025, predikat="baik")
    token_create(actor=None, instansi_id=b.pk, name="token", scopes=["read"], expires_at=None)
    foreign = Foreign(world)
    foreign.mark()
    return foreign


def kwarg_candidates(route: Route, foreign: Foreign) -> list[dict[str, object]]:
    """Fillings of the route's kwargs with foreign ids: one per candidate model of each id kwarg."""
    app_label = route.pattern.callback.__module__.split(".")[1]
    app_models = [m for m in foreign.models if m._meta.app_label == app_label]
    options: dict[str, list[tuple[object, object]]] = {}
    for kw, conv in route.kwargs.items():
        if kw in SLUG_VALUES:
            options[kw] = [(v, None) for v in SLUG_VALUES[kw]]
        elif kw == "kind":
            from apps.core.imports import importers

            options[kw] = [(imp.kind, None) for imp in importers()]
        elif conv == "int":
            label = KWARG_MODEL.get((route.namespace, segment_before(route.route, kw), kw))
            cands = [django_apps.get_model(label)] if label else app_models
            options[kw] = [(pk, m) for m in cands if (pk := foreign.first_pk(m)) is not None]
        else:
            options[kw] = [(f"{MARKER}x", None)]
    if any(not values for values in options.values()):
        return []  # no foreign row to point at: reported by the caller
    # A child id with a parent id in the same URL: take the parent from the child's row.
    fillings: list[dict[str, object]] = [{}]
    for kw, values in options.items():
        fillings = [{**f, kw: v} for f in fillings for v, _m in values]
    child_models = {kw: m for kw, vals in options.items() for _v, m in vals[:1] if m is not None and kw != "pk"}
    if "pk" in options and child_models:
        parent_models = {m for _v, m in options["pk"] if m is not None}
        for kw, child in child_models.items():
            for f in child._meta.concrete_fields:
                if f.is_relation and f.related_model in parent_models:
                    parent = child._default_manager.filter(pk=fillings[0][kw]).values_list(f.attname, flat=True)
                    for filling in fillings:
                        filling["pk"] = parent.first()
    return [f for f in fillings if all(v is not None for v in f.values())]


def plausible_body(foreign: Foreign) -> dict[str, object]:
    """A form body that points every usual field at foreign rows."""
    body: dict[str, object] = {
        "note": "walk",
        "decision": "approve",
        "action": "approve",
        "status": "approved",
        "code": "000000",
        "reason": "walk",
        "level": "3",
        "year": "2026",
    }
    for model in foreign.models:
        pk = foreign.first_pk(model)
        if pk is None:
            continue
        name = model._meta.model_name
        body.setdefault(name, pk)
        body.setdefault(f"{name}_id", pk)
        body.setdefault(f"{name}s", pk)
    body.update(
        pegawai=foreign.first_pk(django_apps.get_model("employees.Pegawai")),
        pegawai_ids=foreign.first_pk(django_apps.get_model("employees.Pegawai")),
        unit_kerja=foreign.first_pk(django_apps.get_model("organizations.UnitKerja")),
        program=foreign.first_pk(django_apps.get_model("catalog.Program")),
        mentor=foreign.first_pk(django_apps.get_model("mentoring.ProgramMentor")),
        mentee=foreign.first_pk(django_apps.get_model("mentoring.ProgramMentee")),
        instansi=foreign.ids[0],
        enrollments=foreign.first_pk(django_apps.get_model("enrollments.Enrollment")),
        ids=foreign.first_pk(django_apps.get_model("enrollments.Enrollment")),
    )
    return {k: v for k, v in body.items() if v is not None}


def readable(content: bytes) -> bytes:
    """A page as searchable bytes: the XML inside an .xlsx/.docx (zip) export, the text of a PDF (its streams
    are compressed), otherwise the bytes as sent."""
    if content.startswith(b"%PDF"):
        return subprocess.run(  # noqa: S603 - poppler's pdftotext, fixed arguments
            [PDFTOTEXT, "-", "-"], input=content, capture_output=True, check=True
        ).stdout
    if not content.startswith(b"PK"):
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".xml"))


def assert_detectors_work(foreign: Foreign, baseline: dict[str, str], client, login_actor) -> None:
    """The walk passing means nothing unless a change and a leak would be seen: show both once."""
    from apps.employees.models import Pegawai

    pegawai_pk = foreign.first_pk(Pegawai)
    sid = transaction.savepoint()
    before = foreign.writes()
    Pegawai.objects.filter(pk=pegawai_pk).update(nip="199912312020121999")
    changed = {t for t, n in foreign.writes().items() if n != before.get(t, 0)}
    assert Pegawai._meta.db_table in changed
    assert foreign.digest([(Pegawai._meta.db_table, "instansi_id")]) != {
        Pegawai._meta.db_table: baseline[Pegawai._meta.db_table]
    }
    transaction.savepoint_rollback(sid)
    assert foreign.digest() == baseline
    login_actor("superadmin")  # sees every instansi, so the marker must show
    sid = transaction.savepoint()
    response = client.get(reverse("employees:detail", args=[pegawai_pk]))
    transaction.savepoint_rollback(sid)
    assert response.status_code == 200
    assert MARKER in response.text
    plan_pk = foreign.first_pk(django_apps.get_model("needs.DevelopmentPlan"))
    sid = transaction.savepoint()
    response = client.get(reverse("needs:plan_pdf", args=[plan_pk]))
    transaction.savepoint_rollback(sid)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert MARKER.encode() in readable(response.content)  # a leak inside a PDF is seen too


def test_walk_every_url_with_foreign_ids(world, client, login_actor, settings, tmp_path, request, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The walk checks the application's own layer (selectors, access.py): with row-level security on, the
    # database would hide a forgotten filter from it. The database layer has its own tests (test_rls.py).
    settings.ROW_LEVEL_SECURITY = False
    started = time.monotonic()
    foreign = build_foreign_world(world, monkeypatch)
    baseline = foreign.digest()
    seeded = time.monotonic() - started
    body = plausible_body(foreign)
    client.raise_request_exception = False
    routes = list(discover())
    walked, skipped, problems = set(), {}, []
    missing_ids = []

    def check_writes(label: str, response, before_writes, after) -> None:
        if response.status_code >= 400:
            return
        changed = [t for t, n in after.items() if n != before_writes.get(t, 0)]
        tables = [(t, c) for t, c in foreign._tables() if t in changed]
        if not tables:
            return
        now = foreign.digest(tables)
        diff = sorted(t for t, h in now.items() if h != baseline[t])
        if diff:
            problems.append(f"{label}: {response.status_code} and foreign rows changed in {diff}")

    urls: list[tuple[str, str]] = []
    for route in routes:
        if reason := skip_reason(route):
            skipped[route.name] = reason
        elif fillings := kwarg_candidates(route, foreign):
            urls += [(route.name, reverse(route.name, kwargs=kwargs)) for kwargs in fillings]
            walked.add(route.name)
        else:
            missing_ids.append(route.name)

    assert_detectors_work(foreign, baseline, client, login_actor)
    login_url = resolve_url(settings.LOGIN_URL)
    statuses: Counter[str] = Counter()
    logging.disable(logging.WARNING)  # thousands of expected 403/404 lines
    try:
        for role in ROLES:
            login_actor(role)
            writes = foreign.writes()
            for name, url in urls:
                for method, data in (("get", None), ("post", {}), ("post", body)):
                    label = f"{role} {method.upper()} {url} ({name}){' body' if data else ''}"
                    sid = transaction.savepoint()
                    try:
                        response = getattr(client, method)(url, data) if data is not None else client.get(url)
                        statuses[f"{method}:{response.status_code}"] += 1
                        if response.status_code == 302 and response["Location"].startswith(login_url):
                            problems.append(f"{label}: session lost, sent to the login page")
                            login_actor(role)
                        if response.status_code >= 500:
                            exc = getattr(response, "exc_info", None)
                            problems.append(f"{label}: {response.status_code} {exc[1]!r}" if exc else label)
                        elif method == "get" and response.status_code < 300:
                            content = readable(b"".join(response) if response.streaming else response.content)
                            if MARKER.encode() in content:
                                hit = re.search(rb"RAHASIA-B-\S{0,12}", content)
                                problems.append(f"{label}: foreign data shown ({hit.group().decode(errors='replace')})")
                        if response.status_code < 500:  # a GET must not change foreign rows either
                            after = foreign.writes()
                            check_writes(label, response, writes, after)
                            writes = after
                    finally:
                        transaction.savepoint_rollback(sid)
    finally:
        logging.disable(logging.NOTSET)
    elapsed = time.monotonic() - started
    request.node.user_properties.append(
        (
            "walk",
            f"{len(walked)} patterns ({len(urls)} urls), {len(skipped)} skipped, {elapsed:.0f}s (world {seeded:.0f}s), "
            f"{dict(sorted(statuses.items()))}",
        )
    )

    unaccounted = {r.name for r in routes} - walked - set(skipped)
    assert not problems, "\n".join([f"{len(problems)} problems:"] + problems)
    assert not missing_ids, f"no foreign row to fill the ids of: {sorted(set(missing_ids))}"
    assert not unaccounted, f"patterns neither walked nor skipped with a reason: {sorted(unaccounted)}"
    assert len(walked) >= MIN_PATTERNS, len(walked)
    assert foreign.digest() == baseline


def test_every_discovered_pattern_is_walked_or_skipped_with_a_reason():
    """Without a database: the resolver finds the project's patterns, every skip names an existing
    pattern and says why, and every other pattern's kwargs can be filled (an id kwarg from a mapped
    model or from the view's own app, a slug from a known list)."""
    routes = list(discover())
    names = {r.name for r in routes}
    assert len(routes) >= MIN_PATTERNS, len(routes)
    assert set(SKIP) <= names, f"skip entries for patterns that no longer exist: {sorted(set(SKIP) - names)}"
    assert all(reason.strip() for reason in [*SKIP.values(), *SKIP_NAMESPACES.values()])
    walkable = [r for r in routes if not skip_reason(r)]
    assert len(walkable) >= MIN_PATTERNS, len(walkable)
    for route in walkable:
        for kw, conv in route.kwargs.items():
            assert conv == "int" or kw in SLUG_VALUES or kw == "kind", f"{route.name}: no values for <{conv}:{kw}>"
