"""Golongan/ruang and pangkat (domain.md §2.3): ordered choice lists, rank_order 1–17."""

from django.utils.translation import gettext_lazy as _

PNS_GOLONGAN: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
PPPK_GOLONGAN: tuple[str, ...] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)

PANGKAT = dict(PNS_GOLONGAN)
RANK_ORDER: dict[str, int] = {code: i for i, (code, _p) in enumerate(PNS_GOLONGAN, start=1)}
RANK_ORDER.update({code: i for i, code in enumerate(PPPK_GOLONGAN, start=1)})

GOLONGAN_CHOICES = [
    (_("PNS"), [(code, f"{code} — {title}") for code, title in PNS_GOLONGAN]),
    (_("PPPK"), [(code, code) for code in PPPK_GOLONGAN]),
]


def golongan_allowed(employment_type: str) -> tuple[str, ...]:
    """Rule 4: PNS/CPNS take I/a–IV/e, PPPK take I–XVII."""
    if employment_type in {"pppk", "pppk_part_time"}:
        return PPPK_GOLONGAN
    return tuple(code for code, _t in PNS_GOLONGAN)
