"""A page the browser leaves (a link, a reload) is let go by the server at once, not kept 30 s for a return
(app/web/speedups/leaving.py, assets/app.js). Its own server, so no other test's pages are counted."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute

from tests.e2e.conftest import ACCEPTED, SOCKET, Server, fresh_server, phone_context

pytestmark = pytest.mark.speedup  # tests a speed-up itself: skipped with STOCK_NICEGUI=1


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = fresh_server(tmp_path_factory)
    yield running
    running.stop()


def _held(server: Server) -> dict[str, int]:
    response = httpx.get(f"{server.url}/api/dev/pages", timeout=5)
    response.raise_for_status()
    return response.json()


def _settles_at(server: Server, expected: dict[str, int], seconds: float = 5.0) -> dict[str, int]:
    """What the server holds once it equals `expected`, or after `seconds` (well under the 30 s a lost
    connection is kept)."""
    deadline = time.monotonic() + seconds
    held = _held(server)
    while held != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        held = _held(server)
    return held


def _opened(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_function(ACCEPTED)


def test_pages_left_by_a_link_or_a_reload_go_at_once(browser: Browser, own_server: Server) -> None:
    page = phone_context(browser, own_server.url).new_page()
    try:
        _opened(page, "/login?lang=en")
        assert _settles_at(own_server, {"pages": 1, "connected": 1}) == {"pages": 1, "connected": 1}

        page.get_by_role("link", name="Create account").click()
        page.wait_for_url("**/register*")
        page.wait_for_function(ACCEPTED)
        assert _settles_at(own_server, {"pages": 1, "connected": 1}) == {"pages": 1, "connected": 1}

        page.reload()
        page.wait_for_function(ACCEPTED)
        assert _settles_at(own_server, {"pages": 1, "connected": 1}) == {"pages": 1, "connected": 1}

        _opened(page, "/privacy")
        assert _settles_at(own_server, {"pages": 1, "connected": 1}) == {"pages": 1, "connected": 1}
    finally:
        page.context.close()


def test_a_page_whose_connection_is_cut_is_kept_for_a_return(browser: Browser, own_server: Server) -> None:
    page = phone_context(browser, own_server.url).new_page()
    routes: list[WebSocketRoute] = []

    def first_through_then_held(route: WebSocketRoute) -> None:
        if not routes:
            route.connect_to_server()
        routes.append(route)  # later tries (the page reconnecting) wait: the network is still gone

    try:
        page.route_web_socket(SOCKET, first_through_then_held)
        _opened(page, "/login?lang=en")
        before = _held(own_server)
        assert before["connected"] >= 1
        routes[0].close()  # the connection drops without the page being left
        cut = {"pages": before["pages"], "connected": before["connected"] - 1}
        assert _settles_at(own_server, cut) == cut
        time.sleep(2.0)
        assert _held(own_server) == cut  # still kept: the browser may come back
    finally:
        page.context.close()
