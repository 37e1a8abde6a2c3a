"""The My page and what it leads to: account activity, log out on all devices, the data download, deleting
the account, and the explained end of an idle session."""

from __future__ import annotations

import json
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from app.config import get_settings
from app.models import LoginSession
from app.services import auth
from app.services.env import build_env
from tests.conftest import FIXED_NOW
from tests.ui.helpers import (
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_row,
    current_path,
    dialog_of,
    expect_field_error,
    log_in,
    shown_id,
    submit_and_wait,
    wait_for_path,
)
from tests.unit.auth_helpers import bound


async def test_my_page_lists_the_entries(user: User) -> None:
    await log_in(user)
    await user.open("/my")
    for entry in ("My family members", "Account activity", "Settings", "Show e-card", "Privacy notice"):
        await user.should_see(kind=ui.link, content=entry)
    await user.should_see(marker="logout-all", content="Log out on all devices")
    await user.should_see(marker="download-data", content="Download my data")
    await user.should_see("张伟")
    await user.should_see(shown_id("110101********0017"))
    await user.should_see(RESIDENT_PHONE)


async def test_my_page_link_goes_to_account_activity(user: User) -> None:
    await log_in(user)
    await user.open("/my")
    user.find(kind=ui.link, content="Account activity").click()
    await wait_for_path(user, "/activity")
    await user.should_see("Everything that happened on your account, newest first.")
    await user.should_see("Logged in")
    await user.should_see("2026-11-23 10:00 · By you")


async def test_activity_shows_failed_logins_to_the_owner(user: User) -> None:
    await log_in(user, password="Family-2025", lands_on=None)
    await user.should_see("The mobile number or password is not right", retries=50)
    await log_in(user)
    await user.open("/activity")
    await user.should_see("A wrong password was entered")
    await user.should_see("By someone who is not logged in")
    await user.should_see("Logged in")


async def test_staff_my_page_has_only_account_entries(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/my")
    await user.should_see(kind=ui.link, content="Account activity")
    await user.should_see(kind=ui.link, content="Settings")
    await user.should_not_see(kind=ui.link, content="My family members")
    await user.should_not_see(kind=ui.link, content="Show e-card")


async def test_a_staff_member_can_delete_their_account_too(user: User) -> None:
    """Deletion works for every account (DESIGN.md §2.1.6); what a staff member had opened goes back to the queue
    (tests/unit/test_deletion.py)."""
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/my")
    user.find(marker="delete-account").click()
    user.find(marker="password").type(STAFF_PASSWORD)
    user.find(marker="confirm-delete").click()
    await wait_for_path(user, "/login?deleted=1")
    assert account_row(STAFF_PHONE) is None


async def test_log_out_on_all_devices(user: User) -> None:
    # The other device is a second login session of the same account. (Two simulated browsers in
    # one test would share NiceGUI's global ui.navigate, so the second one is made through the service.)
    env = build_env(get_settings())
    other_device = bound(env, auth.login_with_password(env, "13800138000", "Family-2026", client="other-phone"))
    assert auth.current_session(env, other_device) is not None

    await log_in(user)
    await user.open("/my")
    await user.should_not_see(marker="confirm-logout-all")  # asked only after pressing the button
    user.find(marker="logout-all").click()
    confirm = dialog_of(next(iter(user.find(marker="confirm-logout-all").elements)))
    assert confirm.value is True
    await user.should_see("This logs you out on every phone and computer, including this one.")
    user.find(marker="confirm-logout-all").click()
    await wait_for_path(user, "/login?all_devices=1")
    await user.should_see("You have been logged out on all devices.")

    assert auth.current_session(env, other_device) is None  # the other device is logged out too
    await user.open("/")
    assert current_path(user).startswith("/login")
    env.db.dispose()


async def test_download_my_data(user: User) -> None:
    await log_in(user)
    await user.open("/my")
    user.find(marker="download-data").click()
    response = await user.download.next(timeout=5)
    data = json.loads(response.content.decode("utf-8"))
    assert data["account"]["mobile_number"] == RESIDENT_PHONE
    assert data["own_e_voucher"]["name"] == "张伟"
    assert data["own_e_voucher"]["id_number"] == "110101198503120017"  # the owner gets their full data
    assert "argon2" not in response.content.decode("utf-8")  # never the password hash
    assert any(event["action"] == "login" for event in data["account_activity"])


async def test_idle_session_end_is_explained(user: User) -> None:
    await log_in(user)
    env = build_env(get_settings())
    try:
        with env.db.transaction() as session:
            for row in session.query(LoginSession).all():
                row.last_seen_at = FIXED_NOW - timedelta(minutes=31)
    finally:
        env.db.dispose()
    await user.open("/my")
    assert current_path(user).startswith("/login")
    await user.should_see("You were logged out after 30 minutes without activity.")


async def test_delete_account_asks_for_the_password_and_then_logs_out(user: User) -> None:
    await log_in(user)
    await user.open("/my")
    await user.should_not_see(marker="confirm-delete")
    user.find(marker="delete-account").click()
    confirm = dialog_of(next(iter(user.find(marker="confirm-delete").elements)))
    assert confirm.value is True
    await user.should_see("Your insurance and your e-voucher are not affected")

    user.find(marker="password").type("not-my-password")
    await submit_and_wait(user, "confirm-delete")
    await expect_field_error(user, "password", "The password is not right")
    assert account_row(RESIDENT_PHONE) is not None  # nothing deleted

    next(iter(user.find(marker="password").elements)).value = ""  # type: ignore[attr-defined]
    user.find(marker="password").type("Family-2026")
    user.find(marker="confirm-delete").click()
    await wait_for_path(user, "/login?deleted=1")
    await user.should_see("Your account has been deleted.")
    assert account_row(RESIDENT_PHONE) is None
