"""A page the browser has left for good (`assets/app.js` sends `fec_leaving` on `pagehide`) is let go at once
instead of being kept `reconnect_timeout` for a return; a lost connection is still kept."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable

from nicegui import Client, core
from nicegui.page import page

from app.web.nicegui_code import source

EVENT = "fec_leaving"
_MARK = "_leaving_sockets"  # on a Client: the ids of its sockets whose browser said it is leaving
# set while NiceGUI handles such a socket's disconnect; the deletion task it starts copies it
_LEFT = contextvars.ContextVar("page_left", default=False)
DELETION = ("self.page.resolve_reconnect_timeout()", "background_tasks.create(delete_content()")


def mark_leaving(sid: str, *_: object) -> None:
    """The browser behind socket `sid` is leaving its page."""
    for room in core.sio.rooms(sid):  # the handshake put the socket in a room named after its client
        if (client := Client.instances.get(room)) is not None:
            client.__dict__.setdefault(_MARK, set()).add(sid)


def _letting_go(handle_disconnect: Callable[[Client, str], None]) -> Callable[[Client, str], None]:
    @functools.wraps(handle_disconnect)
    def handle(self: Client, socket_id: str) -> None:
        leaving = self.__dict__.get(_MARK, set())
        left = socket_id in leaving
        leaving.discard(socket_id)
        token = _LEFT.set(left)
        try:
            handle_disconnect(self, socket_id)
        finally:
            _LEFT.reset(token)

    handle.lets_go = True  # type: ignore[attr-defined]
    return handle


def _no_wait_when_left(resolve: Callable[[page], float]) -> Callable[[page], float]:
    @functools.wraps(resolve)
    def resolve_reconnect_timeout(self: page) -> float:
        return 0.0 if _LEFT.get() else resolve(self)

    resolve_reconnect_timeout.lets_go = True  # type: ignore[attr-defined]
    return resolve_reconnect_timeout


def install() -> str | None:
    """Listen for `fec_leaving` and let such pages go at once (idempotent); returns why it does not fit (NiceGUI no
    longer waits for the reconnect timeout in a task started by `Client.handle_disconnect`)."""
    if getattr(Client.handle_disconnect, "lets_go", False):
        return None
    disconnect = source(Client.handle_disconnect)
    if not all(line in disconnect for line in DELETION):
        return "Client.handle_disconnect no longer waits resolve_reconnect_timeout() in a task before deleting"
    page.resolve_reconnect_timeout = _no_wait_when_left(page.resolve_reconnect_timeout)  # type: ignore[method-assign]
    Client.handle_disconnect = _letting_go(Client.handle_disconnect)  # type: ignore[method-assign]
    core.sio.on(EVENT, mark_leaving)
    return None
