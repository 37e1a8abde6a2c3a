"""Taps show at once (DESIGN.md §3): every checkbox, radio and toggle shows its new state before the server has
heard of it, Playwright's `check()` works on each, and the server's answer never undoes it. The "Relationship"
radio group (§2.2.3, §4), and the member's consent kept through a slow photo upload and a reload (§2.2.4).

A slow connection is made in the page: what it sends the server goes out late, in order (Chromium's network
emulation delays HTTP, not the page's WebSocket, where the taps go)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, Route, expect
from sqlmodel import select

from app.models import Account
from app.services.binding import documents, drafts, lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import ACCEPTED, Server, check_a11y
from tests.e2e.test_binding import RELATIONSHIPS
from tests.e2e.test_journeys import log_in
from tests.unit.binding_helpers import FAKE_PDF, FAKE_SIGNATURE

SLOW_MS = 2500
AT_ONCE_MS = 1000  # well before a slowed event could have reached the server

# Every event the page sends waits in a queue until `window.fecSlowMs` after it was made; the queue keeps their
# order when the delay changes. `window.fecQueued` counts the events not sent yet.
SLOW_UPLINK = """(ms) => {
  window.fecSlowMs = ms;
  if (window.fecSlowed) return;
  window.fecSlowed = true;
  window.fecQueued = 0;
  const socket = window.socket;
  const send = socket.emit;
  let queue = Promise.resolve();
  socket.emit = function (name, ...args) {
    if (name !== 'event') return send.call(this, name, ...args);
    const due = Date.now() + window.fecSlowMs;
    window.fecQueued += 1;
    queue = queue.then(() => new Promise((go) => setTimeout(go, Math.max(0, due - Date.now()))))
      .then(() => { window.fecQueued -= 1; send.call(this, name, ...args); });
    return this;
  };
}"""


def slow_uplink(page: Page, ms: int = SLOW_MS) -> None:
    page.wait_for_function(ACCEPTED)
    page.evaluate(SLOW_UPLINK, ms)


def settled(page: Page, locator: Locator) -> Locator:
    """`locator` once it has stopped moving (a panel moves to fit larger text a moment after the change)."""
    before = None
    for _ in range(30):
        box = locator.bounding_box()
        if box is not None and box == before:
            return locator
        before = box
        page.wait_for_timeout(100)
    return locator


def wait_for_the_server(page: Page) -> None:
    """Everything the slowed page sent has arrived and been answered: the queue is empty (each event waits out the
    delay it was made with), then 1 s for the answers."""
    slow_uplink(page, 0)
    page.wait_for_function("window.fecQueued === 0", timeout=SLOW_MS + 5000)
    page.wait_for_timeout(1000)


def test_register_text_size_and_toggles_show_a_tap_at_once(page: Page) -> None:
    page.goto("/register?lang=en")
    slow_uplink(page)
    consent = page.get_by_role("checkbox", name="I agree to the privacy notice", exact=True)
    consent.check(timeout=AT_ONCE_MS)  # fails when a tap shows no change
    expect(consent).to_be_checked(timeout=AT_ONCE_MS)

    slow_uplink(page, 0)  # the panels are made by the server when first opened
    page.get_by_role("button", name="Text size", exact=True).click()
    large = page.get_by_role("radio", name="Large", exact=True)
    expect(large).to_be_visible()
    slow_uplink(page)
    large.check(timeout=AT_ONCE_MS)
    expect(page.locator("body")).to_have_css("font-size", "24px", timeout=AT_ONCE_MS)
    settled(page, page.get_by_role("radio", name="Extra large", exact=True)).check(timeout=AT_ONCE_MS)
    expect(page.locator("body")).to_have_css("font-size", "30px", timeout=AT_ONCE_MS)
    expect(large).not_to_be_checked()
    page.keyboard.press("Escape")

    slow_uplink(page, 0)
    page.get_by_role("button", name="Accessibility", exact=True).click()
    contrast = page.get_by_role("button", name="High contrast", exact=True)
    expect(contrast).to_have_attribute("aria-pressed", "false")
    slow_uplink(page)
    contrast.click()
    expect(contrast).to_have_attribute("aria-pressed", "true", timeout=AT_ONCE_MS)
    expect(page.locator("html")).to_have_class(re.compile(r"\bhc\b"), timeout=AT_ONCE_MS)
    page.keyboard.press("Escape")

    wait_for_the_server(page)  # its answers leave every tap as it was
    expect(consent).to_be_checked()
    expect(page.locator("html")).to_have_class(re.compile(r"\bhc\b"))
    page.reload()  # and it kept them
    expect(consent).to_be_checked()
    expect(page.locator("body")).to_have_css("font-size", "30px")
    expect(page.locator("html")).to_have_class(re.compile(r"\bhc\b"))
    check_a11y(page, "controls-register-xl-contrast")


def _holder_and_request(server: Server, page: Page, phone: str) -> tuple[int, int]:
    match = re.search(r"/family/request/(\d+)/", page.url)
    assert match, page.url
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    with env.db.transaction() as session:
        holder = session.exec(select(Account.id).where(Account.phone == phone)).one()
    env.db.dispose()
    return holder, int(match.group(1))


def _stored(server: Server, holder: int, request_id: int):  # type: ignore[no-untyped-def]
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    try:
        return drafts.get(env, holder, request_id)
    finally:
        env.db.dispose()


def _notice_and_method(page: Page) -> None:
    page.goto("/family")
    page.get_by_role("button", name="Add family member", exact=True).click()
    page.get_by_role("button", name="Continue", exact=True).click()  # "What you need" comes first
    notice = page.get_by_role("checkbox", name="I have read the notice on adding family members", exact=True)
    expect(notice).to_be_visible()
    slow_uplink(page)
    notice.check(timeout=AT_ONCE_MS)
    page.get_by_role("button", name="I have read and agree", exact=True).click()  # sent after the tick
    page.get_by_role("button", name="Bind with ID number", exact=True).click(timeout=SLOW_MS * 3)


def _who_with_the_relationship_radios(page: Page) -> None:
    group = page.get_by_role("radiogroup", name="Relationship", exact=True)
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(len(RELATIONSHIPS))  # every choice in view
    for radio, name in zip(radios.all(), RELATIONSHIPS, strict=True):
        expect(radio).to_have_accessible_name(name)
        assert (radio.bounding_box() or {}).get("height", 0) >= 44  # a large target
    page.get_by_role("textbox", name="Name", exact=True).fill("张伟")
    page.get_by_role("textbox", name="ID number", exact=True).fill("110101198503120017")
    slow_uplink(page)
    group.get_by_role("radio", name="Husband or wife", exact=True).check(timeout=AT_ONCE_MS)
    wait_for_the_server(page)
    check_a11y(page, "controls-who-radios")
    page.get_by_role("button", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Photos of documents")).to_be_visible()


def _consent_ticked_during_a_slow_upload(page: Page, server: Server, photo: Path, holder: int,
                                         request_id: int) -> Locator:
    """The upload is held back for ~3 s; the consent is ticked meanwhile, and the tick stays."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/api/requests/*/photos/*", hold)
    page.get_by_label("Face photo of the family member", exact=True).set_input_files(str(photo))
    expect(page.get_by_text("Checking the photo, please wait…")).to_be_visible()
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the upload did not start"
    consent = page.get_by_role("checkbox", name="The family member agrees", exact=True)
    slow_uplink(page)
    consent.check(timeout=AT_ONCE_MS)
    assert _stored(server, holder, request_id).member_consent is False  # shown before the server has it
    page.wait_for_timeout(3000)
    held[0].continue_()
    expect(page.get_by_role("img", name="Preview: Face photo of the family member", exact=True)).to_be_visible(
        timeout=SLOW_MS * 4)
    expect(page.get_by_role("button", name="Retake Face photo of the family member", exact=True)).to_be_visible()
    expect(consent).to_be_checked()
    wait_for_the_server(page)
    expect(consent).to_be_checked()
    stored = _stored(server, holder, request_id)
    assert stored.member_consent is True and "face" in stored.documents
    return consent


