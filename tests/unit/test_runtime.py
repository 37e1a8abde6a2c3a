"""The runtime tuning in app/runtime.py: the remembered answer for "does this handler take arguments"
is the same answer NiceGUI would compute, and the collector settings are what the module says."""

from __future__ import annotations

import functools
import gc
import inspect
import time
import weakref
from collections.abc import Iterator

import pytest
from nicegui import app, helpers
from nicegui.helpers import functions

from app import runtime


class Widget:
    def changed(self) -> None: ...

    def changed_with(self, event: object) -> None: ...

    def changed_optionally(self, event: object = None) -> None: ...


def plain(event: object) -> None: ...


@pytest.fixture
def remembering(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """The remembering version installed (undone afterwards); yields every callable actually inspected."""
    inspected: list[object] = []

    def counting(func):  # type: ignore[no-untyped-def]
        inspected.append(func)
        return functions.expects_arguments(func)

    monkeypatch.setattr(helpers, "expects_arguments", counting)
    runtime.remember_handler_signatures()
    yield inspected


HANDLERS = [
    Widget().changed, Widget().changed_with, Widget().changed_optionally, plain, lambda: None, lambda e: None,
    functools.partial(plain), functools.partial(plain, 1), print,
]


@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: getattr(h, "__name__", type(h).__name__))
def test_the_answer_is_the_one_nicegui_computes(remembering: list[object], handler: object) -> None:
    expected = functions.expects_arguments(handler)  # type: ignore[arg-type]
    assert helpers.expects_arguments(handler) is expected  # type: ignore[arg-type]
    assert helpers.expects_arguments(handler) is expected  # type: ignore[arg-type]  # remembered or not, the same


def test_bound_methods_are_inspected_once_per_function(remembering: list[object]) -> None:
    widgets = [Widget() for _ in range(50)]
    assert all(helpers.expects_arguments(w.changed_with) for w in widgets)
    assert not any(helpers.expects_arguments(w.changed) for w in widgets)
    assert len(remembering) == 2  # one per function, not one per element


def test_other_callables_are_inspected_every_time(remembering: list[object]) -> None:
    handlers = [lambda e: None for _ in range(5)]
    assert all(helpers.expects_arguments(h) for h in handlers)
    assert len(remembering) == 5  # a lambda per element would otherwise be kept for ever


def test_installing_twice_wraps_once(remembering: list[object]) -> None:
    first = helpers.expects_arguments
    runtime.remember_handler_signatures()
    assert helpers.expects_arguments is first


def test_garbage_collection_thresholds_freeze_and_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_threshold()
    started: list[object] = []
    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "on_startup", started.append)
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))
    try:
        runtime.tune_garbage_collection()
        assert gc.get_threshold() == runtime.GC_THRESHOLDS
        assert runtime.GC_THRESHOLDS[2] >= 100_000  # the oldest generation is left to the clock
        assert len(started) == 1
        started[0]()  # type: ignore[operator]  # what runs once the server has started
        assert gc.get_freeze_count() > 0
        assert [interval for interval, _ in clocks] == [runtime.FULL_COLLECTION_SECONDS]
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

    try:
        runtime.tune_garbage_collection()
        page = Page()
        page.me = page  # type: ignore[attr-defined]  # a cycle, like an element tree and its client
        watcher = weakref.ref(page)
        gc.collect(1)  # survives the younger collections into the oldest generation
        gc.collect(1)
        del page
        gc.collect(1)  # the younger generations' collections do not look at it
        assert watcher() is not None
        clocks[0][1]()  # type: ignore[operator]
        assert watcher() is None
    finally:
        gc.set_threshold(*before)


# --- escaping the page's element JSON ---------------------------------------------------------------------------

PAGE_TEXTS = ["", "plain ascii", "张伟 110101********1234", "<b>&amp;</b>", "`${alert(1)}`", "&lt;", "$$&&<<>>``",
              '混合 <a href="/x?a=1&b=2">链接</a> `code` $5', "\u2028\u2029\U0001f600 & <"]


