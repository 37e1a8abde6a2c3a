"""Shared test vectors and helpers for the app.services.ids tests (test_ids_*.py)."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.ids import InvalidIdNumber, check_character, parse_id_number

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
