"""The four attacks an ordinary browser once got through (issue: security), driven through Chromium at phone size:
a message code sent by the browser used as a format template, an open redirect after login, a page left open
after "Log out on all devices" still answering, and the login and register pages telling whether a number has an
account. Each test is the attack; each would fail on the code before the fixes (SECURITY.md)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from app.models import BindingRequest
from app.services.binding import drafts
from app.services.env import Env
from tests.e2e.conftest import Server, check_a11y, logins_forgotten, phone_context
from tests.e2e.test_journeys import log_in
from tests.unit.binding_helpers import WANG_FANG_PHONE, account_id

PASSWORD = "Family-2026"
ZHANG_WEI = "13800138000"
NO_ACCOUNT = "13511112222"


@pytest.fixture(name="env")
def env_fixture(server: Server) -> Iterator[Env]:
    with logins_forgotten(server) as env:
        yield env


def test_a_message_code_sent_by_the_browser_is_never_a_template(page: Page, env: Env) -> None:
    holder = account_id(env, WANG_FANG_PHONE)
    draft = drafts.open_draft(env, holder)
    draft = drafts.accept_notice(env, holder, draft.id, draft.version, agreed=True)
    draft = drafts.choose_method(env, holder, draft.id, draft.version, "id_number")
    drafts.set_member(env, holder, draft.id, draft.version,
                      {"name": "张子涵", "id_number": "110101201604080012", "relationship": "child"}, client="e2e")
    try:
        log_in(page, WANG_FANG_PHONE, PASSWORD)
        expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
        page.goto(f"/family/request/{draft.id}/documents")
        expect(page.get_by_role("heading", level=1, name="Photos of documents")).to_be_visible()
        page.wait_for_function("window.FEC && FEC.isAccepted()")
        # What an attacker types into the console: the photo input's "done" event with a code and parameters of
        # their own (the width once put a 3-million-character message on the page).
        page.evaluate("""getElement(document.querySelector('.photo-input'))
                         .$emit('done', {ok: false, code: '{p:>3000000}', params: {p: 'x'}})""")
        expect(page.locator("#photo-household_head-error")).to_have_text(
            "The photo could not be sent. Check the connection and try again.")
        assert page.evaluate("document.body.innerText.length") < 20_000
        check_a11y(page, "attack-template")
    finally:
        with env.db.transaction(immediate=True) as session:  # the draft goes, so later tests start afresh
            row = session.get(BindingRequest, draft.id)
            assert row is not None
            row.expires_at = env.clock.now() - timedelta(days=1)


def test_next_after_login_never_leaves_the_app(page: Page, server: Server) -> None:
    page.goto("/login?lang=en&next=/%09/evil.example")
    page.get_by_role("textbox", name="Mobile number", exact=True).fill(ZHANG_WEI)
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
    assert page.url == f"{server.url}/", page.url


def test_a_page_left_open_does_nothing_after_log_out_on_all_devices(browser: Browser, server: Server,
                                                                    env: Env) -> None:
    left_open, other = phone_context(browser, server.url), phone_context(browser, server.url)
    try:
        page = left_open.new_page()
        log_in(page, ZHANG_WEI, PASSWORD)
        expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
        page.goto("/records/expenses")
        expect(page.get_by_role("combobox", name="Year", exact=True)).to_be_visible()

        second = other.new_page()
        log_in(second, ZHANG_WEI, PASSWORD)
        expect(second.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
        second.goto("/my")
        second.get_by_role("button", name="Log out on all devices", exact=True).click()
        second.get_by_role("dialog").get_by_role("button", name="Log out on all devices", exact=True).click()
        expect(second).to_have_url(re.compile(r"/login\?all_devices=1"))

        page.get_by_role("combobox", name="Year", exact=True).click()
        with contextlib.suppress(PlaywrightError):  # opening the list is an event too: the page may be gone already
            page.get_by_role("option", name="2024", exact=True).click(timeout=3000)
        expect(page).to_have_url(re.compile(r"/login\?expired=1"))
        expect(page.get_by_text("Please log in again.")).to_be_visible()
    finally:
        left_open.close()
        other.close()


def test_login_and_register_never_tell_whether_a_number_has_an_account(page: Page) -> None:
    answers = {}
    for number in (NO_ACCOUNT, ZHANG_WEI):
        page.goto("/login?lang=en")
        page.get_by_role("textbox", name="Mobile number", exact=True).fill(number)
        page.get_by_role("textbox", name="Password", exact=True).fill("Not-the-password-1")
        page.get_by_role("button", name="Log in", exact=True).click()
        error = page.locator("#field-password-error")
        expect(error).to_contain_text("The mobile number or password is not right")
        answers[number] = [error.inner_text()]
        page.get_by_role("button", name="Log in with SMS code", exact=True).click()
        page.get_by_role("button", name="Send code", exact=True).click()
        status = page.locator("[role=status]", has_text="has an account, we sent a 6-digit code")
        expect(status).to_be_visible()
        answers[number].append(status.inner_text().replace(number[:3] + "****" + number[-4:], "<number>"))
    assert answers[NO_ACCOUNT] == answers[ZHANG_WEI]

    page.goto("/register?lang=en")
    page.get_by_role("checkbox", name="I agree to the privacy notice", exact=True).check()
    page.get_by_role("textbox", name="Mobile number", exact=True).fill(ZHANG_WEI)
    page.get_by_role("button", name="Send code", exact=True).click()
    expect(page.get_by_text("We sent a 6-digit code to 138****8000.")).to_be_visible()
    expect(page.get_by_text("already has an account")).to_have_count(0)
    check_a11y(page, "attack-register-taken-number")

