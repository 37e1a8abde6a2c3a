"""Shared helper for the security tests (test_security_*.py)."""

from __future__ import annotations

import base64
import os


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


# settings strong enough outside demo mode
STRONG = {
    "secret_key": "s3cret-" + "a" * 40,
    "storage_secret": "st0rage-" + "b" * 40,
    "encryption_keys": _key(),
    "blind_index_key": "bl1nd-" + "c" * 40,
    "card_signing_keys": "7:" + _key(),
}
