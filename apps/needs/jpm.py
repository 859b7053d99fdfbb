"""Job Person Match and related pure calculations (domain.md §5, rules 8 and 9). No database access:
callers pass levels and the threshold rows in force, so every rule lives here once and is unit-tested.

    contribution_i = min(actual_i, required_i)     (cap on; uncapped: actual_i)
    JPM = 100 × Σ contribution_i / Σ required_i     exact (Fraction), rounded half-up to 2 decimals
    gap_i = actual_i − required_i
A missing actual level makes the JPM incomplete (None), never zero. Categories are taken on the rounded value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    """A category of a scale: it applies from `min_percent` (inclusive) up to the next band."""

    code: str
    label: str
    min_percent: Decimal


@dataclass(frozen=True)
class JpmResult:
    percent: Decimal | None
    complete: bool
    fit: Band | None
    map: Band | None
    gaps: tuple[int | None, ...]

    @property
    def fit_code(self) -> str:
        return self.fit.code if self.fit else ""

    @property
    def map_code(self) -> str:
        return self.map.code if self.map else ""


def round_half_up(value: Fraction | Decimal, places: Decimal = TWO_PLACES) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def jpm_fraction(pairs: Iterable[tuple[int, int | None]], *, cap: bool = True) -> Fraction | None:
    """Exact JPM as a fraction of 100; None when any actual level is missing or nothing is required."""
    total_required = 0
    total_contribution = 0
    for required, actual in pairs:
        if actual is None:
            return None
        total_required += required
        total_contribution += min(actual, required) if cap else actual
    if total_required == 0:
        return None
    return Fraction(100 * total_contribution, total_required)


def jpm_percent(pairs: Iterable[tuple[int, int | None]], *, cap: bool = True) -> Decimal | None:
    exact = jpm_fraction(pairs, cap=cap)
    return None if exact is None else round_half_up(exact)


def classify(percent: Decimal | None, bands: Sequence[Band]) -> Band | None:
    """The band with the highest lower bound not above the (already rounded) percent."""
    if percent is None:
        return None
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band
    return None


def evaluate(
    pairs: Sequence[tuple[int, int | None]],
    *,
    fit_bands: Sequence[Band],
    map_bands: Sequence[Band],
    cap: bool = True,
) -> JpmResult:
    percent = jpm_percent(pairs, cap=cap)
    return JpmResult(
        percent=percent,
        complete=percent is not None,
        fit=classify(percent, fit_bands),
        map=classify(percent, map_bands),
        gaps=tuple(None if actual is None else actual - required for required, actual in pairs),
    )


def gap(required: int, actual: int | None) -> int | None:
    return None if actual is None else actual - required


DEFAULT_360_WEIGHTS: Mapping[str, Fraction] = {
    "atasan": Fraction(1, 2),
    "peer": Fraction(3, 10),
    "subordinate": Fraction(1, 5),
}


def aggregate_360(
    scores: Mapping[str, Sequence[int]], weights: Mapping[str, Fraction] = DEFAULT_360_WEIGHTS
) -> int | None:
    """Mean per rater group, weighted, renormalised over the groups present, rounded half-up to a level.
    Self scores are never mixed in (pass them separately to show beside)."""
    used = {g: s for g, s in scores.items() if g in weights and s}
    if not used:
        return None
    weight_sum = sum(weights[g] for g in used)
    value = sum(weights[g] * Fraction(sum(s), len(s)) for g, s in used.items()) / weight_sum
    return int(round_half_up(value, Decimal("1")))


def share_below(below: int, total: int) -> Decimal | None:
    """Share (percent, 2 decimals) of pegawai below the required level; None when nobody was assessed."""
    if total <= 0:
        return None
    return round_half_up(Fraction(100 * below, total))


def priority(gap_size: int, affected: int, weight: int) -> int:
    """Needs priority (project convention, domain.md §7): gap size × pegawai affected × strategic weight."""
    return abs(gap_size) * affected * weight
