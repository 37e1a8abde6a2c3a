"""Shared constants and helpers for the login and session tests (test_auth_*.py)."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import select

from app.models import Account, AuditEvent, LoginSession
from app.services import auth
from app.services.errors import AccountLocked, ValidationFailed
from app.services.sms import newest_dev_message

ZHANG_WEI = "13800138000"
WANG_FANG = "13700137000"
STAFF = "13900139000"
PASSWORD = "Family-2026"
STAFF_PASSWORD = "Counter-2026"
WRONG = "Family-2025"


def _account(env, phone: str) -> Account:
    with env.db.transaction() as s:
        return s.exec(select(Account).where(Account.phone == phone)).one()


def _session_row(env, token: str) -> LoginSession:
    with env.db.transaction() as s:
        return s.get(LoginSession, hashlib.sha256(token.encode()).hexdigest())


def _events(env, account_id: int, action: str | None = None) -> list[AuditEvent]:
    with env.db.transaction() as s:
        query = select(AuditEvent).where(AuditEvent.account_id == account_id)
        if action:
            query = query.where(AuditEvent.action == action)
        return list(s.exec(query.order_by(AuditEvent.id)).all())


def _lock(env, phone: str = ZHANG_WEI, client: str | None = "c1") -> AccountLocked:
    for _ in range(4):
        with pytest.raises(ValidationFailed):
            auth.login_with_password(env, phone, WRONG, client=client)
    with pytest.raises(AccountLocked) as exc:
        auth.login_with_password(env, phone, WRONG, client=client)
    return exc.value


def _login_code(env, phone: str) -> str:
    auth.send_login_code(env, phone, client="c1")
    with env.db.transaction() as s:
        return newest_dev_message(s, phone).code


BROWSER = "browser-1"


def bound(env, handoff: str, browser: str = BROWSER) -> str:
    """What a browser presents once it took over the login of `handoff` (/login/continue)."""
    key = auth.bind_session(env, handoff, browser)
    assert key is not None, "the handoff was refused"
    return auth.browser_token(browser, key)


def logged_in(env, phone: str, password: str):  # type: ignore[no-untyped-def]
    """Who `phone` is once logged in with `password` in a browser (the session the pages would see)."""
    return auth.current_session(env, bound(env, auth.login_with_password(env, phone, password, client="test")))
