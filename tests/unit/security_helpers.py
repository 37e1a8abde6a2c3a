"""Shared helper for the security tests (test_security_*.py)."""

from __future__ import annotations

import base64
import os


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()
