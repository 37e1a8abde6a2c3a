"""The counter serves whoever the app sends there, end to end in Chromium in Extra large text, at the counter tablet's
size (1024x768) and at phone size (390x844) (DESIGN.md §2.7): staff bind 张伟's father with the relationship "Other"
and its "Proof of relationship", turn the tablet to him to sign, and a second staff member approves it; a
relationship is proven at the counter and accepted by a second staff member; a resident's identity is verified in
person. axe on every page at both sizes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.services import claims, review
from app.services.binding import lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import PHONE, Server, check_a11y, fresh_server, logins_forgotten, phone_context
from tests.e2e.test_binding import choose_text_size, sign_with_finger, walk_to_documents
from tests.e2e.test_counter import scan  # noqa: F401 - the scanned photo fixture
from tests.e2e.test_journeys import log_in
from tests.unit.accounts_helpers import _new_account
from tests.unit.binding_helpers import ZHANG_ZIHAN, account_id, ready_request

RESIDENT, STAFF, REVIEWER, PASSWORD = "13800138000", "13900139000", "13900139001", "Counter-2026"
MOTHER = "13700137000"  # 王芳
CHEN_PHONE, CHEN = "13612345678", ("陈喆", "310104198808080032")
TABLET = {"width": 1024, "height": 768}
BANNER = "Counter service: assisting a resident"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own, with 王芳's son bound (approved, not assisted), and 陈喆's
    account whose claim waits for its proof (registered with a number that is not the registry's). The demo data
    has the second staff member."""
    running = fresh_server(tmp_path_factory)
    env = build_env(make_settings(running.env["DATABASE_URL"]))
    holder, reviewer = account_id(env, MOTHER), account_id(env, REVIEWER)
    son = ready_request(env, holder, ZHANG_ZIHAN, "child")
    lifecycle.submit(env, holder, son.id, son.version, client="test")
    review.open_request(env, reviewer, son.id)
    review.decide(env, reviewer, son.id, approve=True)
    chen = _new_account(env, CHEN_PHONE)
    claims.claim(env, chen, *CHEN, client="test")
    env.db.dispose()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def forget_login_tries(server: Server) -> Iterator[None]:
    with logins_forgotten(server):
        yield


def both_sizes(page: Page, name: str) -> None:
    """axe at the counter tablet's size and at phone size; the page is left at the tablet's size."""
    check_a11y(page, f"{name}-tablet")
    page.set_viewport_size(PHONE)
    check_a11y(page, f"{name}-phone")
    page.set_viewport_size(TABLET)


def staff_at_the_tablet(browser: Browser, server: Server, phone: str) -> tuple[BrowserContext, Page]:
    """A staff member logged in at the counter tablet, in Extra large text."""
    context = phone_context(browser, server.url)
    page = context.new_page()
    page.set_viewport_size(TABLET)
    log_in(page, phone, PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    choose_text_size(page, "Extra large")
    return context, page


def start_assisting(page: Page, server: Server, phone: str) -> None:
    page.get_by_role("link", name="Counter service", exact=True).click()
    page.get_by_role("textbox", name="Resident's mobile number", exact=True).fill(phone)
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text(f"A code was sent to {phone[:3]}****{phone[-4:]}")).to_be_visible()
    page.get_by_role("textbox", name="Code read out by the resident", exact=True).fill(server.sms_code(phone))
    page.get_by_role("button", name="Start assisting", exact=True).click()


def finish_assisting(page: Page) -> None:
    page.get_by_role("button", name="Finish assisting", exact=True).click()
    expect(page.get_by_text("You have finished assisting.")).to_be_visible()


