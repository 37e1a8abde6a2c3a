"""Checkboxes and radio groups whose taps show at once (DESIGN.md §3).

NiceGUI's `ui.checkbox` and `ui.radio` wait for the server before they show a tap (`LOOPBACK = True`): on a
slow phone the box stays empty, the person taps again, and the second tap unticks it (and Playwright's
`check()` sees no change). Their `LOOPBACK = False` does not help: NiceGUI's browser side then stores the
event's whole argument list as the value (`[true, event]`), which Quasar shows as neither ticked nor unticked.

So these are the same elements (the same value, events and `User` test support) drawn by a small Vue component
(choices.js) around the Quasar one: it shows the tap itself and tells the server, which follows without sending
the value back (`LOOPBACK = None`: "the Vue element updates the value"). When the server refuses a change,
`put_back` shows the old value again; the caller says why next to the control.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui


class _ShownAtOnce:
    """What both kinds share. `putting_back` is true while `put_back` runs, so change handlers can tell a
    refusal going back from a tap."""

    LOOPBACK = None
    putting_back = False

    def _draw_with(self, inner: str) -> None:
        # The element's own component wraps the Quasar one NiceGUI's class names (`tag` is set by that class).
        self.tag = self.component.tag
        self.props["inner"] = inner
        self.props["revision"] = 0

    def put_back(self, value: Any) -> None:
        """The server refused the browser's change: show `value` again (change handlers see `putting_back`)."""
        self.putting_back = True
        try:
            self.props["revision"] += 1  # the browser shows the server's value even where it seems unchanged
            self.value = value
        finally:
            self.putting_back = False


class Checkbox(_ShownAtOnce, ui.checkbox, component="choices.js"):
    """`ui.checkbox` whose tap shows at once."""

    def __init__(self, text: str = "", *, value: bool = False, on_change: Any = None) -> None:
        super().__init__(text, value=value, on_change=on_change)
        self._draw_with("q-checkbox")


class Radio(_ShownAtOnce, ui.radio, component="choices.js"):
    """`ui.radio` (a radio group) whose tap shows at once."""

    def __init__(self, options: list | dict, *, value: Any = None, on_change: Any = None) -> None:
        super().__init__(options, value=value, on_change=on_change)
        self._draw_with("q-option-group")
