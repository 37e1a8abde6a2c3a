"""Logging in and out, lockout, per-client limits and idle sessions (DESIGN.md 2.1 steps 4-5, section 5)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import Account, AuditEvent, LoginSession
from app.services import auth, staff_admin
from app.services.errors import AccountLocked, RateLimited, ValidationFailed
from app.services.sms import newest_dev_message
from tests.conftest import FIXED_NOW

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


# --- password login ----------------------------------------------------------------------------------------------


def test_password_login_opens_a_session_with_who_is_logged_in(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")

    assert isinstance(token, str) and len(token) >= 32
    info = auth.current_session(env, token)
    assert info is not None
    assert info.account_id == _account(env, ZHANG_WEI).id
    assert info.role == "resident"
    assert info.phone == ZHANG_WEI
    assert info.verified is True
    assert info.name == "张伟"
    assert info.idle_expires_at == FIXED_NOW + timedelta(minutes=30)


def test_staff_login_has_staff_role_and_no_registry_name(env):
    token = auth.login_with_password(env, "+86 139 0013 9000", STAFF_PASSWORD, client="c1")

    info = auth.current_session(env, token)
    assert (info.role, info.phone, info.verified, info.name) == ("staff", STAFF, False, None)


def test_each_login_gets_its_own_token(env):
    first = auth.login_with_password(env, WANG_FANG, PASSWORD, client="c1")
    second = auth.login_with_password(env, WANG_FANG, PASSWORD, client="c1")
    assert first != second
    assert auth.current_session(env, first) and auth.current_session(env, second)


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_unknown_tokens_are_not_logged_in(env, token):
    assert auth.current_session(env, token) is None
    assert auth.keep_alive(env, token) is False


def test_wrong_passwords_count_down_then_lock_for_15_minutes(env):
    lefts = []
    for _ in range(4):
        with pytest.raises(ValidationFailed) as exc:
            auth.login_with_password(env, ZHANG_WEI, WRONG, client="c1")
        assert exc.value.errors == {"password": "password_wrong"}
        lefts.append(exc.value.params["left"])
    assert lefts == [4, 3, 2, 1]

    with pytest.raises(AccountLocked) as exc:
        auth.login_with_password(env, ZHANG_WEI, WRONG, client="c1")
    assert exc.value.until == FIXED_NOW + timedelta(minutes=15)
    assert exc.value.params == {"until": FIXED_NOW + timedelta(minutes=15), "now": FIXED_NOW}
    assert _account(env, ZHANG_WEI).locked_until == FIXED_NOW + timedelta(minutes=15)


def test_while_locked_even_the_right_password_is_refused(env):
    locked = _lock(env)
    env.clock.advance(minutes=14, seconds=59)

    with pytest.raises(AccountLocked) as exc:
        auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    assert exc.value.until == locked.until
    assert env.clock.now() < locked.until


def test_after_15_minutes_the_right_password_works_and_the_count_starts_again(env):
    _lock(env)
    env.clock.advance(minutes=15)

    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")

    assert auth.current_session(env, token) is not None
    account = _account(env, ZHANG_WEI)
    assert account.failed_logins == 0 and account.locked_until is None


def test_a_good_login_resets_the_wrong_password_count(env):
    for _ in range(3):
        with pytest.raises(ValidationFailed):
            auth.login_with_password(env, WANG_FANG, WRONG, client="c1")
    auth.login_with_password(env, WANG_FANG, PASSWORD, client="c1")

    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, WANG_FANG, WRONG, client="c1")
    assert exc.value.params["left"] == 4


def test_sms_code_login_works_while_password_login_is_locked(env):
    _lock(env)

    token = auth.login_with_code(env, ZHANG_WEI, _login_code(env, ZHANG_WEI), client="c1")

    info = auth.current_session(env, token)
    assert info is not None and info.phone == ZHANG_WEI
    [event] = [e for e in _events(env, info.account_id, "login") if json.loads(e.detail)["method"] == "sms_code"]
    assert event.actor_id == info.account_id


@pytest.mark.parametrize("phone", ["13600136000", "+86 136 0013 6000"])
def test_unknown_number_is_told_plainly(env, phone):
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, phone, PASSWORD, client="c1")
    assert exc.value.errors == {"phone": "phone_unknown"}
    with pytest.raises(ValidationFailed) as exc:
        auth.send_login_code(env, phone, client="c1")
    assert exc.value.errors == {"phone": "phone_unknown"}
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_code(env, phone, "123456", client="c1")
    assert exc.value.errors == {"phone": "phone_unknown"}


@pytest.mark.parametrize(
    ("phone", "password", "errors"),
    [("", PASSWORD, {"phone": "phone_empty"}), ("1380013800", PASSWORD, {"phone": "phone_invalid"}),
     (ZHANG_WEI, "", {"password": "password_empty"})],
)
def test_incomplete_login_forms_are_refused_without_counting(env, phone, password, errors):
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, phone, password, client="c1")
    assert exc.value.errors == errors
    assert _account(env, ZHANG_WEI).failed_logins == 0


# --- per-client rate limit ---------------------------------------------------------------------------------------


def test_at_most_30_login_tries_per_client_in_15_minutes(env):
    # Lock the account first so the remaining tries do not each pay for an argon2 check.
    _lock(env, client="10.0.0.7")
    for _ in range(25):
        with pytest.raises(AccountLocked):
            auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="10.0.0.7")

    with pytest.raises(RateLimited) as exc:
        auth.login_with_password(env, WANG_FANG, PASSWORD, client="10.0.0.7")
    assert exc.value.code == "login_rate_limited"
    assert exc.value.retry_at == FIXED_NOW + timedelta(minutes=15)

    # Per client: another device can still log in to another account.
    assert auth.login_with_password(env, WANG_FANG, PASSWORD, client="10.0.0.8")

    env.clock.advance(minutes=15)
    assert auth.login_with_password(env, WANG_FANG, PASSWORD, client="10.0.0.7")


# --- idle sessions -----------------------------------------------------------------------------------------------


def test_session_ends_after_30_idle_minutes(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=30)

    assert auth.current_session(env, token) is None

    row = _session_row(env, token)
    assert row.end_reason == "idle"
    assert row.ended_at == env.clock.now()
    # Ended means ended: activity afterwards does not bring it back.
    assert auth.keep_alive(env, token) is False
    assert auth.current_session(env, token) is None


def test_session_is_alive_just_before_30_idle_minutes(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=29, seconds=59)

    assert auth.current_session(env, token, touch=False) is not None
    assert _session_row(env, token).ended_at is None


def test_page_views_count_as_activity(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=29)
    assert auth.current_session(env, token) is not None  # touch=True: a page view
    env.clock.advance(minutes=29)
    info = auth.current_session(env, token, touch=False)
    assert info is not None
    assert info.idle_expires_at == FIXED_NOW + timedelta(minutes=29 + 30)


def test_looking_without_touching_does_not_extend(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=20)
    assert auth.current_session(env, token, touch=False) is not None
    env.clock.advance(minutes=10)
    assert auth.current_session(env, token, touch=False) is None


def test_keep_alive_extends_the_session(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=20)
    assert auth.keep_alive(env, token) is True
    env.clock.advance(minutes=20)

    info = auth.current_session(env, token, touch=False)
    assert info is not None
    assert info.idle_expires_at == FIXED_NOW + timedelta(minutes=50)

    env.clock.advance(minutes=10)
    assert auth.current_session(env, token, touch=False) is None
    assert _session_row(env, token).end_reason == "idle"


def test_keep_alive_after_the_idle_limit_ends_the_session(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=31)
    assert auth.keep_alive(env, token) is False
    assert _session_row(env, token).end_reason == "idle"


# --- logging out -------------------------------------------------------------------------------------------------


def test_logout_ends_the_session(env):
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")

    auth.logout(env, token, client="c1")

    assert auth.current_session(env, token) is None
    assert auth.keep_alive(env, token) is False
    row = _session_row(env, token)
    assert row.end_reason == "logout" and row.ended_at == FIXED_NOW
    auth.logout(env, token)  # a second press is harmless
    assert len(_events(env, row.account_id, "logout")) == 1


def test_logout_everywhere_ends_all_sessions_of_that_account_only(env):
    phone_token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="phone")
    laptop_token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="laptop")
    wife_token = auth.login_with_password(env, WANG_FANG, PASSWORD, client="c2")
    account_id = _account(env, ZHANG_WEI).id

    assert auth.logout_everywhere(env, account_id, client="phone") == 2

    assert auth.current_session(env, phone_token) is None
    assert auth.current_session(env, laptop_token) is None
    assert _session_row(env, laptop_token).end_reason == "all_devices"
    assert auth.current_session(env, wife_token) is not None
    [event] = _events(env, account_id, "logout_all_devices")
    assert json.loads(event.detail) == {"sessions": 2}


def test_disabled_staff_cannot_log_in_and_their_sessions_end(env):
    token = auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1")
    staff_id = _account(env, STAFF).id

    staff_admin.disable_staff(env, STAFF)

    assert auth.current_session(env, token) is None
    assert _session_row(env, token).end_reason == "disabled"
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1")
    assert exc.value.errors == {"phone": "phone_unknown"}
    with pytest.raises(ValidationFailed) as exc:
        auth.send_login_code(env, STAFF, client="c1")
    assert exc.value.errors == {"phone": "phone_unknown"}
    assert [e.actor_role for e in _events(env, staff_id, "staff_disabled")] == ["admin"]


@pytest.mark.parametrize("phone", [ZHANG_WEI, "13600136000"])
def test_disable_staff_only_disables_staff(env, phone):
    with pytest.raises(ValidationFailed) as exc:
        staff_admin.disable_staff(env, phone)
    assert exc.value.errors == {"phone": "staff_unknown"}
    assert _account(env, ZHANG_WEI).disabled_at is None


# --- audit trail -------------------------------------------------------------------------------------------------


def test_login_failures_lock_and_logout_are_audited(env):
    account_id = _account(env, ZHANG_WEI).id
    _lock(env, client="10.1.1.1")
    env.clock.advance(minutes=15)
    token = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="10.1.1.1")
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
    token = auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1")
    auth.logout(env, token, client="c1")

    staff_id = _account(env, STAFF).id
    [login] = _events(env, staff_id, "login")
    [logout] = _events(env, staff_id, "logout")
    assert login.actor_role == "staff"
    assert logout.actor_role == "staff"
