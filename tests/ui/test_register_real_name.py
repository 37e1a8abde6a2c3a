"""Verifying the real name after creating an account (DESIGN.md 2.1 steps 2-3)."""

from __future__ import annotations

from nicegui.testing import User

from tests.ui.helpers import (
    CHEN_ID,
    CHEN_NAME,
    NEW_PHONE,
    account_row,
    current_path,
    expect_field_error,
    field_error,
    input_value,
    log_in,
    submit_and_wait,
    summary_messages,
    wait_for_path,
)
from tests.ui.register_helpers import (
    _register,
)


async def test_unverified_account_is_sent_to_real_name_verification(user: User) -> None:
    await _register(user)
    await user.open("/")
    assert current_path(user) == "/verify"
    await user.open("/family")
    assert current_path(user) == "/verify"
    await user.open("/my")  # the personal centre is open before verification
    assert current_path(user) == "/my"
    await user.should_see("Account activity")


async def test_real_name_with_wrong_name(user: User) -> None:
    await _register(user)
    user.find(marker="name").type("陈哲")
    user.find(marker="id_number").type(CHEN_ID)
    user.find(marker="submit").click()
    await expect_field_error(user, "id_number",
                             "We could not find an insured person with this name and ID number")
    assert current_path(user) == "/verify"
    account = account_row(NEW_PHONE)
    assert account is not None and account.verified_at is None


async def test_real_name_of_someone_an_active_account_holds_goes_to_the_counter(user: User) -> None:
    """Only staff who see the ID card can move a person an active account holds (DESIGN.md §2.1.3)."""
    await _register(user)
    user.find(marker="name").type("张伟")
    user.find(marker="id_number").type("110101198503120017")
    user.find(marker="submit").click()
    await user.should_see("To finish, have your ID card checked at a service counter.", retries=50)
    link = next(iter(user.find(marker="at-counter").elements))
    assert (link.text, link.props["href"]) == ("Verify at a service counter", "/help#bring-identity")
    assert current_path(user) == "/verify"


async def test_real_name_with_bad_check_digit(user: User) -> None:
    await _register(user)
    user.find(marker="name").type(CHEN_NAME)
    user.find(marker="id_number").type(CHEN_ID[:-1] + "3")
    user.find(marker="id_number").trigger("blur")
    assert field_error(user, "id_number") == ("This ID number is not valid: a character may be mistyped. "
                                              "Check it against the ID card.")
    await submit_and_wait(user)
    await expect_field_error(user, "id_number", "This ID number is not valid: a character may be mistyped.")
    assert current_path(user) == "/verify"


async def test_real_name_empty_fields(user: User) -> None:
    await _register(user)
    user.find(marker="submit").click()
    await expect_field_error(user, "name", "Enter your name as it is on your ID card")
    await expect_field_error(user, "id_number", "Enter your ID number")


async def test_x_button_appends_x_to_the_id_number(user: User) -> None:
    await _register(user)
    user.find(marker="id_number").type("11010119900214002")
    user.find(marker="type-x").click()
    assert input_value(user, "id_number") == "11010119900214002X"
    x_button = next(iter(user.find(marker="type-x").elements))
    assert x_button.props.get("aria-label") == "Type X"


async def _use_up_real_name_look_ups(user: User) -> None:
    await _register(user)
    user.find(marker="name").type("陈哲")
    user.find(marker="id_number").type(CHEN_ID)
    for _ in range(10):
        await submit_and_wait(user)
        assert "We could not find an insured person" in field_error(user, "id_number")
    await submit_and_wait(user)


async def test_real_name_look_ups_are_limited_per_day(user: User) -> None:
    await _use_up_real_name_look_ups(user)
    assert field_error(user, "id_number") == ""
    assert any("Too many checks today." in item and "visit a service counter" in item
               for item in summary_messages(user)), summary_messages(user)
    user.find(marker="name").clear()
    user.find(marker="name").type(CHEN_NAME)  # even the right data waits until the limit ends
    await submit_and_wait(user)
    assert any("Too many checks today." in item for item in summary_messages(user))
    assert current_path(user) == "/verify"
    account = account_row(NEW_PHONE)
    assert account is not None and account.verified_at is None


async def test_real_name_limit_names_the_day_it_opens_again(user: User) -> None:
    await _use_up_real_name_look_ups(user)
    message = next(item for item in summary_messages(user) if "Too many checks today." in item)
    assert "Try again at 10:00," not in message
    assert "tomorrow" in message or "11-24" in message or "24 Nov" in message


async def test_verified_account_opening_verify_goes_home(user: User) -> None:
    await log_in(user)
    await user.open("/verify")
    await wait_for_path(user, "/")
    await user.should_see("Hello, 张伟")
