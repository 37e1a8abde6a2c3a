"""Transactions on SQLite (app/db.py): why a transaction that reads and then writes begins IMMEDIATE (the check in
tests/conftest.py holds every test to it), and that the slow password checks hold no lock while they run."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from app.db import Database
from app.models import RateLimitHit
from app.services import auth, passwords, privacy
from tests.unit.auth_helpers import PASSWORD, ZHANG_WEI, _account

AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _hit(db: Database, key: str) -> None:
    with db.transaction(immediate=True) as session:
        session.add(RateLimitHit(key=key, at=AT))


def test_a_deferred_transaction_that_read_cannot_write_after_another_commit(db_url: str) -> None:
    """What the check in tests/conftest.py prevents: SQLite refuses at once, without waiting."""
    db = Database(db_url)
    try:
        with pytest.raises(OperationalError, match="database is locked"), db.transaction() as session:
            session.exec(select(RateLimitHit)).all()  # reads: the transaction sees the database as it is now
            _hit(db, "another request")  # another request writes and commits meanwhile
            session.add(RateLimitHit(key="this request", at=AT))
            session.flush()
        with db.transaction() as session:
            keys = [hit.key for hit in session.exec(select(RateLimitHit)).all()]
        assert "another request" in keys and "this request" not in keys  # nothing half-written
    finally:
        db.dispose()


def test_an_immediate_transaction_makes_the_other_writer_wait_instead(db_url: str) -> None:
    db = Database(db_url)
    done: list[str] = []
    try:
        with db.transaction(immediate=True) as session:
            session.exec(select(RateLimitHit)).all()
            other = threading.Thread(target=lambda: (_hit(db, "another request"), done.append("other")))
            other.start()
            time.sleep(0.2)
            assert done == []  # waits for this one
            session.add(RateLimitHit(key="this request", at=AT))
        other.join(timeout=10)
        assert done == ["other"]
        with db.transaction() as session:
            keys = {hit.key for hit in session.exec(select(RateLimitHit)).all()}
        assert {"another request", "this request"} <= keys
    finally:
        db.dispose()


def _free_to_write(db_url: str) -> bool:
    """Whether another request could write right now (no transaction holds SQLite's write lock)."""
    connection = sqlite3.connect(db_url.split("///", 1)[1], timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


@pytest.fixture
def checks_while_free(env, db_url: str, monkeypatch: pytest.MonkeyPatch) -> list[bool]:  # type: ignore[no-untyped-def]
    """Each password check records whether the database was free for other writers while it ran."""
    seen: list[bool] = []
    verify = passwords.verify_password

    def watched(stored: str, password: str) -> bool:
        seen.append(_free_to_write(db_url))
        return verify(stored, password)

    monkeypatch.setattr(passwords, "verify_password", watched)
    return seen


def test_the_password_is_checked_without_holding_the_write_lock(env, checks_while_free: list[bool]) -> None:  # type: ignore[no-untyped-def]
    auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="10.0.0.1")
    with pytest.raises(auth.ValidationFailed):
        auth.login_with_password(env, ZHANG_WEI, "Wrong-password-1", client="10.0.0.1")
    with pytest.raises(auth.ValidationFailed):
        privacy.delete_account(env, _account(env, ZHANG_WEI).id, "Wrong-password-1", client="10.0.0.1")
    assert checks_while_free == [True, True, True]
