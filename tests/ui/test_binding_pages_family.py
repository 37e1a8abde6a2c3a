"""Binding a family member, the "+" flow (DESIGN.md 2.2): My family members and the notice, drafts on the
server, and who may open what."""

from __future__ import annotations

from nicegui.testing import User

from app.services.binding import documents
from tests.ui.binding_page_helpers import (
    FATHER_ID,
    FATHER_NAME,
    PHOTO,
    SON_ID,
    SON_NAME,
    WANG_PHONE,
    add_member,
    new_draft,
    step_of,
    stored,
    through_what_you_need,
    wait_for_step,
)
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    current_path,
    expect_field_error,
    log_in,
    service_env,
    submit_and_wait,
    wait_for_path,
)

# --- My family members and the notice -----------------------------------------------------------------

async def test_empty_family_list_and_the_add_button(user: User) -> None:
    await log_in(user)
    await user.open("/family")
    await user.should_see("You have not added anyone yet.")
    button = next(iter(user.find(marker="add-member").elements))
    assert button.props.get("aria-label") == "Add family member"
    user.find(marker="add-member").click()
    await through_what_you_need(user)
    request_id = await wait_for_step(user, "notice")
    await user.should_see("Notice on adding family members")
    await user.should_see("Step 1 of 7")
    draft = stored(request_id)
    assert draft.status == "draft" and draft.step == "notice" and not draft.notice_accepted


async def test_adding_again_resumes_the_same_draft_at_its_step(user: User) -> None:
    await log_in(user)
    request_id = await add_member(user)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    assert await wait_for_step(user, "method") == request_id

    await user.open("/family")
    await user.should_see("Not finished")
    await user.should_not_see("You have not added anyone yet.")
    user.find(marker="add-member").click()
    await through_what_you_need(user)
    assert await wait_for_step(user, "method") == request_id
    await user.should_see("Bind with ID number")


async def test_notice_must_be_ticked(user: User) -> None:
    await log_in(user)
    request_id = await add_member(user)
    await submit_and_wait(user)
    await expect_field_error(user, "agree", "Tick the box to confirm you have read the notice")
    assert step_of(user) == (request_id, "notice")
    assert not stored(request_id).notice_accepted


async def test_notice_ticked_goes_to_method_and_back_keeps_the_tick(user: User) -> None:
    await log_in(user)
    request_id = await add_member(user)
    user.find(marker="agree").click()
    user.find(marker="submit").click()
    assert await wait_for_step(user, "method") == request_id
    await user.should_see("How do you want to add them?")
    assert stored(request_id).notice_accepted

    user.find(marker="back").click()
    assert await wait_for_step(user, "notice") == request_id
    agree = next(iter(user.find(marker="agree").elements))
    assert agree.value is True  # type: ignore[attr-defined]


# --- who may open what --------------------------------------------------------------------------------

async def test_another_residents_draft_is_not_found(user: User) -> None:
    request_id = new_draft()  # 张伟's
    await log_in(user, WANG_PHONE, RESIDENT_PASSWORD)
    for step in ("notice", "who", "check"):
        response = await user.http_client.get(f"/family/request/{request_id}/{step}")
        assert response.status_code == 404, step
        assert "Page not found" in response.text
    response = await user.http_client.get(f"/family/request/{request_id}/submitted")
    assert response.status_code == 404
    assert stored(request_id).step == "who"  # the visits did not move someone else's draft


async def test_another_holders_document_is_not_found(user: User) -> None:
    theirs = new_draft(WANG_PHONE, member=(SON_NAME, SON_ID, "child"))
    mine = new_draft(member=(FATHER_NAME, FATHER_ID, "parent"))
    with service_env() as env:
        their_photo = documents.add_photo(env, account_id(WANG_PHONE), theirs, "household_head", PHOTO)
        my_photo = documents.add_photo(env, account_id(), mine, "face", PHOTO)
    await log_in(user)
    own = await user.http_client.get(f"/family/document/{my_photo.documents['face'].id}")
    assert own.status_code == 200 and own.content == b"x"
    other = await user.http_client.get(f"/family/document/{their_photo.documents['household_head'].id}")
    assert other.status_code == 404
    assert b"y" not in other.content
    missing = await user.http_client.get("/family/document/999999")
    assert missing.status_code == 404


async def test_anonymous_visitor_is_sent_to_log_in(user: User) -> None:
    request_id = new_draft()
    await user.open("/family")
    assert current_path(user).startswith("/login")
    assert current_path(user) == "/login?next=/family"
    response = await user.http_client.get(f"/family/request/{request_id}/notice")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    response = await user.http_client.get("/family/document/1")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_staff_opening_family_is_sent_to_staff(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/family")
    await wait_for_path(user, "/staff")
    response = await user.http_client.get("/family/add")
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    await user.should_not_see(marker="add-member")
