"""Modal dialogs (only for confirmations and the session warning): named by their heading, closable
with Escape, and the page behind them is inert while they are open."""

from __future__ import annotations

from nicegui import ui

_INERT = "document.querySelectorAll('.q-layout').forEach(e => e.inert = %s)"


def modal(title_id: str) -> ui.dialog:
    dialog = ui.dialog().props(f'aria-labelledby="{title_id}"')
    dialog.on("show", lambda: ui.run_javascript(_INERT % "true"))
    dialog.on("hide", lambda: ui.run_javascript(_INERT % "false"))
    return dialog
