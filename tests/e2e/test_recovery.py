"""Getting back in and changing how one logs in, in Chromium at phone size (DESIGN.md §2.1.4): "Forgot password?"
from the login page to logging in with the new password, and "Change password" under Settings; axe checks each new
page in Standard and Extra large.

The account is 赵明 (13300000001), a demo-only account no other e2e test logs in with; its demo password, display
choices and the login tries of this client are put back before and after each test."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete
from sqlmodel import select

from app.models import Account, RateLimitHit
from app.services import passwords
from app.services.env import Env, build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import log_in

PHONE = "13300000001"
ID_NUMBER = "110101197505050011"
DEMO_PASSWORD = "Demo-only-2026"
NEW_PASSWORD = "Quiet-River-2031"
OTHER_ID_NUMBER = "110101197808080023"  # 赵丽's


@pytest.fixture(name="env")
def env_fixture(server: Server) -> Iterator[Env]:
    env = build_env(make_settings(server.env["DATABASE_URL"]))

    def put_back() -> None:
        """The demo password and no display choices of the account; no login tries of this client (every e2e login
        comes from 127.0.0.1 and counts against one per-client budget)."""
        with env.db.transaction(immediate=True) as session:
            account = session.exec(select(Account).where(Account.phone == PHONE)).one()
            if not passwords.verify_password(account.password_hash, DEMO_PASSWORD):
                account.password_hash = passwords.hash_password(DEMO_PASSWORD)
            account.text_size = None
            session.exec(delete(RateLimitHit).where(RateLimitHit.key.like("login:%")))  # type: ignore[call-overload,attr-defined]

    put_back()
    yield env
    put_back()
    env.db.dispose()


def _in_both_sizes(page: Page, name: str) -> None:
    check_a11y(page, name)
    choose_text_size(page, "Extra large")
    expect(page.locator("html")).to_have_class(re.compile(r"fs-extra_large"))
    check_a11y(page, f"{name}-extra-large")
    # Reopened on the same page, the "Text size" panel still shows the size it was built with: load the page again
    # so that "Standard" is a change.
    page.reload()
    expect(page.locator("main h1")).to_be_visible()
    choose_text_size(page, "Standard")
    expect(page.locator("html")).to_have_class(re.compile(r"fs-standard"))


def test_forgot_password_then_log_in_with_the_new_one(page: Page, server: Server, env: Env) -> None:
    page.goto("/login?lang=en")
    page.get_by_role("link", name="Forgot password?", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Set a new password")).to_be_visible()
    _in_both_sizes(page, "forgot")

    page.get_by_role("textbox", name="Mobile number", exact=True).fill(PHONE)
    page.get_by_role("button", name="Send code", exact=True).click()
    expect(page.get_by_text("If 133****0001 has an account, we sent a 6-digit code to it.")).to_be_visible()
    code = server.sms_code(PHONE)
    page.get_by_role("textbox", name="Verification code", exact=True).fill(code)
    page.get_by_role("textbox", name="ID number", exact=True).fill(OTHER_ID_NUMBER)
    page.get_by_role("textbox", name="New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password", exact=True).click()
    expect(page.locator("#field-id_number-error")).to_contain_text(
        "This is not the ID number of the person this account belongs to")
    check_a11y(page, "forgot-error")

    page.get_by_role("textbox", name="ID number", exact=True).fill(ID_NUMBER)
    page.get_by_role("button", name="Set new password", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login\?password_reset=1$"))
    expect(page.get_by_text("Log in with your new password.", exact=False)).to_be_visible()

    log_in(page, PHONE, DEMO_PASSWORD)  # the old password no longer works
    expect(page.locator("#field-password-error")).to_contain_text("The mobile number or password is not right")
    log_in(page, PHONE, NEW_PASSWORD)
    expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()


def test_change_password_under_settings(page: Page, env: Env) -> None:
    log_in(page, PHONE, DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
    page.goto("/settings")
    page.get_by_role("link", name="Change password", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Change password")).to_be_visible()
    _in_both_sizes(page, "change-password")

    page.get_by_role("textbox", name="Current password", exact=True).fill("Demo-only-2025")
    page.get_by_role("textbox", name="New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password", exact=True).click()
    expect(page.locator("#field-current_password-error")).to_contain_text("The current password is not right")
    check_a11y(page, "change-password-error")

    page.get_by_role("textbox", name="Current password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Change password", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Your password has been changed")).to_be_visible()

    page.goto("/settings")
    page.get_by_role("link", name="Change mobile number", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Change mobile number")).to_be_visible()
    expect(page.get_by_role("textbox", name="New mobile number", exact=True)).to_be_visible()
    _in_both_sizes(page, "change-mobile")

    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login\?logged_out=1"))
    log_in(page, PHONE, NEW_PASSWORD)
    expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
