"""Shared steps for the counter service page tests (test_counter_*.py): staff find a resident, take the
code the resident reads out from the dev SMS inbox, and start assisting in the simulated browser."""

from __future__ import annotations

import json

from nicegui.testing import User
from sqlmodel import select

from app.models import AuditEvent
from app.services.audit import Actor
from tests.ui.helpers import (
    HIDDEN,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    field_error,
    log_in,
    service_env,
    sms_code,
    wait_for_path,
    wait_until,
)

ASSISTING = "Assisting 张伟"


def staff_actor() -> Actor:
    return Actor(account_id(STAFF_PHONE), "staff", "counter-tablet")


async def find(user: User, phone: str = RESIDENT_PHONE) -> None:
    """On Counter service: type the resident's number and press "Find"; waits for the code or an error."""
    user.find(marker="phone").clear()
    user.find(marker="phone").type(phone)
    user.find(marker="find").click()
    await wait_until(lambda: shown(user, "counter-status") or field_error(user, "phone") or field_error(user, "code"),
                     what="the answer to Find")


async def start_assisting(user: User, code: str | None = None) -> None:
    """Type the code the resident read out and press "Start assisting"."""
    user.find(marker="code").clear()
    user.find(marker="code").type(code if code is not None else sms_code(RESIDENT_PHONE))
    user.find(marker="start-assisting").click()


async def staff_assisting(user: User, phone: str = RESIDENT_PHONE) -> None:
    """Log in as staff and start assisting `phone`'s resident; lands on their family members."""
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/staff/counter")
    await find(user, phone)
    await start_assisting(user, sms_code(phone))
    await wait_for_path(user, "/family")


def shown(user: User, marker: str) -> str:
    """Text of a label hidden with `fec-hidden` ('' while hidden)."""
    element = next(iter(user.find(marker=marker).elements))
    return "" if HIDDEN in element.classes else element.text  # type: ignore[attr-defined]


def resident_events(phone: str = RESIDENT_PHONE) -> list[dict]:
    """The resident's audit events, oldest first, with who acted."""
    with service_env() as env, env.db.transaction() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.account_id == account_id(phone))
                            .order_by(AuditEvent.id)).all()
        return [{"action": e.action, "actor_id": e.actor_id, "actor_role": e.actor_role,
                 "detail": json.loads(e.detail or "{}")} for e in rows]
