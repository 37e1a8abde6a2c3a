"""Paying with the e-card, end to end in Chromium (DESIGN.md §2.9): 张伟 turns on family mutual aid for his approved
father and shows the father's e-card; the demo pharmacy reads the QR code from the phone's screen into "Cashier" and
settles ¥120.00 (fund ¥84.50, own share ¥35.50, receipt R-0001), which 张伟's personal account pays; his "Personal
account" shows ¥3,421.28 and the payment naming his father and the pharmacy, the father's medical expense records
show the bill; "Reverse" gives the ¥35.50 back. axe on each page."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SHOTS, Server, check_a11y, fresh_server, phone_context
from tests.e2e.test_journeys import log_in
from tests.e2e.test_mutual_aid import SWITCH, bind_father

ZHANG_WEI, PASSWORD = "13800138000", "Family-2026"
BILL = {"Total (yuan)": "120.00", "Fund pays (yuan)": "84.50", "Own share (yuan)": "35.50", "Receipt number": "R-0001"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: 张伟's father bound here, and the pharmacy's receipt R-0001 is this module's."""
    running = fresh_server(tmp_path_factory)
    yield running
    running.stop()


def read_qr_from_the_screen(page: Page) -> str:
    """What the pharmacy's scanner reads from the phone's screen."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(path=str(SHOTS / "paying-2-ecard.png"))
    found = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
             if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1, found
    return found[0]


def personal_account(page: Page) -> None:
    page.goto("/my")
    page.get_by_role("link", name="Personal account", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Personal account")).to_be_visible()


def test_a_pharmacy_bill_paid_through_family_mutual_aid_and_reversed(browser: Browser, server: Server) -> None:
    _holder, father = bind_father(server)
    phone = phone_context(browser, server.url).new_page()
    log_in(phone, ZHANG_WEI, PASSWORD)
    expect(phone.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    phone.get_by_role("link", name="Family", exact=True).first.click()
    phone.get_by_role("button", name=SWITCH, exact=True).click()
    phone.get_by_role("dialog", name="Let 张建国 use your personal account?").get_by_role(
        "button", name="Turn on", exact=True).click()
    expect(phone.get_by_role("button", name=SWITCH, exact=True)).to_have_attribute("aria-pressed", "true")
    check_a11y(phone, "paying-1-mutual-aid-on")

    phone.goto("/")
    phone.get_by_role("button", name="Show 张建国's e-card", exact=True).click()
    expect(phone.get_by_role("img", name="E-card QR code", exact=True)).to_be_visible()
    code = read_qr_from_the_screen(phone)

    till = phone_context(browser, server.url).new_page()
    till.set_viewport_size({"width": 1024, "height": 768})
    till.goto("/cashier")
    expect(till.get_by_role("heading", level=1, name="Cashier")).to_be_visible()
    check_a11y(till, "paying-3-cashier")
    till.get_by_role("textbox", name="Code", exact=True).fill(code)
    for label, value in BILL.items():
        till.get_by_role("textbox", name=label, exact=True).fill(value)
    till.get_by_role("button", name="Settle", exact=True).click()
    expect(till.get_by_role("status").filter(has_text="Settled: S-")).to_be_visible()
    shares = till.get_by_text("From a family member's personal account (mutual aid)")
    expect(shares).to_be_visible()
    expect(till.locator("dd").filter(has_text="¥35.50")).to_have_count(1)
    check_a11y(till, "paying-4-settled")

    personal_account(phone)
    expect(phone.get_by_text("¥3,421.28", exact=True)).to_be_visible()
    expect(phone.get_by_text("Paid for 张建国 at Dongcheng Kangning Pharmacy").first).to_be_visible()
    check_a11y(phone, "paying-5-personal-account")
    phone.goto(f"/records/expenses?whose={father}")
    expect(phone.get_by_text("Dongcheng Kangning Pharmacy").first).to_be_visible()
    expect(phone.get_by_text("¥120.00").first).to_be_visible()
    check_a11y(phone, "paying-6-father-records")

    till.get_by_role("button", name="Reverse", exact=True).click()
    expect(till.get_by_role("status").filter(has_text="Reversed: S-")).to_be_visible()
    check_a11y(till, "paying-7-reversed")
    personal_account(phone)
    expect(phone.get_by_text("¥3,456.78", exact=True)).to_be_visible()
