"""Four eyes (DESIGN.md §2.7): a request is decided by a staff member who did not help prepare it at the counter.
Whoever was assisting the holder while the request was prepared never has it in their queue, is not assigned it by
opening it (they see it read-only), and is refused a decision; another staff member decides it as usual."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import RequestHelper
from app.services import auth, counter, privacy, review
from app.services.audit import Actor
from app.services.binding import documents, drafts, lifecycle
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import (
    STAFF2_PHONE,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    audit_events,
    fake_photo,
    member_values,
    request_row,
    sign,
)
from tests.unit.counter_helpers import (  # noqa: F401 - fixtures
    STAFF_PASSWORD,
    assist,
    staff_fixture,
    staff_token_fixture,
    zw_fixture,
)
from tests.unit.review_helpers import COUNTER, _submitted, staff2_fixture, submitted_at_the_counter  # noqa: F401


def _helpers(env, request_id: int) -> set[int]:
    with env.db.transaction() as s:
        return set(s.exec(select(RequestHelper.staff_id).where(RequestHelper.request_id == request_id)).all())


def _refused(call, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code


def test_staff_who_submitted_it_at_the_counter_cannot_decide_it_and_another_can(
        env, zw, staff, staff_token, staff2) -> None:
    request_id = submitted_at_the_counter(env, staff, staff_token, zw)
    assert _helpers(env, request_id) == {staff}

    assert review.queue(env, staff) == []  # hidden from the one who helped
    assert [item.request_id for item in review.queue(env, staff2)] == [request_id]

    item = review.open_request(env, staff, request_id)  # by its id: shown read-only, not assigned
    assert (item.status, item.helped_by_me, item.reviewer_is_me, item.mine_to_decide) == (
        "submitted", True, False, False)
    row = request_row(env, request_id)
    assert (row.status, row.reviewer_id, row.review_started_at) == ("submitted", None, None)
    assert audit_events(env, zw, "binding_review_started") == []
    _refused(lambda: lifecycle.open_review(env, staff, request_id), "assisted_it")
    _refused(lambda: review.decide(env, staff, request_id, approve=True), "assisted_it")

    opened = review.open_request(env, staff2, request_id)
    assert (opened.status, opened.reviewer_is_me, opened.helped_by_me, opened.mine_to_decide) == (
        "in_review", True, False, True)
    _refused(lambda: review.decide(env, staff, request_id, approve=False, reason="documents"), "assisted_it")
    assert request_row(env, request_id).status == "in_review"
    assert audit_events(env, zw, "binding_approved") == audit_events(env, zw, "binding_rejected") == []

    review.decide(env, staff2, request_id, approve=True)
    assert request_row(env, request_id).status == "approved"
    with pytest.raises(NotFound):  # someone else's decision, as for anyone who did not make it
        review.open_request(env, staff, request_id)


def test_staff_who_changed_the_draft_count_though_the_resident_submits(env, zw, staff, staff_token, staff2) -> None:
    assisting = assist(env, staff, staff_token)
    actor = Actor(staff, "staff", COUNTER)
    view = drafts.open_draft(env, zw, client=COUNTER, actor=actor)
    view = drafts.accept_notice(env, zw, view.id, view.version, agreed=True)
    view = drafts.choose_method(env, zw, view.id, view.version, "id_number")
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"),
                             client=COUNTER, actor=actor)
    counter.finish(env, staff, assisting.assist_id, client=COUNTER)
    env.clock.advance(days=2)  # the resident finishes it at home, on their own phone
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"))
    view = drafts.set_consent(env, zw, view.id, view.version, agreed=True)
    view = sign(env, zw, view)
    lifecycle.submit(env, zw, view.id, view.version, client="phone")

    assert _helpers(env, view.id) == {staff}
    assert review.queue(env, staff) == []
    assert review.open_request(env, staff, view.id).helped_by_me
    assert [item.request_id for item in review.queue(env, staff2)] == [view.id]


def test_help_stays_counted_through_a_rejection_and_help_with_the_fix_counts_too(
        env, zw, staff, staff_token, staff2) -> None:
    request_id = submitted_at_the_counter(env, staff, staff_token, zw)
    review.open_request(env, staff2, request_id)
    review.decide(env, staff2, request_id, approve=False, reason="documents")
    lifecycle.edit(env, zw, request_id, client="phone")  # fixed and resubmitted by the resident alone
    lifecycle.submit(env, zw, request_id, drafts.get(env, zw, request_id).version, client="phone")
    assert _helpers(env, request_id) == {staff}
    assert review.queue(env, staff) == []

    review.open_request(env, staff2, request_id)
    review.decide(env, staff2, request_id, approve=False, reason="documents")
    env.clock.advance(days=1)  # they come back the next day
    staff2_token = bound(env, auth.login_with_password(env, STAFF2_PHONE, STAFF_PASSWORD, client=COUNTER))
    assisting = assist(env, staff2, staff2_token)  # this time the second staff member helps with the fix
    lifecycle.edit(env, zw, request_id, client=COUNTER, actor=Actor(staff2, "staff", COUNTER))
    counter.finish(env, staff2, assisting.assist_id, client=COUNTER)
    lifecycle.submit(env, zw, request_id, drafts.get(env, zw, request_id).version, client="phone")
    assert _helpers(env, request_id) == {staff, staff2}  # both helped: a third staff member decides it
    assert review.queue(env, staff) == review.queue(env, staff2) == []


def test_a_residents_own_request_and_help_given_to_another_resident_do_not_count(
        env, zw, staff, staff_token) -> None:
    assist(env, staff, staff_token, WANG_FANG_PHONE)  # helping 王芳 while 张伟 submits on his own
    request_id = _submitted(env, zw)
    assert _helpers(env, request_id) == set()
    assert [item.request_id for item in review.queue(env, staff)] == [request_id]
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=True)
    assert request_row(env, request_id).status == "approved"


def test_a_holder_whose_draft_staff_helped_with_can_still_delete_the_account(
        env, zw, staff, staff_token, staff2) -> None:
    request_id = submitted_at_the_counter(env, staff, staff_token, zw)
    review.open_request(env, staff2, request_id)
    review.decide(env, staff2, request_id, approve=False, reason="documents")
    lifecycle.edit(env, zw, request_id, client="phone")  # a draft again, still naming who helped

    privacy.delete_account(env, zw, "Family-2026", client="phone")

    assert request_row(env, request_id) is None  # the draft went, and who helped with it went with it
    assert _helpers(env, request_id) == set()
