"""Deleting an account after binding, in Chromium (DESIGN.md §2.1.6): a holder with an approved member, a request
under review and a draft deletes the account on one phone while another phone is in the middle of adding a family
member. Deletion once failed on a foreign key for anyone who had pressed "Add family member"; now it succeeds, the
other phone's next tap goes to the login, and the number can make a new account."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from app.models import Account, BindingRequest
from app.services.env import Env
from tests.e2e.conftest import Server, check_a11y, logins_forgotten, phone_context
from tests.e2e.test_journeys import log_in
from tests.e2e.tour import PASSWORD, registry_person, resident_account
from tests.unit.binding_helpers import start
from tests.unit.records_helpers import approve_member, submit_member

PHONE = "13100000003"


@pytest.fixture(name="env")
def env_fixture(server: Server) -> Iterator[Env]:
    with logins_forgotten(server) as env:
        yield env


def test_deleting_an_account_after_binding_while_another_phone_is_mid_binding(browser: Browser, server: Server,
                                                                               env: Env) -> None:
    holder = resident_account(env, PHONE, registry_person(env, "西门长青", date(1975, 5, 5), 41, male=True))
    approved = approve_member(env, holder, registry_person(env, "西门建业", date(1948, 3, 3), 41, male=True), "parent")
    waiting = submit_member(env, holder, registry_person(env, "西门秀珍", date(1950, 4, 4), 41, male=False), "parent")
    draft = start(env, holder).id

    other_phone, this_phone = phone_context(browser, server.url), phone_context(browser, server.url)
    try:
        mid_binding = other_phone.new_page()
        log_in(mid_binding, PHONE, PASSWORD)
        expect(mid_binding.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
        mid_binding.goto(f"/family/request/{draft}/notice")
        notice = mid_binding.get_by_role("checkbox", name="I have read the notice on adding family members",
                                         exact=True)
        expect(notice).to_be_visible()

        page = this_phone.new_page()
        log_in(page, PHONE, PASSWORD)
        expect(page.get_by_role("button", name="Show e-card", exact=True)).to_be_visible()
        page.goto("/my")
        page.get_by_role("button", name="Delete my account", exact=True).click()
        dialog = page.get_by_role("dialog", name="Delete my account")
        dialog.get_by_role("textbox", name="Enter your password to confirm", exact=True).fill(PASSWORD)
        dialog.get_by_role("button", name="Delete my account", exact=True).click()
        expect(page).to_have_url(re.compile(r"/login\?deleted=1"))
        check_a11y(page, "deleted")

        mid_binding.get_by_role("button", name="I have read and agree", exact=True).click()  # its next action
        expect(mid_binding).to_have_url(re.compile(r"/login"))

        with env.db.transaction() as session:
            account = session.get(Account, holder)
            assert account is not None and account.phone is None and account.deleted_at is not None
            states = {row.id: row.status for row in session.exec(
                select(BindingRequest).where(BindingRequest.holder_id == holder)).all()}
        assert states.get(approved) == "unbound" and states.get(waiting) == "withdrawn" and draft not in states

        page.goto("/register?lang=en")  # the number is free again
        page.get_by_role("checkbox", name="I agree to the privacy notice", exact=True).check()
        page.get_by_role("textbox", name="Mobile number", exact=True).fill(PHONE)
        page.get_by_role("button", name="Send code", exact=True).click()
        expect(page.get_by_text(re.compile(r"We sent a 6-digit code to 131\*\*\*\*0003"))).to_be_visible()
        page.get_by_role("textbox", name="Verification code", exact=True).fill(server.sms_code(PHONE))
        page.get_by_role("textbox", name="Password", exact=True).fill("Orchard-Lane-2026")
        page.get_by_role("button", name="Continue", exact=True).click()
        expect(page.get_by_role("heading", level=1, name="Verify your real name")).to_be_visible()
    finally:
        this_phone.close()
        other_phone.close()
