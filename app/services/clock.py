"""The one clock all date logic reads, so tests and demos can fix "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "CST")


class Clock:
    """Real time. `now()` is timezone-aware UTC (as stored); `today()` is the calendar date in China."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return to_local(self.now()).date()


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and reproducible demos."""

    def __init__(self, now: datetime) -> None:
        self._now = (now if now.tzinfo else now.replace(tzinfo=CHINA_TZ)).astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


def to_local(moment: datetime) -> datetime:
    """A stored UTC time as China local time, for display."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(CHINA_TZ)
