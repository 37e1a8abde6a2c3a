"""Staff console (DESIGN.md §2.3, §2.7): a request is decided by the staff member it is assigned to. A request
in review by someone else is shown read-only, and a review page left open says why a decision is refused once
the request has moved on (resubmitted, then opened by someone else)."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.services import review
from app.services.binding import drafts, lifecycle
from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
    wait_until,
)
from tests.ui.staff_page_helpers import (
    ASSIGNED_TO_OTHER,
    MASKED_FATHER,
    NOT_OPENED,
    REVIEWED_BY_OTHER,
    add_staff,
    decide,
    events,
    row,
    shown_text,
    submit,
)


async def test_a_request_in_review_by_another_is_shown_read_only(user: User) -> None:
    request_id = submit()
    other = add_staff()
    with service_env() as env:
        review.open_request(env, other, request_id)
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    await user.should_see(REVIEWED_BY_OTHER)
    await user.should_see(MASKED_FATHER)  # still waiting for a decision, so still in view
    await user.should_not_see(kind=ui.button, content="Approve")
    await user.should_not_see(kind=ui.button, content="Reject")
    await user.should_not_see("Reason details")
    saved = row(request_id)
    assert (saved.status, saved.reviewer_id) == ("in_review", other)  # opening it did not take it over
    assert len(events(RESIDENT_PHONE, "binding_review_started")) == 1


async def test_a_page_left_open_cannot_decide_what_has_moved_on(user: User) -> None:
    request_id = submit()
    staff = account_id(STAFF_PHONE)
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")  # assigned to this staff member; the page stays open
    holder = account_id(RESIDENT_PHONE)
    with service_env() as env:  # rejected in another tab, then fixed and resubmitted by the holder
        review.decide(env, staff, request_id, approve=False, reason="documents")
        lifecycle.edit(env, holder, request_id, client="test")
        lifecycle.submit(env, holder, request_id, drafts.get(env, holder, request_id).version, client="test")

    assert await decide(user, "Approve") == NOT_OPENED
    assert row(request_id).status == "submitted"

    other = add_staff()
    with service_env() as env:
        review.open_request(env, other, request_id)
    user.find(kind=ui.button, content="Approve").click()  # the outcome already shows the answer above
    await wait_until(lambda: shown_text(user, "outcome") == ASSIGNED_TO_OTHER, what="the refusal")
    saved = row(request_id)
    assert (saved.status, saved.reviewer_id, saved.decided_at) == ("in_review", other, None)
    assert len(events(RESIDENT_PHONE, "binding_approved")) == 0
