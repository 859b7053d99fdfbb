"""Settings shared by every environment. Per-environment values come from the environment
(django-environ); with no DATABASE_URL the app runs on SQLite, and with no CELERY_BROKER_URL
Celery runs tasks in-process, so `make run` works on a bare machine."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Not "rest_framework": installed, its Indonesian catalogue would override Django's own messages site-wide
    # (e.g. "The submitted file is empty."); the API serves JSON only, with messages of its own (apps/api/rest.py).
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.core",
    "apps.organizations",
    "apps.accounts",
    "apps.competencies",
    "apps.employees",
    "apps.catalog",
    "apps.needs",
    "apps.enrollments",
    "apps.mentoring",
    "apps.evaluations",
    "apps.reports",
    "apps.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.audit.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.IdleSessionMiddleware",
    "apps.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.core.tenancy.TenantMiddleware",
    "apps.core.rls.RowLevelSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy: scripts, styles, fonts and images only from this origin; no inline script,
# no inline event handler, no inline style (templates use classes from static/css/app.css), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy: the app needs no camera, microphone, location, payment or USB.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

ROOT_URLCONF = "asn_kompetensi.urls"
WSGI_APPLICATION = "asn_kompetensi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# Report jobs read from a streaming replica when one is given (apps/core/replica.py); the web never does.
if env("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = {**env.db("REPLICA_DATABASE_URL"), "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"]}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["apps.core.replica.ReplicaRouter"]
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Row-level security on every tenant table (apps/core/rls.py): requests of a user acting in an instansi run
# under DATABASE_TENANT_ROLE, a role that owns nothing and sees only that instansi's rows. PostgreSQL only.
ROW_LEVEL_SECURITY = env.bool("ROW_LEVEL_SECURITY", default=IS_POSTGRES)
DATABASE_TENANT_ROLE = env("DATABASE_TENANT_ROLE", default="asn_tenant")
# CACHE_URL, e.g. redis://127.0.0.1:6379/1 : the password-reset limits must be shared by every app server
# and worker process; the default (memory of one process) only suits a single-process `make run`.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Second factor (django-otp, TOTP + single-use recovery codes). Admins (admin BKPSDM, superadmin) must enrol:
# without a confirmed device they are sent to the enrolment page after signing in and see nothing else.
OTP_REQUIRED_FOR_ADMINS = env.bool("OTP_REQUIRED_FOR_ADMINS", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="ASN Kompetensi")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A session unused for SESSION_IDLE_TIMEOUT_MINUTES ends (apps.accounts.middleware.IdleSessionMiddleware);
# 0 switches the check off. The browser cookie itself lasts SESSION_COOKIE_AGE (Django's two weeks).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30) * 60

# Lockout policy: 5 failures lock the username+IP pair for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

# Password reset: the e-mailed link works once and for PASSWORD_RESET_TIMEOUT_MINUTES. Requests are
# counted per e-mail address and per client IP in the cache for an hour; above the limit the same page
# is shown and no mail is sent. The IP limit is higher: a whole office often shares one address.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_MINUTES", default=60) * 60
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=5)
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=20)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

FILTERS_EMPTY_CHOICE_LABEL = _("Semua")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.go.id:587 ; console output when unset.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ASN Kompetensi <noreply@asn-kompetensi.local>")

# Celery: without a broker, tasks run in-process (eager) so the embedded default works.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "apps.reports.tasks.*": {"queue": "reports"},
    "*.send_*": {"queue": "notifications"},
}
# Handing a task to the broker gives up fast (about 0.1 s) when Redis is away: the outbox keeps the task and
# the relay hands it over later (apps/core/jobs.py), so no request waits on the broker or fails with it.
# A message a killed worker left unacknowledged comes back after visibility_timeout, which is longer than
# the longest hard time limit below, so a task still running is never delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.2,
    "visibility_timeout": 1200,
}
# Time limits per queue (soft: the task can still record its failure; hard: the process is killed),
# applied by asn_kompetensi.celery.QueueTimeLimits through the routes above.
CELERY_QUEUE_TIME_LIMITS = {"default": (600, 660), "reports": (600, 660), "notifications": (300, 360)}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"

# Limits that protect imports: bytes on disk, bytes unpacked, rows per file.
# Audit trail and personal-data access log (apps/core/audit.py): rows older than these are deleted by the
# daily beat task apps.core.tasks.purge_old_logs, in batches. Default 5 years.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=1825)
PERSONAL_DATA_LOG_RETENTION_DAYS = env.int("PERSONAL_DATA_LOG_RETENTION_DAYS", default=1825)
AUDIT_PURGE_BATCH_SIZE = env.int("AUDIT_PURGE_BATCH_SIZE", default=5000)
# The audit page's XLSX export stops after this many events.
AUDIT_EXPORT_MAX_ROWS = env.int("AUDIT_EXPORT_MAX_ROWS", default=50_000)

IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
# Limits by what is read, not by file size (issue 21 items 3-4): a few KB can declare a million rows
# of 16,384 columns, and 500 KB can unpack to a 190 MB shared-strings table that openpyxl loads whole.
# Empty rows (blank lines, rows missing between two XLSX rows) count toward IMPORT_MAX_EMPTY_ROWS in
# total; past it the file is refused, never cut short, so no data below a gap is silently dropped.
IMPORT_MAX_EMPTY_ROWS = env.int("IMPORT_MAX_EMPTY_ROWS", default=100_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)
IMPORT_MAX_SHARED_STRINGS_BYTES = env.int("IMPORT_MAX_SHARED_STRINGS_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_SHARED_STRINGS = env.int("IMPORT_MAX_SHARED_STRINGS", default=1_000_000)
IMPORT_MAX_SECONDS = env.float("IMPORT_MAX_SECONDS", default=120.0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The REST API (apps/api): token authentication only (no session, so no CSRF), JSON only, a rate limit per
# token counted in the cache (CACHE_URL: shared by every app server), an OpenAPI 3 schema by drf-spectacular.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/hour")
# API call log (ApiCallLog, one row per call): rows older than this are deleted by the daily beat task
# apps.api.tasks.purge_api_call_logs, AUDIT_PURGE_BATCH_SIZE at a time. Default 90 days.
API_CALL_LOG_RETENTION_DAYS = max(1, env.int("API_CALL_LOG_RETENTION_DAYS", default=90))  # 0 would purge the whole log
REST_FRAMEWORK = {
    # Endpoints set their authentication, permissions and throttle on apps.api.rest.TenantAPIView.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.api.rest.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASN Kompetensi API",
    "DESCRIPTION": "Versi 1: data satu instansi untuk sistem lain (SIMPEG, LMS). Header: Authorization: Bearer <token>",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AngkatanStatusEnum": "apps.catalog.models.AngkatanStatus",
        "EnrollmentStatusEnum": "apps.enrollments.models.EnrollmentStatus",
    },
}

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_secret_paths": {"()": "apps.core.logfilters.MaskSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_secret_paths"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
