"""Unit tests for app.services.ids (GB 11643-1999 identity numbers): masking numbers and names."""

from __future__ import annotations

import pytest

from app.services.ids import (
    mask_id_number,
    mask_name,
)
from tests.unit.ids_helpers import (
    KNOWN_VALID,
    KNOWN_VALID_X,
)

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
