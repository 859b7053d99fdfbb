"""Tests: real PostgreSQL, fast hashing, locmem mail and cache.

Isolation: every checkout has a namespace of its own (TEST_NAMESPACE, or `asn_` + a hash of the checkout's
path), which names its test database and prefixes its Redis keys, so two runs from two clones on one
machine never drop each other's database or take each other's tasks. TEST_LANE adds a suffix to both, so
one checkout can run two suites at once (`make test` runs the year-end clocks beside the main suite).
TEST_DATABASE_URL and TEST_BROKER_URL name other servers (the lane still applies to both)."""

import hashlib
import os
from pathlib import Path

_checkout = str(Path(__file__).resolve().parents[2])
_checkout_hash = hashlib.md5(_checkout.encode(), usedforsecurity=False).hexdigest()[:8]  # a name, not a secret
TEST_NAMESPACE = os.environ.get("TEST_NAMESPACE") or "asn_" + _checkout_hash
TEST_LANE = os.environ.get("TEST_LANE", "")

os.environ.setdefault("SECRET_KEY", "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz")
# Tests never use the DATABASE_URL of `make run`: always PostgreSQL, always this checkout's database.
os.environ["DATABASE_URL"] = (
    os.environ.get("TEST_DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{TEST_NAMESPACE}"
)

from .base import *  # noqa: E402,F403

DATABASES["default"]["NAME"] += TEST_LANE  # noqa: F405 (Django's test database: test_<name><lane>)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / f".test-media{TEST_LANE}"  # noqa: F405
# Unit tests run tasks in-process; tests marked `worker` start a real worker on Redis, on keys of their own.
CELERY_BROKER_URL = os.environ.get("TEST_BROKER_URL") or "redis://127.0.0.1:6379/15"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "global_keyprefix": f"{TEST_NAMESPACE}{TEST_LANE}:",
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = True
# Tests sign in with client.force_login and move the clock: the admins' required second factor and the idle
# timeout are off here, and apps/accounts/tests switch them on where they are the subject.
OTP_REQUIRED_FOR_ADMINS = False
SESSION_IDLE_TIMEOUT = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The test instansi (InstansiFactory) keep WITA; with the same server zone, "today" in a test means the
# instansi's own today, as it does inside a request (TenantMiddleware activates the instansi's zone).
# Server/instansi differences are tested explicitly (apps/enrollments/tests/test_jp.py).
TIME_ZONE = "Asia/Makassar"
