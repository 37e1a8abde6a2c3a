"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256) for sensitive values."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = 1
_NONCE_BYTES = 12


def _fingerprint(key: bytes) -> int:
    return hashlib.sha256(key).digest()[0]


class DecryptionFailed(Exception):
    """A ciphertext did not decrypt with any known key (tampered, or the key is gone)."""


class Crypto:
    """Encrypts with the first key, decrypts with any (so keys can be rotated)."""

    def __init__(self, encryption_keys: str, blind_index_key: str) -> None:
        keys = [base64.b64decode(k.strip()) for k in encryption_keys.split(",") if k.strip()]
        if not keys or any(len(k) != 32 for k in keys):  # noqa: PLR2004 - AES-256
            raise ValueError("ENCRYPTION_KEYS must be base64 encodings of 32-byte keys")
        self._keys = keys
        self._index_key = blind_index_key.encode()

    def encrypt(self, plaintext: bytes, purpose: str) -> bytes:
        """Version byte + key fingerprint byte + nonce + ciphertext. The header and `purpose` are
        authenticated, so a ciphertext copied into another column, or a changed header, fails."""
        header = bytes([_VERSION, _fingerprint(self._keys[0])])
        nonce = os.urandom(_NONCE_BYTES)
        return header + nonce + AESGCM(self._keys[0]).encrypt(nonce, plaintext, header + purpose.encode())

    def decrypt(self, blob: bytes, purpose: str) -> bytes:
        if len(blob) < 2 + _NONCE_BYTES or blob[0] != _VERSION:
            raise DecryptionFailed("unknown format")
        header, nonce, sealed = blob[:2], blob[2 : 2 + _NONCE_BYTES], blob[2 + _NONCE_BYTES :]
        # The fingerprint picks the key; two keys may share one, so every match is tried.
        for key in (k for k in self._keys if _fingerprint(k) == header[1]):
            try:
                return AESGCM(key).decrypt(nonce, sealed, header + purpose.encode())
            except InvalidTag:
                continue
        raise DecryptionFailed("no key fits")

    def encrypt_text(self, text: str, purpose: str) -> bytes:
        return self.encrypt(text.encode(), purpose)

    def decrypt_text(self, blob: bytes, purpose: str) -> str:
        return self.decrypt(blob, purpose).decode()

    def blind_index(self, value: str, purpose: str) -> str:
        """A keyed hash to find a row by an exact value without storing the value."""
        key = hmac.new(self._index_key, purpose.encode(), hashlib.sha256).digest()
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
