"""Logging in and out (DESIGN.md 2.1 step 4): password, SMS code, lockout, and who may open what."""

from __future__ import annotations

from nicegui.testing import User

from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    STAFF_PASSWORD,
    STAFF_PHONE,
    current_path,
    expect_field_error,
    field_error,
    input_value,
    log_in,
    shown_id,
    sms_code,
    submit_and_wait,
    summary_messages,
    wait_for_path,
)


async def test_anonymous_home_redirects_to_login(user: User) -> None:
    response = await user.http_client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"

    await user.open("/")
    assert current_path(user) == "/login?next=/"
    await user.should_see(marker="phone")
    await user.should_see(marker="password")
    await user.should_not_see(marker="logout")


async def test_password_login_shows_own_e_voucher(user: User) -> None:
    await log_in(user)
    assert current_path(user) == "/"
    await user.should_see("Hello, 张伟")
    await user.should_see("My medical insurance e-voucher")
    await user.should_see(shown_id("110101********0017"))
    await user.should_see("Active")
    await user.should_see("Beijing, Dongcheng District")
    await user.should_not_see("110101198503120017")  # the full ID number is never shown
    await user.should_see(marker="logout")


async def test_enter_in_password_field_logs_in(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="password").type(RESIDENT_PASSWORD).trigger("keydown.enter")
    await wait_for_path(user, "/")
    await user.should_see("Hello, 张伟")


async def test_wrong_password_says_how_many_tries_are_left(user: User) -> None:
    await log_in(user, password="Family-2025", lands_on=None)
    message = await expect_field_error(user, "password", "The mobile number or password is not right")
    assert "You can try 4 more times" in message
    assert field_error(user, "phone") == ""
    assert current_path(user).startswith("/login")

    user.find(marker="submit").click()
    await expect_field_error(user, "password", "You can try 3 more times")


async def test_phone_filled_but_no_password(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="submit").click()
    await expect_field_error(user, "password", "Enter your password")
    assert field_error(user, "phone") == ""


async def test_empty_phone_is_asked_for(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="password").type(RESIDENT_PASSWORD)
    user.find(marker="submit").click()
    await expect_field_error(user, "phone", "Enter your mobile number")


async def test_both_fields_empty_lists_both_problems(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="submit").click()
    await expect_field_error(user, "phone", "Enter your mobile number")
    await expect_field_error(user, "password", "Enter your password", timeout=0.5)
    assert len(summary_messages(user)) == 2


async def test_bad_phone_number_explains_the_format(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="phone").type("1380013")
    user.find(marker="password").type(RESIDENT_PASSWORD)
    user.find(marker="submit").click()
    await expect_field_error(user, "phone", "Enter an 11-digit mobile number, like 13800138000")


async def test_a_number_without_an_account_is_answered_like_a_wrong_password(user: User) -> None:
    """Login never tells whether a number has an account (DESIGN.md §2.1.4)."""
    await log_in(user, phone="13511112222", lands_on=None)
    message = await expect_field_error(user, "password", "The mobile number or password is not right")
    assert "You can try 4 more times" in message
    assert field_error(user, "phone") == ""


async def test_five_wrong_passwords_lock_password_login_until_a_stated_time(user: User) -> None:
    await log_in(user, password="wrong-password-1", lands_on=None)
    await expect_field_error(user, "password", "You can try 4 more times")
    for left in (3, 2, 1):
        user.find(marker="submit").click()
        await expect_field_error(user, "password", f"You can try {left} more times")
    user.find(marker="submit").click()
    message = await expect_field_error(user, "password", "password login is locked until 10:15")
    assert "You can log in with an SMS code now" in message

    # Even the right password is refused while locked, and the message still names the time.
    user.find(marker="password").clear()
    user.find(marker="password").type(RESIDENT_PASSWORD)
    await submit_and_wait(user)
    await expect_field_error(user, "password", "locked until 10:15")
    await user.should_not_see("Hello, 张伟")
    assert current_path(user).startswith("/login")


async def _open_code_login(user: User, phone: str = RESIDENT_PHONE) -> None:
    await user.open("/login?lang=en")
    await user.should_not_see(marker="code")
    await user.should_not_see(marker="send-code")
    user.find(marker="switch-mode").click()
    await user.should_see(marker="code")
    await user.should_see(marker="send-code")
    await user.should_not_see(marker="password")
    await user.should_see("Log in with password")
    user.find(marker="phone").type(phone)


async def test_sms_code_login(user: User) -> None:
    await _open_code_login(user)
    user.find(marker="send-code").click()
    await user.should_see("If 138****8000 has an account, we sent a 6-digit code to it. It works until 10:05.",
                          retries=50)
    await user.should_see("You can ask for a new code in 60 seconds.")
    send = next(iter(user.find(marker="send-code").elements))
    assert not send.enabled  # type: ignore[attr-defined]

    user.find(marker="code").type(sms_code(RESIDENT_PHONE))
    user.find(marker="submit").click()
    await wait_for_path(user, "/")
    await user.should_see("Hello, 张伟")


