"""What a person does before the page is connected to the server (a slow phone connection, or autofill and
a quick tap) reaches the server in the order it was done (assets/app.js). The connection is held back here;
the person types key by key and taps "Log in" (or presses Enter), and once the connection is let through
they are logged in. Without the ordering, the server saw the tap before the typing, or an earlier
keystroke's number after the whole one, in most runs."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.e2e.conftest import SOCKET, Server, phone_context


def _held_page(browser: Browser, server: Server) -> tuple[Page, list[WebSocketRoute]]:
    """The login page with its connection to the server held back until the test lets it through."""
    page = phone_context(browser, server.url).new_page()
    held: list[WebSocketRoute] = []
    page.route_web_socket(SOCKET, lambda route: held.append(route))  # noqa: PLW0108 - Playwright wraps a Python function, not a builtin
    page.goto("/login?lang=en")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert held, "the page never opened its connection"
    return page, held


def _let_through(page: Page, held: list[WebSocketRoute]) -> None:
    assert page.evaluate("FEC.isAccepted()") is False, "the connection was not held back"
    assert page.evaluate("FEC.waitingEvents()") >= 12, "the typing and the tap wait, in order"
    held[0].connect_to_server()


def _type(page: Page, phone: str) -> None:
    page.get_by_role("textbox", name="Mobile number", exact=True).press_sequentially(phone)
    page.get_by_role("textbox", name="Password", exact=True).fill("Family-2026")


def test_log_in_tapped_before_the_page_is_connected(browser: Browser, server: Server) -> None:
    page, held = _held_page(browser, server)
    try:
        _type(page, "13800138000")
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_timeout(150)
        _let_through(page, held)
        expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
        assert page.evaluate("FEC.waitingEvents()") == 0
    finally:
        page.context.close()


def test_enter_pressed_before_the_page_is_connected(browser: Browser, server: Server) -> None:
    page, held = _held_page(browser, server)
    try:
        _type(page, "13700137000")
        page.get_by_role("textbox", name="Password", exact=True).press("Enter")
        _let_through(page, held)
        expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    finally:
        page.context.close()
