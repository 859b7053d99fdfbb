"""NIP and NI PPPK validators against the tables of domain.md §2.1–§2.2. Pure functions: no database."""

from datetime import date

import pytest

from apps.employees.nip import (
    format_nip,
    mask_nip,
    normalize_nip,
    validate_for_type,
    validate_ni_pppk,
    validate_nip_pns,
)

TODAY = date(2026, 11, 23)


# --- domain.md §2.1 table -----------------------------------------------------------------------

VALID_PNS = [
    ("198507142010121001", "198507142010121001", date(1985, 7, 14), "L"),
    ("199202292019032002", "199202292019032002", date(1992, 2, 29), "P"),
    ("19761231 200502 2 987", "197612312005022987", date(1976, 12, 31), "P"),
]


@pytest.mark.parametrize("raw, normalized, born, sex", VALID_PNS)
def test_domain_table_valid_nip(raw, normalized, born, sex):
    result = validate_nip_pns(raw, TODAY)
    assert result.is_valid, result.errors
    assert result.normalized == normalized
    assert result.birth_date == born
    assert result.sex == sex
    assert result.warnings == []


INVALID_PNS = [
    ("19850714201012100", "N1", "nip.format"),  # 17 digits
    ("1985O7142010121001", "N1", "nip.format"),  # letter O, not zero
    ("198502302010121001", "N2", "nip.birth_date"),  # 30 February
    ("198507142010131001", "N3", "nip.tmt_month"),  # TMT month 13
    ("198507141999121001", "N4", "nip.tmt_too_early"),  # TMT 1999 < 1985 + 17
    ("198507142099011001", "N5", "nip.tmt_future"),  # TMT 2099 is in the future
    ("198507142010123001", "N6", "nip.sex"),  # sex digit 3
    ("198507142010121000", "N7", "nip.sequence"),  # sequence 000
]


@pytest.mark.parametrize("raw, rule, code", INVALID_PNS)
def test_domain_table_invalid_nip_names_exactly_its_rule(raw, rule, code):
    result = validate_nip_pns(raw, TODAY)
    assert not result.is_valid
    assert result.codes == [code]
    assert [e.rule for e in result.errors] == [rule]
    assert result.errors[0].message  # an Indonesian sentence for the form


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "1985071420101210011",  # 19 digits
        "１９８５０７１４２０１０１２１００１",  # full-width digits are not ASCII digits
        "198507142010-121001",
    ],
)
def test_anything_but_18_ascii_digits_is_n1(raw):
    assert validate_nip_pns(raw, TODAY).codes == ["nip.format"]


def test_all_whitespace_is_stripped_tabs_and_newlines_too():
    result = validate_nip_pns("\t19850714\n201012 1  001 ", TODAY)
    assert result.is_valid
    assert result.normalized == "198507142010121001"
    assert normalize_nip(" 1985 0714 ") == "19850714"


@pytest.mark.parametrize(
    "raw, ok",
    [
        ("193912312010121001", False),  # born 1939: before 1940
        ("194001012010121001", True),  # 1940 is the first year allowed
        ("200911232026111001", True),  # exactly 17 years before today
        ("200911242026111001", False),  # one day short of 17
        ("199302292019031001", False),  # 1993 is not a leap year
        ("200002292019031001", True),  # 2000 is a leap year
    ],
)
def test_n2_birth_date_bounds(raw, ok):
    result = validate_nip_pns(raw, TODAY)
    assert ("nip.birth_date" not in result.codes) is ok


@pytest.mark.parametrize("month, ok", [("00", False), ("01", True), ("12", True), ("13", False)])
def test_n3_tmt_month(month, ok):
    result = validate_nip_pns(f"198507142010{month}1001", TODAY)
    assert result.is_valid is ok
    if not ok:
        assert result.codes == ["nip.tmt_month"]


@pytest.mark.parametrize("tmt, ok", [("200112", False), ("200201", True)])
def test_n4_tmt_is_at_least_birth_year_plus_17(tmt, ok):
    assert validate_nip_pns(f"19850714{tmt}1001", TODAY).is_valid is ok


