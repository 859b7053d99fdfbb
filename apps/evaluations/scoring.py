"""Pure evaluation arithmetic (domain.md §9, rules 24, 26–28). No database, no Django models: every
function takes plain values so the worked examples can pin it down.

Exactness: means are kept as `Fraction` until the very end; rounding is half-up on the decimal
value, and grades are read from the *rounded* IKM (88.305 rounds to 88.31 → A)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_noop

SKM_CODES: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
SKM_MIN, SKM_MAX = 1, 4
MIN_GROUP_SIZE = 5


def to_decimal(value: Fraction | int | Decimal, places: int = 2) -> Decimal:
    """Round half-up to `places` decimals. A Fraction is divided exactly first (no float)."""
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        # numerator/denominator in Decimal with enough precision, then quantize: exact for our ranges
        scaled = Fraction(value) * (10**places)
        whole, rest = divmod(scaled.numerator, scaled.denominator)
        if rest * 2 >= scaled.denominator:
            whole += 1
        return (Decimal(whole) / Decimal(10**places)).quantize(quantum)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    """One row of the SKM quality table: IKM from `low` to `high` inclusive (2 decimals)."""

    mutu: str
    label: str
    low: Decimal
    high: Decimal


# The PermenPAN-RB 14/2017 table; the database copy (IkmBand, seeded by migration) is authoritative,
# this is the seed and the fallback for pure tests.
DEFAULT_BANDS: tuple[Band, ...] = (
    # Labels stay Indonesian data (gettext_noop only puts them in the catalogue); pages show them through
    # core's `translated` filter.
    Band("A", gettext_noop("Sangat Baik"), Decimal("88.31"), Decimal("100.00")),
    Band("B", gettext_noop("Baik"), Decimal("76.61"), Decimal("88.30")),
    Band("C", gettext_noop("Kurang Baik"), Decimal("65.00"), Decimal("76.60")),
    Band("D", gettext_noop("Tidak Baik"), Decimal("25.00"), Decimal("64.99")),
)


def grade(ikm: Decimal, bands: Sequence[Band] = DEFAULT_BANDS) -> Band | None:
    """The band containing the (already rounded) IKM value."""
    value = to_decimal(ikm)
    for band in bands:
        if band.low <= value <= band.high:
            return band
    return None


def is_complete_skm(answers: Mapping[str, object]) -> bool:
    """Rule 26: all nine codes present, each an integer 1–4 (bool is not an answer)."""
    for code in SKM_CODES:
        value = answers.get(code)
        if isinstance(value, bool) or not isinstance(value, int) or not SKM_MIN <= value <= SKM_MAX:
            return False
    return True


@dataclass(frozen=True)
class ElementScore:
    code: str
    nrr: Fraction
    score: Decimal  # NRR × 25, rounded
    band: Band | None

    @property
    def nrr_rounded(self) -> Decimal:
        return to_decimal(self.nrr, 4)


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: tuple[ElementScore, ...] = field(default_factory=tuple)
    ni: Fraction | None = None
    ikm: Decimal | None = None
    band: Band | None = None

    @property
    def ni_rounded(self) -> Decimal | None:
        return None if self.ni is None else to_decimal(self.ni, 4)

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.respondents)


def ikm_from_sums(sums: Mapping[str, int], respondents: int, bands: Sequence[Band] = DEFAULT_BANDS) -> IkmResult:
    """IKM from per-element sums over `respondents` complete responses (the database aggregates
    the sums; this does the exact arithmetic). NI = Σ NRR × 1/9 with an exact 1/9."""
    if respondents <= 0:
        return IkmResult(respondents=0)
    elements = []
    for code in SKM_CODES:
        nrr = Fraction(int(sums[code]), respondents)
        elements.append(ElementScore(code, nrr, to_decimal(nrr * 25), grade(to_decimal(nrr * 25), bands)))
    ni = sum((e.nrr for e in elements), Fraction(0)) * Fraction(1, len(SKM_CODES))
    ikm = to_decimal(ni * 25)
    return IkmResult(respondents, tuple(elements), ni, ikm, grade(ikm, bands))


def ikm(responses: Iterable[Mapping[str, object]], bands: Sequence[Band] = DEFAULT_BANDS) -> IkmResult:
    """IKM of raw responses (code → answer); incomplete or out-of-range responses are skipped."""
    sums = dict.fromkeys(SKM_CODES, 0)
    n = 0
    for answers in responses:
        if not is_complete_skm(answers):
            continue
        n += 1
        for code in SKM_CODES:
            sums[code] += int(answers[code])  # type: ignore[call-overload]
    return ikm_from_sums(sums, n, bands)


def is_suppressed(respondents: int, minimum: int = MIN_GROUP_SIZE) -> bool:
    """Rule 28 (and anonymous groups): fewer than `minimum` respondents → hide the breakdown."""
    return respondents < minimum


@dataclass(frozen=True)
class Gain:
    pre: Decimal
    post: Decimal
    gain: Decimal
    normalised: Decimal | None  # None when pre = 100 (rule 24)


def l2_gain(pre: int | Decimal | Fraction, post: int | Decimal | Fraction) -> Gain:
    """gain = post − pre; normalised gain = (post − pre) / (100 − pre), undefined when pre = 100."""
    pre_f, post_f = Fraction(pre), Fraction(post)
    for v in (pre_f, post_f):
        if not 0 <= v <= 100:
            raise ValueError("score out of 0–100")
    normalised = None if pre_f == 100 else to_decimal((post_f - pre_f) / (100 - pre_f), 4)
    return Gain(to_decimal(pre_f), to_decimal(post_f), to_decimal(post_f - pre_f), normalised)


def mean(values: Iterable[int | Fraction]) -> Fraction | None:
    items = [Fraction(v) for v in values]
    if not items:
        return None
    return sum(items, Fraction(0)) / len(items)


def likert_mean(values: Iterable[int], scale: int = 4) -> Decimal | None:
    """Mean of Likert answers in 1..scale (others ignored), 2 decimals half-up."""
    m = mean(v for v in values if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= scale)
    return None if m is None else to_decimal(m)


def mean_from_sum(total: int | None, count: int) -> Decimal | None:
    return None if not count or total is None else to_decimal(Fraction(int(total), count))


def distribution(counts: Mapping[int, int], scale: int) -> list[int]:
    """Counts per answer 1..scale, zeros filled (for charts)."""
    return [int(counts.get(v, 0)) for v in range(1, scale + 1)]


def auto_score(answers: Mapping[int, object], correct: Mapping[int, object], points: Mapping[int, int]) -> Decimal:
    """L2 automatic scoring: share of points earned, 0–100, 2 decimals. Multiple-answer questions
    count only when the set of chosen options equals the key."""
    total = sum(points.values())
    if not total:
        return Decimal("0.00")
    earned = 0
    for qid, key in correct.items():
        given = answers.get(qid)
        if isinstance(key, list | tuple | set):
            ok = isinstance(given, list | tuple | set) and {str(x) for x in given} == {str(x) for x in key}
        else:
            ok = given is not None and str(given) == str(key)
        if ok:
            earned += points.get(qid, 1)
    return to_decimal(Fraction(100 * earned, total))


def percent(part: int, whole: int) -> Decimal | None:
    return None if not whole else to_decimal(Fraction(100 * part, whole))
