"""Domain errors of pegawai records, each with a stable code and an Indonesian message."""

from django.utils.translation import gettext_lazy as _

from apps.core.constraints import register
from apps.core.exceptions import DomainError


class PegawaiError(DomainError):
    default_code = "pegawai.invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class CorrectionError(PegawaiError):
    default_code = "correction.invalid"


register(
    {
        "pegawai_one_active_nip_per_instansi": _("NIP ini sudah terdaftar pada pegawai aktif di instansi ini."),
        "correction_one_open_per_field": _(
            "Permintaan perbaikan untuk data ini masih menunggu jawaban; tunggu jawabannya sebelum meminta lagi."
        ),
    }
)
