"""The audit trail of logging in and out (DESIGN.md section 5)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import AuditEvent
from app.services import auth
from app.services.errors import ValidationFailed
from tests.conftest import FIXED_NOW
from tests.unit.auth_helpers import (
    PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    ZHANG_WEI,
    _account,
    _events,
    _lock,
    bound,
)

# --- audit trail -------------------------------------------------------------------------------------------------


def test_login_failures_lock_and_logout_are_audited(env):
    account_id = _account(env, ZHANG_WEI).id
    _lock(env, client="10.1.1.1")
    env.clock.advance(minutes=15)
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="10.1.1.1"))
    auth.logout(env, token, client="10.1.1.1")

    events = _events(env, account_id)
    assert [e.action for e in events] == ["login_failed"] * 5 + ["account_locked", "login", "logout"]
    failed, locked, login, logout = events[0], events[5], events[6], events[7]
    assert (failed.actor_id, failed.actor_role, failed.client) == (None, "anonymous", "10.1.1.1")
    assert locked.actor_role == "system"
    assert json.loads(locked.detail)["until"].startswith("2026-11-23 02:15")  # 10:15 Beijing, stored in UTC
    assert (login.actor_id, login.actor_role, login.client) == (account_id, "resident", "10.1.1.1")
    assert json.loads(login.detail) == {"method": "password"}
    assert (logout.actor_id, logout.client) == (account_id, "10.1.1.1")
    assert logout.at == FIXED_NOW + timedelta(minutes=15)


def test_unknown_number_attempts_are_not_audited_against_any_account(env):
    with env.db.transaction() as s:
        before = len(s.exec(select(AuditEvent)).all())
    with pytest.raises(ValidationFailed):
        auth.login_with_password(env, "13600136000", PASSWORD, client="c1")
    with env.db.transaction() as s:
        assert len(s.exec(select(AuditEvent)).all()) == before


def test_staff_logout_is_audited_as_staff(env):
    token = bound(env, auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1"))
    auth.logout(env, token, client="c1")

    staff_id = _account(env, STAFF).id
    [login] = _events(env, staff_id, "login")
    [logout] = _events(env, staff_id, "logout")
    assert login.actor_role == "staff"
    assert logout.actor_role == "staff"
