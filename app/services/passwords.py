"""Password rules and hashing (argon2id)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, *, phone: str | None = None) -> str | None:
    """The error code for a password that may not be used, or None when it is fine."""
    if not password:
        return "password_empty"
    if len(password) < MIN_LENGTH:
        return "password_short"
    if len(password) > MAX_LENGTH:
        return "password_long"
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2 or (phone and phone in password):  # noqa: PLR2004
        return "password_common"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so both paths take equally long."""
    return _hasher.hash("not-a-real-password-0")
