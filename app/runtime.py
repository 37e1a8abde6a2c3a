"""How the one server process keeps page views cheap under load (DESIGN.md §7). What keeps the cycle
collector's pauses short (its settings, pages nobody opened, freeing removed pages) is in
`app/collector.py`, what an element's changes cost while its page is made in `app/changes.py`, letting a
page the browser has left go at once in `app/leaving.py`; `tune` installs all of them.

Element creation: NiceGUI 3.18 asks `inspect.signature` whether a change handler takes arguments
three times for every element it makes (its props, classes and style each register the element's own
bound method). That was 40-60 % of the cost of a label or a div. The answer depends only on the
function behind the bound method, so it is remembered per function (a bounded set: methods defined
in classes); any other callable is still inspected each time.

Props: every `.props("flat no-caps aria-label=...")` is parsed with a regular expression and
`ast.literal_eval` (15 µs each, 10-20 per page). The same text always gives the same props, so the
parsed result is remembered per text (a bounded cache; only results made of plain values, so no caller
can change what the next one gets).

Escaping the page: NiceGUI escapes the elements' JSON for the HTML page with `str.translate`. For a
text with any non-ASCII character (every Chinese name) or any character that becomes an entity, that
walks the text one character at a time: 0.4-0.5 ms for one page's 7 KB. The same replacements done
with `str.replace`, one character after the other, take 30 µs and give the same text.

Outbox: NiceGUI starts a task for every page's outbox as the page is made, and until the browser
connects that task wakes every 0.1 s to look. A page nobody opens (a flood, a prefetch, a tab closed at
once) is kept for `collector.UNCONNECTED_PAGE_SECONDS`, so 100 such pages a second meant 30,000 wake-ups a second
on an otherwise idle server. The task is started when the browser connects instead; what the page queued
before that (its start-up scripts) is sent then, as before.

Middlewares: NiceGUI's three per-request middlewares are replaced by plain ASGI versions that do the same
(`app/asgi.py`).

Event loop: `SERVER_LOOP` is the event loop uvicorn runs (passed to `ui.run`, not set by `tune`). With
uvloop (uvicorn's "auto"), the server took one waiting connection per turn of the loop, and a turn runs every
request that is ready to its end first. At 50 connections opened at once, the last one was taken 1.7 s after
the first, and some requests waited 3-8 s. With asyncio's own loop all 50 were taken at once and the slowest
request waited 0.5 s, at about the same requests per second (within 10 %, the noise of these runs). Behind nginx
every request is a new connection to the app, so taking them in turn matters.

`make bench` measures our pages against NiceGUI's bare page as NiceGUI ships it, and reports the same page
with this tuning too (bench/README.md).
"""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from nicegui import Client, background_tasks, helpers
from nicegui import client as nicegui_client
from nicegui.outbox import Outbox
from nicegui.props import Props

from app import asgi, changes, collector, leaving

SERVER_LOOP = "asyncio"  # for ui.run(loop=...): see "Event loop" above


def _remembering(inspect_handler: Callable[[Callable[..., Any]], bool]) -> Callable[[Callable[..., Any]], bool]:
    answers: dict[Callable[..., Any], bool] = {}

    def expects_arguments(func: Callable[..., Any]) -> bool:
        if not inspect.ismethod(func):
            return inspect_handler(func)
        answer = answers.get(func.__func__)
        if answer is None:
            answer = answers[func.__func__] = inspect_handler(func)
        return answer

    expects_arguments.remembers = True  # type: ignore[attr-defined]
    return expects_arguments


def remember_handler_signatures() -> None:
    """Install the per-function answer for `helpers.expects_arguments` (idempotent)."""
    if not getattr(helpers.expects_arguments, "remembers", False):
        helpers.expects_arguments = _remembering(helpers.expects_arguments)  # type: ignore[assignment]


PARSED_PROPS_CACHE = 4096
_PLAIN = (str, bool, int, float, type(None))


def _remembering_props(parse: Callable[[str | None], dict[str, Any]]) -> Callable[[str | None], dict[str, Any]]:
    @functools.lru_cache(maxsize=PARSED_PROPS_CACHE)
    def parsed(text: str) -> tuple[tuple[str, Any], ...] | None:
        props = parse(text)
        return tuple(props.items()) if all(isinstance(value, _PLAIN) for value in props.values()) else None

    def remembered(text: str | None) -> dict[str, Any]:
        if not text:
            return {}
        items = parsed(text)
        return dict(items) if items is not None else parse(text)

    remembered.remembers = True  # type: ignore[attr-defined]
    remembered.cache_info = parsed.cache_info  # type: ignore[attr-defined]
    return remembered


def remember_parsed_props() -> None:
    """Install the remembered `Props.parse` (idempotent)."""
    if not getattr(Props.parse, "remembers", False):
        Props.parse = staticmethod(_remembering_props(Props.parse))  # type: ignore[method-assign,assignment]


