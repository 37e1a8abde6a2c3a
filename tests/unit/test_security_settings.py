"""Development keys are refused outside demo mode (DESIGN.md section 5)."""

from __future__ import annotations

import pytest

from app.config import (
    DEV_BLIND_INDEX_KEY,
    DEV_CARD_SIGNING_KEY,
    DEV_ENCRYPTION_KEY,
    DEV_SECRET_KEY,
    DEV_STORAGE_SECRET,
    InsecureSettings,
    Settings,
)
from app.services.crypto import Crypto
from tests.unit.security_helpers import STRONG, _key

SECRET_VARIABLES = ("SECRET_KEY", "STORAGE_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "CARD_SIGNING_KEYS",
                    "DEMO_MODE", "DATABASE_URL")




@pytest.fixture
def clean_environ(monkeypatch):
    """Settings read the process environment; make sure nothing there decides these tests."""
    for name in SECRET_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


# --- settings ----------------------------------------------------------------------------------------------------


def test_default_keys_are_refused_outside_demo_mode(clean_environ):
    settings = _settings(demo_mode=False)

    with pytest.raises(InsecureSettings) as exc:
        settings.check_secure()

    message = str(exc.value)
    for name in ("SECRET_KEY", "STORAGE_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "CARD_SIGNING_KEYS"):
        assert name in message
    # The message names the settings, never their values.
    assert DEV_SECRET_KEY not in message and DEV_ENCRYPTION_KEY not in message
    assert DEV_CARD_SIGNING_KEY.split(":")[1] not in message


def test_demo_mode_is_off_by_default(clean_environ):
    settings = _settings()
    assert settings.demo_mode is False
    with pytest.raises(InsecureSettings):
        settings.check_secure()


def test_default_keys_are_allowed_in_demo_mode(clean_environ):
    _settings(demo_mode=True).check_secure()


def test_all_secrets_set_pass_outside_demo_mode(clean_environ):
    settings = _settings(demo_mode=False, **STRONG)
    assert settings.insecure_defaults() == []
    settings.check_secure()


def test_secrets_can_come_from_the_environment(clean_environ, monkeypatch):
    for name, value in STRONG.items():
        monkeypatch.setenv(name.upper(), value)
    _settings().check_secure()


@pytest.mark.parametrize(
    ("field", "default", "name"),
    [
        ("secret_key", DEV_SECRET_KEY, "SECRET_KEY"),
        ("storage_secret", DEV_STORAGE_SECRET, "STORAGE_SECRET"),
        ("encryption_keys", DEV_ENCRYPTION_KEY, "ENCRYPTION_KEYS"),
        ("blind_index_key", DEV_BLIND_INDEX_KEY, "BLIND_INDEX_KEY"),
        ("card_signing_keys", DEV_CARD_SIGNING_KEY, "CARD_SIGNING_KEYS"),
        # An old development key kept for verifying is refused too: every card key verifies.
        ("card_signing_keys", "7:" + _key() + "," + DEV_CARD_SIGNING_KEY, "CARD_SIGNING_KEYS"),
    ],
)
def test_one_default_secret_is_enough_to_refuse(clean_environ, field, default, name):
    settings = _settings(demo_mode=False, **(STRONG | {field: default}))
    assert settings.insecure_defaults() == [name]
    with pytest.raises(InsecureSettings, match=name):
        settings.check_secure()


def test_development_encryption_key_is_usable(clean_environ):
    # The shipped development key must at least be a valid AES-256 key, or demo mode could not start.
    Crypto(DEV_ENCRYPTION_KEY, DEV_BLIND_INDEX_KEY)
