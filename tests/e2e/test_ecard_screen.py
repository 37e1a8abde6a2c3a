"""The screen stays on while an e-card is shown (DESIGN.md §3): a screen wake lock is asked for when the card is
shown, asked for again when the page is shown again (the browser lets it go while the page is hidden) and let go
when the page is left; a browser without the Screen Wake Lock API shows the card all the same."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Server, phone_context
from tests.e2e.test_journeys import log_in

# A stand-in for the browser's wake lock and page visibility, writing what the page asks for to sessionStorage,
# which outlives the page when it is left.
WAKE_LOCK_STUB = """
(() => {
  const note = (entry) => {
    const seen = JSON.parse(sessionStorage.getItem('wake-lock') || '[]');
    sessionStorage.setItem('wake-lock', JSON.stringify([...seen, entry]));
  };
  let hidden = false;
  const held = [];
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true,
    get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  window.fecSetHidden = (value) => {
    hidden = value;
    if (hidden) held.splice(0).forEach((sentinel) => { sentinel.released = true; }); // as the browser does
    document.dispatchEvent(new Event('visibilitychange'));
  };
  const wakeLock = {
    request: async (type) => {
      note('request:' + type);
      const sentinel = {
        type, released: false,
        release: async () => { if (!sentinel.released) { sentinel.released = true; note('release:' + type); } },
        addEventListener() {}, removeEventListener() {},
      };
      held.push(sentinel);
      return sentinel;
    },
  };
  Object.defineProperty(Navigator.prototype, 'wakeLock', { configurable: true, get: () => wakeLock });
})();
"""
NO_WAKE_LOCK = "delete Navigator.prototype.wakeLock;"


def _phone(browser: Browser, server: Server, script: str) -> Iterator[Page]:
    context = phone_context(browser, server.url)
    context.add_init_script(script)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def stubbed(browser: Browser, server: Server) -> Iterator[Page]:
    yield from _phone(browser, server, WAKE_LOCK_STUB)


@pytest.fixture
def without_api(browser: Browser, server: Server) -> Iterator[Page]:
    yield from _phone(browser, server, NO_WAKE_LOCK)


def wake_lock_log(page: Page) -> list[str]:
    return json.loads(page.evaluate("sessionStorage.getItem('wake-lock') || '[]'"))


def open_own_card(page: Page, *, before=lambda: None) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    before()
    page.get_by_role("button", name="Show e-card", exact=True).click()
    expect(page.get_by_role("img", name="E-card QR code", exact=True)).to_be_visible()


def test_the_screen_stays_on_while_the_card_is_shown(stubbed: Page) -> None:
    page = stubbed
    open_own_card(page, before=lambda: wake_lock_log(page) == [] or pytest.fail("asked for before a card was shown"))
    page.wait_for_function("JSON.parse(sessionStorage.getItem('wake-lock') || '[]').length > 0")
    assert wake_lock_log(page) == ["request:screen"]

    # The cashier's view is the same card: the lock it holds is enough.
    page.get_by_role("button", name="Show to the cashier", exact=True).click()
    page.get_by_role("button", name="Exit full screen", exact=True).click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert wake_lock_log(page) == ["request:screen"]

    # Hidden (another app, the screen off), the browser lets the lock go; shown again, the page asks again.
    page.evaluate("fecSetHidden(true)")
    page.evaluate("fecSetHidden(false)")
    page.wait_for_function("JSON.parse(sessionStorage.getItem('wake-lock')).length > 1")
    assert wake_lock_log(page) == ["request:screen", "request:screen"]

    page.get_by_role("link", name="Home", exact=True).click()  # leaving lets it go
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    assert wake_lock_log(page) == ["request:screen", "request:screen", "release:screen"]


def test_a_browser_without_wake_lock_shows_the_card_all_the_same(without_api: Page) -> None:
    page = without_api
    open_own_card(page)
    assert page.evaluate("'wakeLock' in navigator") is False
    expect(page.get_by_text("Code valid for", exact=False).first).to_be_visible()
    expect(page.get_by_text("The code could not be shown")).to_be_hidden()
    page.get_by_role("button", name="Refresh code", exact=True).click()
    expect(page.get_by_text("A new code is shown.")).to_be_attached()
    page.get_by_role("button", name="Show to the cashier", exact=True).click()
    expect(page.get_by_role("img", name="E-card QR code", exact=True).last).to_be_visible()
    page.get_by_role("button", name="Exit full screen", exact=True).click()
    expect(page.get_by_role("dialog")).to_have_count(0)
