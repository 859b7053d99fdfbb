"""Role fixtures shared by every app's tests.

`world` builds two instansi. In A: an admin BKPSDM, an atasan with two direct reports (`owner`, the
pegawai whose data is being looked at, and a second one), an `other_employee` outside that team and
a `mentor`. In B: an admin and one pegawai. `login_actor(name)` signs the test client in as one of
them; `superadmin` sees everything."""

import datetime
import os
from types import SimpleNamespace

import pytest
import time_machine

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.employees.tests.factories import PegawaiFactory
from apps.organizations.tests.factories import InstansiFactory, JabatanFactory, UnitKerjaFactory

# Every test runs on a fixed clock, never on today's date. ASN_TEST_NOW moves it: `make test` runs the
# modules below again at 31 December 23:30 and 1 January 00:30 WITA (WIB and UTC still on 31 December) and
# on 29 February, where "this year", "next year", registration windows and the year-end JP rule change.
# The whole suite passes at those clocks too (`make test-clocks TEST_CLOCK_ARGS=apps`); these modules are
# the ones whose rules turn on the calendar, kept to a size that lets `make test` stay under 4 minutes.
DEFAULT_TEST_NOW = "2026-06-10T09:00:00+08:00"
DATE_SENSITIVE_MODULES = (
    "apps/catalog/tests/test_views.py",  # the yearly calendar, registration windows
    "apps/catalog/tests/test_services.py",
    "apps/catalog/tests/test_selectors.py",
    "apps/enrollments/tests/test_jp.py",  # JP per calendar year, in the instansi's zone
    "apps/enrollments/tests/test_jp_shortfall.py",  # year-end shortfall → next year's needs
    "apps/enrollments/tests/test_services.py",
    "apps/needs/tests/test_plans.py",  # plan year, versions
    "apps/needs/tests/test_needs_items.py",
    "apps/needs/tests/test_idp.py",
    "apps/evaluations/tests/test_results.py",
    "apps/evaluations/tests/test_services.py",
    "apps/reports/tests/test_reports.py",  # year reports and the dashboard
    "apps/mentoring/tests/test_services.py",
)


def test_now() -> datetime.datetime:
    return datetime.datetime.fromisoformat(os.environ.get("ASN_TEST_NOW") or DEFAULT_TEST_NOW)


test_now.__test__ = False  # a helper, not a test


def pytest_configure(config):
    """Freeze the clock before collection too: module-level dates (`TODAY = timezone.localdate()`)
    are computed on the test clock, not on the day the suite happens to run."""
    config._asn_clock = time_machine.travel(test_now(), tick=False)
    config._asn_clock.start()
    config.addinivalue_line("markers", "date_sensitive: also run by `make test` on the year-end clocks")
    config.addinivalue_line("markers", "clock(iso): run this test at its own fixed moment")


