"""Every event a page's browser sends passes the page's guard before its handler runs (DESIGN.md §5): a page
left open after its login ended acts no more, with one check for every handler instead of one in each.

NiceGUI runs each element event through `events.handle_event(listener.handler, arguments)`, and so does its
simulated `User` in tests. The guard wraps that entry point: when the page (`arguments.client`) has a guard and
it says no, the handler is not called. Handlers NiceGUI calls by themselves (a value set on the server, a
timer) do not come from the browser and are not checked."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from nicegui import Client, events, storage
from nicegui.element import Element

_GUARD = "_fec_event_guard"  # on a Client: its guard


def guard(client: Client, check: Callable[[], bool]) -> None:
    """From now on, events of `client`'s page run only while `check()` is true (it runs inside the page, so it
    may navigate elsewhere when it says no)."""
    client.__dict__[_GUARD] = check


def allowed(client: Client | None) -> bool:
    check = client.__dict__.get(_GUARD) if client is not None else None
    if check is None:
        return True
    with client:  # type: ignore[union-attr]
        return bool(check())


def _guarded(handle_event: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(handle_event)
    def handle(handler: Any, arguments: Any, *args: Any, **kwargs: Any) -> None:
        if handler is not None and isinstance(arguments, events.UiEventArguments):
            page = arguments.client
            # The page's own request is the context of its events (the session storage is that browser's), also
            # where NiceGUI's simulated user calls this without setting it.
            if page is not None and getattr(page, "request", None) is not None:
                storage.request_contextvar.set(page.request)
            if not allowed(page):
                return
        handle_event(handler, arguments, *args, **kwargs)

    handle.guards = True  # type: ignore[attr-defined]
    return handle


def install() -> str | None:
    """Wrap NiceGUI's event entry point (idempotent); returns why it does not fit, or None."""
    current = events.handle_event
    if getattr(current, "guards", False):
        return None
    if list(inspect.signature(current).parameters)[:2] != ["handler", "arguments"]:
        return "events.handle_event(handler, arguments) has changed"
    if "events.handle_event(listener.handler" not in inspect.getsource(Element._handle_event):
        return "Element._handle_event no longer calls events.handle_event"
    events.handle_event = _guarded(current)  # type: ignore[assignment]
    return None
