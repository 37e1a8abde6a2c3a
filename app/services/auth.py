"""Logging in and out, and the login sessions that decide whether a browser is logged in."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, select

from app.models import Account, LoginSession, Notification, RegistryPerson
from app.services import audit, codes, passwords, ratelimit, registry
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import AccountLocked, DomainError, ValidationFailed
from app.services.registry import PersonView

MAX_WRONG_PASSWORDS = 5
LOCK_FOR = timedelta(minutes=15)
LOGIN_TRIES_PER_CLIENT = 30
LOGIN_WINDOW = timedelta(minutes=15)
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


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open_session(env: Env, session: Session, account: Account, *, method: str, client: str | None) -> str:
    now = env.clock.now()
    token = secrets.token_urlsafe(32)
    assert account.id is not None
    session.add(LoginSession(id=_token_id(token), account_id=account.id, created_at=now, last_seen_at=now))
    account.failed_logins = 0
    account.locked_until = None
    audit.record(session, "login", now=now, account_id=account.id, actor=Actor(account.id, account.role, client),
                 method=method)
    return token


def require_account(session: Session, account_id: int, *, for_update: bool = False) -> Account:
    """The account a logged-in action is for; gone (deleted meanwhile) means logged out. `for_update`: locked
    until the transaction ends (PostgreSQL; SQLite's immediate transactions are serialised already)."""
    account = session.get(Account, account_id, with_for_update=for_update)
    if account is None:
        raise DomainError("not_authenticated")
    return account


def _role(session: Session, account_id: int) -> str:
    account = session.get(Account, account_id)
    return account.role if account else "resident"


def _by_phone(session: Session, phone: str) -> Account | None:
    return session.exec(select(Account).where(Account.phone == phone, Account.disabled_at.is_(None))).first()  # type: ignore[union-attr]


def _checked_phone(raw: str) -> str:
    phone = codes.normalize_phone(raw)
    problem = codes.phone_problem(phone)
    if problem:
        raise ValidationFailed({"phone": problem})
    return phone


def _count_client_try(env: Env, session: Session, client: str | None) -> None:
    """Every login try from one client counts against one budget, whichever method it uses."""
    if client:
        now = env.clock.now()
        ratelimit.check(session, f"login:client:{client}", limit=LOGIN_TRIES_PER_CLIENT, window=LOGIN_WINDOW,
                        now=now, code="login_rate_limited")
        ratelimit.record(session, f"login:client:{client}", now)


def login_with_password(env: Env, phone: str, password: str, *, client: str | None) -> str:
    """Check the password and open a session; 5 wrong passwords lock the account for 15 minutes.
    Slow on purpose (argon2): call it off the event loop. The password is checked between two short
    transactions, so no other request waits for it (SQLite has one writer at a time)."""
    errors = {}
    phone = codes.normalize_phone(phone)
    if problem := codes.phone_problem(phone):
        errors["phone"] = problem
    if not password:
        errors["password"] = "password_empty"
    if errors:
        raise ValidationFailed(errors)
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        _count_client_try(env, session, client)
        account = _by_phone(session, phone)
        locked = account.locked_until if account is not None else None
        stored = (account.id, account.password_hash) if account is not None else None
    # committed: the client's try counts whatever comes next
    if locked and locked > now:
        raise AccountLocked(locked, now)
    if stored is None:
        passwords.verify_password(passwords.dummy_hash(), password)  # as long as for a known number
        raise ValidationFailed({"phone": "phone_unknown"})
    account_id, password_hash = stored
    right = passwords.verify_password(password_hash, password)
    rehashed = passwords.hash_password(password) if right and passwords.needs_rehash(password_hash) else None
    return _after_password_check(env, account_id, password_hash, right, rehashed, client=client)


def _after_password_check(env: Env, account_id: int | None, checked_hash: str, right: bool, rehashed: str | None, *,
                          client: str | None) -> str:
    """Count a wrong password (and lock), or open the session; the account is read again, as it is now."""
    failure: DomainError
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = session.get(Account, account_id, with_for_update=True)  # PostgreSQL: one try at a time
        if account is None or account.disabled_at is not None:
            failure = ValidationFailed({"phone": "phone_unknown"})
        elif account.locked_until and account.locked_until > now:  # locked by other tries meanwhile
            failure = AccountLocked(account.locked_until, now)
        elif account.password_hash != checked_hash:  # the password changed meanwhile: not the one checked
            failure = ValidationFailed({"password": "password_wrong"}, left=MAX_WRONG_PASSWORDS - account.failed_logins)
        elif not right:
            account.failed_logins += 1
            audit.record(session, "login_failed", now=now, account_id=account.id,
                         actor=Actor(None, "anonymous", client))
            if account.failed_logins >= MAX_WRONG_PASSWORDS:
                account.locked_until = now + LOCK_FOR
                account.failed_logins = 0
                audit.record(session, "account_locked", now=now, account_id=account.id,
                             actor=Actor(None, "system", client), until=account.locked_until)
                failure = AccountLocked(account.locked_until, now)
            else:
                failure = ValidationFailed({"password": "password_wrong"},
                                           left=MAX_WRONG_PASSWORDS - account.failed_logins)
        else:
            if rehashed is not None:
                account.password_hash = rehashed
            return _open_session(env, session, account, method="password", client=client)
    # Committed above: the counted wrong try and the lock survive the error.
    raise failure


def send_login_code(env: Env, phone: str, *, client: str | None) -> codes.SentCode:
    phone = _checked_phone(phone)
    with env.db.transaction(immediate=True) as session:
        if _by_phone(session, phone) is None:
            raise ValidationFailed({"phone": "phone_unknown"})
        return codes.issue(env, session, phone, "login", client=client)


def login_with_code(env: Env, phone: str, code: str, *, client: str | None) -> str:
    phone = _checked_phone(phone)
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        _count_client_try(env, session, client)
        account = _by_phone(session, phone)
        if account is None:
            failure = DomainError("phone_unknown", field="phone")
        else:
            failure = codes.consume(env, session, phone, "login", code)
        if failure is None and account is not None:
            return _open_session(env, session, account, method="sms_code", client=client)
    # Committed above: the client's try and a wrong code count even though this fails.
    assert failure is not None
    raise ValidationFailed({failure.field or "code": failure.code}, **failure.params)


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
        found = session.exec(_SESSION_QUERY, params={"token_id": _token_id(token)}).first()
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
    if row.ended_at is not None:
        return False
    if now - row.last_seen_at >= timedelta(minutes=env.settings.session_idle_minutes):
        _end_or_touch(env, row.id, now, "idle")
        return False
    if account is None or account.disabled_at is not None:
        _end_or_touch(env, row.id, now, "disabled")
        return False
    return True


_LOGIN_QUERY = (select(LoginSession, Account).outerjoin(Account, Account.id == LoginSession.account_id)  # type: ignore[arg-type]
                .where(LoginSession.id == bindparam("token_id")))


def session_account(env: Env, token: str | None) -> int | None:
    """The account whose login `token` still is, for a page's every action (DESIGN.md §5): None when it
    ended (logged out, on all devices too), idled past its limit, or its account was disabled or deleted. It
    does not count as use (the page's own activity signal does)."""
    if not token:
        return None
    with env.db.transaction() as session:
        now = env.clock.now()
        found = session.exec(_LOGIN_QUERY, params={"token_id": _token_id(token)}).first()
    if found is None:
        return None
    row, account = found
    return account.id if _still_open(env, row, account, now) and account is not None else None


def _end_or_touch(env: Env, token_id: str, now: datetime, reason: str | None = None) -> None:
    """End the session for `reason`, or (without one) mark it as used now; a session already ended stays
    as it ended. One statement, in a transaction of its own."""
    values = {"ended_at": now, "end_reason": reason} if reason else {"last_seen_at": now}
    with env.db.transaction(immediate=True) as session:
        session.exec(update(LoginSession).where(LoginSession.id == token_id,  # type: ignore[arg-type]
                                                LoginSession.ended_at.is_(None)).values(**values))  # type: ignore[union-attr]


def keep_alive(env: Env, token: str | None) -> bool:
    """Count activity on the page as use, so the idle timer restarts. False when already ended."""
    if not token:
        return False
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        row = session.get(LoginSession, _token_id(token))
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
        row = session.get(LoginSession, _token_id(token))
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
