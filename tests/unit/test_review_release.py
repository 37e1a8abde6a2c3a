"""Assignments never wait forever (DESIGN.md §2.7): an opened request goes back to the queue after 1 working day
(24 hours of Monday-to-Friday time in Asia/Shanghai, by the clock), when its reviewer's account is disabled, or
with "Release"; each release is audited on the holder's account, and another staff member can then decide it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from app import scheduled
from app.models import Account
from app.services import assignments, review, staff_admin
from app.services.binding import lifecycle
from app.services.binding.store import NotFound
from app.services.clock import CHINA_TZ
from app.services.errors import DomainError
from tests.unit.binding_fixtures import staff_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import STAFF_PHONE, audit_events, request_row, start
from tests.unit.review_helpers import _submitted, staff2_fixture  # noqa: F401 - fixtures


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CHINA_TZ)


def _set_clock(env, moment: datetime) -> None:
    env.clock.advance(seconds=(moment - env.clock.now()).total_seconds())


# November 2026: the 23rd is a Monday, the 27th a Friday, the 28th and 29th the weekend.
@pytest.mark.parametrize(("opened", "released"), [
    (_at(2026, 11, 23, 10, 0), _at(2026, 11, 24, 10, 0)),  # Monday to Tuesday
    (_at(2026, 11, 26, 17, 0), _at(2026, 11, 27, 17, 0)),  # Thursday to Friday
    (_at(2026, 11, 27, 17, 0), _at(2026, 11, 30, 17, 0)),  # Friday 17:00 to Monday 17:00: the weekend does not count
    (_at(2026, 11, 27, 0, 0), _at(2026, 11, 28, 0, 0)),  # the whole of Friday is the working day
    (_at(2026, 11, 27, 23, 59, 59), _at(2026, 11, 30, 23, 59, 59)),
    (_at(2026, 11, 28, 10, 0), _at(2026, 12, 1, 0, 0)),  # opened on Saturday: Monday counts whole
    (_at(2026, 11, 29, 23, 59), _at(2026, 12, 1, 0, 0)),  # Sunday
    (_at(2026, 11, 28, 7, 0), _at(2026, 12, 1, 0, 0)),  # Saturday in Shanghai is still Friday in UTC
    (_at(2026, 11, 30, 7, 0), _at(2026, 12, 1, 7, 0)),  # Monday in Shanghai is still Sunday in UTC
])
def test_one_working_day_is_24_hours_of_monday_to_friday_in_shanghai(opened: datetime, released: datetime) -> None:
    assert assignments.release_due(opened) == released
    assert assignments.release_due(opened.astimezone(UTC)) == released  # as stored


def _opened_friday_17(env, zw, staff) -> int:
    _set_clock(env, _at(2026, 11, 27, 17, 0))
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    return request_id


def test_opened_friday_17_it_is_released_on_monday_at_17(env, zw, staff, staff2) -> None:
    request_id = _opened_friday_17(env, zw, staff)
    _set_clock(env, _at(2026, 11, 30, 16, 59, 59))
    assert [(i.request_id, i.status) for i in review.queue(env, staff2)] == [(request_id, "in_review")]
    assert review.open_request(env, staff2, request_id).reviewed_by_other  # still theirs, to the second
    assert audit_events(env, zw, "binding_review_released") == []

    env.clock.advance(seconds=1)
    assert [(i.request_id, i.status) for i in review.queue(env, staff2)] == [(request_id, "submitted")]
    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id, row.review_started_at) == ("submitted", None, None)
    released = audit_events(env, zw, "binding_review_released")
    assert [(e["actor_role"], e["detail"]) for e in released] == [
        ("system", {"request": row.number, "reason": "overdue"})]
    assert (row.submitted_at, review.queue(env, staff2)[0].waiting.days) == (_at(2026, 11, 27, 17, 0), 3)  # its place

    item = review.open_request(env, staff2, request_id)  # the second staff member takes it and decides
    assert (item.status, item.reviewer_is_me) == ("in_review", True)
    review.decide(env, staff2, request_id, approve=True)
    assert request_row(env, request_id).status == "approved"


def test_opening_it_after_the_working_day_releases_it_to_whoever_opens(env, zw, staff, staff2) -> None:
    request_id = _opened_friday_17(env, zw, staff)
    _set_clock(env, _at(2026, 11, 30, 17, 0))
    item = review.open_request(env, staff2, request_id)  # nobody looked at the queue in between
    assert (item.status, item.reviewer_is_me) == ("in_review", True)
    assert len(audit_events(env, zw, "binding_review_released")) == 1


def test_a_decision_after_the_working_day_needs_the_request_opened_again(env, zw, staff) -> None:
    request_id = _opened_friday_17(env, zw, staff)
    _set_clock(env, _at(2026, 11, 30, 17, 0))
    with pytest.raises(DomainError) as caught:
        review.decide(env, staff, request_id, approve=True)  # a page left open over the weekend
    assert caught.value.code == "not_opened"
    row = request_row(env, request_id)
    assert (row.status, row.decided_at) == ("submitted", None)
    review.open_request(env, staff, request_id)  # opened again, it is theirs for another working day
    review.decide(env, staff, request_id, approve=True)
    assert request_row(env, request_id).status == "approved"


def test_the_daily_job_releases_and_each_assignment_is_released_once(env, zw, staff) -> None:
    request_id = _opened_friday_17(env, zw, staff)
    _set_clock(env, _at(2026, 11, 30, 17, 0))
    assert asyncio.run(scheduled.release_once(env)) == 1
    assert assignments.release_overdue(env) == 0
    asyncio.run(scheduled.daily(env))
    assert request_row(env, request_id).status == "submitted"
    assert len(audit_events(env, zw, "binding_review_released")) == 1


def test_a_failed_release_run_is_logged_not_raised(env, monkeypatch, caplog) -> None:
    def broken(_env: object) -> int:
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(assignments, "release_overdue", broken)
    assert asyncio.run(scheduled.release_once(env)) is None
    assert "releasing review assignments failed" in caplog.text


# --- the reviewer's account is disabled ---------------------------------------------------------------------------

def test_disabling_the_reviewer_releases_at_once_for_another_to_decide(env, zw, staff, staff2) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)

    staff_admin.disable_staff(env, STAFF_PHONE)

    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id) == ("submitted", None)
    released = audit_events(env, zw, "binding_review_released")
    assert [(e["actor_role"], e["detail"]["reason"]) for e in released] == [("admin", "staff_disabled")]
    assert audit_events(env, staff, "staff_disabled")[-1]["detail"] == {"reviews_released": 1}
    review.open_request(env, staff2, request_id)  # at once, not a working day later
    review.decide(env, staff2, request_id, approve=False, reason="documents")
    assert request_row(env, request_id).status == "rejected"


def test_a_reviewer_disabled_any_other_way_is_not_waited_for(env, zw, staff, staff2) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    with env.db.transaction() as s:  # disabled before the release existed, say
        s.exec(select(Account).where(Account.id == staff)).one().disabled_at = env.clock.now()
    assert [(i.request_id, i.status) for i in review.queue(env, staff2)] == [(request_id, "submitted")]
    assert audit_events(env, zw, "binding_review_released")[-1]["detail"]["reason"] == "staff_disabled"


# --- "Release" ----------------------------------------------------------------------------------------------------

def test_release_gives_it_back_to_the_queue(env, zw, staff, staff2) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)

    review.release(env, staff, request_id)

    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id, row.review_started_at) == ("submitted", None, None)
    assert [(e["actor_role"], e["detail"]["reason"]) for e in audit_events(env, zw, "binding_review_released")] == [
        ("staff", "released")]
    assert [(i.request_id, i.status) for i in review.queue(env, staff)] == [(request_id, "submitted")]
    review.release(env, staff, request_id)  # pressed twice: nothing more happens
    assert len(audit_events(env, zw, "binding_review_released")) == 1
    assert review.open_request(env, staff2, request_id).reviewer_is_me


def test_only_the_reviewer_releases(env, zw, staff, staff2) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    with pytest.raises(DomainError) as caught:
        review.release(env, staff2, request_id)
    assert caught.value.code == "assigned_to_other"
    review.decide(env, staff, request_id, approve=True)
    with pytest.raises(DomainError) as caught:
        review.release(env, staff, request_id)
    assert caught.value.code == "already_decided"
    draft = start(env, zw)
    with pytest.raises(NotFound):  # as for a missing id
        review.release(env, staff, draft.id)
    assert (request_row(env, request_id).status, request_row(env, draft.id).status) == ("approved", "draft")
    assert audit_events(env, zw, "binding_review_released") == []


def test_the_holder_may_withdraw_a_released_request_within_its_ten_minutes(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    review.open_request(env, staff, request_id)
    review.release(env, staff, request_id)  # as if nobody had opened it
    lifecycle.withdraw(env, zw, request_id, client="phone")
    assert request_row(env, request_id).status == "withdrawn"
