"""Display preferences saved to the account (DESIGN.md 3)."""

from __future__ import annotations

import pytest

from app.services import accounts, auth
from app.services.auth import Preferences
from app.services.errors import ValidationFailed
from tests.unit.accounts_helpers import (
    _account,
    _new_account,
)
from tests.unit.auth_helpers import bound

# --- preferences -------------------------------------------------------------------------------------------------


def test_save_preferences_stores_choices_and_keeps_unset_ones(env):
    account_id = _new_account(env)

    accounts.save_preferences(env, account_id, Preferences("large", True, False, "en-US"))
    account = _account(env, account_id)
    assert (account.text_size, account.high_contrast, account.read_aloud, account.language) == (
        "large", True, False, "en-US")

    accounts.save_preferences(env, account_id, Preferences(text_size="extra_large"))
    account = _account(env, account_id)
    assert (account.text_size, account.high_contrast, account.read_aloud, account.language) == (
        "extra_large", True, False, "en-US")


def test_saved_preferences_come_back_with_the_session(env):
    token = bound(env, auth.login_with_password(env, "13800138000", "Family-2026", client="c1"))
    account_id = auth.current_session(env, token).account_id

    accounts.save_preferences(env, account_id, Preferences("standard", False, True, "zh-CN"))

    assert auth.current_session(env, token).preferences == Preferences("standard", False, True, "zh-CN")


@pytest.mark.parametrize(
    ("preferences", "errors"),
    [
        (Preferences(text_size="huge"), {"text_size": "invalid_choice"}),
        (Preferences(text_size=""), {"text_size": "invalid_choice"}),
        (Preferences(language="fr"), {"language": "invalid_choice"}),
        (Preferences(language="en"), {"language": "invalid_choice"}),
        (Preferences(text_size="large", language="zh-TW"), {"language": "invalid_choice"}),
    ],
)
def test_save_preferences_rejects_bad_values_and_stores_nothing(env, preferences, errors):
    account_id = _new_account(env)
    with pytest.raises(ValidationFailed) as exc:
        accounts.save_preferences(env, account_id, preferences)
    assert exc.value.errors == errors
    account = _account(env, account_id)
    assert (account.text_size, account.language) == (None, None)
