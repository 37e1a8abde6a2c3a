"""Staff review end to end: a resident submits, staff rejects with a reason, the resident fixes and
resubmits, staff approves, and the member shows as bound. axe on every staff page."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from app.services import letter, photos
from app.services.binding import documents, drafts
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y, fresh_server, phone_context
from tests.e2e.test_journeys import log_in
from tests.unit.auth_helpers import logged_in


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: the queue counts below must not see what other test modules submitted."""
    running = fresh_server(tmp_path_factory)
    yield running
    running.stop()


def prepare_signed_draft(server: Server) -> None:
    """王芳's complete draft for her son 张子涵, made through the services (the flow itself is
    covered by test_binding.py); she submits it in the browser."""
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    holder = logged_in(env, "13700137000", "Family-2026")
    assert holder is not None
    draft = drafts.open_draft(env, holder.account_id)
    draft = drafts.accept_notice(env, holder.account_id, draft.id, draft.version, agreed=True)
    draft = drafts.choose_method(env, holder.account_id, draft.id, draft.version, "id_number")
    son = {"name": "张子涵", "id_number": "110101201604080012", "relationship": "child"}
    draft = drafts.set_member(env, holder.account_id, draft.id, draft.version, son, client="e2e")
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (190, 200, 210)).save(buffer, "JPEG")
    for kind in draft.needed_documents:
        documents.add_photo(env, holder.account_id, draft.id, kind, photos.process_photo(buffer.getvalue()))
    signature = io.BytesIO()
    Image.new("LA", (400, 120), (0, 255)).save(signature, "PNG")
    pdf = letter.commitment_letter_pdf(documents.letter_data(env, holder.account_id, draft.id), signature.getvalue())
    documents.store_signed_letter(env, holder.account_id, draft.id, None, signature_png=signature.getvalue(), pdf=pdf,
                                  client="e2e")
    env.db.dispose()


def staff_page(browser: Browser, server: Server) -> Page:
    context = phone_context(browser, server.url)
    page = context.new_page()
    log_in(page, "13900139000", "Counter-2026")
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    return page


def test_reject_resubmit_approve(page: Page, browser: Browser, server: Server) -> None:
    prepare_signed_draft(server)
    log_in(page, "13700137000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    page.goto("/family/add")  # resumes the prepared draft where it was: the check page
    expect(page.get_by_role("heading", level=1, name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="Save and submit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Request submitted")).to_be_visible(timeout=20_000)

    staff = staff_page(browser, server)
    expect(staff.get_by_text("Requests waiting: 1")).to_be_visible()
    check_a11y(staff, "staff-queue")
    staff.get_by_role("link", name="Open request", exact=False).first.click()
    expect(staff.get_by_role("heading", level=1, name="Request FEC-")).to_be_visible()
    expect(staff.get_by_text("110101********0012")).to_be_visible()
    staff.get_by_role("button", name="Show full ID number", exact=True).click()
    expect(staff.get_by_text("110101201604080012", exact=False)).to_be_visible()
    check_a11y(staff, "staff-review")
    staff.get_by_role("button", name="Reject", exact=True).click()
    expect(staff.get_by_text("Choose the reason, so the holder knows what to fix").first).to_be_visible()
    staff.get_by_role("combobox", name="Reason").click()
    staff.get_by_role("option", name="Photos of documents", exact=True).click()
    staff.get_by_role("textbox", name="Reason details", exact=True).fill("The member's page is blurred.")
    staff.get_by_role("button", name="Reject", exact=True).click()
    expect(staff.get_by_text("Rejected. The holder has been told what to fix.")).to_be_visible()

    # The resident sees why, in plain words, and resubmits after fixing.
    page.goto("/family")
    son = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张子涵", exact=True))
    expect(son).to_contain_text("Not approved")
    expect(son).to_contain_text("Service staff asked you to fix: Photos of documents.")
    expect(son).to_contain_text("The member's page is blurred.")
    expect(page.get_by_role("button", name="Notifications", exact=True)).to_contain_text("1")
    check_a11y(page, "family-rejected")
    son.get_by_role("button", name="Resubmit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Check your answers")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("Photos of documents")
    page.get_by_role("button", name="Save and submit", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Request submitted")).to_be_visible(timeout=20_000)

    staff.goto("/staff")
    staff.get_by_role("link", name="Open request", exact=False).first.click()
    staff.get_by_role("button", name="Approve", exact=True).click()
    expect(staff.get_by_text("Approved. The holder has been told.")).to_be_visible()
    check_a11y(staff, "staff-approved")
    staff.goto("/staff")
    expect(staff.get_by_text("Requests waiting: 0")).to_be_visible()

    page.goto("/family")
    son = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张子涵", exact=True))
    expect(son).to_contain_text("Bound")
    expect(son.get_by_role("button", name="Unbind 张子涵", exact=True)).to_be_visible()
    page.goto("/notifications")
    expect(page.get_by_text("was approved")).to_be_visible()
    check_a11y(page, "notifications-approved")


def test_residents_never_reach_staff_pages(page: Page, server: Server) -> None:
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    for path in ("/staff", "/staff/request/1", "/staff/counter"):
        page.goto(path)
        expect(page).to_have_url(server.url + "/")
    answer = page.request.get("/staff/document/1")  # sent home, never a document
    assert answer.url == server.url + "/" and answer.headers["content-type"].startswith("text/html")
