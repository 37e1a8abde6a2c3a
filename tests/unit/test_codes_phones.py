"""SMS verification codes (DESIGN.md 2.1): how typed mobile numbers are normalised, and which numbers may get a
code. Driven through the services the register and login pages call."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import VerificationCode
from app.services import accounts, codes
from app.services.errors import ValidationFailed
from app.services.sms import newest_dev_message
from tests.unit.codes_helpers import (
    NEW_PHONE,
    _codes,
    _inbox_code,
)

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
def test_a_registered_phone_is_told_by_sms_and_gets_no_code(env, typed):
    """"Send code" answers alike for every number (DESIGN.md §2.1.4); the owner of a number that has an account
    is told so by SMS, which carries no code, and the dev inbox says `"code": null`."""
    sent = accounts.send_register_code(env, typed, client="c1")
    fresh = accounts.send_register_code(env, NEW_PHONE, client="c2")
    assert (sent.expires_at, sent.resend_at) == (fresh.expires_at, fresh.resend_at)
    phone = codes.normalize_phone(typed)
    with env.db.transaction() as s:
        message = newest_dev_message(s, phone)
        assert message is not None and message.code is None
        assert "already has an account: log in or reset your password" in message.body
        assert len(s.exec(select(VerificationCode).where(VerificationCode.phone == phone)).all()) == 1  # counted


