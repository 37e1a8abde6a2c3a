"""Modal dialogs (only for confirmations and the session warning): named by their heading, closable
with Escape, and the page behind them is inert while they are open."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

_INERT = "document.querySelectorAll('.q-layout').forEach(e => e.inert = %s)"


def modal(title_id: str) -> ui.dialog:
    dialog = ui.dialog().props(f'aria-labelledby="{title_id}"')
    dialog.on("show", lambda: ui.run_javascript(_INERT % "true"))
    dialog.on("hide", lambda: ui.run_javascript(_INERT % "false"))
    return dialog


def on_demand(make: Callable[[], ui.dialog]) -> Callable[[], None]:
    """An `on_click` that makes the dialog on the first tap and opens it. Most page views never open a
    confirmation, and every element in it costs time on every page view (DESIGN.md §7)."""
    made: list[ui.dialog] = []

    def open_dialog() -> None:
        if not made:
            made.append(make())
        made[0].open()

    return open_dialog
