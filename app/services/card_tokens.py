"""The e-card QR code (DESIGN.md §2.4): a compact binary token signed with Ed25519, written in base32 so
the QR code uses its alphanumeric mode. The browser draws the code as SVG (assets/ecard-qr.js).

Token layout, big-endian, 90 bytes, so 144 base32 characters with no padding:

    version (1) | key id (1) | card ref (8) | issued at (4, Unix seconds) | expires at (4) | nonce (8)
    | Ed25519 signature over the 26 bytes before it (64)

The card reference is a keyed hash chosen by the server (see `cards`); it reveals no ID number. Pure
functions: no database, no clock (callers pass the times)."""

from __future__ import annotations

import base64
import binascii
import os
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

VERSION = 1
_BODY = struct.Struct(">BB8sII8s")
SIGNATURE_BYTES = 64
TOKEN_BYTES = _BODY.size + SIGNATURE_BYTES  # 90
TOKEN_CHARS = TOKEN_BYTES * 8 // 5  # 144
REF_BYTES = 8
NONCE_BYTES = 8


class TokenRefused(Exception):
    """A token that cannot be read or whose signature does not hold; `reason` is a stable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class KeyRing:
    """E-card signing keys: the first signs, every one verifies (key rotation)."""

    signing_id: int
    private: dict[int, Ed25519PrivateKey]

    def public(self, key_id: int) -> Ed25519PublicKey | None:
        key = self.private.get(key_id)
        return key.public_key() if key else None

    def public_raw(self) -> dict[int, bytes]:
        """Key id -> the 32 raw bytes of its public key, for publishing."""
        return {kid: key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) for kid, key in self.private.items()}


@lru_cache(maxsize=8)
def keyring(setting: str) -> KeyRing:
    """Parse `CARD_SIGNING_KEYS` ("<id>:<base64 32-byte private key>", comma-separated). The message of an
    error names the entry's position, never key material."""
    keys: dict[int, Ed25519PrivateKey] = {}
    order: list[int] = []
    for position, entry in enumerate((part.strip() for part in setting.split(",") if part.strip()), start=1):
        kid_text, _, seed_text = entry.partition(":")
        try:
            kid, seed = int(kid_text), base64.b64decode(seed_text, validate=True)
        except (ValueError, binascii.Error):
            raise ValueError(f"CARD_SIGNING_KEYS entry {position} is not '<key id>:<base64 key>'") from None
        if not 0 <= kid <= 255 or kid in keys or len(seed) != 32:  # noqa: PLR2004 - one byte of id, 32-byte keys
            raise ValueError(f"CARD_SIGNING_KEYS entry {position}: key ids are unique 0..255, keys 32 bytes")
        keys[kid] = Ed25519PrivateKey.from_private_bytes(seed)
        order.append(kid)
    if not order:
        raise ValueError("CARD_SIGNING_KEYS has no key")
    return KeyRing(signing_id=order[0], private=keys)


@dataclass(frozen=True)
class TokenBody:
    key_id: int
    card_ref: bytes
    issued_at: datetime
    expires_at: datetime
    nonce: bytes


def sign(ring: KeyRing, card_ref: bytes, issued_at: datetime, expires_at: datetime) -> str:
    """A fresh token (new nonce) for `card_ref`, signed with the ring's signing key, as base32 text."""
    body = _BODY.pack(VERSION, ring.signing_id, card_ref, int(issued_at.timestamp()), int(expires_at.timestamp()),
                      os.urandom(NONCE_BYTES))
    signature = ring.private[ring.signing_id].sign(body)
    return base64.b32encode(body + signature).decode("ascii").rstrip("=")


def decode(text: str) -> bytes:
    """The token's bytes; TokenRefused("malformed") for anything that is not one token of base32."""
    compact = "".join(text.split()).upper() if isinstance(text, str) else ""
    if len(compact) != TOKEN_CHARS:
        raise TokenRefused("malformed")
    try:
        raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except (binascii.Error, ValueError):
        raise TokenRefused("malformed") from None
    if len(raw) != TOKEN_BYTES:
        raise TokenRefused("malformed")
    return raw


def open_token(ring: KeyRing, text: str) -> TokenBody:
    """Read a token and check its signature. Refused: malformed, unsupported_version, unknown_key,
    invalid_signature (a forged or tampered token). Times and reuse are the caller's to check."""
    raw = decode(text)
    body, signature = raw[:_BODY.size], raw[_BODY.size:]
    version, key_id, card_ref, issued, expires, nonce = _BODY.unpack(body)
    if version != VERSION:
        raise TokenRefused("unsupported_version")
    public = ring.public(key_id)
    if public is None:
        raise TokenRefused("unknown_key")
    try:
        public.verify(signature, body)
    except InvalidSignature:
        raise TokenRefused("invalid_signature") from None
    return TokenBody(key_id=key_id, card_ref=card_ref, issued_at=datetime.fromtimestamp(issued, UTC),
                     expires_at=datetime.fromtimestamp(expires, UTC), nonce=nonce)
