""""Audit trail" (DESIGN.md §2.7): from the staff navigation, staff search a resident's account by mobile number or
ID number and read its events in the words of Account activity, with who acted; the resident then sees the search in
their own Account activity. A number without a resident account is said plainly; the 201st search of a day is
refused."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from app.models import RateLimitHit
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
from tests.ui.staff_page_helpers import log_out, shown_text
from tests.unit.binding_helpers import ZHANG_WEI, audit_events

LOOKED = "Service staff looked at your account activity"


def _events(phone: str) -> list[dict]:
    with service_env() as env:
        return audit_events(env, account_id(phone))


def _answered(user: User) -> bool:
    assert user.client is not None
    trail = any("trail" in element._markers for element in user.client.layout.descendants())
    return trail or bool(summary_messages(user))


async def _search(user: User, query: str) -> None:
    set_input(user, "query", query)
    button = next(iter(user.find(marker="search").elements))
    user.find(marker="search").click()
    await wait_until(lambda: _answered(user) and button.enabled, what="the answer to Search")


async def _open_page(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    user.find(kind=ui.link, content="Audit trail").click()
    await wait_for_path(user, "/staff/audit")
    await user.should_see("Your search is recorded, and the resident sees it in their Account activity.")


async def test_staff_read_the_trail_and_the_resident_sees_the_search(user: User) -> None:
    await log_in(user)  # 张伟 logs in once, so his trail has his own event too
    await log_out(user)
    await _open_page(user)
    await _search(user, RESIDENT_PHONE)
    with user.scope(marker="trail"):
        await user.should_see("Account of 张*, mobile number 138****8000")
        await user.should_see(LOOKED)
        await user.should_see("Logged in")
        await user.should_see("2026-11-23 10:00 · By service staff 139****9000")
        await user.should_see("2026-11-23 10:00 · By the resident")
    expected = f"Events, newest first: {len(_events(RESIDENT_PHONE)) + 1}"
    await _search(user, ZHANG_WEI[1])  # by ID number: the same account, with this search as its newest event
    await wait_until(lambda: shown_text(user, "trail-count") == expected, what=expected)
    assert [e["action"] for e in _events(RESIDENT_PHONE)][-2:] == ["audit_trail_viewed"] * 2
    await log_out(user)
    await log_in(user)
    await user.open("/activity")
    await user.should_see(LOOKED)
    await user.should_see("By service staff")


async def test_no_account_and_unreadable_entries_are_said_plainly(user: User) -> None:
    await _open_page(user)
    await _search(user, "13612345678")
    await expect_field_error(user, "query", "No resident account found")
    await _search(user, "1234")
    await expect_field_error(user, "query", "Enter an 11-digit mobile number or an 18-character ID number")
    await _search(user, "")
    await expect_field_error(user, "query", "Enter a mobile number or an ID number")
    await user.should_not_see(marker="trail")


async def test_the_201st_search_of_a_day_is_refused(user: User) -> None:
    with service_env() as env, env.db.transaction() as session:
        key = f"audit_search:staff:{account_id(STAFF_PHONE)}"
        start = env.clock.now() - timedelta(hours=20)
        session.add_all(RateLimitHit(key=key, at=start + timedelta(minutes=n)) for n in range(200))
    await _open_page(user)
    await _search(user, RESIDENT_PHONE)
    await expect_field_error(user, "query", "You have made 200 searches in the last 24 hours, the most allowed. "
                                            "You can search again at 14:00.")
    await user.should_not_see(marker="trail")
