"""Staff console (DESIGN.md §2.3, §2.6): one request under review (masked IDs until asked), the decision
(a reason to reject, first decision wins) and what the holder and the member see afterwards, and the
resident's account activity."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.components import markup
from app.services import privacy, review
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    expect_field_error,
    log_in,
    service_env,
    wait_for_path,
    wait_until,
)
from tests.ui.staff_page_helpers import (
    ALREADY_DECIDED,
    MASKED_FATHER,
    MASKED_HOLDER,
    REASON_MISSING,
    choose,
    decide,
    events,
    face_document,
    log_out,
    row,
    shown_text,
    submit,
    texts,
    unread_badge,
)
from tests.unit.binding_helpers import (
    WANG_FANG,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    ZHANG_WEI,
)

# --- one request under review -------------------------------------------------------------------------

async def test_review_page_shows_masked_ids_until_asked(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    for fact in ("张伟", "张建国", MASKED_HOLDER, MASKED_FATHER, "Male · 1952-07-01 · 74 years old"):
        await user.should_see(fact)
    await user.should_see("Under review")
    await user.should_see(kind=ui.link, content="Open the signed commitment letter")
    await user.should_see(kind=ui.button, content="Enlarge Face photo of the family member")
    assert not any(ZHANG_WEI[1] in text or ZHANG_JIANGUO[1] in text for text in texts(user))
    assert shown_text(user, "full-id") == ""
    assert events(RESIDENT_PHONE, "staff_viewed_full_id") == []
    assert row(request_id).status == "in_review" and row(request_id).reviewer_id == account_id(STAFF_PHONE)

    user.find(kind=ui.button, content="Show full ID number").click()
    await wait_until(lambda: shown_text(user, "full-id"), what="the full ID numbers")
    shown = shown_text(user, "full-id")
    assert ZHANG_WEI[1] in shown and ZHANG_JIANGUO[1] in shown and "This look was recorded." in shown
    viewed = events(RESIDENT_PHONE, "staff_viewed_full_id")
    assert sorted(event["detail"]["whose"] for event in viewed) == ["holder", "member"]
    assert all(event["actor_role"] == "staff" for event in viewed)


async def test_a_decided_request_of_a_deleted_account_still_opens(user: User) -> None:
    """The deciding staff member may look at their decision after the holder deleted the account (§2.1.6); the
    page once failed on the holder's person, which the tombstone no longer names."""
    request_id = submit()
    staff = account_id(STAFF_PHONE)
    with service_env() as env:
        review.open_request(env, staff, request_id)
        review.decide(env, staff, request_id, approve=True)
        privacy.delete_account(env, account_id(RESIDENT_PHONE), RESIDENT_PASSWORD, client="other-phone")
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    await user.should_see("Account deleted")
    await user.should_see("张建国")
    user.find(kind=ui.button, content="Show full ID number").click()
    await wait_until(lambda: shown_text(user, "full-id"), what="the full ID numbers")
    assert "Account deleted" in shown_text(user, "full-id") and ZHANG_JIANGUO[1] in shown_text(user, "full-id")


