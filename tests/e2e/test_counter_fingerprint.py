"""People who cannot sign, end to end in Chromium (DESIGN.md §2.7): staff assisting 张伟 bind his father for him; at
the signature step they print the letter for a fingerprint (the downloaded PDF is read back), a file that is not a
photo is refused, and the photo of the signed paper letter signs the request; it is submitted, and a second staff
member sees "Signed on paper with a fingerprint" on the review page and enlarges the photo. axe on every page at
phone size (390x844) and at the counter tablet's size (1024x768)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import PHONE, Server, check_a11y, fresh_server, logins_forgotten, phone_context
from tests.e2e.test_binding import walk_to_documents
from tests.e2e.test_counter import scan  # noqa: F401 - the scanned photo fixture
from tests.e2e.test_journeys import log_in

RESIDENT, STAFF, REVIEWER, PASSWORD = "13800138000", "13900139000", "13900139001", "Counter-2026"
TABLET = {"width": 1024, "height": 768}
ON_PAPER = "Signed on paper with a fingerprint (photo)"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: the request this leaves under review (it can no longer be withdrawn) stays out of the
    other modules' way. The demo data has the second staff member the four-eyes review needs."""
    running = fresh_server(tmp_path_factory)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def forget_login_tries(server: Server) -> Iterator[None]:
    with logins_forgotten(server):
        yield


def check_both_sizes(page: Page, name: str) -> None:
    """axe at phone size and at the counter tablet's size; the page is left at phone size."""
    check_a11y(page, f"{name}-phone")
    page.set_viewport_size(TABLET)
    check_a11y(page, f"{name}-tablet")
    page.set_viewport_size(PHONE)


def start_assisting(page: Page, server: Server) -> None:
    page.get_by_role("link", name="Counter service", exact=True).click()
    page.get_by_role("textbox", name="Resident's mobile number", exact=True).fill(RESIDENT)
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("A code was sent to 138****8000")).to_be_visible()
    page.get_by_role("textbox", name="Code read out by the resident", exact=True).fill(server.sms_code(RESIDENT))
    page.get_by_role("button", name="Start assisting", exact=True).click()
    expect(page.get_by_role("region", name="Counter service: assisting a resident")).to_contain_text("Assisting 张伟")


def to_the_signature_step(page: Page, scan_path: Path) -> None:
    walk_to_documents(page, "fingerprint", who={"Name": "张建国", "ID number": "110101195207010039",
                                                "Relationship": "Father or mother"})
    page.get_by_label("Face photo of the family member", exact=True).set_input_files(str(scan_path))
    expect(page.get_by_role("button", name="Retake Face photo of the family member", exact=True)).to_be_visible()
    page.get_by_role("checkbox", name="The family member agrees", exact=True).check()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("button", name="Generate commitment letter", exact=True).click()
    expect(page.get_by_role("region", name="Commitment letter")).to_contain_text("个人承诺书")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Sign the letter")).to_be_visible()


def print_the_letter(page: Page) -> str:
    """Press "Print letter for fingerprint"; the downloaded PDF's text."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Print letter for fingerprint", exact=True).click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("-fingerprint.pdf")
    with Path(path).open("rb") as pdf:
        return "".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_staff_sign_with_a_fingerprint_for_the_resident(context: BrowserContext, page: Page, browser: Browser,
                                                        server: Server, scan: Path) -> None:  # noqa: F811
    log_in(page, STAFF, PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    start_assisting(page, server)
    to_the_signature_step(page, scan)
    expect(page.get_by_role("img", name="Signature pad", exact=True)).to_be_visible()
    expect(page.get_by_label("Signed paper letter photo", exact=True)).to_be_attached()
    check_both_sizes(page, "fingerprint-1-signature")

    text = print_the_letter(page)
    for needed in ("个人承诺书", "张伟", "张建国", "110101********0039", "按手印", "Press your fingerprint here",
                   "Name, written by hand"):
        assert needed in text
    assert "110101195207010039" not in text
    expect(page.get_by_role("status").filter(has_text="was downloaded. Print it on A4 paper.")).to_be_visible()

    not_a_photo = scan.with_name("letter.jpg")  # a PDF named like a photo
    not_a_photo.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    page.get_by_label("Signed paper letter photo", exact=True).set_input_files(str(not_a_photo))
    expect(page.get_by_role("alert").filter(has_text="This file is not a photo")).to_be_visible()
    check_both_sizes(page, "fingerprint-2-not-a-photo")

    page.get_by_label("Signed paper letter photo", exact=True).set_input_files(str(scan))
    expect(page.get_by_role("heading", level=1, name="Check your answers")).to_be_visible(timeout=20_000)
    letter = page.get_by_role("region", name="Signed commitment letter")
    expect(letter.get_by_text(ON_PAPER, exact=True)).to_be_visible()
    expect(letter.get_by_role("img", name="Preview: Signed paper letter photo", exact=True)).to_be_visible()
    check_both_sizes(page, "fingerprint-3-check")

    page.get_by_role("button", name="Save and submit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Request submitted")).to_be_visible(timeout=20_000)
    expect(page.get_by_text(ON_PAPER, exact=True)).to_be_visible()
    number = re.search(r"FEC-\d{4}-\d{6}", page.get_by_text("Your request number:").inner_text())
    assert number is not None
    check_both_sizes(page, "fingerprint-4-submitted")
    page.get_by_role("button", name="Finish assisting", exact=True).click()
    expect(page.get_by_text("You have finished assisting.")).to_be_visible()

    reviewer_context = phone_context(browser, server.url)
    reviewer = reviewer_context.new_page()
    reviewer.set_viewport_size(TABLET)  # the counter tablet
    log_in(reviewer, REVIEWER, PASSWORD)
    expect(reviewer.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    reviewer.get_by_role("link", name=f"Open request {number.group()}", exact=True).click()
    expect(reviewer.get_by_role("heading", level=1, name=f"Request {number.group()}")).to_be_visible()
    documents = reviewer.get_by_role("region", name="Documents")
    expect(documents.get_by_text(ON_PAPER, exact=True)).to_be_visible()
    expect(documents.get_by_text("Signed on the screen", exact=True)).to_have_count(0)
    check_both_sizes(reviewer, "fingerprint-5-review")
    documents.get_by_role("button", name="Enlarge Signed paper letter photo", exact=True).click()
    dialog = reviewer.get_by_role("dialog", name="Signed paper letter photo")
    expect(dialog.get_by_role("img", name="Signed paper letter photo", exact=True)).to_be_visible()
    reviewer.wait_for_function("[...document.querySelectorAll('[role=dialog] img')].every(i => i.naturalWidth > 0)")
    check_a11y(reviewer, "fingerprint-6-photo-tablet")
    dialog.get_by_role("button", name="Close", exact=True).click()
    reviewer_context.close()
