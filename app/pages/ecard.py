"""E-card (DESIGN.md §2.4): the holder's own card or an approved member's ("Whose card"), the QR code
that refreshes itself before it expires, "Refresh code", the full-screen view for the cashier, and the
"Offline" notice while the connection is gone. Someone else's member, or none, is a 404."""

from __future__ import annotations

import time

from fastapi import Request
from nicegui import context, run, ui

from app.components import assets, markup
from app.components.dialogs import modal, on_demand
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import client_address, current_session, t, token
from app.components.text import facts, heading, id_number
from app.components.wizard import not_found
from app.services import auth, cards
from app.services.binding.store import NotFound
from app.services.cards import CardChoice, CardView, IssuedCode
from app.services.env import Env
from app.services.errors import DomainError

# The QR encoder is fetched beside the script that imports it, not after it: the drawn code is the page's largest
# paint (Lighthouse), and on a slow network that import is one round trip more before it.
HEAD = (f'<link rel="stylesheet" href="{assets.url("ecard.css")}">\n'
        f'<script src="{assets.url("ecard.js")}"></script>\n'
        '<link rel="modulepreload" href="/assets/vendor/qr.js">\n'
        f'<script type="module" src="{assets.url("ecard-qr.js")}" onerror="FEC.cardQrFailed(true)"></script>')
SELF = "self"
DUE_LEEWAY_SECONDS = 0.5


def card_url(request_id: int | None) -> str:
    return "/ecard" if request_id is None else f"/ecard/member/{request_id}"


def _choice_label(choice: CardChoice) -> str:
    if choice.request_id is None:
        return t("ecard.whose_self", name=choice.name)
    if choice.relationship:
        return t("ecard.whose_member", name=choice.name, relationship=t(f"relationship.{choice.relationship}"))
    return choice.name


def _whose_card(choices: list[CardChoice], current: int | None) -> None:
    options = {str(c.request_id) if c.request_id else SELF: _choice_label(c) for c in choices}

    def switch(value: str) -> None:
        if value != (str(current) if current else SELF):
            ui.navigate.to(card_url(None if value == SELF else int(value)))

    select = ui.select(options, label=t("ecard.whose"), value=str(current) if current else SELF,
                       on_change=lambda e: switch(e.value)).props("outlined stack-label").classes("full ecard-whose")
    select.props["dropdown-icon"] = icon("arrow_drop_down")  # not the icon font's glyph (126 KiB)
    select.mark("whose-card")


def _banner(card: CardView) -> None:
    """A member's card says clearly whose it is, in a strip above the code (the code must stay on the first screen;
    "Switch back to my card" follows the code's own buttons)."""
    with ui.element("section").classes("acting-banner").props('aria-labelledby="acting-title"').mark("banner"):
        heading(2, t("ecard.acting_for", name=card.name), element_id="acting-title")


def _switch_back() -> None:
    ui.button(t("ecard.switch_back"), icon=icon("undo"), on_click=lambda: ui.navigate.to("/ecard")).props(
        "outline no-caps").classes("full").mark("switch-back")


def _qr_image(classes: str, token: str) -> ui.element:
    """The QR code of `token`; the browser draws it (assets/ecard-qr.js)."""
    image = ui.element("img").classes(classes)
    image.props["alt"] = t("ecard.qr")
    image.props["data-card-token"] = token
    return image


def _countdown(seconds: int) -> str:
    """Counted down in the browser (assets/ecard.js), so it goes on while offline."""
    return markup.element("div", t("ecard.countdown", seconds=seconds), classes="countdown", data_card_countdown="",
                          data_template=t("ecard.countdown", seconds="{seconds}"), data_expired=t("ecard.expired"),
                          data_expired_offline=t("ecard.expired_offline"))


