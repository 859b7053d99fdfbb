"""JP arithmetic (domain.md §6, rules 14–16 and 19). Pure functions: no database, no clock.

JP are whole numbers: minutes convert with floor(minutes / 45). JP are credited to the calendar year
of the completion day *in the instansi's time zone* (a course ending at 23:30 WITA on 31 December
belongs to that year even though it is already 1 January in UTC+9 and still 31 December in UTC).
PPPK count per contract year (the year that starts on each anniversary of their TMT). The 20 JP
target (PNS) and 24 JP ceiling (PPPK) are defaults callers may override from reference data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

MINUTES_PER_JP = 45
PNS_TARGET_JP = 20
PPPK_MAX_JP = 24

PNS_TYPES = frozenset({"pns", "cpns"})
PPPK_LIMITED_TYPES = frozenset({"pppk"})
# No credit is older than this: a training date before it is a placeholder (exports write 0001-01-01 for "no
# date"), not a training, and would reach the contract-year arithmetic with a year it cannot represent.
EARLIEST_CREDIT_DATE = date(1960, 1, 1)


def jp_from_minutes(minutes: int) -> int:
    """floor(minutes / 45); negative input is a programming error, not zero."""
    if minutes < 0:
        raise ValueError("minutes must be >= 0")
    return int(minutes) // MINUTES_PER_JP


def completion_day(moment: datetime, tz_name: str) -> date:
    """The local calendar day of an aware moment in the instansi's zone (rule 14)."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(ZoneInfo(tz_name)).date()


def _anniversary(start: date, year: int) -> date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February TMT in a non-leap year: the contract year starts 1 March
        return date(year, 3, 1)


def contract_year_bounds(tmt: date, on: date) -> tuple[date, date]:
    """[start, end) of the PPPK contract year containing `on`; years start on each TMT anniversary."""
    start = _anniversary(tmt, on.year)
    if start > on:
        start = _anniversary(tmt, on.year - 1)
    return start, _anniversary(tmt, start.year + 1)


def credit_year(*, employment_type: str, credited_on: date, tmt: date | None) -> int:
    """The ledger year: calendar year for PNS and others, the contract year's start year for PPPK
    (with a known TMT; without one the calendar year is the only honest answer)."""
    if employment_type in PPPK_LIMITED_TYPES and tmt is not None:
        return contract_year_bounds(tmt, credited_on)[0].year
    return credited_on.year


def period_bounds(*, employment_type: str, on: date, tmt: date | None) -> tuple[date, date]:
    """[start, end) of the period the yearly rule counts over: calendar year, or PPPK contract year."""
    if employment_type in PPPK_LIMITED_TYPES and tmt is not None:
        return contract_year_bounds(tmt, on)
    return date(on.year, 1, 1), date(on.year + 1, 1, 1)


def pppk_would_exceed(*, employment_type: str, jp_so_far: int, jp_requested: int, limit: int = PPPK_MAX_JP) -> bool:
    """Rule 19: a PPPK request passing the ceiling needs a BKPSDM override with a reason."""
    return employment_type in PPPK_LIMITED_TYPES and jp_so_far + jp_requested > limit


@dataclass(frozen=True)
class Progress:
    jp: int
    target: int | None  # None: no yearly target (PPPK has a ceiling, not a target)
    limit: int | None
    percent: int  # 0–100, for a progress bar

    @property
    def met(self) -> bool:
        return self.target is not None and self.jp >= self.target

    @property
    def remaining(self) -> int:
        return max(0, (self.target or 0) - self.jp)

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.jp > self.limit


def yearly_progress(
    *, employment_type: str, jp: int, target: int = PNS_TARGET_JP, limit: int = PPPK_MAX_JP
) -> Progress:
    if employment_type in PNS_TYPES:
        return Progress(jp=jp, target=target, limit=None, percent=min(100, jp * 100 // target) if target else 100)
    if employment_type in PPPK_LIMITED_TYPES:
        return Progress(jp=jp, target=None, limit=limit, percent=min(100, jp * 100 // limit) if limit else 100)
    return Progress(jp=jp, target=None, limit=None, percent=0)


# --- conversion table (domain.md §6) ---------------------------------------------------------

UNIT_PROGRAM = "program"  # JP of the programme (else minutes ÷ 45)
UNIT_DAY = "day"
UNIT_SESSION = "session"
UNIT_ASSIGNMENT = "assignment"
UNIT_VISIT = "visit"
UNIT_MINUTES = "minutes"

CAP_PER_DAY = "day"
CAP_PER_MONTH = "month"


@dataclass(frozen=True)
class ConversionSpec:
    """What a JPConversionRule row says, decoupled from the model so the arithmetic is testable."""

    unit: str
    jp_per_unit: int = 0
    international_jp_per_unit: int | None = None  # per-unit value abroad (seminar 6, workshop 7)
    international_bonus_percent: int = 0  # programme JP + 20 % for international training
    cap_per_period: int | None = None  # max units (sessions) or JP (per day) in one period
    cap_period: str = ""  # "day" or "month"
    cap_counts_jp: bool = False  # True: the cap is in JP (e-learning 3 JP/day); False: in units


def convert(
    spec: ConversionSpec,
    *,
    program_jp: int | None = None,
    minutes: int | None = None,
    units: int = 1,
    international: bool = False,
) -> int:
    """JP for one activity, before caps across periods (see `apply_caps`)."""
    if spec.unit == UNIT_PROGRAM:
        base = program_jp if program_jp else jp_from_minutes(minutes or 0)
        if international and spec.international_bonus_percent:
            base = base + base * spec.international_bonus_percent // 100
        return base
    if spec.unit == UNIT_MINUTES:
        return jp_from_minutes(minutes or 0)
    per_unit = spec.jp_per_unit
    if international and spec.international_jp_per_unit is not None:
        per_unit = spec.international_jp_per_unit
    units = max(0, units)
    if spec.cap_per_period is not None and not spec.cap_counts_jp and spec.cap_period:
        units = min(units, spec.cap_per_period)
    jp = per_unit * units
    if spec.cap_per_period is not None and spec.cap_counts_jp:
        jp = min(jp, spec.cap_per_period)
    return jp


def period_key(day: date, cap_period: str) -> tuple[int, ...]:
    if cap_period == CAP_PER_DAY:
        return (day.year, day.month, day.day)
    if cap_period == CAP_PER_MONTH:
        return (day.year, day.month)
    return ()


def apply_caps(spec: ConversionSpec, items: Iterable[tuple[date, int]]) -> list[int]:
    """Rule 15 across activities: `items` are (day, JP or units as `convert` would count them) in
    booking order. Returns the JP each may credit once earlier items in the same period are counted:
    coaching beyond 2 sessions in a month credits 0, e-learning beyond 3 JP on a day is trimmed."""
    if spec.cap_per_period is None or not spec.cap_period:
        return [(amount if spec.cap_counts_jp else amount * spec.jp_per_unit) for _day, amount in items]
    used: dict[tuple[int, ...], int] = {}
    out: list[int] = []
    for day, amount in items:
        key = period_key(day, spec.cap_period)
        room = max(0, spec.cap_per_period - used.get(key, 0))
        take = min(room, max(0, amount))
        used[key] = used.get(key, 0) + take
        out.append(take if spec.cap_counts_jp else take * spec.jp_per_unit)
    return out
