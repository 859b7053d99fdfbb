"""Domain errors of instansi, unit kerja and jabatan, each with a stable code and an Indonesian message."""

from django.utils.translation import gettext_lazy as _

from apps.core.constraints import register
from apps.core.exceptions import DomainError


class OrganizationError(DomainError):
    default_code = "organization.invalid"


register(
    {
        "unit_code_unique_per_instansi": _("Kode unit kerja sudah dipakai di instansi ini."),
        "jabatan_code_unique_per_instansi": _("Kode jabatan sudah dipakai di instansi ini."),
        "jabatan_jenjang_matches_jenis": _("Jenjang tidak sesuai dengan jenis jabatan."),
        "organizations_instansi_code_key": _("Kode instansi sudah dipakai."),
        "instansi_retention_1_3650": _("Masa simpan berkas harus antara 1 dan 3650 hari."),
    }
)
