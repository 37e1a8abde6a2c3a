"""Chinese identity numbers of the GB 11643-1999 shape: normalising, validating, parsing and masking.

Besides the resident identity card, the same 18 characters and check character are used by the residence permits
of Hong Kong, Macao and Taiwan residents (prefixes 81, 82, 83) and by the foreigners' permanent residence ID card
of 2023 ("9", the issuing province, a 3-digit nationality code, then birth date, sequence and check character).

Pure standard library so it can be used from services, pages and tests alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "REASONS",
    "IdInfo",
    "InvalidIdNumber",
    "age_on",
    "check_character",
    "mask_id_number",
    "mask_name",
    "normalize_id_number",
    "parse_id_number",
]

REASONS: tuple[str, ...] = ("empty", "format", "region", "date", "future", "checksum")

_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_MIN_YEAR = 1900

# Province-level prefixes of GB/T 2260 (71: Taiwan); they also issue the foreigners' permanent residence ID card.
_MAINLAND: frozenset[str] = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
)
# Residence permits of Hong Kong (81), Macao (82) and Taiwan (83) residents.
_PERMITS: frozenset[str] = frozenset({"81", "82", "83"})
_PROVINCES: frozenset[str] = _MAINLAND | {"71"} | _PERMITS
_FOREIGNER = "9"  # first character of the foreigners' permanent residence ID card (2023)

# Explicit [0-9] because \d would also accept non-ASCII digits such as Arabic-Indic ones.
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS17 = re.compile(r"[0-9]{17}")

# Characters that separate the parts of transliterated minority names; they carry no identity, so stay visible.
_NAME_SEPARATORS = frozenset("·•・")


class InvalidIdNumber(ValueError):
    """Raised with .reason, one of: 'empty', 'format', 'region', 'date', 'future', 'checksum'."""

    def __init__(self, reason: str) -> None:
        # Only the reason is stored: the number itself is personal data and must not end up in logs.
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return f"invalid identity number: {self.reason}"


@dataclass(frozen=True)
class IdInfo:
    """Facts encoded in a valid 18-character identity number."""

    number: str
    birth_date: date
    sex: str
    region_code: str
    kind: str = "resident"  # resident | residence_permit | foreign_permanent_resident


def normalize_id_number(raw: str) -> str:
    """Return `raw` with whitespace removed, full-width forms folded to ASCII and 'x' upper-cased; no validation."""
    text = unicodedata.normalize("NFKC", raw)
    # Numbers pasted from documents or chat apps often carry zero-width characters (category Cf) besides spaces.
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return text.replace("x", "X")


def check_character(first17: str) -> str:
    """Return the MOD 11-2 check character for 17 ASCII digits."""
    if not _DIGITS17.fullmatch(first17):
        raise InvalidIdNumber("format")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse_id_number(raw: str, today: date) -> IdInfo:
    """Normalise and validate `raw`, returning its IdInfo or raising InvalidIdNumber."""
    number = normalize_id_number(raw)
    if not number:
        raise InvalidIdNumber("empty")
    if not _SHAPE.fullmatch(number):
        raise InvalidIdNumber("format")
    kind = _kind(number)
    if kind is None:
        raise InvalidIdNumber("region")

    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if year < _MIN_YEAR:
        raise InvalidIdNumber("date")
    try:
        birth = date(year, month, day)
    except ValueError:
        raise InvalidIdNumber("date") from None
    if birth > today:
        raise InvalidIdNumber("future")

    if check_character(number[:17]) != number[17]:
        raise InvalidIdNumber("checksum")

    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdInfo(number=number, birth_date=birth, sex=sex, region_code=number[:6], kind=kind)


def _kind(number: str) -> str | None:
    """Which document the number belongs to, from its first characters; None for a prefix no one issues."""
    if number[0] == _FOREIGNER:
        # Issued by a mainland province's public security authority; the nationality code is not checked (no list).
        return "foreign_permanent_resident" if number[1:3] in _MAINLAND else None
    if number[:2] in _PERMITS:
        return "residence_permit"
    return "resident" if number[:2] in _PROVINCES else None


def age_on(birth: date, today: date) -> int:
    """Return the age in whole years on `today`; a Feb 29 birthday counts on Mar 1 in non-leap years."""
    if today < birth:
        raise ValueError("today is before the birth date")
    # Tuple comparison makes (2, 28) < (2, 29) < (3, 1), which is exactly the Feb 29 rule above.
    not_yet = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - int(not_yet)


def mask_id_number(number: str) -> str:
    """Return `number` as first 6 + eight '*' + last 4 characters, or all '*' when shorter than 10."""
    if len(number) < 10:  # noqa: PLR2004 - 6 shown + 4 shown; anything shorter would reveal overlapping parts
        return "*" * len(number)
    # A fixed eight stars (not len - 10) so the mask does not leak the length of malformed input.
    return f"{number[:6]}{'*' * 8}{number[-4:]}"


def mask_name(name: str) -> str:
    """Return `name` with every character but the first and last starred ('·' separators stay visible)."""
    chars = list(name)
    if len(chars) <= 1:
        return "*" * len(chars)
    if len(chars) == 2:  # noqa: PLR2004 - showing both characters of a two-character name would hide nothing
        return chars[0] + "*"
    middle = "".join(ch if ch in _NAME_SEPARATORS else "*" for ch in chars[1:-1])
    return chars[0] + middle + chars[-1]
