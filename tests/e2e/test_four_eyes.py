"""Four eyes and assignments end to end (DESIGN.md §2.7), in Chromium at phone size: the demo staff member helps
张伟 at the counter and submits his father's request for him; it is not in their queue, and opened by its id it is
read-only and says why; the second staff member (13900139001) approves it. Then "Release" gives an opened request
back to the queue, and the other staff member takes it. axe on each new state of the review page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from app.models import BindingRequest
from app.services.binding import drafts, lifecycle
from app.services.env import Env
from tests.e2e.conftest import Server, check_a11y, fresh_server, logins_forgotten, phone_context
from tests.e2e.test_binding import submit_and_see_under_review, upload_and_sign, walk_to_documents
from tests.e2e.test_counter import start_assisting
from tests.e2e.test_journeys import log_in
from tests.e2e.test_review import prepare_signed_draft
from tests.unit.binding_helpers import WANG_FANG_PHONE, ZHANG_WEI_PHONE, account_id

STAFF, STAFF2, PASSWORD = "13900139000", "13900139001", "Counter-2026"
HELPED = "You helped with this request at the counter, so another staff member decides it."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: what is in the queue here is only what these tests put there."""
    running = fresh_server(tmp_path_factory)
    yield running
    running.stop()


@pytest.fixture(name="env")
def env_fixture(server: Server) -> Iterator[Env]:
    with logins_forgotten(server) as env:
        yield env


def staff_page(browser: Browser, server: Server, phone: str) -> Page:
    page = phone_context(browser, server.url).new_page()
    log_in(page, phone, PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    return page


def newest_request(env: Env, phone: str) -> BindingRequest:
    with env.db.transaction() as session:
        return session.exec(select(BindingRequest).where(BindingRequest.holder_id == account_id(env, phone))
                            .order_by(BindingRequest.id.desc())).first()  # type: ignore[union-attr]


def open_link(page: Page, request: BindingRequest):  # type: ignore[no-untyped-def]
    return page.get_by_role("link", name=f"Open request {request.number}", exact=True)


def test_the_staff_member_who_helped_cannot_decide_and_the_second_approves(
        context: BrowserContext, page: Page, browser: Browser, server: Server, env: Env, photo: Path) -> None:
    log_in(page, STAFF, PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Review queue")).to_be_visible()
    start_assisting(page, server)
    walk_to_documents(page, "four-eyes", who={"Name": "张建国", "ID number": "110101195207010039",
                                               "Relationship": "Father or mother"})
    upload_and_sign(context, page, "four-eyes", photo, ["Face photo of the family member"], consent=True)
    submit_and_see_under_review(page, "four-eyes", "张建国")
    page.goto("/staff/counter")
    page.get_by_role("button", name="Finish assisting", exact=True).click()
    expect(page.get_by_text("You have finished assisting.")).to_be_visible()
    request = newest_request(env, ZHANG_WEI_PHONE)
    assert request.status == "submitted"

    page.goto("/staff")  # not in the queue of the staff member who helped
    expect(page.get_by_text("Requests waiting: 0")).to_be_visible()
    expect(open_link(page, request)).to_have_count(0)
    page.goto(f"/staff/request/{request.id}")  # by its id: read-only, saying why
    expect(page.get_by_role("heading", level=1, name=f"Request {request.number}")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=HELPED)).to_be_visible()
    for name in ("Approve", "Reject", "Release"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    check_a11y(page, "four-eyes-1-helped-read-only")
    assert newest_request(env, ZHANG_WEI_PHONE).reviewer_id is None  # opening it assigned nothing

    second = staff_page(browser, server, STAFF2)
    open_link(second, request).click()
    expect(second.get_by_role("heading", level=1, name=f"Request {request.number}")).to_be_visible()
    expect(second.get_by_text(HELPED)).to_have_count(0)
    check_a11y(second, "four-eyes-2-second-staff")
    second.get_by_role("button", name="Approve", exact=True).click()
    expect(second.get_by_text("Approved. The holder has been told.")).to_be_visible()
    assert newest_request(env, ZHANG_WEI_PHONE).status == "approved"
    second.context.close()


def test_release_gives_an_opened_request_back_to_the_queue(page: Page, browser: Browser, server: Server,
                                                          env: Env) -> None:
    prepare_signed_draft(server)  # 王芳's request for her son, submitted without anyone's help
    holder = account_id(env, WANG_FANG_PHONE)
    draft = newest_request(env, WANG_FANG_PHONE)
    lifecycle.submit(env, holder, draft.id or 0, drafts.get(env, holder, draft.id or 0).version, client="e2e")

    second = staff_page(browser, server, STAFF2)
    open_link(second, draft).click()
    release = second.get_by_role("button", name="Release", exact=True)
    expect(release).to_be_visible()
    check_a11y(second, "four-eyes-3-release-offered")
    release.click()
    expect(second.get_by_role("status").filter(has_text="Released. The request is back in the review queue.")
           ).to_be_visible()
    expect(second.get_by_role("button", name="Approve", exact=True)).to_be_disabled()
    check_a11y(second, "four-eyes-4-released")
    assert (newest_request(env, WANG_FANG_PHONE).status, newest_request(env, WANG_FANG_PHONE).reviewer_id) == (
        "submitted", None)
    second.context.close()

    log_in(page, STAFF, PASSWORD)  # back in the queue: the other staff member takes it
    open_link(page, draft).click()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved. The holder has been told.")).to_be_visible()
    assert newest_request(env, WANG_FANG_PHONE).status == "approved"