def pytest_unconfigure(config):
    clock = getattr(config, "_asn_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    return f"test clock: {test_now().isoformat()} (ASN_TEST_NOW)"


@pytest.fixture(autouse=True)
def _test_clock(request):
    """Each test starts at exactly the test clock and time then runs on (tick), so events written one
    after the other keep their order and a long suite never drifts across midnight.

    `@pytest.mark.clock("2026-06-10T09:00:00+08:00")` pins a test whose data must fall in one calendar
    year (a batch that ended *and* answers given this year) to a moment of its own."""
    marker = request.node.get_closest_marker("clock")
    moment = datetime.datetime.fromisoformat(marker.args[0]) if marker else test_now()
    with time_machine.travel(moment, tick=True):
        yield


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the serialized database (serialized_rollback).

    A flush after a transactional test wipes rows written by data migrations (JP rules, the
    competency dictionary, IKM bands, beat schedules). Restoring them only works when *every*
    transactional test does it: a plain flush re-creates content types through post_migrate, and the
    next serialized restore then collides with them."""
    for item in items:
        if item.nodeid.split("::", 1)[0] in DATE_SENSITIVE_MODULES:
            item.add_marker(pytest.mark.date_sensitive)
        marker = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        if transactional or fixtures & {"transactional_db", "live_server"}:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            # First in the list, so it is the "closest" marker pytest-django reads, before the test's own.
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


# Rows written by data migrations. A flush after a transactional test removes them; serialized_rollback
# puts them back before the next transactional test, but not after the last one.
MIGRATION_SEEDED = (
    "competencies.Kompetensi",
    "catalog.JPConversionRule",
    "evaluations.IkmBand",
    "evaluations.QuestionnaireTemplate",
    "needs.JpmPolicy",
    "django_celery_beat.PeriodicTask",
)


def _database_is_pristine() -> bool:
    """As migrations left it: every seeded table filled and no test data (no instansi) left over."""
    from django.apps import apps as django_apps

    if django_apps.get_model("organizations.Instansi").objects.exists():
        return False
    return all(django_apps.get_model(label).objects.exists() for label in MIGRATION_SEEDED)


def _sync_sequences() -> None:
    """Move every id sequence past the highest stored id (rows restored with their ids leave them behind)."""
    from django.apps import apps as django_apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), django_apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb):
    """pytest-django's database setup, made safe to reuse: any subset can run any number of times.

    A reused database that is not as migrations left it (an earlier run ended after a transactional
    test, or was interrupted) is created afresh; at the end of a run that reuses its database, the
    seeded rows a transactional test flushed are restored, so the next run starts from migrations' state."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose

    def setup(keep: bool):
        return setup_databases(
            verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=serialized_aliases, keepdb=keep
        )

    with django_db_blocker.unblock():
        config = setup(keepdb)
        if keepdb and not _database_is_pristine():
            teardown_databases(config, verbosity=verbosity)
            config = setup(False)
        elif keepdb:
            _sync_sequences()
        # A reused database may predate a new tenant table: row-level security is (re)applied, as migrate does.
        from apps.core import rls

        rls.apply_policies()
    yield
    with django_db_blocker.unblock():
        if not django_db_keepdb:
            teardown_databases(config, verbosity=verbosity)
        elif not _database_is_pristine() and getattr(connection, "_test_serialized_contents", None):
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False)
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
            _sync_sequences()


def _person(instansi, unit, jabatan=None, atasan=None, roles=("employee",), username=None):
    user = UserFactory(username=username) if username else UserFactory()
    for role in roles:
        MembershipFactory(user=user, instansi=instansi, role=role)
    pegawai = PegawaiFactory(
        instansi=instansi, unit_kerja=unit, jabatan=jabatan, atasan=atasan, user=user, name=user.full_name
    )
    return user, pegawai


@pytest.fixture
def world(db):
    a = InstansiFactory(code="kota-a", name="Pemerintah Kota A")
    b = InstansiFactory(code="kota-b", name="Pemerintah Kota B")
    unit_a = UnitKerjaFactory(instansi=a, code="DINKES", name="Dinas Kesehatan A")
    unit_b = UnitKerjaFactory(instansi=b, code="DINKES", name="Dinas Kesehatan B")
    head_jab = JabatanFactory(
        instansi=a, unit_kerja=unit_a, code="KADIS", name="Kepala Dinas", jenis="jpt", jenjang="pratama"
    )
    staff_jab = JabatanFactory(
        instansi=a,
        unit_kerja=unit_a,
        code="PERAWAT",
        name="Perawat Ahli Pertama",
        jenis="fungsional_keahlian",
        jenjang="ahli_pertama",
    )
    admin_user, admin_pegawai = _person(a, unit_a, staff_jab, roles=("admin_bkpsdm", "employee"), username="admin_a")
    supervisor, supervisor_pegawai = _person(a, unit_a, head_jab, username="atasan_a")
    owner, owner_pegawai = _person(a, unit_a, staff_jab, atasan=supervisor_pegawai, username="pegawai_a")
    _mate, mate_pegawai = _person(a, unit_a, staff_jab, atasan=supervisor_pegawai)
    other, other_pegawai = _person(a, unit_a, staff_jab, username="lain_a")
    mentor, mentor_pegawai = _person(a, unit_a, staff_jab, roles=("employee", "mentor"), username="mentor_a")
    admin_b, admin_b_pegawai = _person(b, unit_b, None, roles=("admin_bkpsdm", "employee"), username="admin_b")
    _pb_user, pegawai_b = _person(b, unit_b, None, username="pegawai_b")
    superadmin = UserFactory(username="superadmin")
    MembershipFactory(user=superadmin, instansi=None, role="superadmin")
    return SimpleNamespace(
        a=a,
        b=b,
        unit_a=unit_a,
        unit_b=unit_b,
        head_jab=head_jab,
        staff_jab=staff_jab,
        users={
            "bkpsdm_admin": admin_user,
            "supervisor": supervisor,
            "owner": owner,
            "other_employee": other,
            "mentor": mentor,
            "other_instansi_admin": admin_b,
            "superadmin": superadmin,
        },
        admin_pegawai=admin_pegawai,
        supervisor_pegawai=supervisor_pegawai,
        owner_pegawai=owner_pegawai,
        mate_pegawai=mate_pegawai,
        other_pegawai=other_pegawai,
        mentor_pegawai=mentor_pegawai,
        admin_b_pegawai=admin_b_pegawai,
        pegawai_b=pegawai_b,
    )


