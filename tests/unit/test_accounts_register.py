"""Creating an account (DESIGN.md 2.1 step 1)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Account
from app.services import accounts, auth
from app.services.errors import ValidationFailed
from tests.conftest import FIXED_NOW
from tests.unit.accounts_helpers import (
    GOOD_PASSWORD,
    NEW_PHONE,
    _account,
    _actions,
    _send_code,
    own_person,
)
from tests.unit.auth_helpers import bound

# --- register ----------------------------------------------------------------------------------------------------


def test_register_creates_an_unverified_account_and_logs_in(env):
    code = _send_code(env)

    token = bound(env, accounts.register(env, consent=True, phone="+86 136 0013 6000", code=code,
                                         password=GOOD_PASSWORD, client="c1"))

    info = auth.current_session(env, token)
    assert info is not None
    assert (info.phone, info.role, info.verified, info.name) == (NEW_PHONE, "resident", False, None)
    account = _account(env, info.account_id)
    assert account.created_at == FIXED_NOW
    assert account.person_id is None and account.verified_at is None
    assert account.password_hash.startswith("$argon2id$")
    assert own_person(env, info.account_id) is None
    assert _actions(env, info.account_id) == ["account_created", "login"]
    # The new password works for the next login.
    assert auth.login_with_password(env, NEW_PHONE, GOOD_PASSWORD, client="c1")


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"consent": False}, {"consent": "consent_required"}),
        ({"phone": ""}, {"phone": "phone_empty"}),
        ({"phone": "1360013600"}, {"phone": "phone_invalid"}),
        ({"code": ""}, {"code": "code_empty"}),
        ({"code": "   "}, {"code": "code_empty"}),
        ({"password": ""}, {"password": "password_empty"}),
        ({"password": "Ab-12"}, {"password": "password_short"}),
        ({"password": "x7" * 65}, {"password": "password_long"}),
        ({"consent": False, "phone": "", "code": "", "password": ""},
         {"consent": "consent_required", "phone": "phone_empty", "code": "code_empty", "password": "password_empty"}),
    ],
)
def test_register_reports_each_field_problem(env, form, errors):
    values = {"consent": True, "phone": NEW_PHONE, "code": "123456", "password": GOOD_PASSWORD} | form
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, client="c1", **values)
    assert exc.value.errors == errors
    with env.db.transaction() as s:
        assert s.exec(select(Account).where(Account.phone == NEW_PHONE)).first() is None


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", "PASSWORD", "Password", "iloveyou", "qwerty123", "aaaaaaaa", "abababab",
     "11111111111", "x13600136000", "13600136000!"],
)
def test_register_refuses_common_repetitive_and_phone_passwords(env, password):
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone=NEW_PHONE, code="123456", password=password, client="c1")
    assert exc.value.errors == {"password": "password_common"}


def test_register_without_a_code_sent(env):
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone=NEW_PHONE, code="123456", password=GOOD_PASSWORD, client="c1")
    assert exc.value.errors == {"code": "code_none"}


def test_register_with_a_taken_phone_is_answered_like_a_wrong_code(env):
    """Create account never tells whether a number has an account (DESIGN.md §2.1.4)."""
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone="13800138000", code="123456", password=GOOD_PASSWORD,
                          client="c1")
    assert exc.value.errors == {"code": "code_none"}  # as for any number that was sent no code
    accounts.send_register_code(env, "13800138000", client="c1")
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone="13800138000", code="123456", password=GOOD_PASSWORD,
                          client="c1")
    assert (exc.value.errors, exc.value.params) == ({"code": "code_wrong"}, {"left": 4})
