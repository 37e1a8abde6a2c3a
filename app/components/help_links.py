"""Links to the help page (DESIGN.md §2.8): "Help" in every page's footer, and "What to bring: <case>" next to every
message that sends a person to a service counter, leading to that case's section of the help page."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from app.components import markup
from app.components.state import t
from app.services.errors import DomainError, ValidationFailed
from app.services.help import CASES

HELP_PATH = "/help"


def anchor(case: str) -> str:
    """The id of a case's "What to bring" section on the help page."""
    assert case in CASES, case
    return "bring-" + case.replace("_", "-")


def bring_href(case: str) -> str:
    return f"{HELP_PATH}#{anchor(case)}"


def help_link() -> markup.Markup:
    """The footer's "Help" link."""
    return markup.static(markup.link(t("help.link"), HELP_PATH), classes="help-link", element="p")


def bring_link(case: str) -> markup.Markup:
    """"What to bring: <case>", to put next to a message that sends the person to a service counter."""
    return markup.static(markup.link(t(f"help.bring.{case}"), bring_href(case)), classes="bring-link", element="p")


def error_codes(exc: DomainError | None) -> list[str]:
    """Every code an error shows: one per field for a form's validation, else its own."""
    if exc is None:
        return []
    if isinstance(exc, ValidationFailed):
        return list(exc.errors.values())
    return [exc.code]


class BringLinks:
    """The "What to bring" links of the messages a form shows. Made right after the form, so they sit under its
    error summary (the messages themselves are the form's); `case_for` maps an error code to its counter case."""

    def __init__(self, case_for: Callable[[str], str | None]) -> None:
        self.case_for = case_for
        self.box = ui.element("div").classes("bring-links fec-hidden").mark("bring-links")
        self.shown: list[str] = []

    def show(self, exc: DomainError | None) -> None:
        """The links for `exc`'s messages (None, or an error sending no one to a counter: none)."""
        cases = list(dict.fromkeys(case for code in error_codes(exc) if (case := self.case_for(code))))
        if cases == self.shown:
            return
        self.shown = cases
        self.box.clear()
        with self.box:
            for case in cases:
                bring_link(case)
        self.box.classes(**({"remove": "fec-hidden"} if cases else {"add": "fec-hidden"}))
