"""Shared fixtures and helpers for the staff review tests (test_review_*.py): requests submitted through the
services, a second staff member, a request already opened, and reading notifications and SMS.

Fixtures are named `<name>_fixture` and registered with `name=` (as in binding_fixtures.py), so a test
module can import them (`# noqa: F401`) without the test arguments that request them shadowing the import."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Account, DevSms, Notification
from app.services import review
from app.services.binding import drafts, lifecycle
from tests.unit.binding_helpers import (
    NEWBORN_VALUES,
    ZHANG_JIANGUO,
    complete,
    ready_request,
    start,
)


@pytest.fixture(name="staff2")
def staff2_fixture(env) -> int:
    """A second staff member (never logs in, so no password hash is needed)."""
    with env.db.transaction() as s:
        account = Account(phone="13900139001", password_hash="unused", role="staff", created_at=env.clock.now())
        s.add(account)
        s.flush()
        return account.id


@pytest.fixture(name="opened")
def opened_fixture(env, zw, staff) -> int:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    return request_id


def _submitted(env, holder: int, person=ZHANG_JIANGUO, relationship: str = "parent") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    return view.id


def _newborn_submitted(env, holder: int) -> int:
    view = start(env, holder, "newborn")
    view = drafts.set_newborn(env, holder, view.id, view.version, NEWBORN_VALUES, client="test")
    view = complete(env, holder, view)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    return view.id


def _numbers(items: list[review.QueueItem]) -> list[str]:
    return [item.number for item in items]


def _notifications(env, account: int) -> list[tuple[str, dict]]:
    with env.db.transaction() as s:
        rows = s.exec(select(Notification).where(Notification.account_id == account).order_by(Notification.id)).all()
        return [(n.kind, json.loads(n.params)) for n in rows]


def _sms_bodies(env, phone: str) -> list[tuple[str, str | None]]:
    with env.db.transaction() as s:
        rows = s.exec(select(DevSms).where(DevSms.phone == phone).order_by(DevSms.id)).all()
        return [(m.body, m.code) for m in rows]
