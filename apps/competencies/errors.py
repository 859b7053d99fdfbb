"""Domain errors of the competency dictionary and SKJ rows, each with a stable code and an Indonesian message."""

from django.utils.translation import gettext_lazy as _

from apps.core.constraints import register
from apps.core.exceptions import DomainError


class CompetencyError(DomainError):
    default_code = "competency.invalid"


register(
    {
        "kompetensi_code_per_instansi": _("Kode kompetensi sudah dipakai di instansi ini."),
        "kompetensi_code_national": _("Kode kompetensi nasional sudah dipakai."),
        "kompetensi_nonteknis_national": _("Kompetensi manajerial dan sosial kultural hanya boleh nasional."),
        "skj_one_row_per_kompetensi": _("Kompetensi ini sudah ada di SKJ jabatan."),
        "skj_required_level_1_5": _("Level harus bilangan bulat 1–5."),
        "default_level_1_5": _("Level harus bilangan bulat 1–5."),
        "default_level_dates_ordered": _("Tanggal akhir tidak boleh sebelum tanggal mulai."),
    }
)