@pytest.fixture
def page_json(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from nicegui import client

    monkeypatch.setattr(client, "json", client.json)  # restored afterwards
    runtime.escape_pages_by_replace()
    runtime.escape_pages_by_replace()  # idempotent: wraps once
    assert isinstance(client.json, runtime._PageJsonModule)
    assert not isinstance(client.json.real, runtime._PageJsonModule)
    return client


@pytest.mark.parametrize("text", PAGE_TEXTS)
def test_page_escaping_gives_what_translate_gives(page_json, text: str) -> None:
    dumped = page_json.json.dumps({"tag": "div", "text": text, "props": {"innerHTML": text}})
    expected = str.translate(str(dumped), page_json.HTML_ESCAPE_TABLE)
    assert dumped.translate(page_json.HTML_ESCAPE_TABLE) == expected
    assert page_json.json.loads(str(dumped))["text"] == text
    assert dumped.translate({ord("a"): "b"}) == str(dumped).translate({ord("a"): "b"})  # other tables: unchanged


def test_escape_order_puts_ampersand_first_and_refuses_unsafe_tables() -> None:
    order = runtime._sequential_escapes({ord("<"): "&lt;", ord("&"): "&amp;"})
    assert order == (("&", "&amp;"), ("<", "&lt;"))
    # "a" becoming "b" and then every "b" becoming "c" would turn "a" into "c": not what translate does
    assert runtime._sequential_escapes({ord("a"): "b", ord("b"): "c"}) is None


# --- remembered props -------------------------------------------------------------------------------------------

PROPS_TEXTS = ["flat no-caps", 'aria-label="Text size" aria-haspopup="dialog"', "outline color=negative no-caps",
               "tabindex=-1 dense", "a='single quoted' b=\"double \\\"escaped\\\"\"", 'aria-label="解绑 张伟"',
               "options=[1,2] config={'a': 1}", "", None]


@pytest.fixture
def remembered_props(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from nicegui.props import Props

    original = Props.__dict__["parse"]
    monkeypatch.setattr(Props, "parse", original)  # restored afterwards
    runtime.remember_parsed_props()
    runtime.remember_parsed_props()  # idempotent
    assert Props.parse is not original.__func__
    return original.__func__


@pytest.mark.parametrize("text", PROPS_TEXTS)
def test_remembered_props_are_what_nicegui_parses(remembered_props, text) -> None:
    from nicegui.props import Props

    assert Props.parse(text) == remembered_props(text)
    assert Props.parse(text) == remembered_props(text)  # the second time, from memory


def test_remembered_props_are_fresh_dicts_and_mutable_values_are_never_shared(remembered_props) -> None:
    from nicegui.props import Props

    first = Props.parse("flat options=[1,2]")
    first["options"].append(3)
    first["flat"] = False
    assert Props.parse("flat options=[1,2]") == {"flat": True, "options": [1, 2]}
    plain = Props.parse("flat no-caps")
    plain["extra"] = True
    assert Props.parse("flat no-caps") == {"flat": True, "no-caps": True}


def test_element_props_from_memory_reach_the_element(remembered_props) -> None:
    from nicegui import Client, ui
    from nicegui.page import page

    with Client(page("/props-test"), request=None):
        one = ui.button("One").props('flat aria-label="First"')
        two = ui.button("Two").props('flat aria-label="First"')
        two.props["aria-label"] = "Second"
        assert (one.props["aria-label"], one.props["flat"]) == ("First", True)
        assert two.props["aria-label"] == "Second"


# --- pages nobody opened ------------------------------------------------------------------------------------------


def test_pages_whose_browser_never_connected_go_after_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client
    from nicegui.page import page

    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))
    runtime.prune_unconnected_pages()
    [(interval, prune)] = clocks
    assert interval == runtime.PRUNE_EVERY_SECONDS

    now = 1_000_000.0
    monkeypatch.setattr("nicegui.client.time.time", lambda: now)
    old, young, connected = (Client(page("/prune-test"), request=None) for _ in range(3))
    old.created = now - runtime.UNCONNECTED_PAGE_SECONDS - 1
    young.created = now - runtime.UNCONNECTED_PAGE_SECONDS + 5
    connected.created = old.created
    connected.tab_id = "tab"  # its browser is connected
    try:
        prune()  # type: ignore[operator]
        assert old.is_deleted
        assert not young.is_deleted and not connected.is_deleted
        assert runtime.UNCONNECTED_PAGE_SECONDS < 60  # sooner than NiceGUI's own minute
    finally:
        for client in (young, connected):
            client.tab_id = None
            client.delete()


