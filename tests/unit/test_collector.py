"""The collector settings (app/web/speedups/collector.py):
thresholds and the clock, pages whose browser never connected,
and removed elements and deleted pages freed by reference counting, without the cycle collector."""

from __future__ import annotations

import contextlib
import gc
import inspect
import time
import weakref
from collections.abc import Iterator

import pytest
from nicegui import app

from app.web.speedups import collector

pytestmark = pytest.mark.speedup


def test_garbage_collection_thresholds_freeze_and_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    started: list[object] = []
    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "on_startup", started.append)
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))
    try:
        collector.tune_garbage_collection()
        assert gc.get_threshold() == collector.GC_THRESHOLDS
        assert collector.GC_THRESHOLDS[2] >= 100_000  # the oldest generation is left to the clock
        assert len(started) == 1
        started[0]()  # type: ignore[operator]  # what runs once the server has started
        assert gc.get_freeze_count() > 0
        assert [interval for interval, _ in clocks] == [collector.CLOCK_TICK_SECONDS]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_clock_frees_cycles_the_thresholds_leave(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the clock's full collection is for: a cycle that reached the oldest generation is freed."""
    before = gc.get_threshold()
    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "on_startup", lambda _: None)
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))

    class Page:
        pass

    now = [0.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: now[0])
    try:
        collector.tune_garbage_collection()
        page = Page()
        page.me = page  # type: ignore[attr-defined]  # a cycle, like an element tree and its client
        watcher = weakref.ref(page)
        gc.collect(1)  # survives the younger collections into the oldest generation
        gc.collect(1)
        del page
        gc.collect(1)  # the younger generations' collections do not look at it
        assert watcher() is not None
        now[0] = collector.FULL_COLLECTION_SECONDS - 0.5
        clocks[0][1]()  # type: ignore[operator]  # not due yet
        assert watcher() is not None
        now[0] = collector.FULL_COLLECTION_SECONDS
        clocks[0][1]()  # type: ignore[operator]
        assert watcher() is None
    finally:
        gc.set_threshold(*before)


def test_a_long_full_collection_puts_the_next_one_off() -> None:
    """Full collections stop the server at most FULL_COLLECTION_SHARE of the time: one that took 0.3 s (many people
    connected) is followed by the next after 30 s, not 10."""
    now, collections = [0.0], []

    def clock() -> float:
        return now[0]

    original = gc.collect
    tick = collector.full_collections(clock)
    try:
        gc.collect = lambda *_: collections.append(now[0]) or now.__setitem__(0, now[0] + 0.3) or 0  # type: ignore[assignment]
        for second in range(0, 80):
            now[0] = max(now[0], float(second))
            tick()
    finally:
        gc.collect = original  # type: ignore[assignment]
    assert collections == [10.0, 41.0, 72.0]  # each took 0.3 s: due 0.3 / 0.01 = 30 s after it ended
    now[0] = 0.0
    short = collector.full_collections(clock)
    gc_calls: list[float] = []
    gc.collect = lambda *_: gc_calls.append(now[0]) or 0  # type: ignore[assignment]
    try:
        for second in range(0, 35):
            now[0] = float(second)
            short()
    finally:
        gc.collect = original  # type: ignore[assignment]
    assert gc_calls == [10.0, 20.0, 30.0]  # quick ones keep the 10 s clock


# --- pages nobody opened ------------------------------------------------------------------------------------------


def test_pages_whose_browser_never_connected_go_after_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client
    from nicegui.page import page

    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))
    collector.prune_unconnected_pages()
    [(interval, prune)] = clocks
    assert interval == collector.PRUNE_EVERY_SECONDS

    now = 1_000_000.0
    monkeypatch.setattr("nicegui.client.time.time", lambda: now)
    old, young, connected = (Client(page("/prune-test"), request=None) for _ in range(3))
    old.created = now - collector.UNCONNECTED_PAGE_SECONDS - 1
    young.created = now - collector.UNCONNECTED_PAGE_SECONDS + 5
    connected.created = old.created
    connected.tab_id = "tab"  # its browser is connected
    try:
        prune()  # type: ignore[operator]
        assert old.is_deleted
        assert not young.is_deleted and not connected.is_deleted
        assert collector.UNCONNECTED_PAGE_SECONDS < 60  # sooner than NiceGUI's own minute
    finally:
        for client in (young, connected):
            client.tab_id = None
            client.delete()


