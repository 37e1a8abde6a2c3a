"""Staff review (DESIGN.md §2.3): approve, or reject with a reason; the first decision wins; the holder
(and a bound member with an account) is told; resubmission after a rejection; the notifications bell."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Notification
from app.services import notifications, review
from app.services.binding import documents, drafts, lifecycle
from app.services.errors import DomainError, ValidationFailed
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    WANG_FANG,
    WANG_FANG_PHONE,
    ZHANG_WEI_PHONE,
    ZHANG_ZIHAN,
    audit_events,
    fake_photo,
    request_row,
)
from tests.unit.review_helpers import (  # noqa: F401 - fixtures
    _notifications,
    _sms_bodies,
    _submitted,
    opened_fixture,
    staff2_fixture,
)

# --- decisions -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", [None, "", "photo_unclear"])
def test_reject_needs_a_reason_from_the_list(env, staff, opened, reason) -> None:
    with pytest.raises(ValidationFailed) as caught:
        review.decide(env, staff, opened, approve=False, reason=reason, details="blurred")
    assert caught.value.errors == {"reason": "reason_missing"}
    assert request_row(env, opened).status == "in_review"


def test_reject_details_at_most_500_characters(env, zw, staff, opened) -> None:
    with pytest.raises(ValidationFailed) as caught:
        review.decide(env, staff, opened, approve=False, reason="documents", details="x" * 501)
    assert caught.value.errors == {"details": "too_long"}
    with pytest.raises(ValidationFailed) as caught:
        review.decide(env, staff, opened, approve=False, reason=None, details="x" * 501)
    assert caught.value.errors == {"reason": "reason_missing", "details": "too_long"}
    assert request_row(env, opened).status == "in_review"
    assert _notifications(env, zw) == []

    review.decide(env, staff, opened, approve=False, reason="documents", details="  " + "x" * 500 + "  ")
    assert request_row(env, opened).reject_details == "x" * 500


def test_reject_with_reason_tells_the_holder(env, zw, staff, opened) -> None:
    review.decide(env, staff, opened, approve=False, reason="documents", details="  The face photo is blurred.  ")
    row = request_row(env, opened)
    assert (row.status, row.reject_reason, row.reject_details) == ("rejected", "documents",
                                                                   "The face photo is blurred.")
    assert row.decided_at == env.clock.now()
    assert _notifications(env, zw) == [("binding_rejected", {"number": row.number, "reason": "documents"})]
    assert notifications.unread_count(env, zw) == 1
    messages = _sms_bodies(env, ZHANG_WEI_PHONE)
    assert len(messages) == 1
    body, code = messages[0]
    assert row.number in body and "not approved" in body and code is None
    rejected = audit_events(env, zw, "binding_rejected")
    assert len(rejected) == 1 and rejected[0]["actor_role"] == "staff"
    member = lifecycle.family(env, zw)[0]
    assert (member.status, member.reject_reason, member.reject_details) == ("rejected", "documents",
                                                                            "The face photo is blurred.")


def test_approve_tells_the_holder(env, zw, staff, opened) -> None:
    review.decide(env, staff, opened, approve=True, details="looks fine")
    row = request_row(env, opened)
    assert (row.status, row.reject_reason, row.reject_details) == ("approved", None, None)
    assert _notifications(env, zw) == [("binding_approved", {"number": row.number, "reason": ""})]
    messages = _sms_bodies(env, ZHANG_WEI_PHONE)
    assert len(messages) == 1 and row.number in messages[0][0] and messages[0][1] is None
    assert "not approved" not in messages[0][0]
    assert lifecycle.family(env, zw)[0].status == "approved"
    assert review.queue(env, staff) == []


def test_approve_tells_a_member_with_an_account_who_bound_them(env, zw, wf, staff) -> None:
    request_id = _submitted(env, zw, WANG_FANG, "spouse")
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=True)
    assert _notifications(env, wf) == [("member_bound", {"holder": "张*"})]
    assert [kind for kind, _ in _notifications(env, zw)] == ["binding_approved"]
    assert _sms_bodies(env, WANG_FANG_PHONE) == []  # the member is told in the app


def test_reject_does_not_tell_the_member(env, zw, wf, staff) -> None:
    request_id = _submitted(env, zw, WANG_FANG, "spouse")
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=False, reason="member_details")
    assert _notifications(env, wf) == []


def test_a_member_without_an_account_gets_nothing(env, zw, staff, opened) -> None:
    with env.db.transaction() as s:
        before = len(s.exec(select(Notification)).all())
    review.decide(env, staff, opened, approve=True)
    with env.db.transaction() as s:
        assert len(s.exec(select(Notification)).all()) == before + 1  # the holder's only


@pytest.mark.parametrize(("first", "second"), [(True, False), (False, True), (True, True), (False, False)])
def test_two_staff_deciding_the_first_wins(env, zw, staff, staff2, opened, first: bool, second: bool) -> None:
    review.open_request(env, staff2, opened)
    review.decide(env, staff, opened, approve=first, reason="other")
    with pytest.raises(DomainError) as caught:
        review.decide(env, staff2, opened, approve=second, reason="documents")
    assert caught.value.code == "already_decided"
    row = request_row(env, opened)
    assert row.status == ("approved" if first else "rejected")
    assert row.reject_reason == (None if first else "other")
    assert len(_notifications(env, zw)) == 1 and len(_sms_bodies(env, ZHANG_WEI_PHONE)) == 1
    decided = audit_events(env, zw, "binding_approved") + audit_events(env, zw, "binding_rejected")
    assert len(decided) == 1


def test_a_decided_request_cannot_be_decided_again(env, zw, staff, opened) -> None:
    review.decide(env, staff, opened, approve=False, reason="documents")
    for approve in (True, False):
        with pytest.raises(DomainError) as caught:
            review.decide(env, staff, opened, approve=approve, reason="other")
        assert caught.value.code == "already_decided"
    row = request_row(env, opened)
    assert (row.status, row.reject_reason) == ("rejected", "documents")
    assert len(_notifications(env, zw)) == 1

# --- who may decide: the staff member the request is assigned to (DESIGN.md §2.3, §2.7) ----------------------

def _decisions(env, holder: int) -> list[dict]:
    return audit_events(env, holder, "binding_approved") + audit_events(env, holder, "binding_rejected")


@pytest.mark.parametrize("approve", [True, False])
def test_only_the_staff_member_reviewing_it_decides(env, zw, staff, staff2, opened, approve: bool) -> None:
    before = request_row(env, opened)
    with pytest.raises(DomainError) as caught:
        review.decide(env, staff2, opened, approve=approve, reason="documents", details="Blurred")
    assert caught.value.code == "assigned_to_other"
    after = request_row(env, opened)
    assert (after.status, after.reviewer_id, after.decided_at, after.reject_reason, after.version) == (
        "in_review", staff, None, None, before.version)  # nothing changed
    assert _decisions(env, zw) == [] and _notifications(env, zw) == [] and _sms_bodies(env, ZHANG_WEI_PHONE) == []

    review.decide(env, staff, opened, approve=approve, reason="documents")  # the reviewer still can
    assert request_row(env, opened).status == ("approved" if approve else "rejected")


@pytest.mark.parametrize("who", ["staff", "staff2"])
def test_a_request_nobody_has_opened_cannot_be_decided(env, zw, staff, staff2, who: str) -> None:
    request_id = _submitted(env, zw)
    decider = staff if who == "staff" else staff2
    with pytest.raises(DomainError) as caught:
        review.decide(env, decider, request_id, approve=True)
    assert caught.value.code == "not_opened"
    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id, row.decided_at) == ("submitted", None, None)
    assert _decisions(env, zw) == [] and _notifications(env, zw) == []


def test_resubmission_clears_the_reason_and_is_back_in_the_queue(env, zw, staff, opened) -> None:
    review.decide(env, staff, opened, approve=False, reason="documents", details="Blurred")
    assert review.queue(env, staff) == []
    lifecycle.edit(env, zw, opened, client="t")
    view = drafts.get(env, zw, opened)
    assert (view.status, view.reject_reason, view.reject_details) == ("draft", "documents", "Blurred")  # shown
    view = documents.add_photo(env, zw, opened, "face", fake_photo("retaken"))
    env.clock.advance(minutes=30)
    lifecycle.submit(env, zw, opened, view.version, client="t")
    row = request_row(env, opened)
    assert (row.status, row.reject_reason, row.reject_details, row.reviewer_id, row.decided_at) == (
        "submitted", None, None, None, None)
    assert [(i.request_id, i.status) for i in review.queue(env, staff)] == [(opened, "submitted")]
    assert review.queue(env, staff)[0].waiting.total_seconds() == 0  # waiting counts from the new submission
    item = review.open_request(env, staff, opened)
    assert (item.status, item.reviewer_is_me) == ("in_review", True)
    review.decide(env, staff, opened, approve=True)
    assert request_row(env, opened).status == "approved"


# --- notifications ---------------------------------------------------------------------------------------------

def test_unread_count_then_listing_marks_read(env, zw, staff, opened) -> None:
    assert notifications.unread_count(env, zw) == 0
    assert notifications.list_and_mark_read(env, zw) == []
    review.decide(env, staff, opened, approve=False, reason="letter_signature")
    second = _submitted(env, zw, ZHANG_ZIHAN, "child")
    review.open_request(env, staff, second)
    env.clock.advance(minutes=5)
    review.decide(env, staff, second, approve=True)
    assert notifications.unread_count(env, zw) == 2

    listed = notifications.list_and_mark_read(env, zw)
    assert [n.kind for n in listed] == ["binding_approved", "binding_rejected"]  # newest first
    assert [n.read for n in listed] == [False, False]  # as they were when opened
    assert listed[1].params == {"number": request_row(env, opened).number, "reason": "letter_signature"}
    assert notifications.unread_count(env, zw) == 0
    again = notifications.list_and_mark_read(env, zw)
    assert [n.read for n in again] == [True, True]
    assert [n.id for n in again] == [n.id for n in listed]
    assert notifications.unread_count(env, staff) == 0  # staff get none of the holder's
