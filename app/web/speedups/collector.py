"""Keeps the cycle collector's pauses short under load: its thresholds, full collections on a clock, pages whose
browser never connected let go sooner, and removed elements and deleted pages freed without it."""

from __future__ import annotations

import functools
import gc
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from nicegui import Client, app

from app.web.nicegui_code import source

log = logging.getLogger("family_ecard.collector")

# young objects between collections; the middle generation after more than 2 of those; the oldest on the clock
GC_THRESHOLDS = (10_000, 2, 1_000_000)
FULL_COLLECTION_SECONDS = 10.0  # full collections at least this far apart,
FULL_COLLECTION_SHARE = 0.01  # and far enough apart that they stop the server at most this share of the time
CLOCK_TICK_SECONDS = 1.0
UNCONNECTED_PAGE_SECONDS = 30.0
MOST_UNCONNECTED_PAGES = 300
PRUNE_EVERY_SECONDS = 1.0


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def full_collections(clock: Callable[[], float] | None = None) -> Callable[[], None]:
    """The clock's tick: a full collection when one is due. A full collection walks every object alive, so the more
    pages are connected the longer it stops the server; the next one is then put off so that they take at most
    `FULL_COLLECTION_SHARE` of the time."""
    clock = clock or time.monotonic
    due = clock() + FULL_COLLECTION_SECONDS

    def tick() -> None:
        nonlocal due
        start = clock()
        if start < due:
            return
        gc.collect()
        end = clock()
        due = end + max(FULL_COLLECTION_SECONDS, (end - start) / FULL_COLLECTION_SHARE)

    return tick


def tune_garbage_collection() -> None:
    """Call before `ui.run`: sets the thresholds now, freezes what start-up built, and starts the clock
    for full collections."""
    gc.set_threshold(*GC_THRESHOLDS)
    app.on_startup(_freeze)
    app.timer(CLOCK_TICK_SECONDS, full_collections())


def _waiting(client: Client) -> bool:
    """The page's browser has not connected (NiceGUI's own test when it prunes): not one whose browser lost
    the connection and may come back, which has a delete task waiting for `reconnect_timeout`."""
    return not client.has_socket_connection and not client._delete_tasks


def _prune() -> None:
    Client.prune_instances(client_age_threshold=UNCONNECTED_PAGE_SECONDS)
    waiting = sorted((client for client in Client.instances.values() if _waiting(client)), key=lambda c: c.created)
    for client in waiting[:max(0, len(waiting) - MOST_UNCONNECTED_PAGES)]:  # the oldest first
        try:
            client.delete()
        except Exception:  # as NiceGUI's own pruning: one page that fails to go must not keep the others
            log.exception("Error while letting go of a waiting page")


def prune_unconnected_pages() -> None:
    """Let go of pages whose browser has not connected within `UNCONNECTED_PAGE_SECONDS`, and of the oldest
    such pages beyond `MOST_UNCONNECTED_PAGES`."""
    app.timer(PRUNE_EVERY_SECONDS, _prune)


OBSERVED = ("_props", "_classes", "_style")


def _freeing_observed(remove: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(remove)
    def remove_elements(self: Client, elements: Iterable[Any]) -> None:
        removed = list(elements)
        remove(self, removed)
        for element in removed:
            for name in OBSERVED:
                handlers = getattr(getattr(element, name, None), "_change_handlers", None)
                if isinstance(handlers, list):
                    handlers.clear()  # the element is gone: nothing to tell it any more

    remove_elements.freeing = True  # type: ignore[attr-defined]
    return remove_elements


HANDLER_LISTS = ("connect_handlers", "disconnect_handlers", "delete_handlers", "_exception_handlers")


def _forgetting_handlers(delete: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(delete)
    def delete_client(self: Client) -> None:
        try:
            delete(self)
        finally:
            for name in HANDLER_LISTS:
                handlers = getattr(self, name, None)
                if isinstance(handlers, list):
                    handlers.clear()  # the page is gone: its handlers (bound to the page's objects) never run again

    delete_client.freeing = True  # type: ignore[attr-defined]
    return delete_client


def free_removed_elements() -> None:
    """Removed elements (a page let go, a container cleared) and deleted pages are freed without the cycle
    collector."""
    if not getattr(Client.remove_elements, "freeing", False):  # installed once
        Client.remove_elements = _freeing_observed(Client.remove_elements)  # type: ignore[method-assign]
    if not getattr(Client.delete, "freeing", False):
        Client.delete = _forgetting_handlers(Client.delete)  # type: ignore[method-assign]


def does_not_fit() -> str | None:
    """Why NiceGUI's pages no longer fit what is above, or None."""
    if "client_age_threshold" not in source(Client.prune_instances):
        return "Client.prune_instances(client_age_threshold=...) has changed"
    if "self._delete_tasks" not in source(Client.__init__):
        return "Client no longer keeps its _delete_tasks"
    if not all(callable(getattr(Client, name, None)) for name in ("remove_elements", "delete")):
        return "Client.remove_elements or Client.delete is gone"
    return None


def install() -> str | None:
    """Everything above (call before `ui.run`); returns why it does not fit."""
    problem = does_not_fit()
    if problem:
        return problem
    tune_garbage_collection()
    prune_unconnected_pages()
    free_removed_elements()
    return None
