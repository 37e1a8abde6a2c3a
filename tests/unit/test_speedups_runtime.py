"""Speed-ups of app/web/speedups: the remembered answer for "does this handler take arguments" is the same answer
NiceGUI would compute, the page escaping and the event loop; each says when NiceGUI's code no
longer fits it (the collector settings are tested in test_collector.py)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from nicegui import helpers
from nicegui.helpers import functions

from app.web.speedups import handler_signatures, page_escaping

pytestmark = pytest.mark.speedup


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
    handler_signatures.install()
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
    handler_signatures.install()
    assert helpers.expects_arguments is first


# --- escaping the page's element JSON ---------------------------------------------------------------------------

PAGE_TEXTS = ["", "plain ascii", "张伟 110101********1234", "<b>&amp;</b>", "`${alert(1)}`", "&lt;", "$$&&<<>>``",
              '混合 <a href="/x?a=1&b=2">链接</a> `code` $5', "\u2028\u2029\U0001f600 & <"]


@pytest.fixture
def page_json(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from nicegui import client

    monkeypatch.setattr(client, "json", client.json)  # restored afterwards
    page_escaping.install()
    page_escaping.install()  # idempotent: wraps once
    assert isinstance(client.json, page_escaping._PageJsonModule)
    assert not isinstance(client.json.real, page_escaping._PageJsonModule)
    return client


@pytest.mark.parametrize("text", PAGE_TEXTS)
def test_page_escaping_gives_what_translate_gives(page_json, text: str) -> None:
    dumped = page_json.json.dumps({"tag": "div", "text": text, "props": {"innerHTML": text}})
    expected = str.translate(str(dumped), page_json.HTML_ESCAPE_TABLE)
    assert dumped.translate(page_json.HTML_ESCAPE_TABLE) == expected
    assert page_json.json.loads(str(dumped))["text"] == text
    assert dumped.translate({ord("a"): "b"}) == str(dumped).translate({ord("a"): "b"})  # other tables: unchanged


def test_escape_order_puts_ampersand_first_and_refuses_unsafe_tables() -> None:
    order = page_escaping._sequential_escapes({ord("<"): "&lt;", ord("&"): "&amp;"})
    assert order == (("&", "&amp;"), ("<", "&lt;"))
    # "a" becoming "b" and then every "b" becoming "c" would turn "a" into "c": not what translate does
    assert page_escaping._sequential_escapes({ord("a"): "b", ord("b"): "c"}) is None


# --- NiceGUI's code no longer fits: each piece says so, and changes nothing -------------------------------------

def test_handler_signatures_say_when_nicegui_no_longer_asks_through_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers, "expects_arguments", functions.expects_arguments)
    monkeypatch.setattr(handler_signatures, "CALL", "not in NiceGUI's code")
    assert "expects_arguments" in (handler_signatures.install() or "")
    assert helpers.expects_arguments is functions.expects_arguments


def test_page_escaping_says_when_the_page_is_escaped_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import client

    real = client.json.real if isinstance(client.json, page_escaping._PageJsonModule) else client.json
    monkeypatch.setattr(client, "json", real)
    monkeypatch.setattr(page_escaping, "TRANSLATE", "not in NiceGUI's code")
    assert "HTML_ESCAPE_TABLE" in (page_escaping.install() or "")
    monkeypatch.setattr(client, "HTML_ESCAPE_TABLE", {ord("a"): "b", ord("b"): "c"})
    monkeypatch.setattr(page_escaping, "TRANSLATE", "elements.translate(HTML_ESCAPE_TABLE)")
    assert "one character after the other" in (page_escaping.install() or "")
    assert client.json is real
