"""The §9 worked examples and rules 24, 26–28, 33 pinned on the pure functions."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from apps.evaluations import scoring
from apps.evaluations.models import IkmBand
from apps.evaluations.selectors import ikm_bands_on

CODES = scoring.SKM_CODES
EXAMPLE = [
    [4, 4, 3, 4, 3, 4, 4, 3, 4],
    [3, 3, 3, 4, 3, 3, 4, 3, 3],
    [4, 3, 2, 4, 3, 3, 3, 2, 3],
    [3, 4, 3, 4, 4, 4, 4, 3, 3],
    [4, 3, 3, 4, 3, 3, 4, 2, 3],
]


def as_responses(rows):
    return [dict(zip(CODES, row, strict=True)) for row in rows]


def test_worked_example_gives_83_33_b_baik():
    result = scoring.ikm(as_responses(EXAMPLE))
    assert result.respondents == 5
    assert [e.nrr for e in result.elements] == [
        Fraction(x) for x in ("3.6", "3.4", "2.8", "4", "3.2", "3.4", "3.8", "2.6", "3.2")
    ]
    assert result.ni == Fraction(30, 9)
    assert result.ni_rounded == Decimal("3.3333")
    assert result.ikm == Decimal("83.33")  # a spreadsheet with 0.111 gives 83.25
    assert (result.band.mutu, result.band.label) == ("B", "Baik")


def test_worked_example_elements_u8_u3_are_c():
    by_code = {e.code: e for e in scoring.ikm(as_responses(EXAMPLE)).elements}
    assert by_code["U8"].score == Decimal("65.00") and by_code["U8"].band.mutu == "C"
    assert by_code["U3"].score == Decimal("70.00") and by_code["U3"].band.mutu == "C"
    assert by_code["U4"].score == Decimal("100.00") and by_code["U4"].band.mutu == "A"


@pytest.mark.parametrize(
    "value, mutu",
    [
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("100", "A"),
        ("25", "D"),
    ],
)
def test_band_boundaries(value, mutu):
    assert scoring.grade(Decimal(value)).mutu == mutu


def test_grade_uses_rounded_value():
    assert scoring.grade(Decimal("88.305")).mutu == "A"
    assert scoring.grade(Decimal("88.304")).mutu == "B"


def test_round_half_up():
    assert scoring.to_decimal(Fraction(1, 8), 2) == Decimal("0.13")
    assert scoring.to_decimal(Decimal("2.675")) == Decimal("2.68")
    assert scoring.to_decimal(Fraction(250, 3)) == Decimal("83.33")


@pytest.mark.parametrize(
    "bad",
    [
        dict.fromkeys(CODES[:8], 4),  # U9 missing
        {**dict.fromkeys(CODES, 4), "U3": 5},
        {**dict.fromkeys(CODES, 4), "U3": 0},
        {**dict.fromkeys(CODES, 4), "U3": "4"},
        {**dict.fromkeys(CODES, 4), "U3": True},
        {**dict.fromkeys(CODES, 4), "U3": None},
    ],
)
def test_only_complete_valid_responses_count(bad):
    result = scoring.ikm([*as_responses(EXAMPLE), bad])
    assert result.respondents == 5
    assert result.ikm == Decimal("83.33")


def test_codes_not_positions():
    shuffled = [dict(reversed(list(r.items()))) for r in as_responses(EXAMPLE)]
    assert scoring.ikm(shuffled).ikm == Decimal("83.33")


def test_no_responses():
    result = scoring.ikm([])
    assert result.respondents == 0 and result.ikm is None and result.band is None


def test_suppression_under_five():
    assert scoring.is_suppressed(4)
    assert not scoring.is_suppressed(5)
    assert scoring.ikm(as_responses(EXAMPLE[:4])).suppressed
    assert not scoring.ikm(as_responses(EXAMPLE)).suppressed


def test_l2_gain_and_normalised_gain():
    g = scoring.l2_gain(40, 70)
    assert g.gain == Decimal("30.00") and g.normalised == Decimal("0.5000")
    assert scoring.l2_gain(60, 50).normalised == Decimal("-0.2500")


def test_normalised_gain_undefined_when_pre_is_100():
    g = scoring.l2_gain(100, 100)
    assert g.gain == Decimal("0.00") and g.normalised is None


def test_l2_gain_rejects_out_of_range():
    with pytest.raises(ValueError):
        scoring.l2_gain(-1, 50)
    with pytest.raises(ValueError):
        scoring.l2_gain(50, 101)


def test_likert_mean_ignores_out_of_scale():
    assert scoring.likert_mean([4, 3, 3, 9, 0]) == Decimal("3.33")
    assert scoring.likert_mean([5, 5, 4], scale=5) == Decimal("4.67")
    assert scoring.likert_mean([]) is None


def test_auto_score_and_distribution():
    assert scoring.auto_score(
        {1: "a", 2: ["x", "y"], 3: "b"}, {1: "a", 2: ["y", "x"], 3: "c"}, {1: 1, 2: 2, 3: 1}
    ) == Decimal("75.00")
    assert scoring.distribution({1: 2, 4: 1}, 4) == [2, 0, 0, 1]
    assert scoring.percent(1, 3) == Decimal("33.33") and scoring.percent(1, 0) is None


@pytest.mark.django_db
def test_band_table_is_seeded_versioned_data():
    version, bands = ikm_bands_on(datetime.date(2025, 1, 1))
    assert version == "permenpanrb-14-2017"
    assert [(b.mutu, b.low, b.high) for b in bands] == [(b.mutu, b.low, b.high) for b in scoring.DEFAULT_BANDS]
    assert IkmBand.objects.filter(version=version).first().source.startswith("PermenPAN-RB 14/2017")


@pytest.mark.django_db
def test_newer_band_version_takes_over_from_its_date():
    IkmBand.objects.filter(version="permenpanrb-14-2017").update(effective_to=datetime.date(2029, 12, 31))
    for mutu, low, high in [
        ("A", "90.00", "100.00"),
        ("B", "80.00", "89.99"),
        ("C", "70.00", "79.99"),
        ("D", "25.00", "69.99"),
    ]:
        IkmBand.objects.create(
            version="baru-2030",
            mutu=mutu,
            label=mutu,
            low=low,
            high=high,
            effective_from=datetime.date(2030, 1, 1),
            source="uji",
        )
    assert ikm_bands_on(datetime.date(2029, 6, 1))[0] == "permenpanrb-14-2017"
    version, bands = ikm_bands_on(datetime.date(2030, 6, 1))
    assert version == "baru-2030"
    assert scoring.grade(Decimal("88.31"), bands).mutu == "B"
