"""Shared steps for the counter service tests (test_counter_*.py): a logged-in staff member, the SMS code
the resident would read out, and the assisting that follows."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Account, AssistSession, AuditEvent
from app.services import auth, counter
from app.services.counter import AssistView
from app.services.sms import newest_dev_message
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import STAFF_PHONE, ZHANG_WEI_PHONE, account_id

STAFF_PASSWORD = "Counter-2026"


@pytest.fixture(name="staff_token")
def staff_token_fixture(env) -> str:
    """A login session of the demo staff member (counter service belongs to one login)."""
    return bound(env, auth.login_with_password(env, STAFF_PHONE, STAFF_PASSWORD, client="counter-tablet"))


@pytest.fixture(name="staff")
def staff_fixture(env) -> int:
    return account_id(env, STAFF_PHONE)


@pytest.fixture(name="zw")
def zw_fixture(env) -> int:
    """张伟's account id."""
    return account_id(env, ZHANG_WEI_PHONE)


def code_sent_to(env, phone: str) -> str:
    with env.db.transaction() as s:
        message = newest_dev_message(s, phone)
        assert message is not None and message.code, f"no code was sent to {phone}"
        return message.code


def assist(env, staff_id: int, token: str, phone: str = ZHANG_WEI_PHONE) -> AssistView:
    """Find the resident, take the code they read out, and start assisting."""
    counter.find_resident(env, staff_id, phone, client="counter-tablet")
    return counter.start_assisting(env, staff_id, token, phone, code_sent_to(env, phone), client="counter-tablet")


def events(env, account: int, action: str | None = None) -> list[dict]:
    """The account's audit events, oldest first, with who acted."""
    with env.db.transaction() as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.account_id == account).order_by(AuditEvent.id)).all()
        found = [{"action": e.action, "actor_id": e.actor_id, "actor_role": e.actor_role, "client": e.client,
                  "detail": json.loads(e.detail or "{}")} for e in rows]
    return [e for e in found if action is None or e["action"] == action]


def assist_rows(env) -> list[AssistSession]:
    with env.db.transaction() as s:
        return list(s.exec(select(AssistSession).order_by(AssistSession.id)).all())


def add_account(env, phone: str, *, role: str = "resident") -> int:
    """An account that never logs in here (no person: not real-name verified)."""
    with env.db.transaction() as s:
        account = Account(phone=phone, password_hash="unused", role=role, created_at=env.clock.now())
        s.add(account)
        s.flush()
        return account.id