def _sequential_escapes(table: dict[int, str]) -> tuple[tuple[str, str], ...] | None:
    """The table as (character, replacement) pairs in an order where replacing one after the other
    gives what `translate` gives: no replacement may bring back a character still to be replaced.
    None if there is no such order with "&" first."""
    pairs = sorted(((chr(code), value) for code, value in table.items()), key=lambda pair: pair[0] != "&")
    for index, (_, value) in enumerate(pairs):
        if any(later in value for later, _ in pairs[index + 1:]):
            return None
    return tuple(pairs)


class _StandIn:
    """Stands in for a module inside another module: everything is the real module's, except what a
    subclass defines."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class _PageJsonModule(_StandIn):
    """Stands in for `nicegui.json` inside `nicegui.client`: the same functions, but `dumps` gives a
    text whose `translate` with the page's escape table uses `str.replace`."""

    def __init__(self, real: Any, table: dict[int, str], escapes: tuple[tuple[str, str], ...]) -> None:
        super().__init__(real)

        class PageJson(str):
            def translate(self, mapping: Any) -> str:  # type: ignore[override]
                if mapping is not table:
                    return super().translate(mapping)
                text = str(self)
                for char, replacement in escapes:
                    text = text.replace(char, replacement)
                return text

        self.page_json = PageJson

    def dumps(self, *args: Any, **kwargs: Any) -> str:
        return self.page_json(self.real.dumps(*args, **kwargs))


def escape_pages_by_replace() -> None:
    """Install the faster escaping of the elements' JSON (idempotent; skipped if NiceGUI's table changes
    so that it would not give the same text)."""
    table = getattr(nicegui_client, "HTML_ESCAPE_TABLE", None)
    if isinstance(nicegui_client.json, _PageJsonModule) or not isinstance(table, dict):
        return
    escapes = _sequential_escapes(table)
    if escapes is not None:
        nicegui_client.json = _PageJsonModule(nicegui_client.json, table, escapes)  # type: ignore[assignment]


def _outbox_on_connect(create: Callable[..., Any], handshake: Callable[..., Any],
                       running: Iterable[Outbox] = ()) -> tuple[Any, Any]:
    started: weakref.WeakSet[Outbox] = weakref.WeakSet(running)  # pages made before: their task already runs

    def create_or_defer(awaitable: Any, *args: Any, name: str = "", **kwargs: Any) -> None:
        if name.startswith("outbox loop "):
            awaitable.close()  # started by the handshake below instead
            return
        create(awaitable, *args, name=name, **kwargs)

    @functools.wraps(handshake)
    async def handle_handshake(self: Client, *args: Any, **kwargs: Any) -> None:
        outbox = self.outbox
        if outbox not in started and not self.is_deleted:
            started.add(outbox)
            background_tasks.create(outbox.loop(), name=f"outbox loop {self.id}")
        await handshake(self, *args, **kwargs)

    handle_handshake.starts_outbox = True  # type: ignore[attr-defined]
    return create_or_defer, handle_handshake


def start_outboxes_on_connect() -> None:
    """Start each page's outbox task when its browser connects, not when the page is made (idempotent;
    skipped if NiceGUI no longer starts the task in `Outbox.__init__` through `create_or_defer`, or no
    longer marks a connected browser in `Client.handle_handshake`)."""
    outbox_module = inspect.getmodule(Outbox)
    if getattr(Client.handle_handshake, "starts_outbox", False) or outbox_module is None:
        return
    if "create_or_defer(self.loop()" not in asgi.source(Outbox.__init__):
        return
    if "self.tab_id = tab_id" not in asgi.source(Client.handle_handshake):
        return
    tasks = getattr(outbox_module, "background_tasks", None)
    if tasks is not background_tasks:
        return
    create_or_defer, handle_handshake = _outbox_on_connect(background_tasks.create_or_defer, Client.handle_handshake,
                                                           [client.outbox for client in Client.instances.values()])
    outbox_module.background_tasks = _OutboxTasks(create_or_defer)  # type: ignore[attr-defined]
    Client.handle_handshake = handle_handshake  # type: ignore[method-assign]


class _OutboxTasks(_StandIn):
    """`background_tasks` as the outbox module sees it: the same, except for `create_or_defer`."""

    def __init__(self, create_or_defer: Callable[..., Any]) -> None:
        super().__init__(background_tasks)
        self.create_or_defer = create_or_defer


def tune() -> None:
    """Everything above, for `main.py` and the bare page alike; call before `ui.run`."""
    remember_handler_signatures()
    remember_parsed_props()
    changes.install()
    escape_pages_by_replace()
    collector.install()
    start_outboxes_on_connect()
    leaving.install()
    asgi.install()
