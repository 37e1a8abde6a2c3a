"""The "+" flow in a phone browser with touch: three bindings (father by ID number in Standard text,
son by ID number and newborn by birth certificate in Extra large), the finger signature through real
touch events, the signed PDF's text, withdraw/edit/resubmit, and unbinding. axe on every step."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from app.services.binding import lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y
from tests.e2e.test_journeys import log_in
from tests.unit.auth_helpers import logged_in

RELATIONSHIPS = ("Father or mother", "Child", "Husband or wife", "Grandparent", "Grandchild", "Brother or sister",
                 "Other")


def choose_text_size(page: Page, size: str) -> None:
    page.get_by_role("button", name="Text size", exact=True).click()
    page.get_by_role("radio", name=size, exact=True).check()
    page.keyboard.press("Escape")
    # Closed, focus is back on "Text size" in the header (which scrolls the page up): only then go on.
    expect(page.get_by_role("dialog", name="Text size")).to_have_count(0)
    page.wait_for_function("!document.querySelector('[class*=\"-leave-active\"]')")


def sign_with_finger(context: BrowserContext, page: Page) -> None:
    """A zigzag "signature" drawn with real touch events (CDP), as a finger would."""
    pad = page.get_by_role("img", name="Signature pad", exact=True)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    cdp = context.new_cdp_session(page)
    x, y = box["x"] + 20, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 30):
        point = {"x": x + i * (box["width"] - 40) / 30, "y": y + (box["height"] / 4) * (1 if i % 2 else -1)}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def walk_to_documents(page: Page, name: str, *, who: dict[str, str], newborn: bool = False) -> None:
    page.goto("/family")
    page.get_by_role("button", name="Add family member", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="What you need")).to_be_visible()
    expect(page.get_by_role("link", name="What to bring: binding a child", exact=True)).to_be_visible()
    check_a11y(page, f"{name}-0-what-you-need")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Notice on adding family members")).to_be_visible()
    check_a11y(page, f"{name}-1-notice")
    page.get_by_role("button", name="I have read and agree", exact=True).click()
    expect(page.get_by_text("Tick the box to confirm you have read the notice").first).to_be_visible()
    page.get_by_role("checkbox", name="I have read the notice on adding family members", exact=True).check()
    page.get_by_role("button", name="I have read and agree", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="How do you want to add them?")).to_be_visible()
    check_a11y(page, f"{name}-2-method")
    method = "Bind a newborn with birth certificate" if newborn else "Bind with ID number"
    page.get_by_role("button", name=method, exact=True).click()

    # The method page has "Back" too: wait for the "who" form itself before measuring it.
    expect(page.get_by_role("textbox", name="Mother's name" if newborn else "Name", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Back", exact=True)).to_be_visible()
    check_a11y(page, f"{name}-3-who")
    for label, value in who.items():
        if label == "Relationship":  # a radio group: every choice in view, one tap
            group = page.get_by_role("radiogroup", name="Relationship", exact=True)
            expect(group.get_by_role("radio")).to_have_count(len(RELATIONSHIPS))
            group.get_by_role("radio", name=value, exact=True).check()
        else:
            page.get_by_role("textbox", name=label, exact=True).fill(value)
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Photos of documents")).to_be_visible()


def upload_and_sign(context: BrowserContext, page: Page, name: str, photo: Path, photos: list[str], *,
                    consent: bool) -> None:
    # A document that is not a photo (a PDF renamed .jpg) is refused in plain words, next to the input.
    fake = photo.with_name("scan.jpg")
    fake.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    page.get_by_label(photos[0], exact=True).set_input_files(str(fake))
    expect(page.get_by_role("alert", name="There is a problem")).to_contain_text("This file is not a photo")
    expect(page.locator(".error-text[role=alert]").first).to_contain_text("This file is not a photo")
    expect(page.get_by_role("button", name=f"Retake {photos[0]}", exact=True)).to_have_count(0)
    for label in photos:
        page.get_by_label(label, exact=True).set_input_files(str(photo))
        expect(page.get_by_role("button", name=f"Retake {label}", exact=True)).to_be_visible()
    if consent:
        expect(page.get_by_role("button", name="Read the consent aloud", exact=True)).to_be_visible()
        page.get_by_role("checkbox", name="The family member agrees", exact=True).check()
    check_a11y(page, f"{name}-4-documents")
    page.get_by_role("button", name="Continue", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Commitment letter")).to_be_visible()
    page.get_by_role("button", name="Generate commitment letter", exact=True).click()
    expect(page.get_by_role("region", name="Commitment letter")).to_contain_text("个人承诺书")
    check_a11y(page, f"{name}-5-letter")
    page.get_by_role("button", name="Continue", exact=True).click()

    expect(page.get_by_role("heading", level=1, name="Sign the letter")).to_be_visible()
    ok = page.get_by_role("button", name="OK", exact=True)
    expect(ok).to_be_disabled()
    check_a11y(page, f"{name}-6-signature")
    sign_with_finger(context, page)
    expect(ok).to_be_enabled()
    ok.click()
    expect(page.get_by_role("heading", level=1, name="Check your answers")).to_be_visible(timeout=20_000)
    for link in ("Change family member", "Change documents", "Change signature"):
        expect(page.get_by_role("link", name=link, exact=True)).to_be_visible()
    check_a11y(page, f"{name}-7-check")


def letter_text(page: Page) -> str:
    href = page.get_by_role("link", name="Download letter", exact=True).get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)


def submit_and_see_under_review(page: Page, name: str, member: str) -> None:
    page.get_by_role("button", name="Save and submit", exact=True).dblclick()  # a double press submits once
    expect(page.get_by_role("heading", level=1, name="Request submitted")).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(r"Your request number: FEC-\d{4}-\d{6}"))).to_be_visible()
    expect(page.get_by_role("link", name="Download letter", exact=True)).to_be_visible()
    check_a11y(page, f"{name}-8-submitted")
    page.goto("/family")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=member, exact=True))
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Under review")


def test_holder_binds_father_and_son(context: BrowserContext, page: Page, server: Server, photo: Path) -> None:
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()

    walk_to_documents(page, "father", who={"Name": "张建国", "ID number": "110101195207010039",
                                           "Relationship": "Father or mother"})
    upload_and_sign(context, page, "father", photo, ["Face photo of the family member"], consent=True)
    text = letter_text(page)
    assert "张伟" in text and "张建国" in text and "110101********0039" in text
    assert "110101195207010039" not in text
    submit_and_see_under_review(page, "father", "张建国")

    # Withdraw within 10 minutes, edit, and submit again.
    father = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张建国", exact=True))
    father.get_by_role("button", name="Withdraw", exact=True).click()
    expect(father).to_contain_text("Withdrawn")
    check_a11y(page, "family-withdrawn")
    father.get_by_role("button", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Check your answers")).to_be_visible()
    submit_and_see_under_review(page, "father-again", "张建国")

    choose_text_size(page, "Extra large")
    walk_to_documents(page, "son-xl", who={"Name": "张子涵", "ID number": "110101201604080012",
                                           "Relationship": "Child"})
    upload_and_sign(context, page, "son-xl", photo, ["Household registration book photo: head page",
                                                     "Household registration book photo: member's page"],
                    consent=False)
    submit_and_see_under_review(page, "son-xl", "张子涵")

    # Staff approval comes with the review screens; here it is done through the service layer.
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    staff = logged_in(env, "13900139000", "Counter-2026")
    assert staff is not None
    holder = logged_in(env, "13800138000", "Family-2026")
    assert holder is not None
    request_id = next(m.request_id for m in lifecycle.family(env, holder.account_id) if m.name == "张建国")
    lifecycle.open_review(env, staff.account_id, request_id)
    lifecycle.decide(env, staff.account_id, request_id, approve=True)
    env.db.dispose()

    page.goto("/family")
    father = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张建国", exact=True))
    expect(father).to_contain_text("Bound")
    check_a11y(page, "family-xl")
    father.get_by_role("button", name="Unbind 张建国", exact=True).click()
    dialog = page.get_by_role("dialog", name="Unbind 张建国")
    expect(dialog).to_contain_text("Their insurance does not change")
    dialog.get_by_role("button", name="Unbind 张建国", exact=True).click()
    expect(page.get_by_role("heading", name="张建国", exact=True)).to_have_count(0)


def test_mother_binds_newborn(context: BrowserContext, page: Page, server: Server, photo: Path) -> None:
    log_in(page, "13700137000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    choose_text_size(page, "Extra large")
    walk_to_documents(page, "newborn-xl", newborn=True, who={
        "Mother's name": "王芳", "Mother's ID number": "110101199002140022", "Birth certificate number": "O110260521"})
    upload_and_sign(context, page, "newborn-xl", photo, ["Birth certificate photo"], consent=False)
    text = letter_text(page)
    assert "王芳" in text and "张小满" in text
    submit_and_see_under_review(page, "newborn-xl", "张小满")
