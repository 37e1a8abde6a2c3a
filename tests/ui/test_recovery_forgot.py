""""Forgot password?" (DESIGN.md §2.1.4): from the login page, mobile number → "Send code" → code → ID number →
new password → "Set new password"; bad input is said next to its field and changes nothing, and the page never
tells whether a number has an account or whether its real name was verified."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.services import auth
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    current_path,
    expect_field_error,
    field_error,
    log_in,
    service_env,
    sms_code,
    submit_and_wait,
    wait_for_path,
)
from tests.ui.pages_helpers import _h1

NEW_PASSWORD = "Quiet-River-2031"
ZHANG_WEI_ID = "110101198503120017"
WANG_FANG_ID = "110101199002140022"


def _texts(user: User) -> list[str]:
    assert user.client is not None
    return [e.text for e in user.client.content.descendants()  # type: ignore[attr-defined]
            if isinstance(e, ui.label | ui.link | ui.button) and e.text]


async def _send_code(user: User, phone: str = RESIDENT_PHONE) -> None:
    await user.open("/forgot?lang=en")
    user.find(marker="phone").type(phone)
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="we sent a 6-digit code", retries=50)


def _fill(user: User, *, code: str, id_number: str = ZHANG_WEI_ID, password: str = NEW_PASSWORD) -> None:
    for marker, text in (("code", code), ("id_number", id_number), ("password", password)):
        user.find(marker=marker).clear()
        if text:
            user.find(marker=marker).type(text)


def _other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_the_login_page_links_to_forgot_password(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(ui.link, content="Forgot password?").click()
    await wait_for_path(user, "/forgot")
    assert _h1(user) == "Set a new password"
    for marker in ("phone", "send-code", "code", "id_number", "password", "submit"):
        await user.should_see(marker=marker)
    await user.should_see("Set new password")
    await user.should_see("Only if the real name of this account was verified")
    id_input = next(iter(user.find(marker="id_number").elements))
    assert "forgot-id-when" in id_input.props["aria-describedby"].split()  # read out with the field


async def test_forgot_password_end_to_end_then_log_in_with_the_new_password(user: User) -> None:
    await _send_code(user)
    await user.should_see("If 138****8000 has an account, we sent a 6-digit code to it. It works until 10:05.")
    _fill(user, code=sms_code(RESIDENT_PHONE))
    user.find(marker="submit").click()
    await wait_for_path(user, "/login?password_reset=1")
    await user.should_see("Your password has been changed and you have been logged out on every device.")

    await log_in(user, password=RESIDENT_PASSWORD, start="/login?lang=en", lands_on=None)
    await expect_field_error(user, "password", "The mobile number or password is not right")
    await log_in(user, password=NEW_PASSWORD)
    await user.should_see("Hello, 张伟")


async def test_the_page_is_the_same_for_a_number_without_an_account(user: User) -> None:
    await _send_code(user)
    with_account = _texts(user)
    await _send_code(user, "13511112222")
    without = _texts(user)
    assert [text.replace("135****2222", "138****8000") for text in without] == with_account
    _fill(user, code="123456")
    await submit_and_wait(user)
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")


async def test_a_wrong_id_number_is_said_next_to_it_and_changes_nothing(user: User) -> None:
    await _send_code(user)
    _fill(user, code=sms_code(RESIDENT_PHONE), id_number=WANG_FANG_ID)
    user.find(marker="submit").click()
    await expect_field_error(user, "id_number", "This is not the ID number of the person this account belongs to. "
                                                "You can try 4 more times with this code.")
    assert field_error(user, "code") == "" and field_error(user, "password") == ""
    with service_env() as env:
        auth.login_with_password(env, RESIDENT_PHONE, RESIDENT_PASSWORD, client="test")  # still the old one

    _fill(user, code=sms_code(RESIDENT_PHONE), id_number="")
    user.find(marker="submit").click()
    await expect_field_error(user, "id_number", "Enter the ID number of the person whose real name this account "
                                                "verified")


async def test_a_common_password_or_a_wrong_code_is_said_next_to_its_field(user: User) -> None:
    await _send_code(user)
    code = sms_code(RESIDENT_PHONE)
    _fill(user, code=code, password="12345678")
    user.find(marker="submit").click()
    await expect_field_error(user, "password", "This password is too easy to guess")

    _fill(user, code=_other(code))
    await submit_and_wait(user)
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")
    assert current_path(user).startswith("/forgot")

    _fill(user, code=code)  # neither used the code up
    user.find(marker="submit").click()
    await wait_for_path(user, "/login?password_reset=1")


async def test_a_malformed_id_number_is_said_before_anything_is_sent(user: User) -> None:
    await _send_code(user)
    _fill(user, code=sms_code(RESIDENT_PHONE), id_number="11010119850312001X")
    user.find(marker="submit").click()
    await expect_field_error(user, "id_number", "This ID number is not valid")


async def test_a_logged_in_person_is_sent_home(user: User) -> None:
    await log_in(user)
    await user.open("/forgot")
    assert current_path(user) == "/"


async def test_the_page_speaks_chinese(user: User) -> None:
    await user.open("/forgot?lang=zh-CN")
    assert _h1(user) == "设置新密码"
    await user.should_see("身份证号")
    await user.open("/login")
    await user.should_see("找回密码")
