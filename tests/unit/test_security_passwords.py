"""Password hashing (DESIGN.md section 5)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Account
from app.services import passwords

# --- passwords ---------------------------------------------------------------------------------------------------


def test_demo_passwords_are_stored_as_argon2id(env):
    with env.db.transaction() as s:
        hashes = [a.password_hash for a in s.exec(select(Account)).all()]
    assert len(hashes) == 6  # four demo logins and two demo-only holders of 赵桂英
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("Family-2026" in h or "Counter-2026" in h for h in hashes)


@pytest.mark.usefixtures("production_hashing")
def test_hash_and_verify():
    hashed = passwords.hash_password("Sunny-Garden-88")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # the library's recommended parameters
    assert hashed != passwords.hash_password("Sunny-Garden-88")  # salted
    assert passwords.verify_password(hashed, "Sunny-Garden-88")
    assert not passwords.verify_password(hashed, "sunny-garden-88")
    assert not passwords.needs_rehash(hashed)


@pytest.mark.parametrize("stored", ["", "unused", "$argon2id$garbage", "plain-text-password"])
def test_broken_hashes_never_verify(stored):
    assert passwords.verify_password(stored, stored) is False


@pytest.mark.usefixtures("production_hashing")
def test_dummy_hash_is_argon2id_and_stable():
    assert passwords.dummy_hash().startswith("$argon2id$")
    assert passwords.dummy_hash() is passwords.dummy_hash()
