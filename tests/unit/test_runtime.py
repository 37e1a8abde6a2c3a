"""The runtime tuning in app/runtime.py: the remembered answer for "does this handler take arguments"
is the same answer NiceGUI would compute, remembered props, the page escaping and the event loop (the
collector settings are tested in test_collector.py)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from nicegui import helpers
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


def test_the_app_runs_on_the_event_loop_that_takes_new_connections_at_once() -> None:
    from uvicorn.config import LOOP_FACTORIES

    from main import run_options
    from tests.conftest import make_settings

    options = run_options(make_settings("sqlite://"))
    assert options["loop"] == runtime.SERVER_LOOP == "asyncio"  # not uvloop: see app/runtime.py
    assert options["loop"] in LOOP_FACTORIES  # a loop uvicorn knows by that name
    assert (options["tailwind"], options["reload"], options["reconnect_timeout"]) == (False, False, 30)
