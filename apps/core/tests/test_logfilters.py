"""A private calendar address never reaches the log whole."""

from __future__ import annotations

import logging

from apps.core.logfilters import MaskSecretPaths


def test_the_feed_secret_is_masked_in_a_logged_path():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/kalender/kal_abcDEF-123_x.ics",), None
    )
    assert MaskSecretPaths().filter(record) is True
    assert record.getMessage() == "Not Found: /kalender/….ics"
    other = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/katalog/",), None)
    MaskSecretPaths().filter(other)
    assert other.getMessage() == "Not Found: /katalog/"


def test_the_console_handler_carries_the_filter():
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(isinstance(f, MaskSecretPaths) for f in handler.filters)
