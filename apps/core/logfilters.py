"""Logging filters (standard library only: loaded with the settings, before any app)."""

from __future__ import annotations

import logging
import re

# Addresses whose path is the credential: a private calendar feed (/kalender/<secret>.ics). Django logs the path
# of every 404 and 500 (django.request) and the dev server every request (django.server).
SECRET_PATHS = re.compile(r"(/kalender/)[^/\s\"']+(\.ics)")


class MaskSecretPaths(logging.Filter):
    """Replace the secret in a logged path with '…', so the log never holds a live calendar address."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/kalender/" in message:
            record.msg = SECRET_PATHS.sub(r"\1…\2", message)
            record.args = ()
        return True