def test_binding_ticks_the_relationship_radios_and_a_consent_kept_through_a_slow_upload(
        page: Page, server: Server, photo: Path) -> None:
    log_in(page, "13700137000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    _notice_and_method(page)
    _who_with_the_relationship_radios(page)
    expect(page.get_by_role("button", name="Read the consent aloud", exact=True)).to_be_visible()
    holder, request_id = _holder_and_request(server, page, "13700137000")
    consent = _consent_ticked_during_a_slow_upload(page, server, photo, holder, request_id)
    page.reload()
    expect(consent).to_be_checked()
    check_a11y(page, "controls-documents-consent")

    # Submitted from another device meanwhile: unticking here is refused, goes back, and says why next to it.
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    view = documents.store_signed_letter(env, holder, request_id, None, signature_png=FAKE_SIGNATURE, pdf=FAKE_PDF,
                                         client="e2e")
    lifecycle.submit(env, holder, request_id, view.version, client="e2e")
    env.db.dispose()
    slow_uplink(page, 1000)
    consent.uncheck(timeout=AT_ONCE_MS)
    expect(consent).to_be_checked(timeout=SLOW_MS * 2)
    expect(page.locator("#field-consent-error")).to_have_text("This cannot be done now. The page shows the "
                                                              "current state.")
    expect(consent).to_have_attribute("aria-invalid", "true")
    assert _stored(server, holder, request_id).member_consent is True
