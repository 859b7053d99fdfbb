"""Local development: DEBUG on, a throwaway secret, console e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

if not IS_POSTGRES:  # noqa: F405
    # SQLite cannot build "nulls not distinct" unique constraints; PostgreSQL (tests, production) has them.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