def audit_trail(page: Page, phone: str, name: str, expected: list[str]) -> None:
    """"Audit trail" (from the review queue): search the resident's number; every action of the case is listed."""
    page.goto("/staff")
    page.get_by_role("link", name="Audit trail", exact=True).click()
    page.get_by_role("textbox", name="Mobile number or ID number", exact=True).fill(phone)
    page.get_by_role("button", name="Search", exact=True).click()
    trail = page.get_by_role("region", name=re.compile(r"^Account of "))
    for text in expected:
        expect(trail.get_by_role("listitem").filter(has_text=text).first).to_be_visible()
    both_sizes(page, name)


def test_relationship_other_bound_at_the_counter_and_approved_by_a_second_staff_member(
        browser: Browser, server: Server, scan: Path) -> None:  # noqa: F811
    context, page = staff_at_the_tablet(browser, server, STAFF)
    start_assisting(page, server, RESIDENT)
    expect(page.get_by_role("region", name=BANNER)).to_contain_text("Assisting 张伟")
    walk_to_documents(page, "cases-other", who={"Name": "张建国", "ID number": "110101195207010039",
                                                "Relationship": "Other"})
    expect(page.get_by_text("Counter exception: the relationship is \u201cOther\u201d")).to_be_visible()
    for label in ("Face photo of the family member", "Proof of relationship"):
        page.get_by_label(label, exact=True).set_input_files(str(scan))
        expect(page.get_by_role("button", name=f"Retake {label}", exact=True)).to_be_visible()
    page.get_by_role("checkbox", name="The family member agrees", exact=True).check()
    both_sizes(page, "cases-1-documents")
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("button", name="Generate commitment letter", exact=True).click()
    expect(page.get_by_role("region", name="Commitment letter")).to_contain_text("个人承诺书")
    page.get_by_role("button", name="Continue", exact=True).click()

    page.get_by_role("button", name="Turn the tablet to the resident", exact=True).click()
    expect(page).to_have_url(re.compile(r"view=resident"))
    expect(page.get_by_role("img", name="Signature pad", exact=True)).to_be_visible()
    for hidden in ("Finish assisting", "Log out", "Print letter for fingerprint", "Back"):
        expect(page.get_by_role("button", name=hidden, exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name=BANNER)).to_have_count(0)
    expect(page.get_by_role("navigation", name="Main menu")).to_have_count(0)
    both_sizes(page, "cases-2-signing-view")
    sign_with_finger(context, page)
    page.get_by_role("button", name="OK", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Check your answers")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("region", name=BANNER)).to_contain_text("Assisting 张伟")  # the staff view again
    page.get_by_role("button", name="Save and submit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Request submitted")).to_be_visible(timeout=20_000)
    number = re.search(r"FEC-\d{4}-\d{6}", page.get_by_text("Your request number:").inner_text())
    assert number is not None
    finish_assisting(page)

    reviewer_context, reviewer = staff_at_the_tablet(browser, server, REVIEWER)
    reviewer.get_by_role("link", name=f"Open request {number.group()}", exact=True).click()
    expect(reviewer.get_by_role("heading", level=1, name=f"Request {number.group()}")).to_be_visible()
    expect(reviewer.get_by_text("Counter exception: the relationship is \u201cOther\u201d")).to_be_visible()
    expect(reviewer.get_by_role("button", name="Enlarge Proof of relationship", exact=True)).to_be_visible()
    both_sizes(reviewer, "cases-3-review")
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewer.get_by_text("Approved. The holder has been told.")).to_be_visible()
    audit_trail(reviewer, RESIDENT, "cases-3b-trail", [
        "Service staff started helping you at the counter", "Staff at a service counter made an exception",
        "Service staff added a photo of a document for you", "Commitment letter signed",
        "Family member request submitted", "Family member request approved"])
    choose_text_size(reviewer, "Standard")  # the staff accounts remember it; leave them as found
    reviewer_context.close()
    choose_text_size(page, "Standard")
    context.close()


