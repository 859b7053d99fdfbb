"""Checks every mentoring service shares: the admin's instansi, rows of one instansi, today's date."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.roles import ADMINS
from apps.mentoring.errors import MentoringError, NotAllowed


def local_today(instansi: Any) -> datetime.date:
    return timezone.localdate(timezone=ZoneInfo(instansi.timezone))


def _require_admin(actor: Any, instansi_id: int) -> None:
    if not actor.has_any_role(ADMINS) or actor.instansi_id not in (None, instansi_id):
        raise NotAllowed(_("Hanya admin BKPSDM instansi ini yang dapat melakukan ini."))


def _same_instansi(instansi_id: int, *rows: Any) -> None:
    for row in rows:
        if row is not None and row.instansi_id != instansi_id:
            raise MentoringError(_("Data terkait harus berada di instansi yang sama."))
