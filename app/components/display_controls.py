"""Display controls: "Text size" and "Accessibility" (high contrast, read aloud, language).

The header shows them in two menus on every page; the Settings page shows the same controls inline.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from nicegui import context, ui
from nicegui.events import GenericEventArguments

from app.components.choices import Radio
from app.components.dialogs import made_once
from app.components.icons import icon
from app.components.state import language, prefs, set_pref, t

LANGUAGE_NAMES = {"zh-CN": "简体中文", "en-US": "English"}
Save = Callable[[str, object], None]


def _pressed(button: ui.button, on: bool) -> None:
    button.props(f'aria-pressed="{"true" if on else "false"}"')


def text_size_choice(save: Save) -> ui.radio:
    """The three sizes; the browser shows the chosen size at once (FEC.setTextSize), the server remembers it."""
    def choose(event) -> None:  # type: ignore[no-untyped-def]
        set_pref("text_size", event.value)
        save("text_size", event.value)

    options = {"standard": t("a11y.standard"), "large": t("a11y.large"), "extra_large": t("a11y.extra_large")}
    choice = Radio(options, value=prefs()["text_size"], on_change=choose).props(
        f'aria-label="{t("a11y.text_size")}"')
    # The radio group says which option by its place in the list.
    choice.on("update:model-value", js_handler=f"(index) => FEC.setTextSize({json.dumps(list(options))}[index])")
    return choice


def _toggle(save: Save, name: str, label_key: str, icon_name: str) -> ui.button:
    """A toggle button (aria-pressed). A tap flips it and applies it in the browser at once (FEC.flip in
    assets/app.js, which also flips the page's other button for it); the server is told the new state and
    remembers it."""
    button = ui.button(t(label_key), icon=icon(icon_name)).props(f'outline no-caps data-toggle="{name}"')
    _pressed(button, prefs()[name])

    def flipped(event: GenericEventArguments) -> None:
        # The browser says what it now shows; a click that came without it (no script ran) flips what is stored.
        on = event.args if isinstance(event.args, bool) else not prefs()[name]
        set_pref(name, on)
        save(name, on)
        with button.props.suspend_updates():  # the browser shows it already: nothing to send back
            _pressed(button, on)

    button.on("click", flipped, js_handler=f"() => emit(FEC.flip('{name}'))")
    return button


def contrast_toggle(save: Save) -> ui.button:
    return _toggle(save, "high_contrast", "a11y.high_contrast", "contrast")


def read_aloud_toggle(save: Save) -> ui.button:
    return _toggle(save, "read_aloud", "a11y.read_aloud", "record_voice_over")


def language_choice(save: Save, *, collapsed: bool) -> None:
    """A "Language" button that shows the choice of languages; picking one reloads the page in it."""
    button = ui.button(t("a11y.language"), icon=icon("translate")).props(
        f'outline no-caps aria-expanded="{"false" if collapsed else "true"}"')
    choices = Radio(LANGUAGE_NAMES, value=language()).props(f'aria-label="{t("a11y.language")}"')
    choices.set_visibility(not collapsed)

    def toggle() -> None:
        choices.set_visibility(not choices.visible)
        button.props(f'aria-expanded="{"true" if choices.visible else "false"}"')

    def choose(event) -> None:  # type: ignore[no-untyped-def]
        set_pref("language", event.value)
        save("language", event.value)
        ui.navigate.to(f"{context.client.request.url.path}?lang={event.value}")

    button.on_click(toggle)
    choices.on_value_change(choose)


def _panel_button(label: str, icon_name: str, fill: Callable[[], None]) -> None:
    """A header button with a pop-up panel. Its content is controls, not menu items, so the panel is a
    labelled non-modal dialog rather than an ARIA menu. The panel and its controls are made the first time
    it opens: most page views never open it, and every element costs the server time on every page
    (DESIGN.md §7)."""
    button = ui.button(label, icon=icon(icon_name)).props('flat no-caps aria-haspopup="dialog"')

    def make() -> ui.menu:
        with button, ui.menu().props(f'role="dialog" aria-label="{label}" no-parent-event') as panel:
            with ui.element("div").classes("panel"):
                fill()
        return panel

    panel = made_once(make)
    button.on_click(lambda: panel().set_value(not panel().value))


def display_controls(save: Save) -> None:
    """The two header buttons with their panels."""
    _panel_button(t("a11y.text_size"), "format_size", lambda: text_size_choice(save))

    def accessibility() -> None:
        contrast_toggle(save)
        read_aloud_toggle(save)
        language_choice(save, collapsed=True)

    _panel_button(t("a11y.accessibility"), "accessibility_new", accessibility)
