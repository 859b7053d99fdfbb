"""Tests: real PostgreSQL (DATABASE_URL or the local server), fast hashing, locmem mail and cache."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asn_kompetensi")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Unit tests run tasks in-process; tests marked `worker` start a real worker on Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The test instansi (InstansiFactory) keep WITA; with the same server zone, "today" in a test means the
# instansi's own today, as it does inside a request (TenantMiddleware activates the instansi's zone).
# Server/instansi differences are tested explicitly (apps/enrollments/tests/test_jp.py).
TIME_ZONE = "Asia/Makassar"
