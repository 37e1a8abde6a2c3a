"""Remembers the props parsed from each `.props("...")` text (a bounded cache of plain values only): the same text
always gives the same props."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from nicegui.props import Props

from app.web.nicegui_code import source

PARSED_PROPS_CACHE = 4096
_PLAIN = (str, bool, int, float, type(None))
CALL = "self.parse(add)"  # how `element.props("...")` parses its text (through the class, so the cache is seen)


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


def install() -> str | None:
    """Install the remembered `Props.parse` (idempotent); returns why it does not fit."""
    if getattr(Props.parse, "remembers", False):
        return None
    if not isinstance(Props.__dict__.get("parse"), staticmethod):
        return "Props.parse is no longer a static method"
    if CALL not in source(Props.__call__):
        return "Props.__call__ no longer parses its text with Props.parse"
    Props.parse = staticmethod(_remembering_props(Props.parse))  # type: ignore[method-assign,assignment]
    return None
