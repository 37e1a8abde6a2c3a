"""Staff console, four eyes (DESIGN.md §2.7): the staff member who helped prepare a request at the counter has it
neither in the queue nor to decide (opened by its id it is read-only, saying why); the second staff member decides
it."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.services import auth
from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
)
from tests.ui.staff_page_helpers import decide, events, row
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import STAFF2_PHONE
from tests.unit.review_helpers import submitted_at_the_counter

HELPED = "You helped with this request at the counter, so another staff member decides it."
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
