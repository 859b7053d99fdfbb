"""Role fixtures shared by every app's tests.

`world` builds two instansi. In A: an admin BKPSDM, an atasan with two direct reports (`owner`, the
pegawai whose data is being looked at, and a second one), an `other_employee` outside that team and
a `mentor`. In B: an admin and one pegawai. `login_actor(name)` signs the test client in as one of
them; `superadmin` sees everything."""

from types import SimpleNamespace

import pytest

from apps.accounts.tests.factories import MembershipFactory, UserFactory
from apps.employees.tests.factories import PegawaiFactory
from apps.organizations.tests.factories import InstansiFactory, JabatanFactory, UnitKerjaFactory


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the serialized database (serialized_rollback).

    A flush after a transactional test wipes rows written by data migrations (JP rules, the
    competency dictionary, IKM bands, beat schedules). Restoring them only works when *every*
    transactional test does it: a plain flush re-creates content types through post_migrate, and the
    next serialized restore then collides with them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        if transactional or fixtures & {"transactional_db", "live_server"}:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs))


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
