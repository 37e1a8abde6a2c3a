"""Text elements NiceGUI has no shortcut for (headings, label elements, definition lists)."""

from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from app.components import markup


def heading(level: int, text: str, *, element_id: str | None = None) -> TextElement:
    element = TextElement(tag=f"h{level}", text=text)
    if element_id:
        element.props(f'id="{element_id}"')
    return element


def text(tag: str, value: str) -> TextElement:
    return TextElement(tag=tag, text=value)


def facts(rows: list[tuple[str, str]]) -> ui.html:
    """A definition list of label/value pairs, as one element (it never changes once shown)."""
    return markup.static(markup.definitions(rows), element="dl")