def test_a_relationship_proven_at_the_counter_is_accepted_by_a_second_staff_member(
        browser: Browser, server: Server, scan: Path) -> None:  # noqa: F811
    context, page = staff_at_the_tablet(browser, server, STAFF)
    start_assisting(page, server, MOTHER)
    son = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张子涵", exact=True))
    expect(page.get_by_role("heading", level=1, name="My family members")).to_be_visible()
    son.get_by_role("button", name="Prove relationship", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Prove relationship")).to_be_visible()
    both_sizes(page, "cases-4-prove")
    page.get_by_label("Proof of relationship", exact=True).set_input_files(str(scan))
    expect(page.get_by_role("status").filter(has_text="A second staff member will check it")).to_be_visible()
    expect(page.get_by_role("img", name="Proof of relationship", exact=True)).to_be_visible()
    both_sizes(page, "cases-5-proof-kept")
    page.get_by_role("link", name="Back to My family", exact=True).click()
    expect(son).to_contain_text("waiting for a second staff member")
    finish_assisting(page)
    page.get_by_role("link", name="Proofs of relationship", exact=True).click()
    expect(page.get_by_text("Proofs of relationship waiting: 0")).to_be_visible()  # not one's own to decide

    reviewer_context, reviewer = staff_at_the_tablet(browser, server, REVIEWER)
    reviewer.get_by_role("link", name="Proofs of relationship", exact=True).click()
    expect(reviewer.get_by_text("Proofs of relationship waiting: 1")).to_be_visible()
    both_sizes(reviewer, "cases-6-proofs")
    reviewer.get_by_role("link", name=re.compile(r"Check the proof of FEC-")).click()
    expect(reviewer.get_by_text("Does the photo show this relationship between the holder and 张子涵?")
           ).to_be_visible()
    reviewer.get_by_role("button", name="Enlarge Proof of relationship", exact=True).click()
    dialog = reviewer.get_by_role("dialog", name="Proof of relationship")
    reviewer.wait_for_function("[...document.querySelectorAll('[role=dialog] img')].every(i => i.naturalWidth > 0)")
    dialog.get_by_role("button", name="Close", exact=True).click()
    both_sizes(reviewer, "cases-7-proof")
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewer.get_by_text("Proof accepted: the relationship is proven.")).to_be_visible()
    audit_trail(reviewer, MOTHER, "cases-7b-trail", [
        "Staff at a service counter added a proof of relationship", "A proof of relationship was accepted"])
    choose_text_size(reviewer, "Standard")
    reviewer_context.close()
    choose_text_size(page, "Standard")
    context.close()

    resident_context = phone_context(browser, server.url)
    resident = resident_context.new_page()
    log_in(resident, MOTHER, "Family-2026")
    expect(resident.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    resident.goto("/family")
    son = resident.get_by_role("listitem").filter(has=resident.get_by_role("heading", name="张子涵", exact=True))
    expect(son).to_contain_text("Relationship proven")
    expect(son.get_by_role("button", name="Prove relationship", exact=True)).to_have_count(0)
    resident.goto("/activity")
    expect(resident.get_by_text("A proof of relationship was accepted")).to_be_visible()
    check_a11y(resident, "cases-8-resident-activity")
    resident_context.close()


def test_identity_verified_in_person(browser: Browser, server: Server) -> None:
    context, page = staff_at_the_tablet(browser, server, STAFF)
    start_assisting(page, server, CHEN_PHONE)
    expect(page.get_by_role("button", name="Verify identity in person", exact=True)).to_be_visible()
    expect(page.get_by_text(CHEN[0]).first).to_be_visible()
    both_sizes(page, "cases-9-verify")
    page.get_by_role("button", name="Verify identity in person", exact=True).click()
    expect(page.get_by_text("Identity verified.")).to_be_visible()
    both_sizes(page, "cases-10-verified")
    finish_assisting(page)
    audit_trail(page, CHEN_PHONE, "cases-11-trail", ["Real name verified; your e-voucher is active"])
    choose_text_size(page, "Standard")
    context.close()
