"""Paying with the e-card in Chromium (DESIGN.md §2.9): the demo pharmacy verifies 张伟's own code with its key and
settles over HTTP; "Personal account" (My → Personal account) shows the new balance and the movement naming the
patient and the pharmacy, in each text size, with axe; the reversal gives the money back."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.services import cards
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import log_in
from tests.unit.binding_helpers import ZHANG_WEI_PHONE, account_id

KEY = {"Authorization": "Bearer demo-kangning-key"}


@pytest.fixture(name="settled")
def settled_fixture(server: Server):  # type: ignore[no-untyped-def]
    """¥120.00, fund ¥84.50, own share ¥35.50 from 张伟's own account; reversed afterwards, so the other tests on
    this server find the demo as they expect it."""
    env = build_env(make_settings(server.env["DATABASE_URL"], fixed_now=None))
    try:
        token = cards.issue_card_token(env, account_id(env, ZHANG_WEI_PHONE)).token
    finally:
        env.db.dispose()
    verified = httpx.post(f"{server.url}/api/verify", json={"token": token}, headers=KEY, timeout=10).json()
    unique = uuid.uuid4().hex[:12]  # receipts and idempotency keys are the pharmacy's for good, reversed or not
    bill = {"visit": verified["visit"], "receipt_number": f"E2E-{unique}", "total_fen": 12000, "fund_fen": 8450,
            "self_pay_fen": 3550, "idempotency_key": f"e2e-{unique}"}
    settled = httpx.post(f"{server.url}/api/settle", json=bill, headers=KEY, timeout=10)
    assert settled.status_code == 200 and settled.json()["own_fen"] == 3550, settled.text
    number = settled.json()["settlement_number"]
    yield number
    httpx.post(f"{server.url}/api/settle/{number}/reverse", headers=KEY, timeout=10).raise_for_status()


@pytest.mark.parametrize("size", ["Standard", "Large", "Extra large"])
def test_personal_account_after_paying_at_the_pharmacy(page: Page, server: Server, settled: str, size: str) -> None:
    log_in(page, ZHANG_WEI_PHONE, "Family-2026")
    expect(page).to_have_url(re.compile(r"/$"))
    choose_text_size(page, size)
    page.get_by_role("link", name="My", exact=True).first.click()
    page.get_by_role("link", name="Personal account", exact=True).click()
    expect(page.get_by_role("heading", name="Personal account", level=1)).to_be_visible()
    expect(page.get_by_text("¥3,421.28", exact=True)).to_be_visible()
    # The newest first (an earlier run's payment and its reversal may be below it).
    expect(page.get_by_text("Paid for 张伟 at Dongcheng Kangning Pharmacy", exact=True).first).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"^Money in and out of your personal account by month: 20"))
           ).to_be_attached()
    check_a11y(page, f"personal-account-{size.lower().replace(' ', '-')}")
