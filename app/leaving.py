"""A page the browser has left is let go at once (DESIGN.md §7); `runtime.tune` calls `install`.

When a page's connection closes, NiceGUI keeps the page for `reconnect_timeout` (30 s, `main.py`), so that a
phone that lost its network for a moment comes back to the same page, with what was typed in it. But most
connections close because the person went on: a link, a reload, the tab closed. Those pages were kept 30 s
as well: at ten page views a second, 300 pages nobody can come back to, most of the server's memory for pages
and most of what each full collection walks.

- **The browser says so.** `assets/app.js` sends `fec_leaving` over the page's own connection when the page
  is hidden for good (`pagehide`, not kept in the back-forward cache). It goes out before the connection
  closes, on the same connection, after everything the person did on the page.
- **The page goes at once.** When that connection then closes, NiceGUI's own deletion runs with no wait:
  the same steps (delete handlers, such as a form's last save, then the page's elements and its tab
  storage), only without the 30 s. A connection that closes without the message (a lost network, a phone
  asleep) is kept for `reconnect_timeout` as before.
- **How.** NiceGUI's disconnect handling starts a task that waits `page.resolve_reconnect_timeout()` and then
  deletes the page. While it handles a socket that said it is leaving, a context variable is set; the task
  copies it as it is started, and the timeout it asks for is then 0. Nothing of NiceGUI's deletion is copied
  here, so its checks (a browser that reconnected in between keeps its page) still hold.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable

from nicegui import Client, core
from nicegui.page import page

from app import asgi

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


def install() -> None:
    """Listen for `fec_leaving` and let such pages go at once (idempotent; skipped if NiceGUI no longer
    waits for the reconnect timeout in a task started by `Client.handle_disconnect`)."""
    if getattr(Client.handle_disconnect, "lets_go", False):
        return
    source = asgi.source(Client.handle_disconnect)
    if not all(line in source for line in DELETION):
        return
    page.resolve_reconnect_timeout = _no_wait_when_left(page.resolve_reconnect_timeout)  # type: ignore[method-assign]
    Client.handle_disconnect = _letting_go(Client.handle_disconnect)  # type: ignore[method-assign]
    core.sio.on(EVENT, mark_leaving)
