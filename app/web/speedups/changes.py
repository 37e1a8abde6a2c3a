"""An element's props, classes and style call their one handler directly instead of through NiceGUI's general
event dispatch, and queue no update before the page's response is built (the response sends the whole page)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from nicegui import Client, core
from nicegui.classes import Classes
from nicegui.element import Element
from nicegui.observables import ObservableCollection
from nicegui.outbox import Outbox
from nicegui.props import Props
from nicegui.style import Style

from app.web.nicegui_code import source

OWNED = (Props, Classes, Style)
NICEGUI_ENQUEUE_UPDATE = Outbox.enqueue_update  # as NiceGUI defines it (this module is imported before `install`)
GENERAL_DISPATCH = "events.handle_event(handler, events.ObservableChangeEventArguments(sender=self)"
RESPONSE_FORGETS_UPDATES = "self.outbox.updates.clear()"


def _direct(general: Callable[[Any], None]) -> Callable[[Any], None]:
    def handle_change(self: Any) -> None:
        handlers = self._change_handlers
        if (len(handlers) != 1 or handlers[0][1] or handlers[0][0] != self._update
                or self._observer_refs or self._parent_ref is not None):
            general(self)
            return
        self.last_modified = time.time()
        try:
            self._update()
        except Exception as error:
            core.app.handle_exception(error)

    handle_change.direct = True  # type: ignore[attr-defined]
    return handle_change


def call_change_handlers_directly() -> str | None:
    """Install the direct handler on props, classes and style (idempotent); returns why it does not fit (NiceGUI
    no longer dispatches changes through events.handle_event to one handler)."""
    general = ObservableCollection._handle_change
    if all(getattr(owned.__dict__.get("_handle_change"), "direct", False) for owned in OWNED):
        return None
    if GENERAL_DISPATCH not in source(general):
        return "ObservableCollection._handle_change no longer dispatches through events.handle_event"
    direct = _direct(general)
    for owned in OWNED:
        if not getattr(owned.__dict__.get("_handle_change"), "direct", False):
            owned._handle_change = direct  # type: ignore[method-assign]
    return None


def _after_response(enqueue: Callable[[Outbox, Element], None]) -> Callable[[Outbox, Element], None]:
    def enqueue_update(self: Outbox, element: Element) -> None:
        client = self._client()
        # the response will carry it (while the client itself is made, it has no such attribute yet)
        if client is not None and not client.is_deleted and not getattr(client, "_response_built", False):
            return
        enqueue(self, element)

    enqueue_update.after_response = True  # type: ignore[attr-defined]
    return enqueue_update


def update_after_response_only() -> str | None:
    """Install the skipped updates (idempotent); returns why it does not fit (NiceGUI's response no longer forgets
    the queued updates or no longer marks a client whose response is built)."""
    if getattr(Outbox.enqueue_update, "after_response", False):
        return None
    built = source(Client.build_response)
    if RESPONSE_FORGETS_UPDATES not in built or "self._response_built = True" not in built:
        return "Client.build_response no longer forgets the queued updates and marks the response built"
    Outbox.enqueue_update = _after_response(Outbox.enqueue_update)  # type: ignore[method-assign]
    return None


def install() -> str | None:
    """Both of the above; returns why either does not fit."""
    problems = [problem for problem in (call_change_handlers_directly(), update_after_response_only()) if problem]
    return "; ".join(problems) or None
