"""SMS verification codes (DESIGN.md 2.1): checking a typed code; 5 wrong tries invalidate it. Driven through
the services the register and login pages call."""

from __future__ import annotations

import pytest

from app.services import accounts, auth, codes
from app.services.errors import ValidationFailed
from tests.unit.codes_helpers import (
    NEW_PHONE,
    ZHANG_WEI,
    _codes,
    _inbox_code,
    _other_code,
    _register,
)

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
