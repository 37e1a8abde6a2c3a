"""Login sessions: how a login becomes a browser's session, and whether a browser is still logged in.

A login (app/services/auth.py) makes a one-time handoff: a session row keyed by the SHA-256 of a secret the
browser is sent to once. Taking it over (`bind_session`) gives the browser a new browser id and keys the row by
the SHA-256 of "<browser id>:<key>"; the session storage keeps only the key, so what it holds is no login token
on its own (DESIGN.md §5), and a browser id planted before the login is not the one logged in."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from app.models import Account, LoginSession, Notification, RegistryPerson
from app.services import audit, registry
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import DomainError
from app.services.registry import PersonView

HANDOFF_VALID = timedelta(minutes=2)
# Writing last_seen on every request would be a write per page view; this much drift is harmless.
TOUCH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class Preferences:
    text_size: str | None = None
    high_contrast: bool | None = None
    read_aloud: bool | None = None
    language: str | None = None


@dataclass(frozen=True)
class SessionInfo:
    account_id: int
    role: str
    phone: str
    verified: bool
    preferences: Preferences
    idle_expires_at: datetime
    person: PersonView | None = None  # the account's own registry record, once real-name verified
    unread: int = 0  # notifications not yet read, for the bell

    @property
    def name(self) -> str | None:
        """The real name, once verified."""
        return self.person.name if self.person else None


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def browser_token(browser_id: str, key: str) -> str:
    """The token a browser presents: its browser id with the key its session storage keeps."""
    return f"{browser_id}:{key}"


def open_session(env: Env, session: Session, account: Account, *, method: str, client: str | None,
                 browser: str = "") -> str:
    """A new login of `account` (audited), in the caller's transaction; returns its one-time handoff, which only
    the browser `browser` (the one that logged in) can take over."""
    now = env.clock.now()
    handoff = secrets.token_urlsafe(32)
    assert account.id is not None
    session.add(LoginSession(id=token_id(browser_token(browser, handoff)), account_id=account.id, created_at=now,
                             last_seen_at=now))
    audit.record(session, "login", now=now, account_id=account.id, actor=Actor(account.id, account.role, client),
                 method=method)
    return handoff


def bind_session(env: Env, handoff: str, browser_id: str, *, previous: str = "") -> str | None:
    """The browser that logged in (`previous`, its browser id then) takes over the login of `handoff` under its new
    browser id `browser_id` (once, within two minutes); returns the key its session storage keeps, or None when the
    handoff is unknown, another browser's, used, ended or too old (a link to someone else's login logs no one
    in)."""
    if not handoff or not browser_id:
        return None
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        row = session.get(LoginSession, token_id(browser_token(previous, handoff)))
        if row is None or row.bound_at is not None or row.ended_at is not None or now - row.created_at > HANDOFF_VALID:
            return None
        key = secrets.token_urlsafe(32)
        session.exec(update(LoginSession).where(LoginSession.id == row.id)  # type: ignore[arg-type]
                     .values(id=token_id(browser_token(browser_id, key)), bound_at=now, last_seen_at=now))
        return key


def require_account(session: Session, account_id: int, *, for_update: bool = False) -> Account:
    """The account a logged-in action is for; deleted meanwhile (a tombstone) means logged out. `for_update`: locked
    until the transaction ends (PostgreSQL; SQLite's immediate transactions are serialised already)."""
    account = session.get(Account, account_id, with_for_update=for_update)
    if account is None or account.deleted_at is not None:
        raise DomainError("not_authenticated")
    return account


def _role(session: Session, account_id: int) -> str:
    account = session.get(Account, account_id)
    return account.role if account else "resident"


_UNREAD = select(func.count()).select_from(Notification).where(
    Notification.account_id == Account.id, Notification.read_at.is_(None)).scalar_subquery()  # type: ignore[union-attr,arg-type]
# Built once: making the statement cost more than running it (about 0.4 ms a page view).
_SESSION_QUERY = (select(LoginSession, Account, RegistryPerson, _UNREAD)
                  .outerjoin(Account, Account.id == LoginSession.account_id)  # type: ignore[arg-type]
                  .outerjoin(RegistryPerson, RegistryPerson.id == Account.person_id)  # type: ignore[arg-type]
                  .where(LoginSession.id == bindparam("token_id")))


def current_session(env: Env, token: str | None, *, touch: bool = True) -> SessionInfo | None:
    """The logged-in account behind `token`, or None when it is unknown, ended or idle too long.

    One statement reads what every page's frame shows: the session, its account, the account's own
    registry record and how many notifications are unread (DESIGN.md §7: round-trips per page)."""
    if not token:
        return None
    idle_limit = timedelta(minutes=env.settings.session_idle_minutes)
    with env.db.transaction() as session:  # only reads: a page view waits for no writer
        now = env.clock.now()
        found = session.exec(_SESSION_QUERY, params={"token_id": token_id(token)}).first()
    if found is None:
        return None
    row, account, person, unread = found
    if not _still_open(env, row, account, now):
        return None
    if touch and now - row.last_seen_at >= TOUCH_EVERY:
        _end_or_touch(env, row.id, now)
        row.last_seen_at = now
    assert account.id is not None
    return SessionInfo(
        account_id=account.id,
        role=account.role,
        phone=account.phone,
        verified=account.verified_at is not None,
        preferences=Preferences(account.text_size, account.high_contrast, account.read_aloud, account.language),
        idle_expires_at=row.last_seen_at + idle_limit,
        person=registry.view(env.crypto, person) if person is not None else None,
        unread=int(unread or 0),
    )


def _still_open(env: Env, row: LoginSession, account: Account | None, now: datetime) -> bool:
    """Whether a login still holds: not ended, not idle too long, its account there and not disabled. One
    found idle or disabled is ended here."""
    if row.ended_at is not None or row.bound_at is None:
        return False
    if now - row.last_seen_at >= timedelta(minutes=env.settings.session_idle_minutes):
        _end_or_touch(env, row.id, now, "idle")
        return False
    if account is None or account.disabled_at is not None:
        _end_or_touch(env, row.id, now, "disabled")
        return False
    return True


# Only the columns the check reads (not two whole rows made into objects): it runs before every event of every page.
_LOGIN_QUERY = (select(LoginSession.id, LoginSession.ended_at, LoginSession.bound_at,  # type: ignore[call-overload]
                       LoginSession.last_seen_at, Account.id.label("account_id"), Account.disabled_at)  # type: ignore[union-attr]
                .outerjoin(Account, Account.id == LoginSession.account_id)  # type: ignore[arg-type]
                .where(LoginSession.id == bindparam("token_id")))


def session_account(env: Env, token: str | None) -> int | None:
    """The account whose login `token` still is, for a page's every action (DESIGN.md §5): None when it
    ended (logged out, on all devices too), idled past its limit, or its account was disabled or deleted. It
    does not count as use (the page's own activity signal does)."""
    if not token:
        return None
    with env.db.transaction() as session:
        now = env.clock.now()
        found = session.exec(_LOGIN_QUERY, params={"token_id": token_id(token)}).first()
    if found is None:
        return None
    account = found if found.account_id is not None else None  # the row has the account's columns the check reads
    return found.account_id if _still_open(env, found, account, now) else None  # type: ignore[arg-type]


def _end_or_touch(env: Env, row_id: str, now: datetime, reason: str | None = None) -> None:
    """End the session for `reason`, or (without one) mark it as used now; a session already ended stays
    as it ended. One statement, in a transaction of its own."""
    values = {"ended_at": now, "end_reason": reason} if reason else {"last_seen_at": now}
    with env.db.transaction(immediate=True) as session:
        session.exec(update(LoginSession).where(LoginSession.id == row_id,  # type: ignore[arg-type]
                                                LoginSession.ended_at.is_(None)).values(**values)  # type: ignore[union-attr]
                     .execution_options(synchronize_session=False))  # no row of it is loaded here to keep in step


def keep_alive(env: Env, token: str | None) -> bool:
    """Count activity on the page as use, so the idle timer restarts. False when already ended."""
    if not token:
        return False
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        row = session.get(LoginSession, token_id(token))
        if row is None or row.ended_at is not None:
            return False
        if now - row.last_seen_at >= timedelta(minutes=env.settings.session_idle_minutes):
            row.ended_at, row.end_reason = now, "idle"
            return False
        row.last_seen_at = now
        return True


def logout(env: Env, token: str | None, *, client: str | None = None) -> None:
    if not token:
        return
    with env.db.transaction(immediate=True) as session:
        row = session.get(LoginSession, token_id(token))
        if row is None or row.ended_at is not None:
            return
        now = env.clock.now()
        row.ended_at, row.end_reason = now, "logout"
        audit.record(session, "logout", now=now, account_id=row.account_id,
                     actor=Actor(row.account_id, _role(session, row.account_id), client))


def logout_everywhere(env: Env, account_id: int, *, client: str | None = None) -> int:
    """End every session of the account; returns how many were open."""
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        open_rows = session.exec(
            select(LoginSession).where(LoginSession.account_id == account_id, LoginSession.ended_at.is_(None))  # type: ignore[union-attr]
        ).all()
        for row in open_rows:
            row.ended_at, row.end_reason = now, "all_devices"
        audit.record(session, "logout_all_devices", now=now, account_id=account_id,
                     actor=Actor(account_id, _role(session, account_id), client), sessions=len(open_rows))
        return len(open_rows)


def end_sessions(session: Session, account_id: int, now: datetime, reason: str, *, keep: str | None = None) -> int:
    """End the account's open sessions for `reason` in the caller's transaction (so they end exactly when the
    change that ends them is written), all but the one of token `keep`; returns how many ended."""
    kept = token_id(keep) if keep else None
    rows = session.exec(
        select(LoginSession).where(LoginSession.account_id == account_id, LoginSession.ended_at.is_(None))  # type: ignore[union-attr]
    ).all()
    ended = [row for row in rows if row.id != kept]
    for row in ended:
        row.ended_at, row.end_reason = now, reason
    return len(ended)
