"""Logging in with a password or an SMS code. What a login becomes (a browser's session) is app/services/sessions.py.

Nothing here tells whether a number has an account (DESIGN.md §2.1.4): a wrong number and a wrong password get
the same answer, "Send code" answers the same for every number, every try counts against the limits before the
number is looked up, and password lockouts are kept per number in the rate-limit table whether or not the number
has an account."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import Account
from app.services import audit, codes, passwords, proofs, ratelimit
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import AccountLocked, DomainError, ValidationFailed

# Pages and tests know the session functions as auth.*; they live in sessions.py.
from app.services.sessions import (
    Preferences,
    SessionInfo,
    bind_session,
    browser_token,
    current_session,
    keep_alive,
    logout,
    logout_everywhere,
    open_session,
    require_account,
    session_account,
)

__all__ = ["Preferences", "SessionInfo", "bind_session", "browser_token", "current_session", "keep_alive",
           "login_with_code", "login_with_password", "logout", "logout_everywhere", "open_session",
           "require_account", "send_login_code", "session_account"]

MAX_WRONG_PASSWORDS = 5
LOCK_FOR = timedelta(minutes=15)
WRONG_COUNTED_FOR = timedelta(days=1)  # wrong passwords older than this no longer count towards a lock
LOGIN_TRIES_PER_CLIENT = 30
LOGIN_WINDOW = timedelta(minutes=15)


def _wrong_key(phone: str) -> str:
    return f"login:wrong:{phone}"


def _lock_key(phone: str) -> str:
    return f"login:lock:{phone}"


def locked_until(session: Session, phone: str, now: datetime) -> datetime | None:
    """Until when password login for `phone` is locked (whether or not it has an account), or None."""
    locked_at = ratelimit.latest(session, _lock_key(phone), now - LOCK_FOR)
    return locked_at + LOCK_FOR if locked_at else None


def clear_lock(session: Session, phone: str) -> None:
    """A good login (or a new password) starts the count of wrong passwords again and lifts a lock."""
    ratelimit.clear(session, _wrong_key(phone))
    ratelimit.clear(session, _lock_key(phone))


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


def _open(env: Env, session: Session, account: Account, *, method: str, client: str | None, browser: str) -> str:
    clear_lock(session, account.phone)
    proofs.on_login(env, session, account)  # an account verified before proof was asked for may owe it now
    return open_session(env, session, account, method=method, client=client, browser=browser)


def login_with_password(env: Env, phone: str, password: str, *, client: str | None, browser: str = "") -> str:
    """Check the password and open a session (returns its handoff for `browser`); 5 wrong passwords for a number lock
    password login for it for 15 minutes. Slow on purpose (argon2): call it off the event loop. The password is checked
    between two short transactions, so no other request waits for it (SQLite has one writer at a time)."""
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
        locked = locked_until(session, phone, now)
        account = _by_phone(session, phone)
        stored = (account.id, account.password_hash) if account is not None else None
    # committed: the client's try counts whatever comes next
    if locked:
        raise AccountLocked(locked, now)
    if stored is None:
        passwords.verify_password(passwords.dummy_hash(), password)  # as long as for a number with an account
        return _after_password_check(env, phone, None, "", right=False, rehashed=None, client=client, browser=browser)
    account_id, password_hash = stored
    right = passwords.verify_password(password_hash, password)
    rehashed = passwords.hash_password(password) if right and passwords.needs_rehash(password_hash) else None
    return _after_password_check(env, phone, account_id, password_hash, right=right, rehashed=rehashed,
                                 client=client, browser=browser)


def _after_password_check(env: Env, phone: str, account_id: int | None, checked_hash: str, *, right: bool,
                          rehashed: str | None, client: str | None, browser: str) -> str:
    """Open the session, or count a wrong try for the number (and lock it); the account is read again, as it is
    now. A number without an account is answered and counted exactly like a wrong password."""
    failure: DomainError
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = session.get(Account, account_id, with_for_update=True) if account_id else None  # one try at a time
        usable = account is not None and account.disabled_at is None and account.phone == phone
        if (locked := locked_until(session, phone, now)) is not None:  # locked by other tries meanwhile
            failure = AccountLocked(locked, now)
        elif usable and right and account is not None and account.password_hash == checked_hash:
            if rehashed is not None:
                account.password_hash = rehashed
            return _open(env, session, account, method="password", client=client, browser=browser)
        else:
            failure = _count_wrong(env, session, phone, account if usable else None, client)
    # Committed above: the counted wrong try and the lock survive the error.
    raise failure


def _count_wrong(env: Env, session: Session, phone: str, account: Account | None, client: str | None) -> DomainError:
    now = env.clock.now()
    ratelimit.record(session, _wrong_key(phone), now)
    if account is not None:
        audit.record(session, "login_failed", now=now, account_id=account.id, actor=Actor(None, "anonymous", client))
    wrong = ratelimit.count(session, _wrong_key(phone), window=WRONG_COUNTED_FOR, now=now)
    if wrong < MAX_WRONG_PASSWORDS:
        return ValidationFailed({"password": "login_wrong"}, left=MAX_WRONG_PASSWORDS - wrong)
    ratelimit.clear(session, _wrong_key(phone))
    ratelimit.record(session, _lock_key(phone), now)
    if account is not None:
        audit.record(session, "account_locked", now=now, account_id=account.id, actor=Actor(None, "system", client),
                     until=now + LOCK_FOR)
    return AccountLocked(now + LOCK_FOR, now)


def send_login_code(env: Env, phone: str, *, client: str | None) -> codes.SentCode:
    """"Send code" on the login page: answered and counted the same for every number; only a number with an
    account is sent a code."""
    phone = _checked_phone(phone)
    with env.db.transaction(immediate=True) as session:
        has_account = _by_phone(session, phone) is not None
        return codes.issue(env, session, phone, "login", client=client, deliver=has_account)


def login_with_code(env: Env, phone: str, code: str, *, client: str | None, browser: str = "") -> str:
    """Log in with the code "Send code" sent (returns the session's handoff); a number without an account gets
    the answer any wrong code gets."""
    phone = _checked_phone(phone)
    with env.db.transaction(immediate=True) as session:
        _count_client_try(env, session, client)
        account = _by_phone(session, phone)
        failure = codes.consume(env, session, phone, "login", code, usable=account is not None)
        if failure is None and account is not None:
            return _open(env, session, account, method="sms_code", client=client, browser=browser)
    # Committed above: the client's try and a wrong code count even though this fails.
    assert failure is not None
    raise ValidationFailed({failure.field or "code": failure.code}, **failure.params)
