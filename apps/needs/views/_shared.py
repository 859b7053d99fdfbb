"""Helpers more than one needs page uses."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.competencies.selectors import skj_of


def _require_instansi(request):
    if request.user.instansi_id is None:
        messages.warning(request, _("Pilih instansi terlebih dahulu."))
        return redirect("organizations:instansi_list")
    return None


def _skj_items(pegawai):
    return list(skj_of(pegawai.jabatan)) if pegawai.jabatan_id else []
