"""Unit tests for app.services.ids (GB 11643-1999 identity numbers)."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date

import pytest

from app.services.ids import (
    IdInfo,
    InvalidIdNumber,
    age_on,
    check_character,
    mask_id_number,
    mask_name,
    normalize_id_number,
    parse_id_number,
)

TODAY = date(2026, 11, 23)

KNOWN_VALID = [
    "110101198503120017",
    "110101199002140022",
    "110101195207010039",
    "110101195511200021",
    "110101201604080012",
    "110101202605210020",
    "310104198808080032",
    "110101197001010016",
    "110101194803150025",
]

# Computed independently of the module under test; all have check character X.
KNOWN_VALID_X = [
    "11010119900101004X",
    "11010119850312005X",
    "44030419991231004X",
    "11010120000229000X",
    "11010119960229018X",
]

ALL_CHECK_CHARS = "0123456789X"


def _fw(text: str) -> str:
    """Full-width form of ASCII `text` (U+FF01..U+FF5E); spelt out here because ruff flags literal look-alikes."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _make(first17: str) -> str:
    """Complete a 17-digit prefix with its correct check character."""
    return first17 + check_character(first17)


def _reason(raw: str, today: date = TODAY) -> str:
    with pytest.raises(InvalidIdNumber) as excinfo:
        parse_id_number(raw, today)
    return excinfo.value.reason


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


@pytest.mark.parametrize("province", "00 99 19 01 10 16 20 24 30 38 40 47 49 55 60 66 70 72 80 83 90".split())
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


# --- age_on -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (date(1985, 3, 12), date(1985, 3, 12), 0),
        (date(1985, 3, 12), date(1986, 3, 11), 0),
        (date(1985, 3, 12), date(1986, 3, 12), 1),
        (date(1985, 3, 12), date(2026, 3, 11), 40),
        (date(1985, 3, 12), date(2026, 3, 12), 41),
        (date(1985, 3, 12), date(2026, 11, 23), 41),
        (date(1990, 12, 31), date(2026, 12, 30), 35),
        (date(1990, 12, 31), date(2026, 12, 31), 36),
        (date(1990, 1, 1), date(2025, 12, 31), 35),
        (date(1990, 1, 1), date(2026, 1, 1), 36),
        (date(2026, 5, 21), date(2026, 11, 23), 0),
        # Feb 29 births: in non-leap years the birthday counts on Mar 1.
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2023, 2, 28), 22),
        (date(2000, 2, 29), date(2023, 3, 1), 23),
        (date(2000, 2, 29), date(2024, 2, 28), 23),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
        (date(2000, 2, 29), date(2024, 3, 1), 24),
        (date(2000, 2, 29), date(2100, 2, 28), 99),
        (date(2000, 2, 29), date(2100, 3, 1), 100),
        # Born the day after Feb 28 in a non-leap year, compared on a leap day.
        (date(2001, 3, 1), date(2004, 2, 29), 2),
        (date(2001, 2, 28), date(2004, 2, 28), 3),
        (date(2001, 2, 28), date(2004, 2, 27), 2),
    ],
)
def test_age_on(birth: date, today: date, age: int) -> None:
    assert age_on(birth, today) == age


def test_age_on_rejects_today_before_birth() -> None:
    with pytest.raises(ValueError, match="before"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


# --- masking ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110101198503120017", "110101********0017"),
        ("11010119900101004X", "110101********004X"),
        ("310104198808080032", "310104********0032"),
        ("1234567890", "123456********7890"),
        ("123456789", "*********"),
        ("1", "*"),
        ("", ""),
    ],
)
def test_mask_id_number(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@pytest.mark.parametrize("number", KNOWN_VALID + KNOWN_VALID_X)
def test_mask_id_number_hides_birth_date(number: str) -> None:
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[6:14] == "*" * 8
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("", ""),
        ("张", "*"),
        ("张三", "张*"),
        ("张建国", "张*国"),
        ("欧阳娜娜", "欧**娜"),
        ("司马相如", "司**如"),
        ("阿依古丽·买买提", "阿***·**提"),
        ("买买提·艾力", "买**·*力"),
        ("努尔·买买提·艾力", "努*·***·*力"),
        ("𠀾", "*"),
        ("𠀾三", "𠀾*"),
        ("李𠀾明", "李*明"),
        ("𠀾建𠀾", "𠀾*𠀾"),
        ("王𠀾", "王*"),
        ("刘䶮", "刘*"),
        ("刘䶮明", "刘*明"),
        ("John Smith", "J********h"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize("name", ["张建国", "欧阳娜娜", "阿依古丽·买买提", "𠀾建𠀾", "李𠀾明"])
def test_mask_name_preserves_length_in_code_points(name: str) -> None:
    assert len(mask_name(name)) == len(name)
