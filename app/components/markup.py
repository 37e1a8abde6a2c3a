"""Static parts of a page sent as one HTML element instead of one NiceGUI element per tag.

Every element costs the server time on every page view (DESIGN.md §7), so text and links that
never change after the page is built, and carry no server events, are written as markup here.
Every value is escaped here; nothing else builds HTML by hand.

The markup goes into one native element as its content (Vue sets `innerHTML`), not into `ui.html`:
that one also runs a Vue component in the browser and a bindable property on the server, which made
a line of text cost 2.5 times a `ui.label` (90 against 36 µs); a `Markup` costs about 50.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from nicegui.element import Element


def link(text: str, href: str, *, classes: str = "", current: bool = False) -> str:
    """An <a> that looks like `ui.link` (same class)."""
    attributes = f' class="nicegui-link {escape(classes)}"' if classes else ' class="nicegui-link"'
    if current:
        attributes += ' aria-current="page"'
    return f'<a href="{escape(href)}"{attributes}>{escape(text)}</a>'


def element(tag: str, text: str, *, classes: str = "", **attributes: str) -> str:
    """`<tag>text</tag>`, escaped; attribute names use _ for -."""
    parts = [f' class="{escape(classes)}"'] if classes else []
    parts += [f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items()]
    return f"<{tag}{''.join(parts)}>{escape(text)}</{tag}>"


def wrap(tag: str, inner: str, *, classes: str = "", **attributes: str) -> str:
    """`<tag>inner</tag>` around ready-made markup (from the helpers here); attribute names use _ for -."""
    parts = [f' class="{escape(classes)}"'] if classes else []
    parts += [f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items()]
    return f"<{tag}{''.join(parts)}>{inner}</{tag}>"


def items(links: list[str]) -> str:
    """A <ul> of ready-made markup (from `link`)."""
    return "<ul>" + "".join(f"<li>{entry}</li>" for entry in links) + "</ul>"


Value = str | tuple[str, ...]


def _value(value: Value) -> str:
    """A value; one given in parts may wrap only between its parts (<wbr>), never inside one."""
    if isinstance(value, tuple):
        return "<wbr>".join(escape(part) for part in value)
    return escape(value)


def definitions(rows: list[tuple[str, Value]]) -> str:
    """<dt>label</dt><dd>value</dd> for each pair, for a <dl>."""
    return "".join(f"<dt>{escape(label)}</dt><dd>{_value(value)}</dd>" for label, value in rows)


def linked_definition(label: str, link_markup: str) -> str:
    """<dt>label</dt><dd>link</dd>, for a value that is a link (made by `link`), such as a phone number."""
    return f"<dt>{escape(label)}</dt><dd>{link_markup}</dd>"


_ATTRIBUTES = re.compile(r"<(/?[a-z0-9]+)\b[^>]*>")


class Markup(Element):
    """A native element whose content is ready-made, escaped markup."""

    def __init__(self, markup: str, tag: str) -> None:
        super().__init__(tag)
        self._props["innerHTML"] = markup

    @property
    def markup(self) -> str:
        return self._props["innerHTML"]

    def _displayed_contents(self, *, only_visible: bool) -> list[Any]:
        """What tests see on the page, as with any text element: the markup without its tags' attributes."""
        return [_ATTRIBUTES.sub(r"<\1>", self.markup)]


def static(markup: str, *, classes: str = "", element: str = "div", **attributes: str) -> Markup:
    """One element holding `markup` (made by the helpers above); attribute names use _ for -."""
    block = Markup(markup, element)
    if classes:
        block.classes(classes)
    for name, value in attributes.items():
        block.props[name.replace("_", "-")] = value
    return block


def text(value: str, *, classes: str = "", element: str = "div", **attributes: str) -> Markup:
    """Plain text in one element, escaped."""
    return static(escape(value), classes=classes, element=element, **attributes)
