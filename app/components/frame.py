"""The frame every page shares: header with display controls, navigation after login, one h1,
the session-timeout warning, and the footer."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

from nicegui import context, ui

from app.components import markup, navigation
from app.components.acting import assisting, end_assisting_on_logout, finish_assisting
from app.components.dialogs import made_once, modal
from app.components.display_controls import display_controls
from app.components.help_links import help_link
from app.components.icons import icon
from app.components.page_guard import guard_events
from app.components.state import client_address, current_session, language, prefs, set_token, t
from app.components.state import token as session_token
from app.components.text import heading
from app.services import accounts, auth
from app.services.auth import Preferences, SessionInfo
from app.services.env import Env


def _html_classes() -> str:
    p = prefs()
    classes = [f"fs-{p['text_size']}"]
    if p["high_contrast"]:
        classes.append("hc")
    if p["read_aloud"]:
        classes.append("ra")
    return " ".join(classes)


def prepare_document(title: str, *, bottom_bar: bool = False) -> None:
    """The page's language, title and display classes (text size, contrast, and whether a bar is fixed at the
    bottom of the screen, which the page's end must clear) for this request."""
    client = context.client
    client.page = copy.copy(client.page)  # the page object is shared; the language is per request
    client.page.language = language()  # type: ignore[assignment]
    ui.page_title(f"{title} - {t('app.name')}")
    classes = _html_classes() + (" with-bar" if bottom_bar else "")
    ui.add_head_html(f'<script>document.documentElement.classList.add(..."{classes}".split(" "))</script>')


def preference_saver(env: Env, info: SessionInfo | None):  # type: ignore[no-untyped-def]
    def save(name: str, value: object) -> None:
        if info is not None:
            accounts.save_preferences(env, info.account_id, Preferences(**{name: value}))  # type: ignore[arg-type]
    return save


def _log_out(env: Env) -> None:
    end_assisting_on_logout(env)
    auth.logout(env, session_token(), client=client_address())
    set_token(None)
    ui.navigate.to("/login?logged_out=1")


def _assist_banner(env: Env) -> None:
    """While staff assist a resident at the counter: whom, on every page, and the way to stop."""
    found = assisting()
    if found is None:
        return

    def finish() -> None:
        finish_assisting(env)
        ui.navigate.to("/staff/counter?finished=1")

    with ui.element("div").classes("assist-banner notice stack").props(
            f'role="region" aria-label="{t("counter.banner_region")}"').mark("assist-banner"):
        ui.label(t("counter.assisting", name=found.resident_name)).classes("text-bold")
        ui.button(t("counter.finish"), icon=icon("logout"), on_click=finish).props("outline no-caps").classes(
            "full").mark("finish-assisting")


def _session_watch(env: Env, info: SessionInfo) -> None:
    """The browser counts idle time; two minutes before the end it asks whether to stay. The dialog
    is made when it is first needed, not on every page view."""
    settings = env.settings
    idle_ms = settings.session_idle_minutes * 60_000
    warn_ms = settings.session_warning_minutes * 60_000

    def keep() -> None:
        if auth.keep_alive(env, session_token()):
            ui.run_javascript("FEC.resetIdle && FEC.resetIdle()")
            warning()[0].close()
        else:
            set_token(None)
            ui.navigate.to("/login?expired=1")

    def make() -> tuple[ui.dialog, ui.label]:
        with context.client.content, modal("idle-title") as dialog, ui.card().classes("stack"):
            heading(2, t("session.warning_title"), element_id="idle-title")
            message = ui.label("")
            ui.button(t("session.stay"), on_click=keep).props("unelevated color=primary no-caps").classes(
                "full").mark("stay")
            ui.button(t("nav.logout"), on_click=lambda: _log_out(env)).props("outline no-caps").classes("full")
        dialog.on("hide", keep)  # Escape or a tap outside also means "I am still here"
        return dialog, message

    warning = made_once(make)

    def warn() -> None:
        current = auth.current_session(env, session_token(), touch=False)
        if current is None:
            ui.navigate.to("/login?expired=1")
            return
        dialog, message = warning()
        message.text = t("session.warning_text", time=current.idle_expires_at)
        dialog.open()

    ui.on("fec_idle_warn", warn)
    ui.on("fec_active", lambda: auth.keep_alive(env, session_token()))
    ui.run_javascript(f"FEC.startIdleTimer({idle_ms}, {warn_ms})")


@contextmanager
def frame(env: Env, title: str, *, active: str | None = None, action_bar: bool = False,
          signing: bool = False) -> Iterator[ui.element]:
    """Lay out a page titled `title` (its h1); yields the content element to fill. `action_bar`: the page puts its
    primary action in `navigation.action_bar()`, fixed at the bottom of the screen instead of the tab bar.
    `signing`: the counter tablet turned to the resident (DESIGN.md §2.7) shows the page alone, without the staff
    member's navigation, notifications or assisting banner; the text size controls and the session's checks stay.

    Landmarks: Quasar's header (banner), its page (the one <main>, with the navigation), its footer."""
    info = current_session()
    prepare_document(title, bottom_bar=info is not None or action_bar)
    main = context.client.content.parent_slot.parent  # the q-page, rendered as <main>
    main.props('tabindex="-1"')
    with ui.header(fixed=False).classes("app-top"):
        with ui.element("div").classes("app-header"):
            home = "/staff" if info and info.role == "staff" else "/"
            brand = f'<span class="brand">{escape(t("app.name"))}</span>' if signing else markup.link(
                t("app.name"), home, classes="brand")
            markup.static(markup.link(t("app.skip"), f"#c{main.id}", classes="skip-link") + brand,
                          classes="brand-line")
            with ui.element("div").classes("controls"):
                staff_controls = info is not None and not signing
                if staff_controls:
                    navigation.notifications_button(info)  # type: ignore[arg-type]
                display_controls(preference_saver(env, info))
                if staff_controls:
                    navigation.icon_button(t("nav.logout"), "logout", lambda: _log_out(env)).mark("logout")
        if info is not None and not signing:
            _assist_banner(env)
    heading(1, title)
    markup.text(t("a11y.no_voice"), classes="no-voice notice fec-hidden", role="status")
    yield context.client.content
    if info is not None and not signing:
        navigation.tab_bar(info, active, fixed=not action_bar)
    with ui.footer(fixed=False).classes("app-footer"):
        ui.label(t("app.footer"))
        help_link()
    if info is not None:
        guard_events(env, info, session_token(), assisting())
        _session_watch(env, info)
