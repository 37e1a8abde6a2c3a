"""Development keys are refused outside demo mode (DESIGN.md section 5)."""

from __future__ import annotations

import base64

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


# --- empty, short and malformed keys -------------------------------------------------------------------------------

SIXTEEN_BYTES = base64.b64encode(b"0123456789abcdef").decode()


# setting, value, what the refusal says about it
REFUSED = [
    ("secret_key", "", "SECRET_KEY is empty"),
    ("secret_key", "   ", "SECRET_KEY is empty"),
    ("secret_key", "a-real-but-short-key", "SECRET_KEY is shorter than 32 characters"),
    ("storage_secret", "s" * 31, "STORAGE_SECRET is shorter than 32 characters"),
    ("blind_index_key", "", "BLIND_INDEX_KEY is empty"),
    ("blind_index_key", "b" * 20, "BLIND_INDEX_KEY is shorter than 32 characters"),
    ("encryption_keys", "", "ENCRYPTION_KEYS is empty"),
    ("encryption_keys", " , ", "ENCRYPTION_KEYS entry 1 is empty"),
    ("encryption_keys", STRONG["encryption_keys"] + ",", "ENCRYPTION_KEYS entry 2 is empty"),
    ("encryption_keys", "not base64 at all!", "ENCRYPTION_KEYS entry 1 is not base64 of exactly 32 bytes"),
    ("encryption_keys", SIXTEEN_BYTES, "ENCRYPTION_KEYS entry 1 is not base64 of exactly 32 bytes"),
    ("encryption_keys", STRONG["encryption_keys"] + "," + SIXTEEN_BYTES,
     "ENCRYPTION_KEYS entry 2 is not base64 of exactly 32 bytes"),
    ("card_signing_keys", "", "CARD_SIGNING_KEYS is empty"),
    ("card_signing_keys", STRONG["card_signing_keys"] + ",,", "CARD_SIGNING_KEYS entry 2 is empty"),
    ("card_signing_keys", _key(), "CARD_SIGNING_KEYS entry 1 is not '<key id 0-255>:<base64 of 32 bytes>'"),
    ("card_signing_keys", "300:" + _key(), "CARD_SIGNING_KEYS entry 1 is not '<key id 0-255>:<base64 of 32 bytes>'"),
    ("card_signing_keys", "7:" + SIXTEEN_BYTES, "CARD_SIGNING_KEYS entry 1 is not '<key id 0-255>:<base64 of 32"),
    ("card_signing_keys", "7:" + _key() + ",7:" + _key(), "CARD_SIGNING_KEYS entry 2 repeats key id 7"),
]


@pytest.mark.parametrize(("field", "value", "words"), REFUSED, ids=[f"{i}-{r[2]}" for i, r in enumerate(REFUSED)])
def test_empty_short_or_malformed_keys_are_refused_outside_demo_mode(clean_environ, field, value, words):
    settings = _settings(demo_mode=False, **(STRONG | {field: value}))

    with pytest.raises(InsecureSettings) as exc:
        settings.check_secure()

    message = str(exc.value)
    assert words in message
    # Plain words about that one setting; never the value itself, nor any of the good ones.
    assert [name for name in SECRET_VARIABLES[:5] if name in message] == [field.upper()]
    secret_parts = [part for part in value.replace(":", ",").split(",") if len(part.strip()) > 3]
    assert not [part for part in [*secret_parts, *STRONG.values()] if part in message]
    _settings(demo_mode=True, **(STRONG | {field: value})).check_secure()  # a demo may use anything


def test_thirty_two_characters_are_enough(clean_environ):
    settings = _settings(demo_mode=False, **(STRONG | {"secret_key": "k" * 32, "storage_secret": "s" * 32,
                                                        "blind_index_key": "b" * 32}))
    settings.check_secure()


def test_every_problem_is_named_in_one_refusal(clean_environ):
    settings = _settings(demo_mode=False, secret_key="", storage_secret="short", encryption_keys=SIXTEEN_BYTES,
                         blind_index_key=DEV_BLIND_INDEX_KEY, card_signing_keys="nonsense")
    with pytest.raises(InsecureSettings) as exc:
        settings.check_secure()
    assert str(exc.value) == (
        "Refusing to start: BLIND_INDEX_KEY is not set, or still has its public development value; SECRET_KEY is "
        "empty; STORAGE_SECRET is shorter than 32 characters; ENCRYPTION_KEYS entry 1 is not base64 of exactly 32 "
        "bytes; CARD_SIGNING_KEYS entry 1 is not '<key id 0-255>:<base64 of 32 bytes>'. Set each to a long random "
        "value in the environment, or set DEMO_MODE=true for a demo.")


def test_an_empty_variable_counts_as_not_set(clean_environ, monkeypatch):
    # deploy/compose.yaml passes a secret left unset as an empty variable: a demo gets the development keys (so it
    # starts), anything else is refused naming it.
    for name in SECRET_VARIABLES[:5]:
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("DEMO_MODE", "true")
    demo = _settings()
    assert demo.encryption_keys == DEV_ENCRYPTION_KEY and demo.storage_secret == DEV_STORAGE_SECRET
    Crypto(demo.encryption_keys, demo.blind_index_key)
    monkeypatch.setenv("DEMO_MODE", "false")
    with pytest.raises(InsecureSettings, match=r"STORAGE_SECRET, .* are not set"):
        _settings().check_secure()


def test_the_server_refuses_in_plain_words_without_a_traceback(clean_environ, monkeypatch, capsys):
    from nicegui import run

    import main

    monkeypatch.setattr(run, "process_pool_start_method", run.process_pool_start_method)
    monkeypatch.setattr(main, "get_settings", lambda: _settings(demo_mode=False, **(STRONG | {"secret_key": "x"})))
    assert main.main() == 2
    err = capsys.readouterr().err
    assert "SECRET_KEY is shorter than 32 characters" in err and "Traceback" not in err


def test_the_settings_can_be_checked_from_the_command_line(clean_environ, monkeypatch, capsys):
    from app import cli
    from app.config import get_settings

    monkeypatch.setenv("ENCRYPTION_KEYS", SIXTEEN_BYTES)
    get_settings.cache_clear()
    try:
        assert cli.main(["check-settings"]) == 2
        assert "ENCRYPTION_KEYS entry 1 is not base64 of exactly 32 bytes" in capsys.readouterr().err
        for name, value in STRONG.items():
            monkeypatch.setenv(name.upper(), value)
        get_settings.cache_clear()
        assert cli.main(["check-settings"]) == 0
        assert "ready to serve" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
