"""Shared fixtures and helpers for the staff review tests (test_review_*.py): requests submitted through the
services, a second staff member, a request already opened, requests taken to each state a staff member may
meet, and reading notifications and SMS.

Fixtures are named `<name>_fixture` and registered with `name=` (as in binding_fixtures.py), so a test
module can import them (`# noqa: F401`) without the test arguments that request them shadowing the import."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import DevSms, Notification, RequestHelper
from app.services import counter, review
from app.services.audit import Actor
from app.services.binding import documents, drafts, lifecycle
from tests.unit.binding_helpers import (
    FAKE_PDF,
    FAKE_SIGNATURE,
    NEWBORN_VALUES,
    STAFF2_PHONE,
    ZHANG_JIANGUO,
    account_id,
    complete,
    fake_photo,
    member_values,
    ready_request,
    start,
)
from tests.unit.counter_helpers import assist

# Every state a request can be in when a staff member who is not assisting asks for it, "me" being that staff
# member; the ones DESIGN.md §2.7 lets them see: waiting for a decision, or decided by them (kept if unbound).
# The two drafts come last, each of another holder: a holder's next request would resume their draft.
SCOPE_STATES = ("submitted", "submitted_helped_by_me", "in_review_by_me", "in_review_by_other", "approved_by_me",
                "approved_by_other", "rejected_by_me", "rejected_by_other", "unbound_by_me", "unbound_by_other",
                "withdrawn", "edited_after_my_rejection", "draft")
VISIBLE_STATES = frozenset({"submitted", "in_review_by_me", "in_review_by_other", "approved_by_me",
                            "rejected_by_me", "unbound_by_me", "submitted_helped_by_me"})


COUNTER = "counter-tablet"


@pytest.fixture(name="staff2")
def staff2_fixture(env) -> int:
    """The second demo staff member (DESIGN.md §6: four eyes)."""
    return account_id(env, STAFF2_PHONE)


@pytest.fixture(name="opened")
def opened_fixture(env, zw, staff) -> int:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    return request_id


def submitted_at_the_counter(env, staff: int, token: str, holder: int) -> int:
    """Staff (logged in with `token`) assist 张伟 (`holder`) and run the whole "+" flow for his father, submitting it
    for him; then finish assisting."""
    assisting = assist(env, staff, token)
    actor = Actor(staff, "staff", COUNTER)
    view = drafts.open_draft(env, holder, client=COUNTER, actor=actor)
    view = drafts.accept_notice(env, holder, view.id, view.version, agreed=True)
    view = drafts.choose_method(env, holder, view.id, view.version, "id_number")
    view = drafts.set_member(env, holder, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"),
                             client=COUNTER, actor=actor)
    view = documents.add_photo(env, holder, view.id, "face", fake_photo("face"), actor=actor)
    view = drafts.set_consent(env, holder, view.id, view.version, agreed=True, actor=actor)
    view = documents.store_signed_letter(env, holder, view.id, view.version, signature_png=FAKE_SIGNATURE,
                                         pdf=FAKE_PDF, client=COUNTER, actor=actor)
    lifecycle.submit(env, holder, view.id, view.version, client=COUNTER, actor=actor)
    counter.finish(env, staff, assisting.assist_id, client=COUNTER)
    return view.id


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
    if state == "submitted_helped_by_me":  # as "Save and submit" records it after help at the counter
        with env.db.transaction() as session:
            session.add(RequestHelper(request_id=view.id, staff_id=me))
    elif state == "withdrawn":
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
