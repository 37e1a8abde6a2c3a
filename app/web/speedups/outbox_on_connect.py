"""Starts each page's outbox task when its browser connects, not when the page is made: until then NiceGUI's task
wakes every 0.1 s, also for pages nobody opens. What the page queued before is sent then, as before."""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from nicegui import Client, background_tasks
from nicegui.outbox import Outbox

from app.web.nicegui_code import StandIn, source


def _outbox_on_connect(create: Callable[..., Any], handshake: Callable[..., Any],
                       running: Iterable[Outbox] = ()) -> tuple[Any, Any]:
    started: weakref.WeakSet[Outbox] = weakref.WeakSet(running)  # pages made before: their task already runs

    def create_or_defer(awaitable: Any, *args: Any, name: str = "", **kwargs: Any) -> None:
        if name.startswith("outbox loop "):
            awaitable.close()  # started by the handshake below instead
            return
        create(awaitable, *args, name=name, **kwargs)

    @functools.wraps(handshake)
    async def handle_handshake(self: Client, *args: Any, **kwargs: Any) -> None:
        outbox = self.outbox
        if outbox not in started and not self.is_deleted:
            started.add(outbox)
            background_tasks.create(outbox.loop(), name=f"outbox loop {self.id}")
        await handshake(self, *args, **kwargs)

    handle_handshake.starts_outbox = True  # type: ignore[attr-defined]
    return create_or_defer, handle_handshake


class _OutboxTasks(StandIn):
    """`background_tasks` as the outbox module sees it: the same, except for `create_or_defer`."""

    def __init__(self, create_or_defer: Callable[..., Any]) -> None:
        super().__init__(background_tasks)
        self.create_or_defer = create_or_defer


def install() -> str | None:
    """Install (idempotent); returns why it does not fit: NiceGUI no longer starts the task in `Outbox.__init__`
    through `create_or_defer`, or no longer marks a connected browser in `Client.handle_handshake`."""
    outbox_module = inspect.getmodule(Outbox)
    if getattr(Client.handle_handshake, "starts_outbox", False):
        return None
    if outbox_module is None or getattr(outbox_module, "background_tasks", None) is not background_tasks:
        return "nicegui.outbox no longer uses background_tasks"
    if "create_or_defer(self.loop()" not in source(Outbox.__init__):
        return "Outbox.__init__ no longer starts its loop with create_or_defer"
    if "self.tab_id = tab_id" not in source(Client.handle_handshake):
        return "Client.handle_handshake no longer marks a connected browser"
    create_or_defer, handle_handshake = _outbox_on_connect(background_tasks.create_or_defer, Client.handle_handshake,
                                                           [client.outbox for client in Client.instances.values()])
    outbox_module.background_tasks = _OutboxTasks(create_or_defer)  # type: ignore[attr-defined]
    Client.handle_handshake = handle_handshake  # type: ignore[method-assign]
    return None
