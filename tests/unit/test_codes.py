"""SMS verification codes (DESIGN.md 2.1): 6 digits, valid 5 minutes, resend after 60 s, at most 5 per number
per hour, 5 wrong tries invalidate a code. Driven through the services the register and login pages call."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import DevSms, VerificationCode
from app.services import accounts, auth, codes
from app.services.env import build_env
from app.services.errors import RateLimited, ValidationFailed
from app.services.sms import newest_dev_message
from tests.conftest import FIXED_NOW, make_settings

NEW_PHONE = "13600136000"  # no account in the demo data
ZHANG_WEI = "13800138000"
GOOD_PASSWORD = "Sunny-Garden-88"


def _inbox_code(env, phone: str) -> str:
    with env.db.transaction() as s:
        message = newest_dev_message(s, phone)
        assert message is not None, f"no code in the dev inbox for {phone}"
        return message.code


def _codes(env, phone: str, purpose: str) -> list[VerificationCode]:
    with env.db.transaction() as s:
        query = select(VerificationCode).where(VerificationCode.phone == phone, VerificationCode.purpose == purpose)
        return list(s.exec(query.order_by(VerificationCode.id)).all())


def _other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _register(env, code: str, phone: str = NEW_PHONE) -> str:
    return accounts.register(env, consent=True, phone=phone, code=code, password=GOOD_PASSWORD, client="c1")


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


# --- wrong tries -------------------------------------------------------------------------------------------------


def test_five_wrong_tries_invalidate_the_code(env):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    right = _inbox_code(env, NEW_PHONE)
    wrong = _other_code(right)

    lefts = []
    for _ in range(4):
        with pytest.raises(ValidationFailed) as exc:
            _register(env, wrong)
        assert exc.value.errors == {"code": "code_wrong"}
        lefts.append(exc.value.params["left"])
    assert lefts == [4, 3, 2, 1]

    with pytest.raises(ValidationFailed) as exc:
        _register(env, wrong)
    assert exc.value.errors == {"code": "code_too_many"}

    # The right code no longer works either.
    with pytest.raises(ValidationFailed) as exc:
        _register(env, right)
    assert exc.value.errors == {"code": "code_none"}
    [row] = _codes(env, NEW_PHONE, "register")
    assert row.invalidated_at is not None and row.used_at is None


def test_wrong_try_count_is_committed_although_an_error_is_raised(env):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    wrong = _other_code(_inbox_code(env, NEW_PHONE))

    with pytest.raises(ValidationFailed):
        _register(env, wrong)
    # Read back in a fresh transaction: the count was stored, not rolled back with the error.
    assert _codes(env, NEW_PHONE, "register")[0].failed_attempts == 1

    with pytest.raises(ValidationFailed) as exc:
        _register(env, wrong)
    assert exc.value.params["left"] == 3
    assert _codes(env, NEW_PHONE, "register")[0].failed_attempts == 2


def test_wrong_tries_on_login_codes_are_committed_too(env):
    auth.send_login_code(env, ZHANG_WEI, client="c1")
    right = _inbox_code(env, ZHANG_WEI)
    for expected_left in (4, 3, 2, 1):
        with pytest.raises(ValidationFailed) as exc:
            auth.login_with_code(env, ZHANG_WEI, _other_code(right), client="c1")
        assert exc.value.params["left"] == expected_left
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_code(env, ZHANG_WEI, _other_code(right), client="c1")
    assert exc.value.errors == {"code": "code_too_many"}
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_code(env, ZHANG_WEI, right, client="c1")
    assert exc.value.errors == {"code": "code_none"}


def test_a_code_for_one_purpose_does_not_work_for_another(env):
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    code = _inbox_code(env, NEW_PHONE)
    with env.db.transaction() as s:
        error = codes.consume(env, s, NEW_PHONE, "login", code)
    assert error is not None and error.code == "code_none"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("", "code_empty"), ("   ", "code_empty"), ("12345", "code_format"), ("1234567", "code_format"),
     ("12a456", "code_format")],
)
def test_malformed_codes_are_refused_without_counting_a_try(env, typed, expected):
    auth.send_login_code(env, ZHANG_WEI, client="c1")
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_code(env, ZHANG_WEI, typed, client="c1")
    assert exc.value.errors == {"code": expected}
    assert _codes(env, ZHANG_WEI, "login")[0].failed_attempts == 0


@pytest.mark.parametrize("shape", ["spaced", "full_width"])
def test_codes_typed_with_spaces_or_full_width_digits_are_accepted(env, shape):
    auth.send_login_code(env, ZHANG_WEI, client="c1")
    code = _inbox_code(env, ZHANG_WEI)
    typed = f" {code[:3]} {code[3:]} " if shape == "spaced" else code.translate(str.maketrans("0123456789",
                                                                                             "０１２３４５６７８９"))
    assert auth.login_with_code(env, ZHANG_WEI, typed, client="c1")


def test_a_code_starting_with_0086_works(env, monkeypatch):
    monkeypatch.setattr(codes.secrets, "randbelow", lambda _n: 8642)
    accounts.send_register_code(env, NEW_PHONE, client="c1")
    code = _inbox_code(env, NEW_PHONE)
    assert code == "008642"

    assert _register(env, code)


# --- phone numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["13600136000", "+8613600136000", "+86 136 0013 6000", "008613600136000", "136-0013-6000", " 136 0013 6000 ",
     "(+86) 13600136000", "１３６００１３６０００", "＋８６　１３６００１３６０００"],
)
def test_phone_numbers_are_normalised(env, typed):
    accounts.send_register_code(env, typed, client="c1")

    [row] = _codes(env, NEW_PHONE, "register")
    assert row.phone == NEW_PHONE
    assert _inbox_code(env, NEW_PHONE)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("", "phone_empty"), ("   ", "phone_empty"), ("1360013600", "phone_invalid"), ("136001360000", "phone_invalid"),
     ("12600136000", "phone_invalid"), ("23600136000", "phone_invalid"), ("1360013600a", "phone_invalid"),
     ("8613600136000", "phone_invalid"), ("+1 13600136000", "phone_invalid"), ("phone", "phone_invalid")],
)
def test_bad_phone_numbers_are_refused(env, typed, expected):
    with pytest.raises(ValidationFailed) as exc:
        accounts.send_register_code(env, typed, client="c1")
    assert exc.value.errors == {"phone": expected}
    with env.db.transaction() as s:
        assert s.exec(select(VerificationCode)).first() is None


def test_phone_numbers_with_non_ascii_digits_are_refused(env):
    typed = "13600136\u0660\u0660\u0660"  # ends in three ARABIC-INDIC DIGIT ZERO
    with pytest.raises(ValidationFailed) as exc:
        accounts.send_register_code(env, typed, client="c1")
    assert exc.value.errors == {"phone": "phone_invalid"}


@pytest.mark.parametrize("typed", ["13800138000", "+86 138 0013 8000", "13700137000", "13900139000"])
def test_registered_phone_cannot_get_a_register_code(env, typed):
    with pytest.raises(ValidationFailed) as exc:
        accounts.send_register_code(env, typed, client="c1")
    assert exc.value.errors == {"phone": "phone_taken"}
    with env.db.transaction() as s:
        assert s.exec(select(VerificationCode)).first() is None


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
