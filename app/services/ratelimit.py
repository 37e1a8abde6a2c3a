"""Sliding-window rate limits kept in the database, so they hold across app instances."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from app.models import RateLimitHit
from app.services.errors import RateLimited


def hits(session: Session, key: str, since: datetime) -> list[datetime]:
    query = select(RateLimitHit.at).where(RateLimitHit.key == key, RateLimitHit.at > since).order_by(RateLimitHit.at)
    return list(session.exec(query).all())


def check(
    session: Session, key: str, *, limit: int, window: timedelta, now: datetime, code: str | None = None,
    field: str | None = None,
) -> None:
    """Raise RateLimited (with the time it opens again) when `key` already has `limit` hits in `window`."""
    recent = hits(session, key, now - window)
    if len(recent) >= limit:
        raise RateLimited(code, retry_at=recent[len(recent) - limit] + window, now=now, field=field)


def record(session: Session, key: str, now: datetime) -> None:
    session.add(RateLimitHit(key=key, at=now))


def count(session: Session, key: str, *, window: timedelta, now: datetime) -> int:
    query = select(func.count()).select_from(RateLimitHit).where(
        RateLimitHit.key == key, RateLimitHit.at > now - window)
    return int(session.exec(query).one())


def purge(session: Session, older_than: datetime) -> None:
    """Forget hits no window can reach any more."""
    session.exec(delete(RateLimitHit).where(RateLimitHit.at < older_than))  # type: ignore[call-overload]


def clear(session: Session, key: str) -> None:
    """Start counting `key` again (a good login clears its wrong tries)."""
    session.exec(delete(RateLimitHit).where(RateLimitHit.key == key))  # type: ignore[call-overload]


def latest(session: Session, key: str, since: datetime) -> datetime | None:
    """The newest hit of `key` after `since`."""
    recent = hits(session, key, since)
    return recent[-1] if recent else None
