"""The "+" flow of binding a family member, on the demo data (DESIGN.md §2.2, §6): submitting, withdrawing,
editing, review decisions and unbinding."""

from __future__ import annotations

import pytest

from app.services.binding import documents, drafts, lifecycle
from app.services.binding.states import TransitionNotAllowed
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.binding_fixtures import (
    FATHER,
    _family,
    staff_fixture,  # noqa: F401
    zw_fixture,  # noqa: F401
)
from tests.unit.binding_helpers import (
    LI_XIULAN,
    ZHANG_JIANGUO,
    audit_events,
    fake_photo,
    member_values,
    ready_request,
    request_row,
    sign,
    start,
)


def _submitted(env, holder: int, person=ZHANG_JIANGUO, relationship: str = "parent") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    return view.id


# --- submitting ------------------------------------------------------------------------------------------------

def test_double_submit_submits_once(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    first = lifecycle.submit(env, zw, view.id, view.version, client="t")
    submitted_at = env.clock.now()
    env.clock.advance(seconds=1)
    second = lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert first == second == view.number
    assert len(audit_events(env, zw, "binding_submitted")) == 1
    assert request_row(env, view.id).submitted_at == submitted_at


def test_submit_incomplete(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "request_incomplete"
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"))
    view = sign(env, zw, view)
    with pytest.raises(DomainError) as caught:  # the member's consent is still missing
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "request_incomplete" and caught.value.params == {"missing": "consent"}
    assert drafts.get(env, zw, view.id).status == "draft"
    assert audit_events(env, zw, "binding_submitted") == []


def test_a_submitted_request_cannot_be_changed(env, zw) -> None:
    request_id = _submitted(env, zw)
    view = drafts.get(env, zw, request_id)
    with pytest.raises(TransitionNotAllowed):
        drafts.set_member(env, zw, request_id, view.version, member_values(LI_XIULAN, "parent"), client="t")
    with pytest.raises(TransitionNotAllowed):
        documents.add_photo(env, zw, request_id, "face", fake_photo("other"))
    with pytest.raises(TransitionNotAllowed):
        drafts.save_details(env, zw, request_id, {"name": "x"})
    assert drafts.get(env, zw, request_id).member.name == "张建国"


# --- withdrawing and editing -----------------------------------------------------------------------------------

def test_withdraw_within_ten_minutes(env, zw) -> None:
    request_id = _submitted(env, zw)
    env.clock.advance(minutes=9, seconds=59)
    assert drafts.get(env, zw, request_id).can_withdraw
    lifecycle.withdraw(env, zw, request_id, client="t")
    assert drafts.get(env, zw, request_id).status == "withdrawn"
    assert _family(env, zw) == {"张建国": "withdrawn"}
    assert len(audit_events(env, zw, "binding_withdrawn")) == 1


def test_withdraw_after_ten_minutes_is_too_late(env, zw) -> None:
    request_id = _submitted(env, zw)
    env.clock.advance(minutes=10)
    assert drafts.get(env, zw, request_id).can_withdraw is False
    assert lifecycle.family(env, zw)[0].can_withdraw is False
    with pytest.raises(DomainError) as caught:
        lifecycle.withdraw(env, zw, request_id, client="t")
    assert caught.value.code == "withdraw_too_late"
    assert drafts.get(env, zw, request_id).status == "submitted"


def test_withdraw_after_staff_opened_it(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    assert drafts.get(env, zw, request_id).status == "in_review"
    assert drafts.get(env, zw, request_id).can_withdraw is False
    with pytest.raises(DomainError) as caught:
        lifecycle.withdraw(env, zw, request_id, client="t")
    assert caught.value.code == "withdraw_in_review"
    assert drafts.get(env, zw, request_id).status == "in_review"


def test_withdraw_is_only_for_submitted_requests(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.withdraw(env, zw, view.id, client="t")
    request_id = _submitted(env, zw)
    lifecycle.withdraw(env, zw, request_id, client="t")
    with pytest.raises(TransitionNotAllowed):
        lifecycle.withdraw(env, zw, request_id, client="t")


def test_edit_after_withdraw_then_submit_again(env, zw) -> None:
    request_id = _submitted(env, zw)
    lifecycle.withdraw(env, zw, request_id, client="t")
    lifecycle.edit(env, zw, request_id, client="t")
    view = drafts.get(env, zw, request_id)
    assert (view.status, view.step) == ("draft", "check")
    assert view.missing == [] and view.signed and view.member.name == "张建国"  # everything kept
    assert drafts.open_draft(env, zw, client="t").id == request_id  # resumed, not a new draft

    env.clock.advance(minutes=5)
    assert lifecycle.submit(env, zw, request_id, view.version, client="t") == view.number
    after = drafts.get(env, zw, request_id)
    assert after.status == "submitted" and after.submitted_at == env.clock.now() and after.can_withdraw
    assert len(audit_events(env, zw, "binding_submitted")) == 1
    assert len(audit_events(env, zw, "binding_resubmitted")) == 1
    assert len(audit_events(env, zw, "binding_edited")) == 1


def test_edit_needs_withdrawn_or_rejected(env, zw) -> None:
    request_id = _submitted(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.edit(env, zw, request_id, client="t")
    assert drafts.get(env, zw, request_id).status == "submitted"


# --- review decisions, unbinding --------------------------------------------------------------------------------

def test_approve_then_unbind(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.decide(env, staff, request_id, approve=True)
    assert drafts.get(env, zw, request_id).status == "approved"
    assert _family(env, zw) == {"张建国": "approved"}
    approved = audit_events(env, zw, "binding_approved")
    assert len(approved) == 1 and approved[0]["actor_role"] == "staff"

    lifecycle.unbind(env, zw, request_id, client="t")
    assert drafts.get(env, zw, request_id).status == "unbound"
    assert request_row(env, request_id).unbound_at == env.clock.now()
    assert lifecycle.family(env, zw) == []
    with pytest.raises(TransitionNotAllowed):
        lifecycle.unbind(env, zw, request_id, client="t")


def test_unbind_only_approved(env, zw) -> None:
    request_id = _submitted(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.unbind(env, zw, request_id, client="t")


def test_reject_then_resubmit(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.decide(env, staff, request_id, approve=False, reason="photo_unclear", details="Face is blurred")
    view = drafts.get(env, zw, request_id)
    assert (view.status, view.reject_reason, view.reject_details) == ("rejected", "photo_unclear", "Face is blurred")
    assert _family(env, zw) == {"张建国": "rejected"}

    lifecycle.edit(env, zw, request_id, client="t")
    view = drafts.get(env, zw, request_id)
    assert (view.status, view.step) == ("draft", "check")
    view = documents.add_photo(env, zw, request_id, "face", fake_photo("retaken"))  # fix what was wrong
    lifecycle.submit(env, zw, request_id, view.version, client="t")
    row = request_row(env, request_id)
    assert row.status == "submitted" and row.reviewer_id is None and row.decided_at is None
    assert len(audit_events(env, zw, "binding_resubmitted")) == 1


def test_decide_needs_review_opened(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.decide(env, staff, request_id, approve=True)
    assert drafts.get(env, zw, request_id).status == "submitted"


@pytest.mark.parametrize("first", [True, False])
def test_first_decision_wins(env, zw, staff, first: bool) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.decide(env, staff, request_id, approve=first, reason=None if first else "other")
    for second in (True, False):
        with pytest.raises(TransitionNotAllowed):
            lifecycle.decide(env, staff, request_id, approve=second, reason="other")
    assert drafts.get(env, zw, request_id).status == ("approved" if first else "rejected")


def test_open_review_twice_by_same_staff_is_harmless(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.open_review(env, staff, request_id)
    assert len(audit_events(env, zw, "binding_review_started")) == 1
    with pytest.raises(NotFound):
        lifecycle.open_review(env, staff, 999_999)
