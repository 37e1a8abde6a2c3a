"""Creating an account (DESIGN.md 2.1 step 1), through to the e-voucher it activates, and the privacy
notice."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.config import get_settings
from app.services.env import build_env
from app.services.sms import newest_dev_message
from tests.ui.helpers import (
    CHEN_ID,
    CHEN_NAME,
    NEW_PASSWORD,
    NEW_PHONE,
    RESIDENT_PHONE,
    account_row,
    current_path,
    expect_field_error,
    field_error,
    input_value,
    shown_id,
    sms_code,
    summary_messages,
    wait_for_path,
)
from tests.ui.register_helpers import (
    _fill_register_form,
    _register,
    prove_with_the_registry_code,
)


def _no_code_sent(phone: str) -> bool:
    env = build_env(get_settings())
    try:
        with env.db.transaction() as session:
            return newest_dev_message(session, phone) is None
    finally:
        env.db.dispose()


async def test_register_then_verify_real_name_activates_the_e_voucher(user: User) -> None:
    await user.open("/register?lang=en")
    await user.should_see("Privacy notice")
    await user.should_see("What we collect")
    user.find(marker="consent").click()
    user.find(marker="phone").type(NEW_PHONE)
    user.find(marker="send-code").click()
    await user.should_see("We sent a 6-digit code to 136****5678. It works until 10:05.", retries=50)
    user.find(marker="code").type(sms_code(NEW_PHONE))
    user.find(marker="password").type(NEW_PASSWORD)
    user.find(marker="submit").click()

    await wait_for_path(user, "/verify")
    await user.should_see("Verify your real name")
    account = account_row(NEW_PHONE)
    assert account is not None and account.verified_at is None and account.person_id is None

    user.find(marker="name").type(CHEN_NAME)
    user.find(marker="id_number").type(CHEN_ID)
    user.find(marker="submit").click()
    # 13612345678 is not the number the insurance agency holds for 陈喆: a code goes to that number first.
    await user.should_see("We sent a code to 136****6000, the number the insurance agency holds for you.",
                          retries=50)
    account = account_row(NEW_PHONE)
    assert account is not None and account.verified_at is None and account.person_id is None
    await prove_with_the_registry_code(user)
    await user.should_see("Hello, 陈喆")
    await user.should_see("Real name verified; your e-voucher is active")
    await user.should_see("My medical insurance e-voucher")
    await user.should_see("Active")
    await user.should_see(shown_id("310104********0032"))
    await user.should_see("Shanghai, Xuhui District")
    await user.should_not_see(CHEN_ID)
    account = account_row(NEW_PHONE)
    assert account is not None and account.verified_at is not None


async def test_send_code_without_consent_is_refused(user: User) -> None:
    await user.open("/register?lang=en")
    user.find(marker="phone").type(NEW_PHONE)
    user.find(marker="send-code").click()
    await expect_field_error(user, "consent", "Tick the box to agree to the privacy notice")
    await user.should_not_see(marker="code-status", content="We sent")
    assert _no_code_sent(NEW_PHONE)


async def test_an_already_registered_number_is_answered_alike_and_told_by_sms(user: User) -> None:
    """Create account never tells whether a number has an account (DESIGN.md §2.1.4): "We sent a code"; the SMS
    tells the owner instead and carries no code; "Continue" answers as for a wrong code."""
    await user.open("/register?lang=en")
    user.find(marker="consent").click()
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="send-code").click()
    await user.should_see("We sent a 6-digit code to 138****8000. It works until 10:05.", retries=50)
    assert field_error(user, "phone") == ""
    inbox = await user.http_client.get("/api/dev/sms", params={"phone": RESIDENT_PHONE})
    assert inbox.json()["code"] is None
    user.find(marker="code").type("123456")
    user.find(marker="password").type(NEW_PASSWORD)
    user.find(marker="submit").click()
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")
    assert current_path(user).startswith("/register")


async def test_wrong_code(user: User) -> None:
    await _fill_register_form(user, code="000000")
    if sms_code(NEW_PHONE) == "000000":  # one chance in a million
        user.find(marker="code").clear()
        user.find(marker="code").type("111111")
    user.find(marker="submit").click()
    await expect_field_error(user, "code", "The code is not right. You can try 4 more times.")
    assert current_path(user).startswith("/register")
    assert account_row(NEW_PHONE) is None


async def test_common_password_is_refused(user: User) -> None:
    await _fill_register_form(user, password="12345678")
    user.find(marker="submit").click()
    await expect_field_error(user, "password", "This password is too easy to guess. Choose another one.")
    assert account_row(NEW_PHONE) is None


async def test_password_containing_the_phone_number_is_refused(user: User) -> None:
    await _fill_register_form(user, password=f"x{NEW_PHONE}")
    user.find(marker="submit").click()
    await expect_field_error(user, "password", "too easy to guess")
    assert account_row(NEW_PHONE) is None


async def test_short_password_is_refused(user: User) -> None:
    await _fill_register_form(user, password="Ab-2026")
    user.find(marker="submit").click()
    await expect_field_error(user, "password", "Use at least 8 characters")
    assert account_row(NEW_PHONE) is None


async def test_weak_password_is_flagged_when_leaving_the_field(user: User) -> None:
    await user.open("/register?lang=en")
    user.find(marker="password").type("password").trigger("blur")
    assert field_error(user, "password") == "This password is too easy to guess. Choose another one."
    assert summary_messages(user) == []  # the summary is for the submit, not for leaving a field
    user.find(marker="password").clear()
    user.find(marker="password").type(NEW_PASSWORD).trigger("blur")
    assert field_error(user, "password") == ""


async def test_bad_phone_is_flagged_when_leaving_the_field(user: User) -> None:
    await user.open("/register?lang=en")
    user.find(marker="phone").type("2380013800").trigger("blur")
    assert field_error(user, "phone") == "Enter an 11-digit mobile number, like 13800138000"


async def test_empty_form_lists_every_problem(user: User) -> None:
    await user.open("/register?lang=en")
    user.find(marker="submit").click()
    await expect_field_error(user, "consent", "Tick the box")
    await expect_field_error(user, "phone", "Enter your mobile number")
    await expect_field_error(user, "code", "Enter the 6-digit code")
    await expect_field_error(user, "password", "Enter your password")
    assert len(summary_messages(user)) == 4


async def test_typed_phone_and_consent_are_kept_in_the_draft(user: User) -> None:
    await user.open("/register?lang=en")
    user.find(marker="consent").click()
    user.find(marker="phone").type(NEW_PHONE)
    user.find(marker="password").type(NEW_PASSWORD)

    await user.open("/register")
    assert input_value(user, "phone") == NEW_PHONE
    consent = next(iter(user.find(marker="consent").elements))
    assert consent.value is True  # type: ignore[attr-defined]
    assert input_value(user, "password") == ""  # the password is never kept


async def test_draft_is_forgotten_after_registering(user: User) -> None:
    await _register(user)
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")
    await user.open("/register")
    assert input_value(user, "phone") == ""


async def test_phone_with_spaces_and_id_with_full_width_digits_are_accepted(user: User) -> None:
    await user.open("/register?lang=en")
    user.find(marker="consent").click()
    user.find(marker="phone").type("136 1234 5678")
    user.find(marker="send-code").click()
    await user.should_see("We sent a 6-digit code to 136****5678.", retries=50)
    user.find(marker="code").type(sms_code(NEW_PHONE))
    user.find(marker="password").type(NEW_PASSWORD)
    user.find(marker="submit").click()
    await wait_for_path(user, "/verify")
    assert account_row(NEW_PHONE) is not None

    user.find(marker="name").type(CHEN_NAME)
    user.find(marker="id_number").type("３１０１０４ １９８８０８０８ ００３２")
    user.find(marker="submit").click()
    await prove_with_the_registry_code(user)
    await user.should_see("Hello, 陈喆")


async def test_privacy_notice_is_public(user: User) -> None:
    await user.open("/privacy?lang=en")
    assert current_path(user) == "/privacy?lang=en"
    await user.should_see("How long: while you have an account.")
    await user.should_see(kind=ui.link, content="Back")
