"""Unit tests for app.services.ids (GB 11643-1999 identity numbers): invalid numbers, the reason each is
refused, and the InvalidIdNumber exception."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from app.services.ids import (
    InvalidIdNumber,
    parse_id_number,
)
from tests.unit.ids_helpers import (
    ALL_CHECK_CHARS,
    KNOWN_VALID,
    KNOWN_VALID_X,
    TODAY,
    _fw,
    _make,
    _reason,
)

# --- invalid numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", " ", "   ", "\u3000", "\t\n", " \u3000 \u00a0", "\u200b"])
def test_empty(raw: str) -> None:
    assert _reason(raw) == "empty"


@pytest.mark.parametrize(
    "raw",
    [
        "110101850312001",  # old 15-digit number
        "11010185031200X",
        "1101011985031200171",  # 19 digits
        "11010119850312001",  # 17 digits
        "1",
        "X",
        "1101011985A3120017",
        "11010119850312001A",
        "11010119850312X017",  # X not at the end
        "X10101198503120017",
        "1101011985031200XX",
        "11010119850312001Y",
        "110101-19850312-0017",
        "110101198503120017.",
        "١١٠١٠١١٩٨٥٠٣١٢٠٠١٧",  # Arabic-Indic digits are digits, but not ASCII ones
        "११०१०११९८५०३१२००१७",  # Devanagari digits
        "+10101198503120017",
    ],
)
def test_format(raw: str) -> None:
    assert _reason(raw) == "format"


@pytest.mark.parametrize("province", "00 99 19 01 10 16 20 24 30 38 40 47 49 55 60 66 70 72 80 84 90".split())
def test_region(province: str) -> None:
    # Correct check character, so only the province prefix is wrong.
    assert _reason(_make(province + "010119850312001")) == "region"


@pytest.mark.parametrize(
    "yyyymmdd",
    [
        "19850230",  # Feb 30
        "19851301",  # month 13
        "19850001",
        "19850100",
        "19850431",
        "19851232",
        "20230229",  # 2023 is not a leap year
        "19000229",  # nor is 1900 (century rule)
        "21000229",
        "18991231",  # before 1900
        "18000101",
        "00000000",
        "19859999",
    ],
)
def test_date(yyyymmdd: str) -> None:
    assert _reason(_make(f"110101{yyyymmdd}001")) == "date"


@pytest.mark.parametrize("yyyymmdd", ["20261124", "20261201", "20270101", "29991231", "99991231"])
def test_future(yyyymmdd: str) -> None:
    assert _reason(_make(f"110101{yyyymmdd}001")) == "future"


def test_future_depends_on_today() -> None:
    number = _make("11010120240229002")
    assert _reason(number, date(2024, 2, 28)) == "future"
    assert parse_id_number(number, date(2024, 2, 29)).birth_date == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("number", "wrong"),
    [(n, c) for n in KNOWN_VALID + KNOWN_VALID_X for c in ALL_CHECK_CHARS if c != n[17]],
)
def test_checksum_every_wrong_check_character(number: str, wrong: str) -> None:
    assert _reason(number[:17] + wrong) == "checksum"


@pytest.mark.parametrize("wrong", ["x", _fw("x"), _fw("X")])
def test_checksum_wrong_lower_or_full_width_x(wrong: str) -> None:
    assert _reason("11010119850312001" + wrong) == "checksum"


@pytest.mark.parametrize(
    "number",
    ["110101198503120071", "110101198503121007", "110110198503120017", "110101198503210017"],
)
def test_checksum_catches_transpositions(number: str) -> None:
    assert _reason(number) == "checksum"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0001011985031200", "format"),  # format wins over region
        ("000101198502300017", "region"),  # region wins over date and checksum
        ("110101198502300010", "date"),  # date wins over checksum
        ("110101189901010010", "date"),
        ("110101203001010010", "future"),  # future wins over checksum
    ],
)
def test_validation_order(raw: str, reason: str) -> None:
    assert _reason(raw) == reason


# --- the exception ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["empty", "format", "region", "date", "future", "checksum"])
def test_invalid_id_number_carries_reason(reason: str) -> None:
    err = InvalidIdNumber(reason)
    assert isinstance(err, ValueError)
    assert err.reason == reason
    assert reason in str(err)
    clone = pickle.loads(pickle.dumps(err))
    assert isinstance(clone, InvalidIdNumber)
    assert clone.reason == reason


def test_error_message_does_not_leak_the_number() -> None:
    with pytest.raises(InvalidIdNumber) as excinfo:
        parse_id_number("110101198503120018", TODAY)
    assert "110101198503120018" not in str(excinfo.value)
    assert "110101198503120018" not in repr(excinfo.value)


def test_invalid_id_number_catchable_as_value_error() -> None:
    with pytest.raises(ValueError, match="checksum"):
        parse_id_number("110101198503120018", TODAY)