class CodeDisplay:
    """The QR code with its countdown, "Refresh code", "Show to the cashier" and the full-screen view; the screen
    stays on while it is shown (assets/ecard.js).
    A new code comes `card_refresh_lead_seconds` before the current one expires (the browser, which counts
    down, says when: `fec_card_due`), on "Refresh code", and when the browser reconnects; while disconnected
    the current code stays."""

    def __init__(self, env: Env, holder_id: int, card: CardView, first: IssuedCode) -> None:
        self.env, self.holder_id, self.card = env, holder_id, card
        self.login_token = token()
        self.client = context.client
        self.next_at = 0.0
        self.busy = self.asked = False
        self.connected_before = False
        with ui.element("div").classes("ecard-code stack"):
            markup.text(t("ecard.offline"), classes="ecard-offline notice fec-hidden", role="status")
            self.image = _qr_image("ecard-qr", first.token).mark("qr")
            # the words are shown by the browser only if it cannot draw the code (assets/ecard-qr.js)
            markup.static(markup.element("div", t("ecard.qr_failed"), classes="ecard-qr-failed notice error",
                                         role="alert") + _countdown(int(cards.LIFETIME.total_seconds())),
                          classes="contents")
            self.done = ui.label("").classes("visually-hidden").props('role="status"').mark("refreshed")
            ui.button(t("ecard.refresh"), icon=icon("refresh"), on_click=lambda: self.refresh(manual=True)).props(
                "outline no-caps").classes("full").mark("refresh")
            self.big_image: ui.element | None = None  # the cashier view is made on its first use
            ui.button(t("ecard.cashier"), icon=icon("fullscreen"), on_click=on_demand(self._cashier_view)).props(
                "unelevated color=primary no-caps").classes("full").mark("cashier")
        self.show(first)
        ui.on("fec_card_due", self._due)
        self.client.on_connect(self._connected)
        ui.run_javascript("FEC.watchCardConnection(); FEC.keepScreenOn()")  # the screen stays on while it is shown

    def _cashier_view(self) -> ui.dialog:
        """Full screen: the QR large and the name large; "Exit full screen" or Escape closes it."""
        with self.client.content, modal("cashier-title") as dialog, \
                ui.element("div").classes("cashier-view").mark("cashier-view"):
            self.big_image = _qr_image("cashier-qr", self.shown_token).mark("cashier-qr")
            with ui.element("div").classes("cashier-text"):
                heading(2, self.card.name, element_id="cashier-title").classes("cashier-name")
                markup.static(_countdown(int(self._remaining())), classes="contents")
                ui.label(t("ecard.cashier_hint"))
                ui.button(t("ecard.exit_full"), icon=icon("fullscreen_exit"), on_click=dialog.close).props(
                    "unelevated color=primary no-caps").classes("full").mark("exit-full")
        dialog.props("maximized")
        return dialog

    def show(self, code: IssuedCode) -> None:
        """Put `code` on the card and in the full-screen view, and plan the next one."""
        self.shown_token, self.expires_at = code.token, code.expires_at
        for image in (self.image, self.big_image):
            if image is not None and image.props["data-card-token"] != code.token:
                image.props["data-card-token"] = code.token
                image.update()
        remaining = self._remaining()
        due_in = max(1.0, remaining - self.env.settings.card_refresh_lead_seconds)
        self.next_at = time.monotonic() + due_in
        ui.run_javascript(f"FEC.cardCountdown({remaining:.1f}, {due_in:.1f})")

    def _remaining(self) -> float:
        return max(0.0, (self.expires_at - self.env.clock.now()).total_seconds())

    async def refresh(self, *, manual: bool = False) -> None:
        if self.busy:  # one is on its way (after a reconnect, say): a tap now is answered when it comes
            self.asked = self.asked or manual
            return
        if auth.current_session(self.env, self.login_token, touch=False) is None:
            ui.navigate.to("/login?expired=1")  # logged out meanwhile (maybe on all devices): no more codes
            return
        self.busy = True
        try:
            code = await run.io_bound(cards.issue_card_token, self.env, self.holder_id, self.card.request_id)
        except NotFound:  # the binding ended while the card was open
            ui.navigate.to("/ecard?member_gone=1")
            return
        except DomainError:  # coverage lapsed meanwhile: the page says so
            ui.navigate.to(card_url(self.card.request_id))
            return
        finally:
            self.busy = False
        self.show(code)
        if manual or self.asked:
            self.done.text = t("ecard.refreshed")
        self.asked = False

    async def _due(self) -> None:
        """The browser says the next code is due. Asked for sooner than planned (by more than a clock's tick
        between the two), the current code stands."""
        if time.monotonic() >= self.next_at - DUE_LEEWAY_SECONDS:
            await self.refresh()

    async def _connected(self) -> None:
        if self.connected_before:
            await self.refresh()  # back online: the code may have expired meanwhile
        self.connected_before = True


def _card_page(env: Env, request: Request, request_id: int | None):  # type: ignore[no-untyped-def]
    info = current_session()
    assert info is not None  # the guard lets only verified residents in
    try:
        opened = cards.open_card(env, info.account_id, request_id, client=client_address(), own=info.person)
    except NotFound:
        return not_found()
    card, first, choices = opened.card, opened.code, opened.choices
    # The card comes first, its code on the first screen in every text size (DESIGN.md §3); "Whose card" after it.
    with frame(env, t("ecard.card_title", name=card.name), active="nav.home"):
        ui.add_head_html(HEAD)
        if request_id is None and "member_gone" in request.query_params:
            ui.label(t("ecard.member_gone")).classes("notice").props('role="status"')
        if request_id is not None:
            _banner(card)
        with ui.element("div").classes("card stack ecard"):
            insured = first is not None
            markup.text(t(f"status.{card.status}"), classes="status-tag " + ("ok" if insured else "bad"))
            if first is not None:
                CodeDisplay(env, info.account_id, card, first)
            else:
                with ui.element("div").classes("notice error").props('role="note"').mark("not-insured"):
                    ui.label(t("ecard.not_insured")).classes("strong")
                    ui.label(t("ecard.not_insured_text"))
            if request_id is not None:
                _switch_back()
            if first is not None:
                markup.text(t("ecard.intro"), classes="muted", data_read_aloud="")
            facts([
                (t("card.name"), card.name),
                (t("card.id_number"), id_number(card.id_masked)),
                (t("card.region"), t(f"region.{card.region_code}")),
                (t("card.type"), t(f"insurance.{card.insurance_type}")),
                (t("card.status"), t(f"status.{card.status}")),
            ])
        _whose_card(choices, request_id)
    return None


def register(env: Env) -> None:
    @ui.page("/ecard")
    def own_card(request: Request):  # type: ignore[no-untyped-def]
        return _card_page(env, request, None)

    @ui.page("/ecard/member/{member}")
    def member_card(request: Request, member: str):  # type: ignore[no-untyped-def]
        if not (member.isascii() and member.isdigit()) or len(member) > 12:  # noqa: PLR2004 - no request number is that long
            return not_found()
        return _card_page(env, request, int(member))
