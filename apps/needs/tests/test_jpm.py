"""Pure JPM rules, pinned by the worked example of domain.md §5 (rules 8 and 9)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from apps.needs import jpm
from apps.needs.jpm import Band

FIT = [
    Band("MS", "Memenuhi Syarat", Decimal(80)),
    Band("MMS", "Masih Memenuhi Syarat", Decimal(68)),
    Band("KMS", "Kurang Memenuhi Syarat", Decimal(0)),
]
MAP = [
    Band("optimal", "Optimal", Decimal(90)),
    Band("cukup", "Cukup Optimal", Decimal(78)),
    Band("kurang", "Kurang Optimal", Decimal(0)),
]

# administrator, nine required at 3; actual M.01..M.08, S.01
WORKED = list(zip([3] * 9, [3, 3, 2, 3, 4, 2, 2, 3, 3], strict=True))


def test_worked_example_capped():
    result = jpm.evaluate(WORKED, fit_bands=FIT, map_bands=MAP)
    assert result.percent == Decimal("88.89")
    assert result.fit.code == "MS"
    assert result.map.label == "Cukup Optimal"
    assert [i for i, g in enumerate(result.gaps) if g and g < 0] == [2, 5, 6]  # M.03, M.06, M.07
    assert all(g == -1 for g in result.gaps if g and g < 0)


def test_worked_example_uncapped_pins_the_cap():
    result = jpm.evaluate(WORKED, fit_bands=FIT, map_bands=MAP, cap=False)
    assert result.percent == Decimal("92.59")
    assert result.map.code == "optimal"


def test_exact_fraction():
    assert jpm.jpm_fraction(WORKED) == Fraction(2400, 27)


def test_missing_score_is_incomplete_not_zero():
    pairs = [*WORKED[:8], (3, None)]
    result = jpm.evaluate(pairs, fit_bands=FIT, map_bands=MAP)
    assert result.percent is None
    assert result.complete is False
    assert result.fit is None and result.map is None


def test_no_required_levels_is_incomplete():
    assert jpm.jpm_percent([]) is None


def test_rounds_half_up_before_classifying():
    # 79.995 → 80.00 → MS (half-even would also give 80.00; 2/3 case checks direction)
    assert jpm.round_half_up(Fraction(79995, 1000)) == Decimal("80.00")
    assert jpm.round_half_up(Fraction(1, 8)) == Decimal("0.13")  # 0.125 → 0.13, not 0.12
    assert jpm.classify(Decimal("80.00"), FIT).code == "MS"
    assert jpm.classify(Decimal("79.99"), FIT).code == "MMS"
    assert jpm.classify(Decimal("68.00"), FIT).code == "MMS"
    assert jpm.classify(Decimal("67.99"), FIT).code == "KMS"
    assert jpm.classify(Decimal("90.00"), MAP).code == "optimal"
    assert jpm.classify(Decimal("77.99"), MAP).code == "kurang"


def test_ministry_thresholds_85_75_are_data():
    custom = [Band("MS", "MS", Decimal(85)), Band("MMS", "MMS", Decimal(75)), Band("KMS", "KMS", Decimal(0))]
    assert jpm.classify(Decimal("88.89"), custom).code == "MS"
    assert jpm.classify(Decimal("80.00"), custom).code == "MMS"


def test_aggregate_360_weights_and_renormalises():
    # atasan 3, peers mean 4, subordinates mean 2 → 0.5*3 + 0.3*4 + 0.2*2 = 3.1 → 3
    assert jpm.aggregate_360({"atasan": [3], "peer": [4, 4], "subordinate": [2, 2]}) == 3
    # no subordinates: (0.5*3 + 0.3*4)/0.8 = 3.375 → 3 ; with atasan 4: (2+1.2)/0.8 = 4
    assert jpm.aggregate_360({"atasan": [3], "peer": [4]}) == 3
    assert jpm.aggregate_360({"atasan": [4], "peer": [4]}) == 4
    # half-up: atasan 2, peer 3 → (1 + 0.9)/0.8 = 2.375 → 2 ; atasan 3, peer 2 → (1.5+0.6)/0.8 = 2.625 → 3
    assert jpm.aggregate_360({"atasan": [3], "peer": [2]}) == 3
    assert jpm.aggregate_360({"self": [5]}) is None


@pytest.mark.parametrize(
    ("below", "total", "share"), [(1, 3, Decimal("33.33")), (2, 3, Decimal("66.67")), (0, 0, None)]
)
def test_share_below(below, total, share):
    assert jpm.share_below(below, total) == share


def test_priority():
    assert jpm.priority(-2, 10, 3) == 60
