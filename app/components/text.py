"""Text elements NiceGUI has no shortcut for (headings, label elements, definition lists)."""

from __future__ import annotations

from nicegui.elements.mixins.text_element import TextElement

from app.components import markup


def heading(level: int, text: str, *, element_id: str | None = None) -> TextElement:
    element = TextElement(tag=f"h{level}", text=text)
    if element_id:
        element.props(f'id="{element_id}"')
    return element


def text(tag: str, value: str) -> TextElement:
    return TextElement(tag=tag, text=value)


ID_NUMBER_GROUPS = (6, 14)  # region code | date of birth | sequence and check digit


def id_number(masked: str) -> tuple[str, ...]:
    """A (masked) 18-character ID number in its three groups, so on a narrow screen with large text it
    wraps between groups ("110101********" / "0017") instead of in the middle of one."""
    if len(masked) != 18:  # noqa: PLR2004 - the length of a resident ID number
        return (masked,)
    first, second = ID_NUMBER_GROUPS
    return (masked[:first], masked[first:second], masked[second:])


def facts(rows: list[tuple[str, markup.Value]]) -> markup.Markup:
    """A definition list of label/value pairs, as one element (it never changes once shown)."""
    return markup.static(markup.definitions(rows), element="dl")
