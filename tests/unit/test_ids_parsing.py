"""Unit tests for app.services.ids (GB 11643-1999 identity numbers): the check character, valid numbers
and how typed numbers are normalised."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from app.services.ids import (
    IdInfo,
    InvalidIdNumber,
    age_on,
    check_character,
    normalize_id_number,
    parse_id_number,
)
from tests.unit.ids_helpers import (
    KNOWN_VALID,
    KNOWN_VALID_X,
    TODAY,
    _fw,
    _make,
)

# --- check_character --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", KNOWN_VALID + KNOWN_VALID_X)
def test_check_character_matches_known_vectors(number: str) -> None:
    assert check_character(number[:17]) == number[17]


def test_check_character_can_be_x_and_zero() -> None:
    # Remainder 2 -> 'X', remainder 1 -> '0': both ends of the lookup table.
    assert check_character("11010119900101004") == "X"
    assert check_character("11010120260521002") == "0"


@pytest.mark.parametrize(
    "bad",
    ["", "1101011985031200", "110101198503120017", "1101011985031200A", "1101011985031200 ", _fw("11010119850312001")],
)
def test_check_character_rejects_non_17_ascii_digits(bad: str) -> None:
    with pytest.raises(InvalidIdNumber) as excinfo:
        check_character(bad)
    assert excinfo.value.reason == "format"


# --- valid numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", KNOWN_VALID + KNOWN_VALID_X)
def test_known_valid_numbers_parse(number: str) -> None:
    info = parse_id_number(number, TODAY)
    assert isinstance(info, IdInfo)
    assert info.number == number
    assert info.region_code == number[:6]


@pytest.mark.parametrize(
    ("number", "birth", "sex", "region"),
    [
        ("110101198503120017", date(1985, 3, 12), "male", "110101"),
        ("110101199002140022", date(1990, 2, 14), "female", "110101"),
        ("110101195207010039", date(1952, 7, 1), "male", "110101"),
        ("110101195511200021", date(1955, 11, 20), "female", "110101"),
        ("110101201604080012", date(2016, 4, 8), "male", "110101"),
        ("110101202605210020", date(2026, 5, 21), "female", "110101"),
        ("310104198808080032", date(1988, 8, 8), "male", "310104"),
        ("110101197001010016", date(1970, 1, 1), "male", "110101"),
        ("110101194803150025", date(1948, 3, 15), "female", "110101"),
        ("11010119900101004X", date(1990, 1, 1), "female", "110101"),
        ("11010119850312005X", date(1985, 3, 12), "male", "110101"),
        ("44030419991231004X", date(1999, 12, 31), "female", "440304"),
        ("11010120000229000X", date(2000, 2, 29), "female", "110101"),
        ("11010119960229018X", date(1996, 2, 29), "female", "110101"),
    ],
)
def test_extracts_birth_sex_region(number: str, birth: date, sex: str, region: str) -> None:
    info = parse_id_number(number, TODAY)
    assert info == IdInfo(number=number, birth_date=birth, sex=sex, region_code=region)


@pytest.mark.parametrize("digit17", "0123456789")
def test_sex_follows_parity_of_17th_digit(digit17: str) -> None:
    info = parse_id_number(_make("1101011985031200" + digit17), TODAY)
    assert info.sex == ("male" if int(digit17) % 2 else "female")


@pytest.mark.parametrize(
    "province",
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split(),
)
def test_every_listed_province_is_accepted(province: str) -> None:
    number = _make(province + "010119850312001")
    assert parse_id_number(number, TODAY).region_code == province + "0101"


@pytest.mark.parametrize(
    "birth",
    [date(1900, 1, 1), date(1904, 2, 29), date(2000, 2, 29), date(2024, 2, 29), date(2020, 2, 29), date(1996, 2, 29)],
)
def test_valid_edge_dates(birth: date) -> None:
    number = _make(f"110101{birth:%Y%m%d}001")
    assert parse_id_number(number, TODAY).birth_date == birth


def test_born_today_is_not_future() -> None:
    number = _make("11010120261123001")
    assert parse_id_number(number, TODAY).birth_date == TODAY


def test_leap_day_birth_valid_when_today_is_that_leap_day() -> None:
    number = _make("11010120240229002")
    info = parse_id_number(number, date(2024, 2, 29))
    assert info.birth_date == date(2024, 2, 29)
    assert age_on(info.birth_date, date(2024, 2, 29)) == 0


def test_id_info_is_frozen() -> None:
    info = parse_id_number(KNOWN_VALID[0], TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.number = "x"  # type: ignore[misc]


# --- normalisation ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("110101198503120017", "110101198503120017"),
        ("11010119900101004x", "11010119900101004X"),
        ("11010119900101004" + _fw("x"), "11010119900101004X"),
        ("11010119900101004" + _fw("X"), "11010119900101004X"),
        (_fw("110101198503120017"), "110101198503120017"),
        (_fw("11010119900101004x"), "11010119900101004X"),
        (_fw("1101011985") + "03120017", "110101198503120017"),
        ("110101 19850312 0017", "110101198503120017"),
        ("  110101198503120017  ", "110101198503120017"),
        ("\u3000110101\u300019850312\u30000017\u3000", "110101198503120017"),
        ("110101\t19850312\n0017\r\n", "110101198503120017"),
        ("1101\u00a00119850312\u20030017", "110101198503120017"),
        ("\ufeff110101\u200b198503120017", "110101198503120017"),
        (_fw("110101\u300019850312\u30000017"), "110101198503120017"),
        ("", ""),
        ("   \u3000 ", ""),
        ("abc", "abc"),
    ],
)
def test_normalize_id_number(raw: str, expected: str) -> None:
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "11010119900101004x",
        "11010119900101004" + _fw("x"),
        _fw("11010119900101004X"),
        " 110101 19900101 004x ",
        "\u300011010119900101004X\u3000",
        "110101\u300019900101\u3000004\u3000x",
    ],
)
def test_variant_spellings_parse_to_canonical_form(raw: str) -> None:
    assert parse_id_number(raw, TODAY).number == "11010119900101004X"


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_full_width_and_spaced_forms_of_known_numbers(number: str) -> None:
    full_width = _fw(number)
    spaced = f" {number[:6]} {number[6:14]}\u3000{number[14:]} "
    assert parse_id_number(full_width, TODAY).number == number
    assert parse_id_number(spaced, TODAY).number == number
