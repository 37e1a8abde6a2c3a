"""Shared steps for the register and real-name tests (test_register_*.py)."""

from __future__ import annotations

from nicegui.testing import User

from tests.ui.helpers import (
    NEW_PASSWORD,
    NEW_PHONE,
    sms_code,
    wait_for_path,
)


async def _fill_register_form(user: User, *, phone: str = NEW_PHONE, password: str = NEW_PASSWORD,
                              code: str | None = None) -> None:
    """Open the form, agree, ask for a code and fill everything in (the right code unless `code`)."""
    await user.open("/register?lang=en")
    user.find(marker="consent").click()
    user.find(marker="phone").type(phone)
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="We sent a 6-digit code", retries=50)
    user.find(marker="code").type(code if code is not None else sms_code(phone))
    user.find(marker="password").type(password)


async def _register(user: User) -> None:
    await _fill_register_form(user)
    user.find(marker="submit").click()
    await wait_for_path(user, "/verify")


CHEN_REGISTRY_NUMBER = "13600136000"  # the number the insurance agency holds for 陈喆 (DESIGN.md §6)


async def prove_with_the_registry_code(user: User, registry_number: str = CHEN_REGISTRY_NUMBER) -> None:
    """A claim made with another number: the code went to the registry's number (its owner reads it off that
    phone); typed in, it activates the account and the browser goes home."""
    await user.should_see(marker="claim-status", retries=50)
    user.find(marker="code").type(sms_code(registry_number))
    user.find(marker="verify-code").click()
    await wait_for_path(user, "/")
