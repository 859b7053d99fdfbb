"""Domain errors of needs, plans and IDPs, each with a stable code and an Indonesian message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.constraints import register
from apps.core.exceptions import DomainError


class NeedsError(DomainError):
    default_code = "needs.invalid"


class PlanError(NeedsError):
    default_code = "needs.plan"


class IdpError(NeedsError):
    default_code = "needs.idp"


class InvalidTransition(DomainError):
    """A plan or IDP move its table does not allow (apps/needs/workflow.py)."""

    default_code = "needs.invalid_transition"


register(
    {
        "needs_one_open_per_pegawai": _("Sudah ada kebutuhan terbuka untuk pegawai, kompetensi dan tahun ini."),
        "needs_one_open_per_origin": _("Kebutuhan dari sumber ini sudah dibuat."),
    }
)
