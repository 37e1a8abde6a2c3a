"""Settings → "Change password" and "Change mobile number" (DESIGN.md §2.1.4): the page stays logged in, other
logins end; a wrong current password is said next to its field and counts like a wrong password at login."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from app.models import DevSms
from app.services import auth
from tests.ui.helpers import NEW_PASSWORD as REGISTERED_PASSWORD
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_row,
    current_path,
    expect_field_error,
    log_in,
    service_env,
    sms_code,
    submit_and_wait,
    wait_for_path,
)
from tests.ui.pages_helpers import _h1
from tests.ui.register_helpers import _register
from tests.unit.auth_helpers import bound

NEW_PASSWORD = "Quiet-River-2031"
NEW_PHONE = "13622223333"


def _other_login(phone: str = RESIDENT_PHONE, password: str = RESIDENT_PASSWORD) -> str:
    """A login on another phone."""
    with service_env() as env:
        return bound(env, auth.login_with_password(env, phone, password, client="other"), "other-phone")


def _still_logged_in(token: str) -> bool:
    with service_env() as env:
        return auth.current_session(env, token) is not None


def _fill(user: User, **values: str) -> None:
    for marker, text in values.items():
        user.find(marker=marker).clear()
        if text:
            user.find(marker=marker).type(text)


async def test_settings_link_to_both_changes(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    await user.should_see("Log in and security")
    links = {link.text: link.props["href"] for link in user.find(ui.link).elements}  # type: ignore[attr-defined]
    assert links["Change password"] == "/settings/password"
    assert links["Change mobile number"] == "/settings/mobile"
    user.find(ui.link, content="Change password").click()
    await wait_for_path(user, "/settings/password")
    assert _h1(user) == "Change password"
    await user.open("/settings/mobile")
    assert _h1(user) == "Change mobile number"


async def test_change_password_ends_the_other_logins_and_keeps_this_one(user: User) -> None:
    elsewhere = _other_login()
    await log_in(user)
    await user.open("/settings/password")
    _fill(user, current_password=RESIDENT_PASSWORD, new_password=NEW_PASSWORD)
    user.find(marker="submit").click()
    await user.should_see("Your password has been changed. You have been logged out on your other devices.",
                          retries=100)
    assert not _still_logged_in(elsewhere)
    await user.open("/my")  # this one is still logged in
    assert current_path(user) == "/my"
    await user.open("/activity")
    await user.should_see("Password changed")
    with service_env() as env:
        auth.login_with_password(env, RESIDENT_PHONE, NEW_PASSWORD, client="test")


async def test_a_wrong_current_password_is_said_next_to_it_and_counts(user: User) -> None:
    await log_in(user)
    await user.open("/settings/password")
    _fill(user, current_password="Family-2025", new_password=NEW_PASSWORD)
    user.find(marker="submit").click()
    message = await expect_field_error(user, "current_password", "The current password is not right.")
    assert "You can try 4 more times" in message
    for left in (3, 2, 1):
        await submit_and_wait(user)
        await expect_field_error(user, "current_password", f"You can try {left} more times")
    await submit_and_wait(user)
    await expect_field_error(user, "current_password", "your password cannot be checked until 10:15")
    assert account_row(RESIDENT_PHONE) is not None
    with service_env() as env, env.db.transaction() as session:
        assert auth.locked_until(session, RESIDENT_PHONE, env.clock.now()) is not None


async def test_a_common_new_password_is_refused_next_to_it(user: User) -> None:
    await log_in(user)
    await user.open("/settings/password")
    _fill(user, current_password=RESIDENT_PASSWORD, new_password="password123")
    user.find(marker="submit").click()
    await expect_field_error(user, "new_password", "This password is too easy to guess")


async def test_change_mobile_number_with_a_code_from_the_new_number(user: User) -> None:
    elsewhere = _other_login()
    await log_in(user)
    await user.open("/settings/mobile")
    await user.should_see("Your mobile number: 13800138000")
    _fill(user, current_password=RESIDENT_PASSWORD, new_phone=NEW_PHONE)
    user.find(marker="send-code").click()
    await user.should_see("We sent a 6-digit code to 136****3333. It works until 10:05.", retries=50)
    _fill(user, code=sms_code(NEW_PHONE))
    user.find(marker="submit").click()
    await user.should_see("Your mobile number is now 13622223333. You have been logged out on your other devices.",
                          retries=100)
    await user.should_see("Your mobile number: 13622223333")
    assert not _still_logged_in(elsewhere)
    with service_env() as env, env.db.transaction() as session:
        notices = session.exec(select(DevSms).where(DevSms.phone == RESIDENT_PHONE)).all()
    assert any("136****3333" in row.body for row in notices)
    await user.open("/my")
    await user.should_see("13622223333")


async def test_a_number_with_an_account_is_answered_like_a_wrong_code(user: User) -> None:
    await log_in(user)
    await user.open("/settings/mobile")
    _fill(user, current_password=RESIDENT_PASSWORD, new_phone="13700137000")
    user.find(marker="send-code").click()
    await user.should_see("We sent a 6-digit code to 137****7000. It works until 10:05.", retries=50)
    _fill(user, code="123456")
    await submit_and_wait(user)
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")
    assert account_row(RESIDENT_PHONE) is not None


async def test_staff_change_their_password_but_not_their_number(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/settings")
    await user.should_see("Change password")
    await user.should_not_see("Change mobile number")
    await user.open("/settings/mobile")
    await user.should_see("The mobile number of a staff account is changed by your administrator.")
    await user.should_not_see(marker="send-code")


async def test_an_account_not_yet_verified_changes_its_password_too(user: User) -> None:
    await _register(user)
    await user.open("/settings/password")
    assert current_path(user) == "/settings/password"
    _fill(user, current_password=REGISTERED_PASSWORD, new_password=NEW_PASSWORD)
    user.find(marker="submit").click()
    await user.should_see("Your password has been changed.", retries=100)
    await user.open("/settings/mobile")
    assert current_path(user) == "/settings/mobile"
