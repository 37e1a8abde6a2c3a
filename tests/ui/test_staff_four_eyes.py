"""Staff console, four eyes and assignments (DESIGN.md §2.7): the staff member who helped prepare a request at the
counter has it neither in the queue nor to decide (opened by its id it is read-only, saying why); the second staff
member decides it. An opened request goes back to the queue with "Release", when its reviewer's account is
disabled, and after 1 working day."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from app.models import BindingRequest
from app.services import auth, review, staff_admin
from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
    wait_until,
)
from tests.ui.staff_page_helpers import decide, events, row, shown_text, submit
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import STAFF2_PHONE
from tests.unit.review_helpers import submitted_at_the_counter

HELPED = "You helped with this request at the counter, so another staff member decides it."
RELEASED = "Released. The request is back in the review queue."
APPROVED = "Approved. The holder has been told."


def _submitted_at_the_counter() -> int:
    """The demo staff member helps 张伟 at the counter and submits his father's request for him."""
    with service_env() as env:
        token = bound(env, auth.login_with_password(env, STAFF_PHONE, STAFF_PASSWORD, client="counter-tablet"))
        return submitted_at_the_counter(env, account_id(STAFF_PHONE), token, account_id(RESIDENT_PHONE))


def _number(request_id: int) -> str:
    return row(request_id).number


async def test_the_staff_member_who_helped_cannot_decide_it(user: User) -> None:
    request_id = _submitted_at_the_counter()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_see("Requests waiting: 0")  # not in their queue
    await user.should_not_see(f"Open request {_number(request_id)}")

    await user.open(f"/staff/request/{request_id}")  # by its id: read-only, saying why
    await user.should_see(HELPED)
    await user.should_see("张建国")
    for button in ("Approve", "Reject", "Release"):
        await user.should_not_see(kind=ui.button, content=button)
    saved = row(request_id)
    assert (saved.status, saved.reviewer_id) == ("submitted", None)  # opening it assigned nothing
    assert events(RESIDENT_PHONE, "binding_review_started") == []


async def test_the_second_staff_member_decides_it(user: User) -> None:
    request_id = _submitted_at_the_counter()
    await log_in(user, STAFF2_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_see("Requests waiting: 1")
    user.find(f"Open request {_number(request_id)}").click()
    await user.should_see(kind=ui.button, content="Approve")
    assert await decide(user, "Approve") == APPROVED
    saved = row(request_id)
    assert (saved.status, saved.reviewer_id) == ("approved", account_id(STAFF2_PHONE))


async def test_release_gives_the_request_back_to_the_queue(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    assert row(request_id).status == "in_review"
    await user.should_see("Cannot decide it now? Release it, and it goes back to the queue for another staff member.")

    user.find(kind=ui.button, content="Release").click()
    await wait_until(lambda: shown_text(user, "outcome") == RELEASED, what="the release")
    decision = {button.text: button.enabled for button in user.find(kind=ui.button).elements  # type: ignore[attr-defined]
                if button.text in {"Approve", "Reject", "Release"}}  # type: ignore[attr-defined]
    assert decision == {"Approve": False, "Reject": False, "Release": False}  # nothing more to do on this page
    saved = row(request_id)
    assert (saved.status, saved.reviewer_id) == ("submitted", None)
    assert [e["detail"]["reason"] for e in events(RESIDENT_PHONE, "binding_review_released")] == ["released"]

    with service_env() as env:  # the second staff member now opens it
        assert review.open_request(env, account_id(STAFF2_PHONE), request_id).reviewer_is_me


async def test_a_disabled_reviewers_request_is_decided_by_another_at_once(user: User) -> None:
    request_id = submit()
    with service_env() as env:
        review.open_request(env, account_id(STAFF_PHONE), request_id)
        staff_admin.disable_staff(env, STAFF_PHONE)
    await log_in(user, STAFF2_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    assert await decide(user, "Approve") == APPROVED
    assert row(request_id).reviewer_id == account_id(STAFF2_PHONE)


async def test_an_assignment_is_back_in_the_queue_after_one_working_day(user: User) -> None:
    request_id = submit(waited=timedelta(days=3))
    with service_env() as env:
        review.open_request(env, account_id(STAFF_PHONE), request_id)
        with env.db.transaction() as session:  # opened last Friday at this time; it is Monday now
            opened = session.get(BindingRequest, request_id)
            assert opened is not None and opened.review_started_at is not None
            opened.review_started_at -= timedelta(days=3)
    await log_in(user, STAFF2_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_see(f"Open request {_number(request_id)}")
    assert (row(request_id).status, row(request_id).reviewer_id) == ("submitted", None)  # released by the queue
    await user.open(f"/staff/request/{request_id}")
    assert await decide(user, "Approve") == APPROVED