async def test_reject_needs_a_reason(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    user.find(marker="details").type("The photo is blurred")
    assert await decide(user, "Reject") == ""
    await expect_field_error(user, "reason", REASON_MISSING)
    assert row(request_id).status == "in_review"


async def test_reject_then_the_holder_sees_what_to_fix_and_resubmits(user: User) -> None:
    request_id = submit()
    number = row(request_id).number
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    choose(user, "reason", "Photos of documents")
    user.find(marker="details").type("The face is blurred")
    assert await decide(user, "Reject") == "Rejected. The holder has been told what to fix."
    assert not next(iter(user.find(kind=ui.button, content="Approve").elements)).enabled
    saved = row(request_id)
    assert (saved.status, saved.reject_reason, saved.reject_details) == ("rejected", "documents",
                                                                         "The face is blurred")
    await log_out(user)

    await log_in(user)
    assert unread_badge(user) == "1"
    await user.should_see("1 unread")
    await user.open("/family")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see("张建国")
        await user.should_see("Not approved")
        await user.should_see("Service staff asked you to fix: Photos of documents.")
        await user.should_see("Their note: The face is blurred")
        await user.should_see(marker=f"resubmit-{request_id}", content="Resubmit")
    user.find(marker=f"resubmit-{request_id}").click()
    await wait_for_path(user, f"/family/request/{request_id}/check")
    await user.should_see("Service staff asked you to fix: Photos of documents.")
    await user.should_see("Their note: The face is blurred")
    await user.should_see(marker="submit", content="Save and submit")
    assert row(request_id).status == "draft"

    await user.open("/notifications")
    await user.should_see(f"Request {number} was not approved. Open My family members to see what to fix.")
    await user.open("/")
    assert unread_badge(user) is None  # opening the list marked it read
    await user.should_not_see("1 unread")

    await user.should_see("My family members")  # a plain link on home
    assert any('<a href="/family" class="nicegui-link">My family members</a>' in block.markup
               for block in user.find(kind=markup.Markup).elements)
    await user.open("/family")  # the fix, then "Save and submit" again
    await user.open(f"/family/request/{request_id}/check")
    user.find(marker="submit").click()
    await wait_for_path(user, f"/family/request/{request_id}/submitted")
    assert (row(request_id).status, row(request_id).reject_reason) == ("submitted", None)


async def test_approve_tells_the_holder_and_the_member(user: User) -> None:
    request_id = submit(WANG_FANG, "spouse")  # 王芳 has an account of her own
    number = row(request_id).number
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    assert await decide(user, "Approve") == "Approved. The holder has been told."
    assert not next(iter(user.find(kind=ui.button, content="Reject").elements)).enabled
    assert row(request_id).status == "approved"
    await log_out(user)

    await log_in(user)
    assert unread_badge(user) == "1"
    await user.open("/family")
    with user.scope(marker=f"member-{request_id}"):
        await user.should_see("Bound")
        await user.should_not_see("Resubmit")
    await user.open("/notifications")
    await user.should_see(f"Request {number} was approved. The family member's e-card is now available.")
    await log_out(user)

    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    assert unread_badge(user) == "1"
    await user.open("/notifications")
    await user.should_see("张* added you as a family member and can now show your e-card.")
    assert not any("张伟" in text for text in texts(user))  # the holder's name is masked


async def test_deciding_after_a_decision_in_another_tab_is_told(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")  # this page stays open while the request is decided elsewhere
    with service_env() as env:  # the same staff member, in another tab
        review.decide(env, account_id(STAFF_PHONE), request_id, approve=False, reason="member_details")
    choose(user, "reason", "Photos of documents")
    outcome = await decide(user, "Approve")
    assert outcome.startswith(ALREADY_DECIDED), outcome
    saved = row(request_id)
    assert (saved.status, saved.reject_reason) == ("rejected", "member_details")  # the first decision stands

    await user.open(f"/staff/request/{request_id}")  # opened again, the page says what happened
    await user.should_see("Not approved")
    await user.should_not_see(kind=ui.button, content="Approve")  # and offers no decision to make
    await user.should_not_see(kind=ui.button, content="Reject")
    assert row(request_id).reject_reason == "member_details"


# --- the resident's account activity ------------------------------------------------------------------

async def test_account_activity_lists_what_staff_looked_at(user: User) -> None:
    request_id = submit()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open(f"/staff/request/{request_id}")
    user.find(kind=ui.button, content="Show full ID number").click()
    await wait_until(lambda: shown_text(user, "full-id"), what="the full ID numbers")
    response = await user.http_client.get(f"/staff/document/{face_document(request_id)}")
    assert response.status_code == 200
    await log_out(user)

    await log_in(user, RESIDENT_PHONE, RESIDENT_PASSWORD)
    await user.open("/activity")
    await user.should_see("Service staff viewed a full ID number")
    await user.should_see("Service staff viewed a document")
    await user.should_see("By service staff")
    assert not any(ZHANG_JIANGUO[1] in text for text in texts(user))
