"""How the one server process keeps the cycle collector's pauses short under load (DESIGN.md §7);
`install` is called by `app.runtime.tune`.

Every page view builds a tree of elements full of reference cycles, so CPython's cycle collector
does the cleaning. With its defaults (a collection every 700 new objects, and a full collection,
which looks at every object, whenever the old generation has grown by a quarter) a busy server stops
for 100-300 ms at a time: measured with `wrk` on a bare NiceGUI page, single-connection p95 went from
3 ms to 190 ms.

- `gc.freeze()` once start-up is done moves the modules, settings and catalogues (hundreds of
  thousands of objects that live as long as the process) out of the collector's sight.
- A larger first-generation threshold collects young garbage in fewer, still small, passes. The middle
  generation is collected after every third one (CPython collects it once more than its threshold of 2
  young passes have run): it walks what the young passes kept (pages still in use), so after every 21st,
  under load, it stopped the server for 60-80 ms every 1.4 s; the same work in smaller parts stops it
  for under 20 ms.
- The full collection runs on a clock instead (every `FULL_COLLECTION_SECONDS`): a page lives at
  least as long as its browser stays connected (and 30 s after), so its memory is always freed by a
  full collection; on the clock that happens often enough to keep memory flat over 1,000 page views,
  and never several times a second under load.

Pages nobody opened: NiceGUI keeps a page whose browser never connected its websocket for 60 s
(prefetches, crawlers, a tab closed at once, a flood of requests). Under a flood those pages are most of
the heap, and every full collection walks them all. They are let go after
`UNCONNECTED_PAGE_SECONDS` instead, as long as a disconnected page is kept for its browser to come
back (`reconnect_timeout`). A browser that connects later still is told to reload the page. Every
waiting page costs the full collection about 0.5 ms to walk, so under a flood 2,000 of them stopped the
server for a second; beyond `MOST_UNCONNECTED_PAGES` the oldest are let go as well. 300 is 15 s of
pages at 20 a second, more than a phone on a slow network needs to connect.

Removed elements: an element's props, classes and style each keep their own bound method as their change
handler, a reference cycle that outlives the element. A removed page left about 470 objects per page (of a
home page's 24 elements) that only a full collection could free, at about 0.6 ms a page. The handlers of
removed elements are dropped as they are removed, so reference counting frees the page at once and the full
collection only walks what is still in use. Likewise a deleted page forgets its connect, disconnect and
delete handlers: page code such as the e-card's code display keeps its page and is registered as one of
them, a cycle that kept about 250 objects per e-card page for the full collection (230,000 objects and
a 600 ms stop after a minute of load)."""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable, Iterable
from typing import Any

from nicegui import Client, app

log = logging.getLogger("family_ecard.collector")

# young objects between collections; the middle generation after more than 2 of those; the oldest on the clock
GC_THRESHOLDS = (10_000, 2, 1_000_000)
FULL_COLLECTION_SECONDS = 10.0
UNCONNECTED_PAGE_SECONDS = 30.0
MOST_UNCONNECTED_PAGES = 300
PRUNE_EVERY_SECONDS = 1.0


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def _collect_all() -> None:
    gc.collect()


def tune_garbage_collection() -> None:
    """Call before `ui.run`: sets the thresholds now, freezes what start-up built, and starts the clock
    for full collections."""
    gc.set_threshold(*GC_THRESHOLDS)
    app.on_startup(_freeze)
    app.timer(FULL_COLLECTION_SECONDS, _collect_all)


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


def install() -> None:
    """Everything above; call before `ui.run`."""
    tune_garbage_collection()
    prune_unconnected_pages()
    free_removed_elements()