@pytest.fixture
def login_actor(client, world):
    def login(name):
        user = world.users[name]
        client.force_login(user)
        return user

    return login


ALL_ACTORS = ["owner", "supervisor", "bkpsdm_admin", "superadmin", "other_employee", "mentor", "other_instansi_admin"]


def role_matrix(defaults: dict | None = None, **statuses: int) -> list[tuple[str, int]]:
    """(actor, expected status) for every actor of `world`; fails when one is forgotten, so a new
    view cannot skip a role in its permission matrix."""
    table = {**(defaults or {}), **statuses}
    assert set(table) == set(ALL_ACTORS), set(ALL_ACTORS) ^ set(table)
    return [(actor, table[actor]) for actor in ALL_ACTORS]


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's chromium (CHROMIUM_PATH), for tests marked `e2e`.

    Playwright's own browser download does not work here, so the system chromium is launched."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def e2e_login(browser_page, live_server):
    """Sign in through the real login form (the user's password is the factory default)."""

    def login(username, password="rahasia-uji-123"):
        browser_page.goto(f"{live_server.url}/akun/masuk/")
        browser_page.get_by_label("Nama pengguna").fill(username)
        browser_page.get_by_label("Kata sandi").fill(password)
        browser_page.get_by_role("button", name="Masuk").click()
        browser_page.wait_for_load_state()
        return browser_page

    return login


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Each test starts in the default language: a request in English leaves its thread in English, and
    a later test that reads a message outside a request would otherwise read it in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures (apps/core/figures.py) and rate limits of one
    test never answer for another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _celery_runs_in_process():
    """Each test starts with Celery eager. Worker tests switch it off in the app's conf; if the conf
    was first loaded after their settings change, it would otherwise stay off for later tests."""
    from asn_kompetensi.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture
def real_worker(settings, tmp_path):
    """Start a real Celery worker thread on Redis for a test marked `worker`:
    `with real_worker(["default", "notifications"]) as worker: ...`.

    Eager mode is switched off in the Celery app's own conf (Django settings alone would not reach an
    already configured app) and restored afterwards; stale messages of an aborted run are purged;
    the worker thread's database connection is closed after each task so the flush at the end of
    the transactional test is not blocked."""
    from contextlib import contextmanager

    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from asn_kompetensi.celery import app

    def close_connections(**_kwargs):
        connections.close_all()

    @contextmanager
    def run(queues):
        settings.MEDIA_ROOT = tmp_path
        settings.CELERY_TASK_ALWAYS_EAGER = False
        overrides = {
            "task_always_eager": False,
            "broker_url": settings.CELERY_BROKER_URL,
            "worker_hijack_root_logger": False,
        }
        saved = {key: app.conf.get(key) for key in overrides}
        app.conf.update(overrides)
        task_postrun.connect(close_connections)
        try:
            with app.connection_for_write() as conn:
                for queue in queues:
                    conn.default_channel.queue_purge(queue)
            with start_worker(
                app,
                pool="solo",
                concurrency=1,
                queues=queues,
                perform_ping_check=False,
                loglevel="WARNING",
                shutdown_timeout=15,
            ) as worker:
                yield worker
        finally:
            task_postrun.disconnect(close_connections)
            app.conf.update(saved)

    return run


def wait_until(predicate, what: str, seconds: float = 30):
    """Poll (bounded) until a worker has done something; fail naming what did not happen."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"worker did not {what} within {seconds:.0f}s")