async def test_wrong_sms_code(user: User) -> None:
    await _open_code_login(user)
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="we sent a 6-digit code", retries=50)
    right = sms_code(RESIDENT_PHONE)
    user.find(marker="code").type("000000" if right != "000000" else "111111")
    user.find(marker="submit").click()
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")
    assert current_path(user).startswith("/login")


async def test_sms_code_for_a_number_without_an_account_is_answered_alike(user: User) -> None:
    await _open_code_login(user, phone="13511112222")
    user.find(marker="send-code").click()
    await user.should_see("If 135****2222 has an account, we sent a 6-digit code to it. It works until 10:05.",
                          retries=50)
    await user.should_see("You can ask for a new code in 60 seconds.")
    send = next(iter(user.find(marker="send-code").elements))
    assert not send.enabled  # type: ignore[attr-defined]  # the same wait as for a number with an account
    user.find(marker="code").type("123456")
    user.find(marker="submit").click()
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")


async def test_switching_back_to_password_keeps_the_number(user: User) -> None:
    await _open_code_login(user)
    user.find(marker="switch-mode").click()
    await user.should_see(marker="password")
    await user.should_not_see(marker="code")
    assert input_value(user, "phone") == RESIDENT_PHONE


async def test_log_out_returns_to_login_and_ends_the_session(user: User) -> None:
    await log_in(user)
    user.find(marker="logout").click()
    await wait_for_path(user, "/login?logged_out=1")
    await user.should_see("You have logged out.")
    await user.should_not_see(marker="logout")

    await user.open("/my")
    assert current_path(user) == "/login?next=/my"
    await user.should_not_see("Hello, 张伟")


async def test_staff_login_lands_on_staff_console(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.should_see("Review queue")
    await user.should_see("Requests waiting: 0")

    await user.open("/")  # staff have no resident home
    assert current_path(user) == "/staff"


async def test_resident_cannot_open_staff_console(user: User) -> None:
    await log_in(user)
    response = await user.http_client.get("/staff", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    await user.open("/staff")
    assert current_path(user) == "/"
    await user.should_not_see("Staff console")
    await user.should_see("Hello, 张伟")


async def test_next_parameter_is_followed_after_login(user: User) -> None:
    await log_in(user, start="/login?lang=en&next=/my", lands_on="/my")
    await user.should_see("Account activity")


async def test_protected_page_comes_back_after_login(user: User) -> None:
    await user.open("/settings?lang=en")
    assert current_path(user) == "/login?next=/settings%3Flang%3Den"
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="password").type(RESIDENT_PASSWORD)
    user.find(marker="submit").click()
    await wait_for_path(user, "/settings")
    await user.should_see("Display and reading")


async def test_next_parameter_cannot_leave_the_site(user: User) -> None:
    await log_in(user, start="/login?lang=en&next=//evil.example/steal", lands_on="/")
    await user.should_see("Hello, 张伟")


async def test_next_parameter_with_an_encoded_tab_cannot_leave_the_site(user: User) -> None:
    """The browser drops the tab of "/\t/evil.example" and reads "//evil.example", another host."""
    await log_in(user, start="/login?lang=en&next=/%09/evil.example", lands_on="/")
    await user.should_see("Hello, 张伟")


async def test_logged_in_user_opening_login_goes_home(user: User) -> None:
    await log_in(user)
    await user.open("/login")
    assert current_path(user) == "/"


async def test_chinese_by_default(user: User) -> None:
    """The test browser sends no Accept-Language, so the default language (Chinese) is used."""
    await user.open("/login")
    await user.should_see("登录")
    await user.should_see("手机号")
    await user.should_see("验证码登录")
    await user.should_not_see("Mobile number")
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="password").type("Family-2025")
    user.find(marker="submit").click()
    await expect_field_error(user, "password", "密码不正确。再错 4 次", title="请检查以下问题")


async def test_sms_code_login_still_works_while_password_login_is_locked(user: User) -> None:
    await log_in(user, password="wrong-password-1", lands_on=None)
    await expect_field_error(user, "password", "You can try 4 more times")
    for _ in range(4):
        await submit_and_wait(user)
    await expect_field_error(user, "password", "locked until 10:15")

    user.find(marker="switch-mode").click()
    assert field_error(user, "password") == ""  # switching starts afresh
    assert summary_messages(user) == []
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="we sent a 6-digit code", retries=50)
    user.find(marker="code").type(sms_code(RESIDENT_PHONE))
    user.find(marker="submit").click()
    await wait_for_path(user, "/")
    await user.should_see("Hello, 张伟")


async def test_five_wrong_codes_use_the_code_up(user: User) -> None:
    await _open_code_login(user)
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="we sent a 6-digit code", retries=50)
    right = sms_code(RESIDENT_PHONE)
    wrong = "000000" if right != "000000" else "111111"
    user.find(marker="code").type(wrong)
    for _ in range(5):
        await submit_and_wait(user)
    await expect_field_error(user, "code", "Too many wrong tries: this code no longer works.")

    user.find(marker="code").clear()
    user.find(marker="code").type(right)  # even the right one no longer works
    await submit_and_wait(user)
    await expect_field_error(user, "code", "Press “Send code” first")
    assert current_path(user).startswith("/login")
