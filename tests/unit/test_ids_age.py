"""Unit tests for app.services.ids (GB 11643-1999 identity numbers): age on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.ids import (
    age_on,
)

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
