"""NIP (PNS) and NI PPPK validation, domain.md §2. Pure functions: no database, `today` passed in.

Each blocking failure is a coded error naming its rule (N1–N7); mismatches that must never block
(N8, and a number that only fits the other employment type) are warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18
_WHITESPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9]{18}")


@dataclass(frozen=True)
class NipIssue:
    code: str  # e.g. "nip.format"
    rule: str  # e.g. "N1"
    message: str


@dataclass
class NipResult:
    normalized: str
    errors: list[NipIssue] = field(default_factory=list)
    warnings: list[NipIssue] = field(default_factory=list)
    birth_date: date | None = None
    sex: str = ""  # "L" or "P"

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]


MESSAGES = {
    "nip.format": ("N1", _("NIP harus 18 digit angka.")),
    "nip.birth_date": ("N2", _("Delapan digit pertama NIP bukan tanggal lahir yang sah.")),
    "nip.tmt_month": ("N3", _("Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12.")),
    "nip.tmt_too_early": ("N4", _("Tahun TMT pada NIP terlalu dekat dengan tahun lahir.")),
    "nip.tmt_future": ("N5", _("TMT pada NIP berada terlalu jauh di masa depan.")),
    "nip.sex": ("N6", _("Digit jenis kelamin pada NIP (digit 15) harus 1 atau 2.")),
    "nip.sequence": ("N7", _("Nomor urut pada NIP (digit 16–18) tidak boleh 000.")),
    "nip.profile_mismatch": ("N8", _("Tanggal lahir atau jenis kelamin di profil berbeda dengan NIP.")),
    "nip.pppk_appointment": ("N4", _("Tahun pengangkatan PPPK pada NI PPPK tidak sah.")),
    "nip.pppk_marker": ("P1", _("Digit ke-13 NI PPPK biasanya 2; periksa kembali nomor ini.")),
    "nip.other_type": ("T1", _("Nomor ini lebih cocok dengan jenis kepegawaian lain; periksa jenis pegawai.")),
}


def _issue(code: str) -> NipIssue:
    rule, message = MESSAGES[code]
    return NipIssue(code=code, rule=rule, message=str(message))


def normalize_nip(raw: object) -> str:
    return _WHITESPACE.sub("", str(raw or ""))


def format_nip(nip: str) -> str:
    """'198507142010121001' → '19850714 201012 1 001' (display only)."""
    if len(nip) != NIP_LENGTH:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def mask_nip(nip: str) -> str:
    """Public and non-admin pages: '198507********1001'."""
    if len(nip) != NIP_LENGTH:
        return "*" * len(nip)
    return f"{nip[:6]}{'*' * 8}{nip[14:]}"


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a non-leap target year
        return today.replace(year=today.year - years, day=28)


def _birth(digits: str, today: date) -> date | None:
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if born.year < 1940 or born > _years_ago(today, 17):
        return None
    return born


def validate_nip_format(raw: object) -> NipResult:
    """N1 alone: 18 ASCII digits once whitespace is stripped."""
    nip = normalize_nip(raw)
    result = NipResult(normalized=nip)
    if not _DIGITS.fullmatch(nip) or not nip.isascii():
        result.errors.append(_issue("nip.format"))
    return result


def _common(raw: object, today: date) -> NipResult:
    result = validate_nip_format(raw)
    if result.errors:
        return result
    nip = result.normalized
    result.birth_date = _birth(nip, today)
    if result.birth_date is None:
        result.errors.append(_issue("nip.birth_date"))
    if nip[14] not in "12":
        result.errors.append(_issue("nip.sex"))
    else:
        result.sex = "L" if nip[14] == "1" else "P"
    if nip[15:] == "000":
        result.errors.append(_issue("nip.sequence"))
    return result


def _pns_specific(nip: str, born: date | None, today: date) -> list[NipIssue]:
    errors = []
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        errors.append(_issue("nip.tmt_month"))
    if born is not None and tmt_year < born.year + 17:
        errors.append(_issue("nip.tmt_too_early"))
    limit = today.year * 12 + today.month + 12
    if 1 <= tmt_month <= 12 and tmt_year * 12 + tmt_month > limit:
        errors.append(_issue("nip.tmt_future"))
    return errors


def _pppk_specific(nip: str, born: date | None, today: date) -> tuple[list[NipIssue], list[NipIssue]]:
    errors, warnings = [], []
    year = int(nip[8:12])
    if year < 2019 or year > today.year + 1 or (born is not None and year < born.year + 18):
        errors.append(_issue("nip.pppk_appointment"))
    if nip[12] != "2":
        warnings.append(_issue("nip.pppk_marker"))
    if nip[13] == "0":
        errors.append(_issue("nip.pppk_appointment"))
    return errors, warnings


def validate_nip_pns(raw: object, today: date) -> NipResult:
    result = _common(raw, today)
    if result.errors and result.errors[0].code == "nip.format":
        return result
    result.errors.extend(_pns_specific(result.normalized, result.birth_date, today))
    result.errors.sort(key=lambda e: e.rule)
    return result


def validate_ni_pppk(raw: object, today: date) -> NipResult:
    result = _common(raw, today)
    if result.errors and result.errors[0].code == "nip.format":
        return result
    errors, warnings = _pppk_specific(result.normalized, result.birth_date, today)
    result.errors.extend(errors)
    result.warnings.extend(warnings)
    result.errors.sort(key=lambda e: e.rule)
    return result


def validate_for_type(
    raw: object, employment_type: str, today: date, birth_date: date | None = None, sex: str = ""
) -> NipResult:
    """Pick the validator from the declared employment type; warn on N8 and on a number that fits
    only the other type (domain.md §2.2)."""
    is_pppk = employment_type in {"pppk", "pppk_part_time"}
    result = validate_ni_pppk(raw, today) if is_pppk else validate_nip_pns(raw, today)
    if not result.is_valid:
        other = validate_nip_pns(raw, today) if is_pppk else validate_ni_pppk(raw, today)
        if other.is_valid and not other.warnings:
            result.warnings.append(_issue("nip.other_type"))
        return result
    if (birth_date and result.birth_date and birth_date != result.birth_date) or (
        sex and result.sex and sex != result.sex
    ):
        result.warnings.append(_issue("nip.profile_mismatch"))
    return result
