"""The page's way around (DESIGN.md §3): a one-row header, and at the bottom of the screen either the tab bar
("Home", "Family", "My") or, on a step whose one action matters most, that action.

The first screen (390x844) must hold the page's primary action in every text size, with the header and any fixed
bar taking at most a fifth of it together. So the header is one row: the name of the app, then icon buttons
("Notifications", "Text size", "Accessibility", "Log out"; their words are their accessible names and tooltips),
and the navigation sits in a bar fixed at the bottom, as in the national app. On the notice and check steps the
bottom bar holds the step's action instead, and the navigation links follow the page's content (each link once per
page)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape

from nicegui import ui

from app.components import markup
from app.components.icons import icon, svg
from app.components.state import t
from app.services.auth import SessionInfo

TABS = {
    "resident": (("nav.home", "/", "home"), ("nav.family", "/family", "group"), ("nav.my", "/my", "person")),
    "unverified": (("nav.home", "/verify", "home"), ("nav.my", "/my", "person")),
    "staff": (("nav.home", "/staff", "home"), ("nav.my", "/my", "person")),
}


def _tabs_of(info: SessionInfo) -> tuple[tuple[str, str, str], ...]:
    if info.role == "staff":
        return TABS["staff"]
    return TABS["resident"] if info.verified else TABS["unverified"]


def tab_bar(info: SessionInfo, active: str | None, *, fixed: bool) -> None:
    """The links "Home", "Family", "My": fixed at the bottom of the screen, or (`fixed=False`) after the content."""
    entries = []
    for key, target, icon_name in _tabs_of(info):
        current = ' aria-current="page"' if key == active else ""
        entries.append(f'<li><a class="nicegui-link tab" href="{escape(target)}"{current}>{svg(icon_name)}'
                       f"<span>{escape(t(key))}</span></a></li>")
    markup.static("<ul>" + "".join(entries) + "</ul>", classes="tab-bar" if fixed else "tab-bar static",
                  element="nav", aria_label=t("nav.main"))


def icon_button(label: str, icon_name: str, on_click: Callable[[], object] | None = None) -> ui.button:
    """A header button that shows its icon; its words are its accessible name and tooltip (and stay in the DOM
    for screen readers)."""
    button = ui.button(label, icon=icon(icon_name), on_click=on_click).props(f'flat no-caps title="{label}"')
    return button.classes("icon-only")


def notifications_button(info: SessionInfo) -> ui.button:
    bell = icon_button(t("nav.notifications"), "notifications", lambda: ui.navigate.to("/notifications"))
    if info.unread:
        with bell:
            ui.label(str(info.unread)).classes("badge").props('aria-hidden="true"')
        markup.text(t("nav.unread", n=info.unread), classes="visually-hidden", element="span", id="unread-count")
        bell.props('aria-describedby="unread-count"')
    return bell


@contextmanager
def action_bar() -> Iterator[ui.element]:
    """The bar at the bottom of the screen that holds the step's primary action (the page's frame must have been
    made with `action_bar=True`, so the tab bar gives it the place)."""
    with ui.element("div").classes("action-bar") as bar:
        yield bar
