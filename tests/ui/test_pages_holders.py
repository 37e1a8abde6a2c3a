"""Who can show my card (DESIGN.md §2.6): a bound member with an account sees the holders from the My page
and removes one after a confirmation that says what happens; the holder is told, and the binding is gone
from their list. Who may open the page."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import ui
from nicegui.testing import User

from app.services import review
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    log_in,
    service_env,
    wait_for_path,
)
from tests.ui.staff_page_helpers import events, log_out, row, submit, unread_badge
from tests.unit.binding_helpers import WANG_FANG, WANG_FANG_PHONE

REMOVE = "Remove 张伟"


def _zhang_wei_binds_wang_fang() -> int:
    """张伟's approved binding of his wife 王芳 (who has an account of her own)."""
    request_id = submit(WANG_FANG, "spouse")
    with service_env() as env:
        staff = account_id(STAFF_PHONE)
        review.open_request(env, staff, request_id)
        review.decide(env, staff, request_id, approve=True)
    return request_id


async def test_the_member_removes_a_holder_who_is_told(user: User) -> None:
    request_id = _zhang_wei_binds_wang_fang()
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await user.open("/my")
    user.find(kind=ui.link, content="Who can show my card").click()
    await wait_for_path(user, "/my/holders")
    with user.scope(marker=f"holder-{request_id}"):
        await user.should_see("张伟")
        await user.should_see("You are their: Husband or wife")
        await user.should_see("Since 2026-11-23")
    user.find(marker=f"remove-{request_id}").click()
    await user.should_see("张伟 will no longer be able to show your e-card or see your records")
    await user.should_see("Your insurance does not change.")
    user.find(marker=f"confirm-remove-{request_id}").click()
    await wait_for_path(user, "/my/holders?removed=1")
    await user.should_see("Removed. They can no longer show your card and have been told.")
    await user.should_see("Nobody can show your card: no one has added you as a family member.")
    await user.should_not_see(REMOVE)
    assert row(request_id).status == "unbound"
    assert [e["actor_role"] for e in events(WANG_FANG_PHONE, "holder_removed")] == ["member"]
    await user.open("/activity")
    await user.should_see("You removed someone who could show your card")
    await log_out(user)

    await log_in(user)  # 张伟 is told (besides the approval), and 王芳 is gone from his list
    assert unread_badge(user) == "2"
    await user.open("/notifications")
    await user.should_see("王* removed you as a holder: you can no longer show their e-card.")
    await user.open("/family")
    await user.should_not_see(marker=f"member-{request_id}")
    await user.open("/activity")
    await user.should_see("A family member removed you: you can no longer show their card")
    await user.should_see("By the family member")


async def test_cancel_keeps_the_holder(user: User) -> None:
    request_id = _zhang_wei_binds_wang_fang()
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await user.open("/my/holders")
    user.find(marker=f"remove-{request_id}").click()
    user.find(kind=ui.button, content="Cancel").click()
    await user.open("/my/holders")
    await user.should_see(marker=f"remove-{request_id}")
    assert row(request_id).status == "approved"


async def test_who_may_open_who_can_show_my_card(user: User) -> None:
    response = await user.http_client.get("/my/holders", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, f"/login?next={quote('/my/holders')}")
    await log_in(user, RESIDENT_PHONE, RESIDENT_PASSWORD)
    await user.open("/my/holders")
    await user.should_see("Nobody can show your card: no one has added you as a family member.")
    await log_out(user)
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    response = await user.http_client.get("/my/holders", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/my")
