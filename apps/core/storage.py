"""Storage names for uploaded and generated files.

Files are never served from MEDIA_URL (asn_kompetensi/urls.py has no media route): each is downloaded through
a view that fetches its row with the app's access function. The random folder is a second layer: a name that
leaks (a log line, a backup listing) still does not let anyone guess the name of another instansi's file."""

from __future__ import annotations

import posixpath
import secrets

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

NAME_MAX = 80  # keeps "<prefix>/<ids>/<token>/<name>" well inside the fields' max_length of 255
TOKEN_BYTES = 16  # 22 URL-safe characters


def safe_filename(filename: str) -> str:
    """The uploaded name without folders or odd characters, shortened but keeping its extension."""
    try:
        name = get_valid_filename(posixpath.basename(filename.replace("\\", "/")))
    except SuspiciousFileOperation:  # "", "." or ".." once cleaned
        name = "berkas"
    if len(name) > NAME_MAX:
        root, ext = posixpath.splitext(name)
        ext = ext[:10]
        name = root[: NAME_MAX - len(ext)] + ext
    return name


def private_name(*parts: object, filename: str) -> str:
    """`<parts...>/<random token>/<safe name>`: a fresh token per file, so two uploads of the same name differ."""
    folder = "/".join(str(p) for p in parts)
    return f"{folder}/{secrets.token_urlsafe(TOKEN_BYTES)}/{safe_filename(filename)}"
