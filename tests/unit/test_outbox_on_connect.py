"""app/web/speedups/outbox_on_connect.py:
starts a page's outbox task when its browser connects: a page nobody opens costs no
task and no wake-ups, and what a page queued before its browser connected is still sent once it does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from nicegui import Client, background_tasks, core
from nicegui import outbox as outbox_module
from nicegui.page import page
from starlette.requests import Request

from app.web.speedups import outbox_on_connect

pytestmark = pytest.mark.speedup


@pytest.fixture
def on_connect(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The patch installed as `app.web.install` installs it, undone afterwards."""
    monkeypatch.setattr(Client, "handle_handshake", Client.handle_handshake)
    monkeypatch.setattr(outbox_module, "background_tasks", outbox_module.background_tasks)
    outbox_on_connect.install()
    yield


def _request() -> Request:
    return Request({"type": "http", "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8080),
                    "path": "/outbox-test", "query_string": b"", "headers": [], "client": ("127.0.0.1", 1)})


def _outbox_tasks(client: Client) -> list[asyncio.Task[Any]]:
    return [task for task in asyncio.all_tasks() if task.get_name() == f"outbox loop {client.id}"]


async def test_a_page_gets_its_outbox_task_when_its_browser_connects(
        on_connect: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "loop", asyncio.get_running_loop())

    async def no_tab_storage(*_: object) -> None:
        return None

    monkeypatch.setattr(core.app.storage, "_create_tab_storage", no_tab_storage)
    client = Client(page("/outbox-test"), request=_request())
    sent: list[tuple[str, str, Any]] = []

    async def emit(message: tuple[str, str, Any]) -> None:
        sent.append(message)

    monkeypatch.setattr(client.outbox, "_emit", emit)
    try:
        client.outbox.enqueue_message("run_javascript", {"code": "FEC.start()"}, client.id)
        await asyncio.sleep(0.25)  # NiceGUI's own task would have woken twice by now
        assert _outbox_tasks(client) == []
        assert sent == []

        await client.handle_handshake("socket", "tab", None, "document", None)
        await asyncio.sleep(0.05)
        assert len(_outbox_tasks(client)) == 1
        scripts = [message for message in sent if message[1] == "run_javascript"]
        assert scripts == [(client.id, "run_javascript", {"code": "FEC.start()"})]  # queued before: sent now

        client.handle_disconnect("socket")
        await client.handle_handshake("socket-2", "tab", None, "document", None)  # the browser comes back
        await asyncio.sleep(0.05)
        assert len(_outbox_tasks(client)) == 1  # still the one task
    finally:
        client.tab_id = None
        client._socket_to_document_id.clear()
        for task in client._delete_tasks.values():
            task.cancel()
        client._delete_tasks.clear()
        client.delete()
        await asyncio.sleep(0.25)  # the loop looks again within 0.1 s
    assert _outbox_tasks(client) == []  # deleting the page ends its task


async def test_a_page_let_go_before_its_browser_connects_never_gets_a_task(
        on_connect: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "loop", asyncio.get_running_loop())
    client = Client(page("/outbox-test"), request=_request())
    client.delete()
    calls: list[object] = []

    async def handshake(*args: object) -> None:
        calls.append(args)

    _, handle_handshake = outbox_on_connect._outbox_on_connect(background_tasks.create, handshake)
    await handle_handshake(client, "socket", "tab", None, "document", None)
    assert calls  # NiceGUI's own handshake still runs (and finds the page gone)
    assert _outbox_tasks(client) == []


def test_only_outbox_tasks_wait_for_the_browser() -> None:
    started: list[str] = []

    def create(awaitable: Any, *, name: str = "", **_: object) -> None:
        awaitable.close()
        started.append(name)

    async def handshake(*_: object) -> None:
        return None

    create_or_defer, _ = outbox_on_connect._outbox_on_connect(create, handshake)

    async def work() -> None:
        return None

    create_or_defer(work(), name="outbox loop abc")
    create_or_defer(work(), name="something else")
    assert started == ["something else"]


def test_installing_twice_wraps_once(on_connect: None) -> None:
    first = Client.handle_handshake
    outbox_on_connect.install()
    assert Client.handle_handshake is first
    assert outbox_module.background_tasks.create_or_defer is not background_tasks.create_or_defer
    assert outbox_module.background_tasks.create is background_tasks.create  # everything else is the same
