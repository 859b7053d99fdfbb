"""Production: every secret from the environment, HTTPS-only cookies, HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env

DEBUG = False
if len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 40 characters.")
# Production never falls back to SQLite or in-process tasks: both must be configured.
DATABASES["default"] = {**env.db("DATABASE_URL"), "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60)}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# The cache must be shared by every app process: cached figures (apps/core/figures.py) are invalidated by a
# version every process reads there, and the login and password-reset limits count across app servers.
CACHES = {"default": env.cache_url("CACHE_URL")}
# Sessions are read from that cache (written through to the database, so a Redis restart signs nobody out):
# one query less on every signed-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_TASK_ALWAYS_EAGER = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
