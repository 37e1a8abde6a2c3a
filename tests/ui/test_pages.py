"""The pages around the account: My, activity, settings (display choices), notifications, placeholders,
language switching, log out on all devices, the dev SMS inbox and the data download."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

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
    expect_field_error,
    log_in,
    submit_and_wait,
    wait_for_path,
    wait_until,
)


def _section(user: User, labelled_by: str) -> ui.element:
    assert user.client is not None
    for element in user.client.layout.descendants():
        if element.props.get("aria-labelledby") == labelled_by:
            return element
    raise AssertionError(f"no section labelled by {labelled_by!r}")


def _text_size_radio(within: ui.element) -> ui.radio:
    radios = [e for e in within.descendants() if isinstance(e, ui.radio) and "large" in e.options]
    assert len(radios) == 1, radios
    return radios[0]


def _header_text_size_radio(user: User) -> ui.radio:
    assert user.client is not None
    radios = [e for e in user.client.layout.descendants() if isinstance(e, ui.radio) and "large" in e.options]
    assert radios, "no text size choice on the page"
    return min(radios, key=lambda radio: radio.id)  # the header's comes first


def _dialog_of(element: ui.element) -> ui.dialog:
    while not isinstance(element, ui.dialog):
        assert element.parent_slot is not None, "not inside a dialog"
        element = element.parent_slot.parent
    return element


def _h1(user: User) -> str:
    assert user.client is not None
    headings = [e for e in user.client.layout.descendants() if e.tag == "h1"]
    assert len(headings) == 1, f"expected one h1, found {len(headings)}"
    return headings[0].text  # type: ignore[attr-defined]


async def test_my_page_lists_the_entries(user: User) -> None:
    await log_in(user)
    await user.open("/my")
    for entry in ("My family members", "Account activity", "Settings", "Show e-card", "Privacy notice"):
        await user.should_see(kind=ui.link, content=entry)
    await user.should_see(marker="logout-all", content="Log out on all devices")
    await user.should_see(marker="download-data", content="Download my data")
    await user.should_see("张伟")
    await user.should_see("110101********0017")
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
    await user.should_see("The password is not right", retries=50)
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


@pytest.mark.parametrize(("path", "title", "text"), [
    ("/ecard", "E-card", "Showing the e-card QR code is coming soon."),
    ("/records/contributions", "Contribution records", "Records are coming soon."),
    ("/records/expenses", "Medical expense records", "Records are coming soon."),
])
async def test_placeholders_say_coming_soon(user: User, path: str, title: str, text: str) -> None:
    await log_in(user)
    await user.open(path)
    assert current_path(user) == path
    assert _h1(user) == title
    await user.should_see("Coming soon")
    await user.should_see(text)
    await user.should_see(kind=ui.link, content="Back")


async def test_placeholders_need_a_login(user: User) -> None:
    await user.open("/ecard")
    assert current_path(user) == "/login?next=/ecard"


async def test_settings_show_display_choices(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    assert _h1(user) == "Settings"
    section = _section(user, "display-title")  # the page's own controls, not the header's menus
    texts = [getattr(e, "text", "") for e in section.descendants()]
    assert "Display and reading" in texts
    assert "Text size" in texts
    buttons = {e.text: e for e in section.descendants() if isinstance(e, ui.button)}
    assert {"High contrast", "Read aloud", "Language"} <= set(buttons)
    assert buttons["High contrast"].props.get("aria-pressed") == "false"
    assert buttons["Read aloud"].props.get("aria-pressed") == "false"
    radio = _text_size_radio(section)
    assert list(radio.options.values()) == ["Standard", "Large", "Extra large"]
    assert radio.value == "standard"
    languages = [e for e in section.descendants() if isinstance(e, ui.radio) and "en-US" in e.options]
    assert len(languages) == 1 and languages[0].visible  # shown open on this page
    assert list(languages[0].options.values()) == ["简体中文", "English"]
    assert languages[0].value == "en-US"


async def test_text_size_choice_is_saved_to_the_account(user: User, create_user: Callable[[], User]) -> None:
    await log_in(user)
    await user.open("/settings")
    radio = _text_size_radio(_section(user, "display-title"))
    UserInteraction(user, {radio}, "Large").click()
    assert radio.value == "large"
    await wait_until(lambda: account_row(RESIDENT_PHONE).text_size == "large", what="text size saved")

    user.find(marker="logout").click()
    await wait_for_path(user, "/login")

    other_device = create_user()
    await log_in(other_device)
    assert _header_text_size_radio(other_device).value == "large"
    assert other_device.client is not None
    assert "fs-large" in other_device.client._head_html  # the <html> class set on load


async def test_text_size_chosen_before_login_is_kept_for_the_account(user: User) -> None:
    await user.open("/login?lang=en")
    UserInteraction(user, {_header_text_size_radio(user)}, "Extra large").click()
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="password").type("Family-2026")
    user.find(marker="submit").click()
    await wait_for_path(user, "/")
    assert _header_text_size_radio(user).value == "extra_large"
    assert account_row(RESIDENT_PHONE).text_size == "extra_large"


async def test_high_contrast_toggle_is_pressed_and_saved(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    section = _section(user, "display-title")
    toggle = next(e for e in section.descendants() if isinstance(e, ui.button) and e.text == "High contrast")
    assert toggle.props.get("aria-pressed") == "false"
    UserInteraction(user, {toggle}, None).click()
    assert toggle.props.get("aria-pressed") == "true"
    await wait_until(lambda: account_row(RESIDENT_PHONE).high_contrast is True, what="contrast saved")


async def test_log_out_on_all_devices(user: User) -> None:
    # The other device is a second login session of the same account. (Two simulated browsers in
    # one test would share NiceGUI's global ui.navigate, so the second one is made through the service.)
    env = build_env(get_settings())
    other_device = auth.login_with_password(env, "13800138000", "Family-2026", client="other-phone")
    assert auth.current_session(env, other_device) is not None

    await log_in(user)
    await user.open("/my")
    confirm = _dialog_of(next(iter(user.find(marker="confirm-logout-all").elements)))
    assert confirm.value is False  # asked only after pressing the button
    user.find(marker="logout-all").click()
    assert confirm.value is True
    await user.should_see("This logs you out on every phone and computer, including this one.")
    user.find(marker="confirm-logout-all").click()
    await wait_for_path(user, "/login?all_devices=1")
    await user.should_see("You have been logged out on all devices.")

    assert auth.current_session(env, other_device) is None  # the other device is logged out too
    await user.open("/")
    assert current_path(user).startswith("/login")
    env.db.dispose()


async def test_language_query_switches_and_is_remembered(user: User) -> None:
    await user.open("/login?lang=zh-CN")
    await user.should_see("手机号")
    await user.should_see(kind=ui.button, content="登录")
    await user.should_not_see("Mobile number")
    assert user.client is not None and user.client.page.language == "zh-CN"

    await user.open("/login?lang=en")
    await user.should_see("Mobile number")
    await user.should_see(kind=ui.button, content="Log in")
    await user.should_not_see("手机号")
    assert user.client is not None and user.client.page.language == "en-US"  # <html lang>

    await user.open("/register")  # no ?lang: the choice is remembered
    await user.should_see("I agree to the privacy notice")
    assert _h1(user) == "Create account"


async def test_language_query_applies_to_the_heading_of_the_same_page(user: User) -> None:
    await user.open("/login?lang=en")
    assert _h1(user) == "Log in"
    assert user.client is not None and user.client.title == "Log in - Family E-Card"


async def test_browser_language_picks_the_default(user: User) -> None:
    user.http_client.headers["Accept-Language"] = "en-GB,en;q=0.9,zh-CN;q=0.5"
    await user.open("/login")
    assert _h1(user) == "Log in"
    await user.should_see("Mobile number")


async def test_language_choice_on_settings_is_saved_to_the_account(user: User) -> None:
    await log_in(user)
    await user.open("/settings")
    section = _section(user, "display-title")
    languages = next(e for e in section.descendants() if isinstance(e, ui.radio) and "en-US" in e.options)
    UserInteraction(user, {languages}, "简体中文").click()
    await wait_for_path(user, "/settings?lang=zh-CN")
    await user.should_see("显示和朗读")
    await user.should_not_see("Display and reading")
    assert account_row(RESIDENT_PHONE).language == "zh-CN"


async def test_notifications_page_when_empty(user: User) -> None:
    await log_in(user)
    user.find(kind=ui.button, content="Notifications").click()
    await wait_for_path(user, "/notifications")
    await user.should_see("You have no notifications.")


async def test_dev_sms_inbox_returns_the_newest_code(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="switch-mode").click()
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="We sent a 6-digit code", retries=50)

    response = await user.http_client.get("/api/dev/sms", params={"phone": RESIDENT_PHONE})
    assert response.status_code == 200
    body = response.json()
    assert body["phone"] == RESIDENT_PHONE
    assert len(body["code"]) == 6 and body["code"].isdigit()
    assert body["sent_at"].startswith("2026-11-23T02:00")  # 10:00 in Beijing, stored as UTC

    user.find(marker="code").type(body["code"])
    user.find(marker="submit").click()
    await wait_for_path(user, "/")

    missing = await user.http_client.get("/api/dev/sms", params={"phone": "13511112222"})
    assert missing.status_code == 404


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
    confirm = _dialog_of(next(iter(user.find(marker="confirm-delete").elements)))
    user.find(marker="delete-account").click()
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