def test_beyond_the_most_waiting_pages_the_oldest_go(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client
    from nicegui.page import page

    clocks: list[tuple[float, object]] = []
    monkeypatch.setattr(app, "timer", lambda interval, callback: clocks.append((interval, callback)))
    monkeypatch.setattr(runtime, "MOST_UNCONNECTED_PAGES", 3)
    runtime.prune_unconnected_pages()
    [(_, prune)] = clocks
    soon = time.time() + 60  # newer than any page another test left behind
    waiting = [Client(page("/most-test"), request=None) for _ in range(5)]
    for order, client in enumerate(waiting):
        client.created = soon + order
    connected = Client(page("/most-test"), request=None)
    connected.created, connected.tab_id = soon - 1, "tab"  # the oldest, but its browser is connected
    try:
        prune()  # type: ignore[operator]
        assert [client.is_deleted for client in waiting] == [True, True, False, False, False]
        assert not connected.is_deleted
    finally:
        connected.tab_id = None
        for client in [*waiting[2:], connected]:
            client.delete()


def _observed_of_a_removed_label(remove_elements: object, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Remove a page with one label while the cycle collector is off; what is left of the label's props,
    classes and style (nothing, once reference counting has freed them)."""
    from nicegui import Client, ui
    from nicegui.page import page

    monkeypatch.setattr(Client, "remove_elements", remove_elements)
    gc.collect()
    gc.disable()
    try:
        client = Client(page("/free-test"), request=None)
        with client:
            label = ui.label("Hello")
        observed = [weakref.ref(getattr(label, name)) for name in runtime.OBSERVED]
        client.delete()
        del label
        return [ref() for ref in observed if ref() is not None]
    finally:
        gc.enable()


def test_a_removed_element_is_freed_without_the_cycle_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    assert _observed_of_a_removed_label(runtime._freeing_observed(inspect.unwrap(Client.remove_elements)),
                                        monkeypatch) == []


def test_nicegui_alone_leaves_a_removed_element_to_the_cycle_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    # If this ever fails, NiceGUI frees removed elements itself and `free_removed_elements` can go.
    left = _observed_of_a_removed_label(inspect.unwrap(Client.remove_elements), monkeypatch)
    assert len(left) == len(runtime.OBSERVED)


def test_freeing_removed_elements_is_installed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import Client

    monkeypatch.setattr(Client, "remove_elements", inspect.unwrap(Client.remove_elements))
    runtime.free_removed_elements()
    installed = Client.remove_elements
    runtime.free_removed_elements()
    assert Client.remove_elements is installed and inspect.unwrap(installed) is not installed


def test_the_app_runs_on_the_event_loop_that_takes_new_connections_at_once() -> None:
    from uvicorn.config import LOOP_FACTORIES

    from main import run_options
    from tests.conftest import make_settings

    options = run_options(make_settings("sqlite://"))
    assert options["loop"] == runtime.SERVER_LOOP == "asyncio"  # not uvloop: see app/runtime.py
    assert options["loop"] in LOOP_FACTORIES  # a loop uvicorn knows by that name
    assert (options["tailwind"], options["reload"], options["reconnect_timeout"]) == (False, False, 30)
