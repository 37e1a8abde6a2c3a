"""Binding a family member, the "+" flow (DESIGN.md 2.2): checking, submitting, withdrawing and editing, and
the family list after submitting.

The `User` fixture cannot upload a file or draw a signature, so photos, the member's consent and the
signed letter are prepared through the services on the same database, as the upload endpoint and the
signature step would store them."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    chosen,
    new_draft,
    prepare_for_check,
    step_of,
    stored,
    wait_for_step,
)
from tests.ui.helpers import (
    input_value,
    log_in,
    shown_id,
    submit_and_wait,
    summary_messages,
    wait_for_path,
)

# --- check, submit, withdraw, edit --------------------------------------------------------------------

async def test_check_submit_withdraw_and_edit(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    prepare_for_check(request_id)
    await user.open(f"/family/request/{request_id}/check")
    await user.should_see("Check your answers")
    for link in ("Change family member", "Change documents", "Change signature"):
        await user.should_see(kind=ui.link, content=link)
    await user.should_see(shown_id("110101********0039"))
    await user.should_see("The family member agreed in your presence.")
    await user.should_see(marker="submit", content="Save and submit")

    user.find(marker="submit").click()
    await wait_for_path(user, f"/family/request/{request_id}/submitted")
    await user.should_see("Your request number: FEC-2026-")
    assert stored(request_id).status == "submitted"

    await user.open("/family")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see(FATHER_NAME)
        await user.should_see("Under review")
        await user.should_see(marker=f"withdraw-{request_id}", content="Withdraw")
        await user.should_see("You can withdraw it until 10:10.")
    user.find(marker=f"withdraw-{request_id}").click()
    await wait_for_path(user, "/family?withdrawn=1")
    await user.should_see("The request was withdrawn.")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see("Withdrawn")
        await user.should_not_see(marker=f"withdraw-{request_id}")
    assert stored(request_id).status == "withdrawn"

    user.find(marker=f"edit-{request_id}").click()
    assert await wait_for_step(user, "check") == request_id
    await user.should_see(marker="submit", content="Save and submit")
    assert stored(request_id).status == "draft"


async def test_check_page_lists_what_is_missing(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/check")
    await user.should_see("Not finished yet")
    await submit_and_wait(user)
    assert summary_messages(user) == ["Some parts are not finished yet. Use the links above to finish them."]
    assert step_of(user) == (request_id, "check")
    assert stored(request_id).status == "draft"


async def test_changing_the_member_after_signing_warns_first(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    prepare_for_check(request_id)
    await user.open(f"/family/request/{request_id}/check")
    user.find(kind=ui.link, content="Change family member").click()
    assert await wait_for_step(user, "who") == request_id
    await user.should_see("You have already signed the commitment letter.")
    assert input_value(user, "name") == FATHER_NAME
    assert chosen(user, "relationship") == "parent"
    assert stored(request_id).signed  # opening the step changes nothing


async def test_submitted_page_of_an_unsubmitted_draft(user: User) -> None:
    await log_in(user)
    request_id = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    await user.open(f"/family/request/{request_id}/submitted")
    await user.should_not_see("Request submitted")
    await user.should_not_see(marker="request-number")
