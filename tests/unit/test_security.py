"""Keys, encryption at rest, blind indexes, append-only audit and password hashing (DESIGN.md section 5)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from app.config import (
    DEV_BLIND_INDEX_KEY,
    DEV_ENCRYPTION_KEY,
    DEV_SECRET_KEY,
    DEV_STORAGE_SECRET,
    InsecureSettings,
    Settings,
)
from app.models import Account, AuditEvent, LoginSession, VerificationCode
from app.services import accounts, audit, auth, passwords, privacy
from app.services.crypto import Crypto, DecryptionFailed
from app.services.demo import SEED_FILE
from app.services.errors import ValidationFailed
from app.services.sms import newest_dev_message

SECRET_VARIABLES = ("SECRET_KEY", "STORAGE_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "DEMO_MODE", "DATABASE_URL")
SEED = json.loads(Path(SEED_FILE).read_text(encoding="utf-8"))


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


STRONG = {
    "secret_key": "s3cret-" + "a" * 40,
    "storage_secret": "st0rage-" + "b" * 40,
    "encryption_keys": _key(),
    "blind_index_key": "bl1nd-" + "c" * 40,
}


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
    for name in ("SECRET_KEY", "STORAGE_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
        assert name in message
    # The message names the settings, never their values.
    assert DEV_SECRET_KEY not in message and DEV_ENCRYPTION_KEY not in message


def test_demo_mode_is_off_by_default(clean_environ):
    settings = _settings()
    assert settings.demo_mode is False
    with pytest.raises(InsecureSettings):
        settings.check_secure()


def test_default_keys_are_allowed_in_demo_mode(clean_environ):
    _settings(demo_mode=True).check_secure()


def test_all_four_secrets_set_pass_outside_demo_mode(clean_environ):
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


# --- field encryption --------------------------------------------------------------------------------------------


@pytest.fixture
def crypto() -> Crypto:
    return Crypto(_key(), "index-key")


@pytest.mark.parametrize("plaintext", ["110101198503120017", "张伟", "阿依古丽·买买提", "吉𠮷", ""])
def test_encrypt_decrypt_round_trip(crypto, plaintext):
    blob = crypto.encrypt_text(plaintext, "person.name")
    assert crypto.decrypt_text(blob, "person.name") == plaintext
    if plaintext:
        assert plaintext.encode() not in blob


def test_encryption_is_randomised(crypto):
    first, second = crypto.encrypt_text("张伟", "person.name"), crypto.encrypt_text("张伟", "person.name")
    assert first != second
    assert crypto.decrypt_text(first, "person.name") == crypto.decrypt_text(second, "person.name") == "张伟"


def test_binary_round_trip(crypto):
    payload = bytes(range(256)) * 10
    assert crypto.decrypt(crypto.encrypt(payload, "document.photo"), "document.photo") == payload


def test_wrong_purpose_does_not_decrypt(crypto):
    blob = crypto.encrypt_text("110101198503120017", "person.id_number")
    with pytest.raises(DecryptionFailed):
        crypto.decrypt(blob, "person.name")


def test_wrong_key_does_not_decrypt(crypto):
    blob = crypto.encrypt_text("张伟", "person.name")
    with pytest.raises(DecryptionFailed):
        Crypto(_key(), "index-key").decrypt(blob, "person.name")


@pytest.mark.parametrize("position", [0, 2, 7, 13, 14, 15, -16, -1])
def test_a_tampered_byte_is_detected(crypto, position):
    # 0: version; 2..13: nonce; 14..: ciphertext; last 16: authentication tag.
    blob = bytearray(crypto.encrypt_text("110101198503120017", "person.id_number"))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        crypto.decrypt(bytes(blob), "person.id_number")


@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x01\x00" + b"\x00" * 12, b"\x02\x00" + b"\x00" * 40])
def test_garbage_does_not_decrypt(crypto, blob):
    with pytest.raises(DecryptionFailed):
        crypto.decrypt(blob, "person.name")


def test_truncated_ciphertext_does_not_decrypt(crypto):
    blob = crypto.encrypt_text("张伟", "person.name")
    with pytest.raises(DecryptionFailed):
        crypto.decrypt(blob[:-1], "person.name")


def test_key_rotation(crypto):
    old_key, new_key = _key(), _key()
    old = Crypto(old_key, "index-key")
    written_before = old.encrypt_text("张伟", "person.name")

    rotated = Crypto(f"{new_key}, {old_key}", "index-key")

    assert rotated.decrypt_text(written_before, "person.name") == "张伟"
    written_after = rotated.encrypt_text("王芳", "person.name")
    assert Crypto(new_key, "index-key").decrypt_text(written_after, "person.name") == "王芳"
    with pytest.raises(DecryptionFailed):
        old.decrypt(written_after, "person.name")


@pytest.mark.parametrize(
    "keys",
    ["", " , ", base64.b64encode(b"x" * 16).decode(), base64.b64encode(b"x" * 31).decode(),
     f"{base64.b64encode(b'x' * 32).decode()},{base64.b64encode(b'short').decode()}"],
)
def test_keys_must_be_32_bytes(keys):
    with pytest.raises(ValueError, match="32-byte"):
        Crypto(keys, "index-key")


def test_blind_index_is_deterministic_and_keyed_per_purpose(crypto):
    index = crypto.blind_index("110101198503120017", "person.id_number")

    assert index == crypto.blind_index("110101198503120017", "person.id_number")
    assert len(index) == 64 and int(index, 16) >= 0
    assert "110101198503120017" not in index
    assert index != crypto.blind_index("110101198503120017", "person.birth_certificate")
    assert index != crypto.blind_index("110101199002140022", "person.id_number")
    # Another deployment (another index key) gets other indexes.
    assert index != Crypto(_key(), "other-index-key").blind_index("110101198503120017", "person.id_number")
    # The index key, not the encryption key, decides it: rotating encryption keys keeps indexes valid.
    assert index == Crypto(_key(), "index-key").blind_index("110101198503120017", "person.id_number")


# --- nothing sensitive in the database file ----------------------------------------------------------------------


def _raw_database(env, db_url: str) -> bytes:
    env.db.dispose()
    path = Path(db_url.removeprefix("sqlite:///"))
    data = path.read_bytes()
    for suffix in ("-wal", "-journal"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            data += extra.read_bytes()
    return data


@pytest.mark.parametrize("person", SEED["persons"], ids=lambda p: p["key"])
def test_demo_registry_is_not_in_the_database_file_in_plain_text(env, db_url, person):
    raw = _raw_database(env, db_url)

    assert b"13800138000" in raw  # the file was read (phone numbers are stored plainly)
    assert person["id_number"].encode() not in raw
    assert person["name"].encode() not in raw
    assert person["name"].encode("utf-16-le") not in raw
    if cert := person.get("birth_certificate"):
        assert cert.encode() not in raw


def test_verification_and_export_leave_no_plain_text_behind(env, db_url):
    with env.db.transaction() as s:
        account = Account(phone="13600136000", password_hash="unused", created_at=env.clock.now())
        s.add(account)
        s.flush()
        account_id = account.id
    with pytest.raises(ValidationFailed):  # a failed look-up, typed with the real ID number
        accounts.verify_real_name(env, account_id, "陈哲", "310104198808080032", client="c1")
    accounts.verify_real_name(env, account_id, "陈喆", "310104198808080032", client="c1")
    exported = privacy.export_account_data(env, account_id, client="c1")
    assert "陈喆".encode() in exported  # the download itself does contain the data

    raw = _raw_database(env, db_url)
    assert b"13600136000" in raw
    for secret in ("陈喆", "陈哲", "310104198808080032"):
        assert secret.encode() not in raw


def test_session_tokens_and_codes_are_stored_hashed(env, db_url):
    token = auth.login_with_password(env, "13800138000", "Family-2026", client="c1")
    auth.send_login_code(env, "13700137000", client="c1")
    with env.db.transaction() as s:
        code = newest_dev_message(s, "13700137000").code
        [row] = s.exec(select(LoginSession)).all()
        stored_code = s.exec(select(VerificationCode)).one()
    assert row.id == hashlib.sha256(token.encode()).hexdigest()
    assert stored_code.code_hash != code

    raw = _raw_database(env, db_url)
    assert token.encode() not in raw


# --- audit events are append-only --------------------------------------------------------------------------------


def _add_event(env) -> None:
    with env.db.transaction() as s:
        audit.record(s, "login", now=env.clock.now(), account_id=1, method="password")


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET action = 'nothing'", "UPDATE audit_event SET detail = '{}' WHERE id = 1",
     "DELETE FROM audit_event", "DELETE FROM audit_event WHERE id = 1"],
)
def test_audit_events_cannot_be_changed_or_removed(env, statement):
    _add_event(env)

    with pytest.raises(DBAPIError, match="append-only"), env.db.engine.begin() as connection:
        connection.execute(text(statement))

    with env.db.transaction() as s:
        [event] = s.exec(select(AuditEvent)).all()
    assert (event.id, event.action, json.loads(event.detail)) == (1, "login", {"method": "password"})


def test_audit_events_cannot_be_changed_through_the_orm(env):
    _add_event(env)
    with pytest.raises(DBAPIError, match="append-only"), env.db.transaction() as s:
        s.exec(select(AuditEvent)).one().action = "nothing"
    with pytest.raises(DBAPIError, match="append-only"), env.db.transaction() as s:
        s.delete(s.exec(select(AuditEvent)).one())


def test_audit_events_can_still_be_added(env):
    _add_event(env)
    _add_event(env)
    with env.db.transaction() as s:
        assert len(s.exec(select(AuditEvent)).all()) == 2


# --- passwords ---------------------------------------------------------------------------------------------------


def test_demo_passwords_are_stored_as_argon2id(env):
    with env.db.transaction() as s:
        hashes = [a.password_hash for a in s.exec(select(Account)).all()]
    assert len(hashes) == 5  # three demo logins and two demo-only holders of 赵桂英
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("Family-2026" in h or "Counter-2026" in h for h in hashes)


def test_hash_and_verify():
    hashed = passwords.hash_password("Sunny-Garden-88")
    assert hashed.startswith("$argon2id$")
    assert hashed != passwords.hash_password("Sunny-Garden-88")  # salted
    assert passwords.verify_password(hashed, "Sunny-Garden-88")
    assert not passwords.verify_password(hashed, "sunny-garden-88")
    assert not passwords.needs_rehash(hashed)


@pytest.mark.parametrize("stored", ["", "unused", "$argon2id$garbage", "plain-text-password"])
def test_broken_hashes_never_verify(stored):
    assert passwords.verify_password(stored, stored) is False


def test_dummy_hash_is_argon2id_and_stable():
    assert passwords.dummy_hash().startswith("$argon2id$")
    assert passwords.dummy_hash() is passwords.dummy_hash()


def test_a_changed_key_fingerprint_byte_does_not_decrypt():
    crypto = Crypto(DEV_ENCRYPTION_KEY, "index-key")
    blob = bytearray(crypto.encrypt_text("张建国", "person.name"))
    blob[1] ^= 0x01
    with pytest.raises(DecryptionFailed):
        crypto.decrypt_text(bytes(blob), "person.name")
