"""Absolute links for everything that leaves the site: e-mails, certificate QR codes and PDFs, the SIASN
export, the public SKM link. They are built from settings.SITE_URL only, never from the request's Host
header (which a client chooses) and never from a hard-coded address; `make run` sets SITE_URL to the
address it serves, production sets it in the environment."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """SITE_URL + path with exactly one slash between them; "" stays "" (a notice without a link)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def site_host() -> str:
    """The host (and port) of SITE_URL: the domain of iCalendar UIDs, the same whichever name a client used."""
    return urlsplit(settings.SITE_URL).netloc or "localhost"
