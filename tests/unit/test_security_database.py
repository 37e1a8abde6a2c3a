"""Nothing sensitive in the database file in plain text, and append-only audit events (DESIGN.md section 5)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from app.models import Account, AuditEvent, LoginSession, VerificationCode
from app.services import audit, auth, claims, privacy
from app.services.demo import SEED_FILE
from app.services.errors import ValidationFailed
from app.services.sms import newest_dev_message
from tests.unit.auth_helpers import bound

SEED = json.loads(Path(SEED_FILE).read_text(encoding="utf-8"))


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
        claims.claim(env, account_id, "陈哲", "310104198808080032", client="c1")
    claims.claim(env, account_id, "陈喆", "310104198808080032", client="c1")
    exported = privacy.export_account_data(env, account_id, client="c1")
    assert "陈喆".encode() in exported  # the download itself does contain the data

    raw = _raw_database(env, db_url)
    assert b"13600136000" in raw
    for secret in ("陈喆", "陈哲", "310104198808080032"):
        assert secret.encode() not in raw


def test_session_tokens_and_codes_are_stored_hashed(env, db_url):
    handoff = auth.login_with_password(env, "13800138000", "Family-2026", client="c1")
    with env.db.transaction() as s:
        [row] = s.exec(select(LoginSession)).all()
    assert row.id == hashlib.sha256(f":{handoff}".encode()).hexdigest()  # the handoff, for its browser
    token = bound(env, handoff)
    auth.send_login_code(env, "13700137000", client="c1")
    with env.db.transaction() as s:
        code = newest_dev_message(s, "13700137000").code
        [row] = s.exec(select(LoginSession)).all()
        stored_code = s.exec(select(VerificationCode)).one()
    assert row.id == hashlib.sha256(token.encode()).hexdigest()
    assert stored_code.code_hash != code

    raw = _raw_database(env, db_url)
    assert token.encode() not in raw and handoff.encode() not in raw and token.split(":")[1].encode() not in raw


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
