"""Modal dialogs (only for confirmations and the session warning): named by their heading, closable
with Escape, and the page behind them is inert while they are open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from nicegui import ui

T = TypeVar("T")

_INERT = "document.querySelectorAll('.q-layout').forEach(e => e.inert = %s)"


def modal(title_id: str) -> ui.dialog:
    dialog = ui.dialog().props(f'aria-labelledby="{title_id}"')
    dialog.on("show", lambda: ui.run_javascript(_INERT % "true"))
    dialog.on("hide", lambda: ui.run_javascript(_INERT % "false"))
    return dialog


def made_once(make: Callable[[], T]) -> Callable[[], T]:
    """`make`, called on the first use only; later uses get what it made. For parts of a page that most
    views never open: every element costs time on every page view (DESIGN.md §7)."""
    made: list[T] = []

    def get() -> T:
        if not made:
            made.append(make())
        return made[0]

    return get


def on_demand(make: Callable[[], ui.dialog]) -> Callable[[], None]:
    """An `on_click` that makes the dialog on the first tap and opens it (most page views never open a
    confirmation)."""
    dialog = made_once(make)
    return lambda: dialog().open()
