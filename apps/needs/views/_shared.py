"""Helpers more than one needs page uses."""

from functools import wraps

from django.utils.translation import gettext as _

from apps.competencies.selectors import skj_of
from apps.core.tenancy import instansi_missing


def needs_instansi(view):
    """`core.tenancy.require_instansi` with the needs pages' own (shorter) prompt."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return instansi_missing(request, _("Pilih instansi terlebih dahulu.")) or view(request, *args, **kwargs)

    return wrapped


def _skj_items(pegawai):
    return list(skj_of(pegawai.jabatan)) if pegawai.jabatan_id else []
