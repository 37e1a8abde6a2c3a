"""A member without a phone removes a holder at the counter (DESIGN.md §2.7): from the staff navigation, staff
"Find member" by name and ID number, see the member's holders, and remove one after a confirmation that says what
happens; the holder is told. A miss says nothing about what did not match; the 201st look-up of a day is refused;
the removal acts on the look-up the page made, whatever the fields say afterwards."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from app.models import Notification, RateLimitHit
from app.services import review, staff_admin
from app.services.binding import lifecycle
from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    expect_field_error,
    log_in,
    service_env,
    set_input,
    summary_messages,
    wait_for_path,
    wait_until,
)
from tests.ui.staff_page_helpers import events, row, shown_text, submit
from tests.unit.binding_helpers import WANG_FANG, WANG_FANG_PHONE, ZHANG_JIANGUO

FATHER_NAME, FATHER_ID = ZHANG_JIANGUO
NOT_FOUND = "No insured person has this name and ID number. Check both against the ID card."


def _approved(person: tuple[str, str] = ZHANG_JIANGUO, relationship: str = "parent", *,
              phone: str = RESIDENT_PHONE) -> int:
    request_id = submit(person, relationship, phone=phone)
    with service_env() as env:
        staff = account_id(STAFF_PHONE)
        review.open_request(env, staff, request_id)
        review.decide(env, staff, request_id, approve=True)
    return request_id


async def _open_page(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    user.find(kind=ui.link, content="Remove a holder for a member").click()
    await wait_for_path(user, "/staff/members")
    await user.should_see("First check the member's ID card")


def _answered(user: User) -> bool:
    assert user.client is not None
    found = any("member-found" in element._markers for element in user.client.layout.descendants())
    return found or bool(summary_messages(user))


async def _find(user: User, name: str = FATHER_NAME, number: str = FATHER_ID) -> None:
    """Type the member's details and press "Find member"; waits for the holders or an error."""
    set_input(user, "name", name)
    set_input(user, "id_number", number)
    button = next(iter(user.find(marker="find-member").elements))
    user.find(marker="find-member").click()
    await wait_until(lambda: _answered(user) and button.enabled, what="the answer to Find member")


def _notifications(phone: str) -> list[str]:
    with service_env() as env, env.db.transaction() as session:
        rows = session.exec(select(Notification).where(Notification.account_id == account_id(phone))).all()
        return [n.kind for n in rows]


async def test_staff_find_the_member_and_remove_a_holder_who_is_told(user: User) -> None:
    request_id = _approved()
    await _open_page(user)
    await _find(user)
    await user.should_see("张建国, ID number 110101********0039. These people can show the member's card:")
    with user.scope(marker=f"holder-{request_id}"):
        await user.should_see("张伟")
        await user.should_see("The member is their: Father or mother")
        await user.should_see("Since 2026-11-23")
    with user.scope(marker="members-results"):
        await user.should_not_see(FATHER_ID)  # masked, except in the field being typed
    user.find(marker=f"remove-{request_id}").click()
    await user.should_see("张伟 will no longer be able to show the member's e-card or see their records, and is told "
                          "in the app and by text message.")
    user.find(marker=f"confirm-remove-{request_id}").click()
    await wait_until(lambda: shown_text(user, "members-outcome"), what="the removal")
    assert shown_text(user, "members-outcome") == ("Removed. 张伟 can no longer show the member's card and has been "
                                                    "told.")
    await user.should_not_see(marker=f"holder-{request_id}")
    await user.should_see("Nobody can show this member's card.")
    assert row(request_id).status == "unbound"
    assert [e["actor_role"] for e in events(RESIDENT_PHONE, "binding_unbound_at_counter")] == ["staff"]
    assert _notifications(RESIDENT_PHONE)[-1] == "member_removed_holder_at_counter"


async def test_a_miss_says_nothing_about_what_did_not_match(user: User) -> None:
    _approved()
    await _open_page(user)
    await _find(user, "李秀兰", FATHER_ID)  # a real ID number with another person's name
    wrong_name = await expect_field_error(user, "id_number", NOT_FOUND)
    await _find(user, FATHER_NAME, "110101195207010047")  # nobody has this number
    assert await expect_field_error(user, "id_number", NOT_FOUND) == wrong_name
    await user.should_not_see("张伟")
    await user.should_not_see(marker="member-found")
    await _find(user, "", "")
    await expect_field_error(user, "name", "Enter the member's name as it is on their ID card")
    await expect_field_error(user, "id_number", "Enter the member's ID number")


async def test_cancel_keeps_the_holder(user: User) -> None:
    request_id = _approved()
    await _open_page(user)
    await _find(user)
    user.find(marker=f"remove-{request_id}").click()
    user.find(kind=ui.button, content="Cancel").click()
    await user.should_see(marker=f"remove-{request_id}")
    assert row(request_id).status == "approved"


async def test_the_removal_acts_on_the_look_up_not_on_the_fields(user: User) -> None:
    """Typing another member's details after "Find member" changes nothing about whose holder is removed (the page
    keeps its look-up; the service matches it again)."""
    father = _approved()
    wife = _approved(WANG_FANG, "spouse")
    await _open_page(user)
    await _find(user)
    set_input(user, "name", WANG_FANG[0])
    set_input(user, "id_number", WANG_FANG[1])
    user.find(marker=f"remove-{father}").click()
    user.find(marker=f"confirm-remove-{father}").click()
    await wait_until(lambda: shown_text(user, "members-outcome"), what="the removal")
    assert (row(father).status, row(wife).status) == ("unbound", "approved")


async def test_a_holder_already_gone_is_said_and_taken_off_the_list(user: User) -> None:
    request_id = _approved(WANG_FANG, "spouse")
    await _open_page(user)
    await _find(user, *WANG_FANG)
    with service_env() as env:  # 王芳 removes him herself, on her own phone, meanwhile
        lifecycle.remove_holder(env, account_id(WANG_FANG_PHONE), request_id, client="phone")
    user.find(marker=f"remove-{request_id}").click()
    user.find(marker=f"confirm-remove-{request_id}").click()
    await wait_until(lambda: shown_text(user, "members-outcome"), what="the answer")
    assert shown_text(user, "members-outcome").startswith("This person can no longer show the member's card")
    await user.should_not_see(marker=f"holder-{request_id}")
    await user.should_see("Nobody can show this member's card.")
    assert events(RESIDENT_PHONE, "binding_unbound_at_counter") == []


async def test_the_201st_look_up_of_a_day_is_refused(user: User) -> None:
    _approved()
    with service_env() as env, env.db.transaction() as session:
        key = f"counter_member_lookup:staff:{account_id(STAFF_PHONE)}"
        start = env.clock.now() - timedelta(hours=20)
        session.add_all(RateLimitHit(key=key, at=start + timedelta(minutes=n)) for n in range(200))
    await _open_page(user)
    await _find(user)
    await expect_field_error(user, "id_number", "You have made 200 look-ups in the last 24 hours, the most allowed. "
                                                "You can look up again at 14:00.")
    await user.should_not_see("张伟")


async def test_a_disabled_staff_member_removes_nobody_from_an_open_page(user: User) -> None:
    request_id = _approved()
    await _open_page(user)
    await _find(user)
    user.find(marker=f"remove-{request_id}").click()
    with service_env() as env:
        staff_admin.disable_staff(env, STAFF_PHONE)  # the operator disables the account meanwhile
    user.find(marker=f"confirm-remove-{request_id}").click()
    await wait_for_path(user, "/login")
    assert row(request_id).status == "approved"
    assert events(RESIDENT_PHONE, "binding_unbound_at_counter") == []
