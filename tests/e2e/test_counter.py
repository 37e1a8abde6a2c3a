"""Counter service end to end (DESIGN.md §2.7): staff find 张伟 by mobile number, he reads out the SMS code,
staff bind his father 张建国 for him with a scanned PNG and his finger signature on the tablet, and finish;
张伟 then sees his father under review and what staff did in Account activity. axe on the counter pages in
Standard and Extra large text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import Server, check_a11y, phone_context
from tests.e2e.test_binding import choose_text_size, submit_and_see_under_review, upload_and_sign, walk_to_documents
from tests.e2e.test_journeys import log_in

RESIDENT = "13800138000"


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scanned face photo, as the counter's scanner saves it (PNG)."""
    path = tmp_path_factory.mktemp("scans") / "scan.png"
    Image.new("RGB", (1200, 900), (205, 190, 175)).save(path, "PNG")
    return path


def start_assisting(page: Page, server: Server) -> None:
    page.get_by_role("link", name="Counter service", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Counter service")).to_be_visible()
    check_a11y(page, "counter-1-find")
    page.get_by_role("textbox", name="Resident's mobile number", exact=True).fill("13612345678")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("There is no resident account with this mobile number").first).to_be_visible()
    check_a11y(page, "counter-2-unknown")
    page.get_by_role("textbox", name="Resident's mobile number", exact=True).fill(RESIDENT)
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("A code was sent to 138****8000")).to_be_visible()
    check_a11y(page, "counter-3-code")
    code = page.get_by_role("textbox", name="Code read out by the resident", exact=True)
    code.fill("000000" if server.sms_code(RESIDENT) != "000000" else "111111")
    page.get_by_role("button", name="Start assisting", exact=True).click()
    expect(page.get_by_text("The code is not right.").first).to_be_visible()
    code.fill(server.sms_code(RESIDENT))
    page.get_by_role("button", name="Start assisting", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="My family members")).to_be_visible()
    expect(page.get_by_role("region", name="Counter service: assisting a resident")).to_contain_text("Assisting 张伟")
    check_a11y(page, "counter-4-family")


def test_staff_bind_the_father_for_the_resident(context: BrowserContext, page: Page, browser: Browser,
                                                server: Server, scan: Path) -> None:
    log_in(page, "13900139000", "Counter-2026")
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    start_assisting(page, server)

    walk_to_documents(page, "counter-father", who={"Name": "张建国", "ID number": "110101195207010039",
                                                   "Relationship": "Father or mother"})
    banner = page.get_by_role("region", name="Counter service: assisting a resident")
    expect(banner).to_contain_text("Assisting 张伟")
    expect(page.get_by_text("I, 张建国, agree that 张伟 adds me")).to_be_visible()
    upload_and_sign(context, page, "counter-father", scan, ["Face photo of the family member"], consent=True)
    submit_and_see_under_review(page, "counter-father", "张建国")
    expect(banner).to_contain_text("Assisting 张伟")

    choose_text_size(page, "Extra large")
    page.goto("/staff/counter")
    expect(page.get_by_text("You are assisting 张伟.")).to_be_visible()
    check_a11y(page, "counter-5-assisting-xl")
    page.get_by_role("button", name="Finish assisting", exact=True).click()
    expect(page.get_by_text("You have finished assisting.")).to_be_visible()
    expect(page.get_by_role("region", name="Counter service: assisting a resident")).to_have_count(0)
    check_a11y(page, "counter-6-finished-xl")
    page.get_by_role("textbox", name="Resident's mobile number", exact=True).fill("13900139000")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("This number belongs to a staff account.").first).to_be_visible()
    check_a11y(page, "counter-7-staff-number-xl")
    page.goto("/family")
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()  # closed again
    choose_text_size(page, "Standard")  # the staff account remembers it; leave it as found

    resident_context = phone_context(browser, server.url)
    resident = resident_context.new_page()
    log_in(resident, RESIDENT, "Family-2026")
    expect(resident.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    resident.goto("/family")
    father = resident.get_by_role("listitem").filter(has=resident.get_by_role("heading", name="张建国", exact=True))
    expect(father).to_contain_text("Under review")
    resident.goto("/activity")
    expect(resident.get_by_text("Service staff started helping you at the counter (you read out the code)")
           ).to_be_visible()
    expect(resident.get_by_text("Service staff finished helping you at the counter")).to_be_visible()
    check_a11y(resident, "counter-8-resident-activity")
    resident.goto("/family")  # withdrawn again, so the review queue is as other tests expect it
    father.get_by_role("button", name="Withdraw", exact=True).click()
    expect(father).to_contain_text("Withdrawn")
    resident_context.close()
