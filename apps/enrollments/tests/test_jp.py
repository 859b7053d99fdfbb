"""JP arithmetic of domain.md §6 (rules 14, 15, 19) as pure functions."""

from datetime import UTC, date, datetime

import pytest

from apps.enrollments import jp
from apps.enrollments.jp import ConversionSpec


@pytest.mark.parametrize(
    "minutes, expected", [(0, 0), (44, 0), (45, 1), (89, 1), (90, 2), (134, 2), (135, 3), (900, 20), (1079, 23)]
)
def test_minutes_floor_to_jp(minutes, expected):
    assert jp.jp_from_minutes(minutes) == expected


def test_negative_minutes_is_an_error():
    with pytest.raises(ValueError):
        jp.jp_from_minutes(-1)


def test_completion_day_follows_instansi_zone():
    # 31 Dec 2025 16:30 UTC is 23:30 WIB, 00:30 WITA (1 Jan), 01:30 WIT (1 Jan)
    moment = datetime(2025, 12, 31, 16, 30, tzinfo=UTC)
    assert jp.completion_day(moment, "Asia/Jakarta") == date(2025, 12, 31)
    assert jp.completion_day(moment, "Asia/Makassar") == date(2026, 1, 1)
    assert jp.completion_day(moment, "Asia/Jayapura") == date(2026, 1, 1)


def test_naive_moment_refused():
    with pytest.raises(ValueError):
        jp.completion_day(datetime(2025, 1, 1), "Asia/Jakarta")


def test_credit_year_pns_is_calendar_year():
    assert jp.credit_year(employment_type="pns", credited_on=date(2025, 12, 31), tmt=date(2010, 3, 1)) == 2025
    assert jp.credit_year(employment_type="cpns", credited_on=date(2026, 1, 1), tmt=None) == 2026


def test_pppk_contract_year_containing_the_day():
    tmt = date(2023, 4, 1)
    assert jp.contract_year_bounds(tmt, date(2025, 3, 31)) == (date(2024, 4, 1), date(2025, 4, 1))
    assert jp.contract_year_bounds(tmt, date(2025, 4, 1)) == (date(2025, 4, 1), date(2026, 4, 1))
    assert jp.credit_year(employment_type="pppk", credited_on=date(2025, 3, 31), tmt=tmt) == 2024
    assert jp.credit_year(employment_type="pppk", credited_on=date(2025, 4, 1), tmt=tmt) == 2025


def test_pppk_without_tmt_falls_back_to_calendar_year():
    assert jp.period_bounds(employment_type="pppk", on=date(2025, 6, 1), tmt=None) == (
        date(2025, 1, 1),
        date(2026, 1, 1),
    )


def test_contract_year_from_29_february():
    tmt = date(2024, 2, 29)
    assert jp.contract_year_bounds(tmt, date(2025, 2, 28)) == (date(2024, 2, 29), date(2025, 3, 1))
    assert jp.contract_year_bounds(tmt, date(2025, 3, 1)) == (date(2025, 3, 1), date(2026, 3, 1))


@pytest.mark.parametrize(
    "etype, so_far, requested, blocked",
    [
        ("pppk", 0, 24, False),
        ("pppk", 20, 4, False),
        ("pppk", 20, 5, True),
        ("pppk", 24, 1, True),
        ("pns", 200, 40, False),
        ("pppk_part_time", 30, 10, False),
    ],
)
def test_pppk_ceiling_rule_19(etype, so_far, requested, blocked):
    assert jp.pppk_would_exceed(employment_type=etype, jp_so_far=so_far, jp_requested=requested) is blocked


def test_pns_progress_towards_20():
    p = jp.yearly_progress(employment_type="pns", jp=12)
    assert (p.percent, p.met, p.remaining, p.target) == (60, False, 8, 20)
    done = jp.yearly_progress(employment_type="pns", jp=32)
    assert (done.percent, done.met, done.remaining) == (100, True, 0)


def test_pppk_progress_is_against_ceiling():
    p = jp.yearly_progress(employment_type="pppk", jp=30)
    assert p.target is None and p.limit == 24 and p.over_limit and p.percent == 100
    assert not p.met


def test_part_time_has_no_target():
    p = jp.yearly_progress(employment_type="pppk_part_time", jp=5)
    assert p.target is None and p.limit is None and p.percent == 0


PROGRAM = ConversionSpec(unit=jp.UNIT_PROGRAM, international_bonus_percent=20)
SEMINAR = ConversionSpec(unit=jp.UNIT_DAY, jp_per_unit=4, international_jp_per_unit=6)
WORKSHOP = ConversionSpec(unit=jp.UNIT_DAY, jp_per_unit=5, international_jp_per_unit=7)
COACHING = ConversionSpec(unit=jp.UNIT_SESSION, jp_per_unit=2, cap_per_period=2, cap_period=jp.CAP_PER_MONTH)
ELEARNING = ConversionSpec(unit=jp.UNIT_PROGRAM, cap_per_period=3, cap_period=jp.CAP_PER_DAY, cap_counts_jp=True)
DETASERING = ConversionSpec(unit=jp.UNIT_ASSIGNMENT, jp_per_unit=20)
OUTBOUND = ConversionSpec(unit=jp.UNIT_MINUTES)


def test_conversion_table_defaults():
    assert jp.convert(PROGRAM, program_jp=40) == 40
    assert jp.convert(PROGRAM, program_jp=40, international=True) == 48  # + 20 %
    assert jp.convert(PROGRAM, program_jp=None, minutes=200) == 4  # no programme JP: minutes ÷ 45
    assert jp.convert(SEMINAR, units=2) == 8
    assert jp.convert(SEMINAR, units=2, international=True) == 12
    assert jp.convert(WORKSHOP, units=3) == 15
    assert jp.convert(WORKSHOP, units=1, international=True) == 7
    assert jp.convert(DETASERING, units=1) == 20
    assert jp.convert(OUTBOUND, minutes=100) == 2


def test_unit_cap_within_one_activity():
    assert jp.convert(COACHING, units=3) == 4  # at most 2 sessions a month count
    assert jp.convert(ELEARNING, program_jp=8) == 8  # JP caps per day apply across days, see apply_caps


def test_caps_across_activities_rule_15():
    coaching = [(date(2025, 3, 3), 1), (date(2025, 3, 10), 1), (date(2025, 3, 24), 1), (date(2025, 4, 2), 1)]
    assert jp.apply_caps(COACHING, coaching) == [2, 2, 0, 2]
    elearning = [(date(2025, 5, 1), 2), (date(2025, 5, 1), 2), (date(2025, 5, 2), 5)]
    assert jp.apply_caps(ELEARNING, elearning) == [2, 1, 3]


def test_no_cap_passes_through():
    assert jp.apply_caps(SEMINAR, [(date(2025, 1, 1), 2)]) == [8]
