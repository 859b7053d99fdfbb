"""The production path as the README documents it, run for real: collectstatic with the production storage
(WhiteNoise's compressed manifest), `check --deploy` with no warning, then the login page and a logged-in
page rendered by the production settings against this test database. Each step runs in a child process with
DJANGO_SETTINGS_MODULE=asn_kompetensi.settings.prod, as gunicorn would: a missing static file (a source map a
vendor file points at) or a deploy warning fails here, not on the first production request."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.django_db(transaction=True)]

RENDER_PAGES = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

client = Client(HTTP_X_FORWARDED_PROTO="https")
login = client.get(reverse("accounts:login"))
assert login.status_code == 200, login.status_code
assert "/static/vendor/bootstrap.min." in login.text and ".css" in login.text
client.force_login(get_user_model().objects.get(username="{username}"))
home = client.get(reverse("core:home"))
assert home.status_code == 200, home.status_code
assert "Content-Security-Policy" in home.headers and "Strict-Transport-Security" in home.headers
print("hashed:", [part.split('"')[0] for part in home.text.split('src="')[1:]])
"""


def _prod(args, static_root, **extra):
    db = connection.settings_dict
    # A production process inherits nothing of the test run (DJANGO_ALLOW_ASYNC_UNSAFE would fail the check).
    inherited = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "asn_kompetensi.settings.prod",
        "SECRET_KEY": "prod-smoke-" + "k3y!" * 12,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CACHE_URL": "locmemcache://",  # production requires it set; a shared Redis in a real deployment
        "ALLOWED_HOSTS": "testserver,asn.example.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://asn.example.go.id",
        "STATIC_ROOT": str(static_root),
        "DEBUG": "false",
        # The pages below are opened with force_login as an admin, who would otherwise be sent to enrol in 2FA.
        "OTP_REQUIRED_FOR_ADMINS": "false",
        **extra,
    }
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_production_static_files_deploy_check_and_pages(world, tmp_path):
    collected = _prod(["collectstatic", "--noinput", "-v0"], tmp_path)
    assert collected.returncode == 0, collected.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap.min.css" in manifest and "js/app.js" in manifest

    checked = _prod(["check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    username = world.users["bkpsdm_admin"].username
    rendered = _prod(["shell", "-c", RENDER_PAGES.replace("{username}", username)], tmp_path)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr[-3000:]
    # Every script the page loads has a content hash in its name: served for a year, never stale.
    scripts = rendered.stdout.split("hashed:", 1)[1]
    assert "app." in scripts and "app.js" not in scripts
