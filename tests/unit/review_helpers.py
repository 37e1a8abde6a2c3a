"""Shared fixtures and helpers for the staff review tests (test_review_*.py): requests submitted through the
services, a second staff member, a request already opened, requests taken to each state a staff member may
meet, and reading notifications and SMS.

Fixtures are named `<name>_fixture` and registered with `name=` (as in binding_fixtures.py), so a test
module can import them (`# noqa: F401`) without the test arguments that request them shadowing the import."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import DevSms, Notification
from app.services import review
from app.services.binding import drafts, lifecycle
from tests.unit.binding_helpers import (
    NEWBORN_VALUES,
    STAFF2_PHONE,
    ZHANG_JIANGUO,
    account_id,
    complete,
    ready_request,
    start,
)

# Every state a request can be in when a staff member who is not assisting asks for it, "me" being that staff
# member; the ones DESIGN.md §2.7 lets them see: waiting for a decision, or decided by them (kept if unbound).
SCOPE_STATES = ("submitted", "in_review_by_me", "in_review_by_other", "approved_by_me", "approved_by_other",
                "rejected_by_me", "rejected_by_other", "unbound_by_me", "unbound_by_other", "withdrawn",
                "edited_after_my_rejection", "draft")
VISIBLE_STATES = frozenset({"submitted", "in_review_by_me", "in_review_by_other", "approved_by_me",
                            "rejected_by_me", "unbound_by_me"})


@pytest.fixture(name="staff2")
def staff2_fixture(env) -> int:
    """The second demo staff member (DESIGN.md §6: four eyes)."""
    return account_id(env, STAFF2_PHONE)


@pytest.fixture(name="opened")
def opened_fixture(env, zw, staff) -> int:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    return request_id


def _submitted(env, holder: int, person=ZHANG_JIANGUO, relationship: str = "parent") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    return view.id


def request_in(env, state: str, holder: int, me: int, other: int, person=ZHANG_JIANGUO,
               relationship: str = "parent") -> int:
    """`holder`'s request for `person`, taken to `state` (one of SCOPE_STATES) through the services."""
    view = ready_request(env, holder, person, relationship)
    if state == "draft":
        return view.id
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    if state == "withdrawn":
        lifecycle.withdraw(env, holder, view.id, client="test")
    elif state != "submitted":
        reviewer = other if state.endswith("_by_other") else me
        lifecycle.open_review(env, reviewer, view.id)
        if not state.startswith("in_review"):
            review.decide(env, reviewer, view.id, approve=state.startswith(("approved", "unbound")),
                          reason="documents")
        if state.startswith("unbound"):
            lifecycle.unbind(env, holder, view.id, client="test")
        elif state == "edited_after_my_rejection":
            lifecycle.edit(env, holder, view.id, client="test")
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
