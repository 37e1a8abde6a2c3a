"""Logging in with a password or an SMS code, lockout and the per-client limit (DESIGN.md 2.1 step 4,
section 5)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import VerificationCode
from app.services import auth, codes
from app.services.errors import AccountLocked, RateLimited, ValidationFailed
from app.services.sms import newest_dev_message
from tests.conftest import FIXED_NOW
from tests.unit.auth_helpers import (
    PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    WANG_FANG,
    WRONG,
    ZHANG_WEI,
    _account,
    _events,
    _lock,
    _login_code,
    bound,
)

# --- password login ----------------------------------------------------------------------------------------------


def test_password_login_opens_a_session_with_who_is_logged_in(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))

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
    token = bound(env, auth.login_with_password(env, "+86 139 0013 9000", STAFF_PASSWORD, client="c1"))

    info = auth.current_session(env, token)
    assert (info.role, info.phone, info.verified, info.name) == ("staff", STAFF, False, None)


def test_each_login_gets_its_own_token(env):
    first = bound(env, auth.login_with_password(env, WANG_FANG, PASSWORD, client="c1"))
    second = bound(env, auth.login_with_password(env, WANG_FANG, PASSWORD, client="c1"))
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
        assert exc.value.errors == {"password": "login_wrong"}
        lefts.append(exc.value.params["left"])
    assert lefts == [4, 3, 2, 1]

    with pytest.raises(AccountLocked) as exc:
        auth.login_with_password(env, ZHANG_WEI, WRONG, client="c1")
    assert exc.value.until == FIXED_NOW + timedelta(minutes=15)
    assert exc.value.params == {"until": FIXED_NOW + timedelta(minutes=15), "now": FIXED_NOW}
    with env.db.transaction() as session:
        assert auth.locked_until(session, ZHANG_WEI, FIXED_NOW) == FIXED_NOW + timedelta(minutes=15)


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

    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))

    assert auth.current_session(env, token) is not None
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, ZHANG_WEI, WRONG, client="c2")
    assert exc.value.params["left"] == 4


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

    token = bound(env, auth.login_with_code(env, ZHANG_WEI, _login_code(env, ZHANG_WEI), client="c1"))

    info = auth.current_session(env, token)
    assert info is not None and info.phone == ZHANG_WEI
    [event] = [e for e in _events(env, info.account_id, "login") if json.loads(e.detail)["method"] == "sms_code"]
    assert event.actor_id == info.account_id


@pytest.mark.parametrize("phone", ["13600136000", "+86 136 0013 6000"])
def test_a_number_without_an_account_gets_the_answers_a_wrong_password_gets(env, phone):
    """Login never tells whether a number has an account (DESIGN.md §2.1.4): a wrong number or password, "Send
    code" and a code all answer alike, and the lockout counts per number."""
    answers = {}
    for number in (phone, ZHANG_WEI):
        with pytest.raises(ValidationFailed) as exc:
            auth.login_with_password(env, number, WRONG, client=f"c-{number}")
        answers[number] = [(exc.value.errors, exc.value.params)]
        sent = auth.send_login_code(env, number, client=f"c-{number}")
        answers[number].append((sent.expires_at, sent.resend_at))
        with pytest.raises(ValidationFailed) as exc:
            auth.login_with_code(env, number, "000000", client=f"c-{number}")
        answers[number].append((exc.value.errors, exc.value.params["left"]))
    assert answers[phone] == answers[ZHANG_WEI]
    assert answers[phone][0] == ({"password": "login_wrong"}, {"left": 4})
    for _ in range(3):  # a number without an account is counted and locked just the same
        with pytest.raises(ValidationFailed):
            auth.login_with_password(env, phone, WRONG, client="c1")
    for password in (WRONG, PASSWORD):
        with pytest.raises(AccountLocked):
            auth.login_with_password(env, phone, password, client="c1")


def test_a_number_without_an_account_is_sent_no_code(env):
    auth.send_login_code(env, "13600136000", client="c1")
    with env.db.transaction() as session:
        assert newest_dev_message(session, "13600136000") is None
        assert session.exec(select(VerificationCode).where(VerificationCode.phone == "13600136000")).one()


def test_the_right_digits_for_a_number_without_an_account_still_log_no_one_in(env, monkeypatch):
    monkeypatch.setattr(codes.secrets, "randbelow", lambda _: 123456)
    auth.send_login_code(env, "13600136000", client="c1")
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_code(env, "13600136000", "123456", client="c1")
    assert exc.value.errors == {"code": "code_wrong"}


@pytest.mark.parametrize(
    ("phone", "password", "errors"),
    [("", PASSWORD, {"phone": "phone_empty"}), ("1380013800", PASSWORD, {"phone": "phone_invalid"}),
     (ZHANG_WEI, "", {"password": "password_empty"})],
)
def test_incomplete_login_forms_are_refused_without_counting(env, phone, password, errors):
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, phone, password, client="c1")
    assert exc.value.errors == errors
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, ZHANG_WEI, WRONG, client="c1")
    assert exc.value.params["left"] == 4  # the incomplete form was not counted


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
