"""Fetch-by-id for pegawai: missing and not-yours are both 404."""

import logging
from typing import Any

from django.http import Http404

from apps.core.roles import ADMINS
from apps.employees.models import Pegawai
from apps.employees.selectors import corrections_visible_to, pegawai_visible_to, transfer_requests_visible_to

logger = logging.getLogger("apps.access")


def get_pegawai_for_user(user: Any, pk: int) -> Pegawai:
    pegawai = pegawai_visible_to(user).filter(pk=pk).first()
    if pegawai is None:
        logger.warning("access.denied object=pegawai pk=%s user=%s", pk, user.pk)
        raise Http404
    return pegawai


def get_pegawai_to_edit(user: Any, pk: int) -> Pegawai:
    """Only admins edit pegawai records; others get the same 404 as for a missing row."""
    if not user.has_any_role(ADMINS):
        raise Http404
    return get_pegawai_for_user(user, pk)


def get_transfer_request_for_user(user: Any, pk: int):

    found = transfer_requests_visible_to(user).filter(pk=pk).first()
    if found is None:
        logger.warning("access.denied object=transfer pk=%s user=%s", pk, user.pk)
        raise Http404
    return found


def get_correction_for_admin(user: Any, pk: int):
    """Only admins of the request's instansi (or the superadmin) open it; anyone else gets the 404 of a missing row."""
    found = corrections_visible_to(user).filter(pk=pk).first()
    if found is None:
        logger.warning("access.denied object=correction pk=%s user=%s", pk, user.pk)
        raise Http404
    return found
