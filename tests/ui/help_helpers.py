"""Reading the help page and the "What to bring" links as a browser would: links (their text, which is their
accessible name, and where they lead) and headings, whether NiceGUI elements or static markup
(app/components/markup.py)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from nicegui import ui
from nicegui.testing import User

from app.components import markup

HIDDEN = "fec-hidden"
BRING = {
    "child": ("What to bring: binding a child", "/help#bring-child"),
    "elder": ("What to bring: binding an elder", "/help#bring-elder"),
    "newborn": ("What to bring: binding a newborn", "/help#bring-newborn"),
    "exception": ("What to bring: an exception", "/help#bring-exception"),
    "identity": ("What to bring: verifying your identity", "/help#bring-identity"),
    "remove_holder": ("What to bring: removing a holder", "/help#bring-remove-holder"),
    "relationship": ("What to bring: proving a relationship", "/help#bring-relationship"),
}


class _Reader(HTMLParser):
    """Links as (text, href) and headings as (tag, id, text), in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.headings: list[tuple[str, str | None, str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" or (len(tag) == 2 and tag[0] == "h" and tag[1].isdigit()):
            self._open, self._text = (tag, dict(attrs)), ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._open is None or self._open[0] != tag:
            return
        attrs = self._open[1]
        if tag == "a":
            self.links.append((self._text, attrs.get("href") or ""))
        else:
            self.headings.append((tag, attrs.get("id"), self._text))
        self._open = None


def _shown(element: ui.element) -> bool:
    """Not hidden by our CSS class, itself or inside something hidden."""
    while element is not None:
        if HIDDEN in element.classes:
            return False
        element = element.parent_slot.parent if element.parent_slot else None  # type: ignore[assignment]
    return True


def read(user: User, *, within: ui.element | None = None) -> _Reader:
    """Every shown link and heading of the page (or of `within`), markup and NiceGUI elements alike."""
    assert user.client is not None
    reader = _Reader()
    root = within if within is not None else user.client.layout
    for element in root.descendants():
        if not _shown(element):
            continue
        if isinstance(element, markup.Markup):
            reader.feed(element.markup)
        elif isinstance(element, ui.link):
            reader.links.append((element.text, str(element.props.get("href", ""))))
        elif element.tag in {"h1", "h2", "h3"}:
            reader.headings.append((element.tag, element.props.get("id"), getattr(element, "text", "")))
    return reader


def page_text(user: User) -> str:
    """The shown text of the page as one string, markup unescaped (`should_see` compares escaped markup, so it
    misses words with an apostrophe)."""
    assert user.client is not None
    parts = []
    for element in user.client.layout.descendants():
        if not _shown(element):
            continue
        if isinstance(element, markup.Markup):
            parts.append(unescape(re.sub(r"<[^>]+>", " ", element.markup)))
        elif isinstance(text := getattr(element, "text", None), str):
            parts.append(text)
    return " ".join(" ".join(parts).split())


def links_in(block: markup.Markup) -> list[tuple[str, str]]:
    reader = _Reader()
    reader.feed(block.markup)
    return reader.links


def links(user: User, *, within: ui.element | None = None) -> list[tuple[str, str]]:
    return read(user, within=within).links


def bring_links(user: User) -> list[tuple[str, str]]:
    """The "What to bring" links the page shows."""
    return [link for link in links(user) if link[0].startswith("What to bring:")]


def footer(user: User) -> ui.element:
    assert user.client is not None
    return next(e for e in user.client.layout.descendants() if isinstance(e, ui.footer))
