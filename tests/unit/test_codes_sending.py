"""SMS verification codes (DESIGN.md 2.1): sending a 6-digit code valid 5 minutes, resend after 60 s, at most 5
per number per hour, and the dev inbox. Driven through the services the register and login pages call."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import DevSms, VerificationCode
from app.services import accounts, auth
from app.services.env import build_env
from app.services.errors import RateLimited, ValidationFailed
from app.services.sms import newest_dev_message
from tests.conftest import FIXED_NOW, make_settings
from tests.unit.codes_helpers import (
    NEW_PHONE,
    ZHANG_WEI,
    _codes,
    _inbox_code,
    _register,
)

# --- sending ---------------------------------------------------------------------------------------------------


def test_send_register_code_delivers_a_six_digit_code_valid_five_minutes(env):
    sent = accounts.send_register_code(env, NEW_PHONE, client="c1")

    assert sent.expires_at == FIXED_NOW + timedelta(minutes=5)
    assert sent.resend_at == FIXED_NOW + timedelta(seconds=60)
    with env.db.transaction() as s:
        message = newest_dev_message(s, NEW_PHONE)
        assert message is not None
        assert re.fullmatch(r"[0-9]{6}", message.code)
        assert message.code in message.body
        assert message.sent_at == FIXED_NOW
    [row] = _codes(env, NEW_PHONE, "register")
    assert row.expires_at == FIXED_NOW + timedelta(minutes=5)
    # Only a keyed hash of the code is stored.
    assert message.code not in row.code_hash
    assert len(row.code_hash) == 64


def test_code_works_just_before_five_minutes(env):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    env.clock.advance(minutes=4, seconds=59)

    token = _register(env, _inbox_code(env, NEW_PHONE))

    assert auth.current_session(env, token).phone == NEW_PHONE
    [row] = _codes(env, NEW_PHONE, "register")
    assert row.used_at == env.clock.now()


def test_code_expires_after_five_minutes(env):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    code = _inbox_code(env, NEW_PHONE)
    env.clock.advance(minutes=5)

    with pytest.raises(ValidationFailed) as exc:
        _register(env, code)
    assert exc.value.errors == {"code": "code_expired"}

    # The expiry was recorded: the code is gone for good, not merely late.
    with pytest.raises(ValidationFailed) as exc:
        _register(env, code)
    assert exc.value.errors == {"code": "code_none"}


def test_a_used_code_cannot_be_used_again(env):
    auth.send_login_code(env, ZHANG_WEI, client="c1")
    code = _inbox_code(env, ZHANG_WEI)
    assert auth.login_with_code(env, ZHANG_WEI, code, client="c1")

    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_code(env, ZHANG_WEI, code, client="c1")
    assert exc.value.errors == {"code": "code_none"}


# --- resend and hourly limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [0, 1, 30, 59])
def test_resend_within_60_seconds_is_refused_with_retry_time(env, seconds):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    env.clock.advance(seconds=seconds)

    with pytest.raises(RateLimited) as exc:
        accounts.send_register_code(env, NEW_PHONE, client="c1")

    assert exc.value.code == "code_resend_wait"
    assert exc.value.retry_at == FIXED_NOW + timedelta(seconds=60)
    assert exc.value.field == "code"
    assert len(_codes(env, NEW_PHONE, "register")) == 1


def test_resend_after_61_seconds_is_allowed_and_replaces_the_old_code(env):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    env.clock.advance(seconds=61)

    sent = accounts.send_register_code(env, NEW_PHONE, client="c1")

    assert sent.expires_at == env.clock.now() + timedelta(minutes=5)
    first, second = _codes(env, NEW_PHONE, "register")
    assert first.invalidated_at == env.clock.now()
    assert second.invalidated_at is None
    assert _register(env, _inbox_code(env, NEW_PHONE))


def test_at_most_five_codes_per_number_per_hour(env):
    for _ in range(5):
        accounts.send_register_code(env, NEW_PHONE, client=None)
        env.clock.advance(seconds=61)

    with pytest.raises(RateLimited) as exc:
        accounts.send_register_code(env, NEW_PHONE, client=None)
    assert exc.value.code == "code_hourly_limit"
    assert exc.value.field == "phone"
    assert exc.value.retry_at == FIXED_NOW + timedelta(hours=1)
    assert len(_codes(env, NEW_PHONE, "register")) == 5

    # The limit is per number: another number is not affected.
    accounts.send_register_code(env, "13600136001", client=None)

    # The refusal tells the truth: at retry_at a code can be sent again.
    env.clock.advance(seconds=(exc.value.retry_at - env.clock.now()).total_seconds())
    accounts.send_register_code(env, NEW_PHONE, client=None)
    assert len(_codes(env, NEW_PHONE, "register")) == 6


def test_hourly_limit_counts_login_and_register_codes_together(env):
    # One number receives at most 5 texts an hour, whatever they are for.
    for _ in range(5):
        auth.send_login_code(env, ZHANG_WEI, client=None)
        env.clock.advance(seconds=61)
    with pytest.raises(RateLimited) as exc:
        auth.send_login_code(env, ZHANG_WEI, client=None)
    assert exc.value.code == "code_hourly_limit"


def test_at_most_30_codes_per_client_per_hour(env):
    for n in range(30):
        accounts.send_register_code(env, f"136001360{n:02d}", client="10.0.0.9")

    with pytest.raises(RateLimited) as exc:
        accounts.send_register_code(env, "13500135000", client="10.0.0.9")
    assert exc.value.code == "code_hourly_limit"
    assert exc.value.retry_at == FIXED_NOW + timedelta(hours=1)
    # Another client can still ask for a code for that number.
    accounts.send_register_code(env, "13500135000", client="10.0.0.10")


# --- dev inbox ---------------------------------------------------------------------------------------------------


def test_dev_inbox_keeps_codes_only_in_demo_mode(env, db_url):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    assert _inbox_code(env, NEW_PHONE)

    production = build_env(make_settings(db_url, demo_mode=False))
    try:
        accounts.send_register_code(production, "13600136001", client="c1")
        with production.db.transaction() as s:
            assert newest_dev_message(s, "13600136001") is None
            assert s.exec(select(DevSms).where(DevSms.phone == "13600136001")).first() is None
            # The code itself was still issued.
            assert s.exec(select(VerificationCode).where(VerificationCode.phone == "13600136001")).first() is not None
    finally:
        production.db.dispose()