@pytest.mark.parametrize("tmt, ok", [("202711", True), ("202712", False)])
def test_n5_tmt_at_most_12_months_ahead_month_precision(tmt, ok):
    result = validate_nip_pns(f"19850714{tmt}1001", TODAY)
    assert result.is_valid is ok
    if not ok:
        assert result.codes == ["nip.tmt_future"]


def test_several_failures_are_all_reported_in_rule_order():
    result = validate_nip_pns("198502302010133000", TODAY)
    assert [e.rule for e in result.errors] == ["N2", "N3", "N6", "N7"]


# --- NI PPPK, domain.md §2.2 ---------------------------------------------------------------------


def test_pppk_example_is_valid():
    result = validate_ni_pppk("199104222023211015", TODAY)
    assert result.is_valid, result.errors
    assert result.warnings == []
    assert result.birth_date == date(1991, 4, 22)
    assert result.sex == "L"


@pytest.mark.parametrize(
    "raw, code",
    [
        ("19910422202321101", "nip.format"),  # 17 digits
        ("199102302023211015", "nip.birth_date"),  # 30 February
        ("199104222018211015", "nip.pppk_appointment"),  # before the first PPPK year 2019
        ("200601012023211015", "nip.pppk_appointment"),  # appointed at 17: < birth year + 18
        ("199104222023213015", "nip.sex"),  # sex digit 3
        ("199104222023211000", "nip.sequence"),  # sequence 000
        ("199104222023201015", "nip.pppk_appointment"),  # batch 0 (1–9)
    ],
)
def test_pppk_failures(raw, code):
    result = validate_ni_pppk(raw, TODAY)
    assert not result.is_valid
    assert code in result.codes


def test_pppk_marker_other_than_2_only_warns():
    result = validate_ni_pppk("199104222023111015", TODAY)
    assert result.is_valid
    assert [w.code for w in result.warnings] == ["nip.pppk_marker"]


# --- validate_for_type: the declared type picks the validator, N8 and other-type warnings -----------


def test_declared_type_picks_the_validator():
    assert validate_for_type("198507142010121001", "pns", TODAY).is_valid
    assert validate_for_type("198507142010121001", "cpns", TODAY).is_valid
    assert validate_for_type("199104222023211015", "pppk", TODAY).is_valid
    assert validate_for_type("199104222023211015", "pppk_part_time", TODAY).is_valid


def test_pns_number_declared_pppk_fails_with_other_type_warning():
    result = validate_for_type("198507142010121001", "pppk", TODAY)
    assert result.codes == ["nip.pppk_appointment"]  # 2010 is before the first PPPK year
    assert "nip.other_type" in [w.code for w in result.warnings]


def test_pppk_number_declared_pns_fails_with_other_type_warning():
    result = validate_for_type("199104222023211015", "pns", TODAY)
    assert result.codes == ["nip.tmt_month"]  # "21" is not a month
    assert [w.code for w in result.warnings] == ["nip.other_type"]


def test_number_fitting_neither_type_has_no_other_type_warning():
    result = validate_for_type("198507142010121000", "pns", TODAY)
    assert not result.is_valid
    assert result.warnings == []


@pytest.mark.parametrize(
    "birth_date, sex, warns",
    [
        (date(1985, 7, 14), "L", False),
        (None, "", False),
        (date(1985, 7, 15), "L", True),  # birth date corrected later: NIP stays
        (date(1985, 7, 14), "P", True),
        (None, "P", True),
    ],
)
def test_n8_profile_mismatch_is_a_warning_never_an_error(birth_date, sex, warns):
    result = validate_for_type("198507142010121001", "pns", TODAY, birth_date=birth_date, sex=sex)
    assert result.is_valid
    assert ([w.rule for w in result.warnings] == ["N8"]) is warns
    if warns:
        assert result.warnings[0].code == "nip.profile_mismatch"


# --- display -------------------------------------------------------------------------------------


def test_format_nip_groups_the_parts():
    assert format_nip("198507142010121001") == "19850714 201012 1 001"


def test_mask_nip_hides_birth_day_and_tmt():
    assert mask_nip("198507142010121001") == "198507********1001"
    assert len(mask_nip("198507142010121001")) == 18


def test_display_of_a_malformed_value_leaks_nothing_extra():
    assert format_nip("123") == "123"
    assert mask_nip("123") == "***"
