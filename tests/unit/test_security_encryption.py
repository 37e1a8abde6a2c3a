"""Keys, encryption at rest and blind indexes (DESIGN.md section 5)."""

from __future__ import annotations

import base64

import pytest

from app.config import (
    DEV_ENCRYPTION_KEY,
)
from app.services.crypto import Crypto, DecryptionFailed
from tests.unit.security_helpers import (
    _key,
)

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


def test_a_changed_key_fingerprint_byte_does_not_decrypt():
    crypto = Crypto(DEV_ENCRYPTION_KEY, "index-key")
    blob = bytearray(crypto.encrypt_text("张建国", "person.name"))
    blob[1] ^= 0x01
    with pytest.raises(DecryptionFailed):
        crypto.decrypt_text(bytes(blob), "person.name")