def test_beyond_the_most_waiting_pages_the_oldest_go(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client
    from nicegui.page import page

    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))
    monkeypatch.setattr(collector, "MOST_UNCONNECTED_PAGES", 3)
    collector.prune_unconnected_pages()
    [(_, prune)] = clocks
    soon = time.time() + 60  # newer than any page another test left behind
    waiting = [Client(page("/most-test"), request=None) for _ in range(5)]
    for order, client in enumerate(waiting):
        client.created = soon + order
    connected = Client(page("/most-test"), request=None)
    connected.created, connected.tab_id = soon - 2, "tab"  # older, but its browser is connected
    coming_back = Client(page("/most-test"), request=None)
    coming_back.created = soon - 1  # older, but its browser lost the connection and may come back
    coming_back._delete_tasks["tab"] = object()  # type: ignore[index,assignment]
    failing = waiting[0]
    monkeypatch.setattr(failing, "delete", lambda: 1 / 0)  # one page that fails to go keeps no other
    try:
        prune()  # type: ignore[operator]
        assert [client.is_deleted for client in waiting] == [False, True, False, False, False]
        assert not connected.is_deleted and not coming_back.is_deleted
    finally:
        connected.tab_id = None
        coming_back._delete_tasks.clear()
        monkeypatch.undo()
        for client in [failing, *waiting[2:], connected, coming_back]:
            client.delete()


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Only reference counting frees anything in here."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _observed_of_a_removed_label(remove_elements: object, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Remove a page with one label while the cycle collector is off; what is left of the label's props,
    classes and style (nothing, once reference counting has freed them)."""
    from nicegui import Client, ui
    from nicegui.page import page

    monkeypatch.setattr(Client, "remove_elements", remove_elements)
    with _collector_off():
        client = Client(page("/free-test"), request=None)
        with client:
            label = ui.label("Hello")
        observed = [weakref.ref(getattr(label, name)) for name in collector.OBSERVED]
        client.delete()
        del label
        return [ref() for ref in observed if ref() is not None]


def test_a_removed_element_is_freed_without_the_cycle_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    assert _observed_of_a_removed_label(collector._freeing_observed(inspect.unwrap(Client.remove_elements)),
                                        monkeypatch) == []


def test_nicegui_alone_leaves_a_removed_element_to_the_cycle_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    # If this ever fails, NiceGUI frees removed elements itself and `free_removed_elements` can go.
    left = _observed_of_a_removed_label(inspect.unwrap(Client.remove_elements), monkeypatch)
    assert len(left) == len(collector.OBSERVED)


class _Display:
    """Page code that keeps its page and is told when the browser connects (as the e-card's code display is)."""

    def __init__(self, client: object) -> None:
        self.client = client
        client.on_connect(self.connected)  # type: ignore[attr-defined]

    def connected(self) -> None: ...


def _display_of_a_deleted_page(delete: object, monkeypatch: pytest.MonkeyPatch) -> object | None:
    """Delete a page whose code registered a handler, with the cycle collector off; what is left of that code."""
    from nicegui import Client
    from nicegui.page import page

    monkeypatch.setattr(Client, "delete", delete)
    with _collector_off():
        client = Client(page("/handlers-test"), request=None)
        display = weakref.ref(_Display(client))
        client.delete()
        del client
        return display()


def test_a_deleted_page_forgets_its_handlers_and_is_freed_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    forgetting = collector._forgetting_handlers(inspect.unwrap(Client.delete))
    assert _display_of_a_deleted_page(forgetting, monkeypatch) is None
    assert _display_of_a_deleted_page(inspect.unwrap(Client.delete), monkeypatch) is not None  # NiceGUI alone


def test_freeing_removed_elements_is_installed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    monkeypatch.setattr(Client, "remove_elements", inspect.unwrap(Client.remove_elements))
    monkeypatch.setattr(Client, "delete", inspect.unwrap(Client.delete))
    collector.free_removed_elements()
    installed = Client.remove_elements, Client.delete
    collector.free_removed_elements()
    assert (Client.remove_elements, Client.delete) == installed
    assert all(inspect.unwrap(method) is not method for method in installed)
