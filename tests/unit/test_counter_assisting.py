"""Assisting at the counter (DESIGN.md §2.7): the consent code's SMS says what it allows, the resident is told when
assisting starts and ends, and it ends by itself after 30 minutes."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import DevSms, Notification
from app.services import counter
from app.services.audit import Actor
from app.services.binding import drafts
from app.services.errors import DomainError
from tests.unit.binding_helpers import ZHANG_WEI_PHONE
from tests.unit.counter_helpers import (  # noqa: F401 - fixtures
    assist,
    events,
    staff_fixture,
    staff_token_fixture,
    zw_fixture,
)


def _kinds(env, account: int) -> list[str]:
    with env.db.transaction() as s:
        return [n.kind for n in s.exec(select(Notification).where(Notification.account_id == account)
                                       .order_by(Notification.id)).all()]


def test_the_consent_code_says_what_reading_it_out_allows(env, staff) -> None:
    counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    with env.db.transaction() as s:
        body = s.exec(select(DevSms).where(DevSms.phone == ZHANG_WEI_PHONE)).one().body
    assert "Your code to let service counter staff act for you:" in body
    assert "Read it out only to the staff in front of you" in body and "30 minutes" in body


def test_the_resident_is_told_when_assisting_starts_and_ends(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    assert _kinds(env, zw) == ["assist_started"]
    counter.finish(env, staff, view.assist_id, client="counter-tablet")
    assert _kinds(env, zw) == ["assist_started", "assist_ended"]


def test_assisting_ends_by_itself_after_30_minutes(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    actor = Actor(staff, "staff", "counter-tablet")
    env.clock.advance(minutes=29, seconds=59)
    assert counter.still_assisting(env, staff, staff_token, view.assist_id)
    drafts.open_draft(env, zw, actor=actor)  # still allowed
    env.clock.advance(seconds=1)
    assert not counter.still_assisting(env, staff, staff_token, view.assist_id)
    with pytest.raises(DomainError):
        drafts.open_draft(env, zw, actor=actor)
    assert counter.current(env, staff, staff_token, view.assist_id) is None
    assert [e["detail"]["reason"] for e in events(env, zw, "assist_ended")] == ["timed_out"]
    assert _kinds(env, zw)[-1] == "assist_ended"
