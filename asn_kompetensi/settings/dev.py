"""Local development: DEBUG on, a throwaway secret, console e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
