"""app/web/speedups/leaving.py: a page whose browser said it is leaving goes as soon as its connection closes; any other
page is kept for `reconnect_timeout`, as NiceGUI keeps it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from nicegui import Client, core
from nicegui.page import page
from starlette.requests import Request

from app.web.nicegui_code import source
from app.web.speedups import leaving

pytestmark = pytest.mark.speedup

KEPT_SECONDS = 5.0  # the page's reconnect_timeout in these tests


def _own(func: object) -> object:
    """NiceGUI's own version, also if `app.web.install()` ran in this process."""
    return func.__wrapped__ if getattr(func, "lets_go", False) else func  # type: ignore[attr-defined]


def _nicegui_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Client, "handle_disconnect", _own(Client.handle_disconnect))
    monkeypatch.setattr(page, "resolve_reconnect_timeout", _own(page.resolve_reconnect_timeout))


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, object]]]:
    """The patch installed as `tune()` installs it, undone afterwards; the socket handlers it registers."""
    _nicegui_own(monkeypatch)
    registered: list[tuple[str, object]] = []
    monkeypatch.setattr(core.sio, "on", lambda event, handler: registered.append((event, handler)), raising=False)
    leaving.install()
    yield registered


def _request() -> Request:
    return Request({"type": "http", "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8080),
                    "path": "/leaving-test", "query_string": b"", "headers": [], "client": ("127.0.0.1", 1)})


@pytest.fixture
async def connected(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Client]:
    """A page whose browser is connected on two sockets ("socket" and "other"), each in the page's room."""
    monkeypatch.setattr(core, "loop", asyncio.get_running_loop())

    async def no_tab_storage(*_: object) -> None:
        return None

    monkeypatch.setattr(core.app.storage, "_create_tab_storage", no_tab_storage)
    monkeypatch.setattr(core.app.storage, "close_tab", no_tab_storage)
    client = Client(page("/leaving-test", reconnect_timeout=KEPT_SECONDS), request=_request())
    monkeypatch.setattr(core.sio, "rooms", lambda sid: [sid, client.id], raising=False)
    await client.handle_handshake("socket", "tab", None, "document", None)
    yield client
    for task in client._delete_tasks.values():
        task.cancel()
    client._delete_tasks.clear()
    client._socket_to_document_id.clear()
    if not client.is_deleted:
        client.delete()


async def test_a_page_the_browser_left_goes_when_its_connection_closes(
        installed: list[tuple[str, object]], connected: Client) -> None:
    let_go: list[str] = []
    connected.on_delete(lambda: let_go.append("last save"))
    assert installed == [(leaving.EVENT, leaving.mark_leaving)]
    leaving.mark_leaving("socket")
    assert not connected.is_deleted  # still connected: nothing yet
    connected.handle_disconnect("socket")
    await asyncio.sleep(0.05)
    assert connected.is_deleted
    assert let_go == ["last save"]  # NiceGUI's own deletion ran: the page's delete handlers too


async def test_a_lost_connection_is_still_kept_for_the_browser_to_come_back(
        installed: list[tuple[str, object]], connected: Client) -> None:
    connected.handle_disconnect("socket")
    await asyncio.sleep(0.05)
    assert not connected.is_deleted
    assert connected._delete_tasks  # NiceGUI's wait for a return, as before
    await connected.handle_handshake("socket-2", "tab", None, "document", None)  # the browser comes back
    assert not connected._delete_tasks
    connected.handle_disconnect("socket-2")  # and later loses it again, without saying it leaves
    await asyncio.sleep(0.05)
    assert not connected.is_deleted


async def test_a_page_still_connected_on_another_socket_stays(
        installed: list[tuple[str, object]], connected: Client) -> None:
    await connected.handle_handshake("other", "tab", None, "document", None)  # the same page, connected again
    leaving.mark_leaving("socket")
    connected.handle_disconnect("socket")
    await asyncio.sleep(0.05)
    assert not connected.is_deleted  # NiceGUI's own check: a connection is still open


async def test_the_mark_belongs_to_the_socket_and_is_used_once(
        installed: list[tuple[str, object]], connected: Client) -> None:
    leaving.mark_leaving("socket")
    connected.handle_disconnect("socket")  # let go now
    await asyncio.sleep(0.05)
    assert connected.__dict__[leaving._MARK] == set()
    other = Client(page("/leaving-test", reconnect_timeout=KEPT_SECONDS), request=_request())
    try:
        leaving.mark_leaving("unknown")  # a socket of no page here: nothing to mark
        await other.handle_handshake("socket-3", "tab", None, "document", None)
        other.handle_disconnect("socket-3")
        await asyncio.sleep(0.05)
        assert not other.is_deleted
    finally:
        for task in other._delete_tasks.values():
            task.cancel()
        other.delete()


def test_any_other_page_keeps_its_own_reconnect_timeout(installed: list[tuple[str, object]]) -> None:
    assert page("/x", reconnect_timeout=7.0).resolve_reconnect_timeout() == 7.0


def test_installing_twice_wraps_once(installed: list[tuple[str, object]]) -> None:
    first = Client.handle_disconnect
    leaving.install()
    assert Client.handle_disconnect is first
    assert len(installed) == 1


def test_not_installed_when_nicegui_no_longer_waits_in_a_task(monkeypatch: pytest.MonkeyPatch) -> None:
    _nicegui_own(monkeypatch)
    monkeypatch.setattr(leaving, "source", lambda _: "def handle_disconnect(self, socket_id): ...")
    before = Client.handle_disconnect
    leaving.install()
    assert Client.handle_disconnect is before
    assert not getattr(page.resolve_reconnect_timeout, "lets_go", False)


def test_nicegui_still_waits_as_the_patch_relies_on() -> None:
    text = source(_own(Client.handle_disconnect))
    assert all(line in text for line in leaving.DELETION)
