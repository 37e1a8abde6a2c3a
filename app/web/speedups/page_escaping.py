"""Escapes the elements' JSON for the HTML page with `str.replace`, one character after the other, instead of
`str.translate`, which walks any text with a Chinese name one character at a time; the same text comes out."""

from __future__ import annotations

from typing import Any

from nicegui import Client
from nicegui import client as nicegui_client

from app.web.nicegui_code import StandIn, source

TRANSLATE = "elements.translate(HTML_ESCAPE_TABLE)"  # how `Client.build_response` escapes the elements' JSON


def _sequential_escapes(table: dict[int, str]) -> tuple[tuple[str, str], ...] | None:
    """The table as (character, replacement) pairs in an order where replacing one after the other
    gives what `translate` gives: no replacement may bring back a character still to be replaced.
    None if there is no such order with "&" first."""
    pairs = sorted(((chr(code), value) for code, value in table.items()), key=lambda pair: pair[0] != "&")
    for index, (_, value) in enumerate(pairs):
        if any(later in value for later, _ in pairs[index + 1:]):
            return None
    return tuple(pairs)


class _PageJsonModule(StandIn):
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


def install() -> str | None:
    """Install the faster escaping (idempotent); returns why it does not fit (NiceGUI's table or its use changed so
    that it would not give the same text)."""
    if isinstance(nicegui_client.json, _PageJsonModule):
        return None
    table = getattr(nicegui_client, "HTML_ESCAPE_TABLE", None)
    if not isinstance(table, dict):
        return "nicegui.client.HTML_ESCAPE_TABLE is gone"
    if TRANSLATE not in source(Client.build_response):
        return "Client.build_response no longer escapes the elements' JSON with HTML_ESCAPE_TABLE"
    escapes = _sequential_escapes(table)
    if escapes is None:
        return "HTML_ESCAPE_TABLE cannot be applied one character after the other"
    nicegui_client.json = _PageJsonModule(nicegui_client.json, table, escapes)  # type: ignore[assignment]
    return None
