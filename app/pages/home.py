"""Home: the own e-voucher and the main entries."""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from app.components import markup
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import current_session, t
from app.components.text import facts, heading, id_number
from app.services import cards, ids
from app.services.cards import CardChoice
from app.services.env import Env
from app.services.registry import PersonView


def voucher_card(person: PersonView) -> None:
    """The own e-voucher summary: full name, masked ID, region, type, status (not only by colour)."""
    insured = person.status == "insured"
    with ui.element("section").classes("card stack").props('aria-labelledby="voucher-title"'):
        heading(2, t("home.voucher_title"), element_id="voucher-title")
        markup.text(t("home.active") if insured else t("status.lapsed"),
                    classes="status-tag " + ("ok" if insured else "bad"))
        facts([
            (t("card.name"), person.name),
            (t("card.id_number"), id_number(ids.mask_id_number(person.id_number))),
            (t("card.region"), t(f"region.{person.region_code}")),
            (t("card.type"), t(f"insurance.{person.insurance_type}")),
            (t("card.status"), t(f"status.{person.status}")),
        ])


def card_tiles(members: list[CardChoice]) -> None:
    """"Show e-card" and one "Show <name>'s e-card" per approved member: the first thing on the screen, since at a
    pharmacy counter nobody should have to scroll for a card (DESIGN.md §3)."""
    with ui.element("div").classes("card-tiles"):
        ui.button(t("home.show_card"), icon=icon("qr_code_2"), on_click=lambda: ui.navigate.to("/ecard")).props(
            "unelevated color=primary no-caps").classes("full tile").mark("show-card")
        for member in members:
            target = f"/ecard/member/{member.request_id}"
            ui.button(t("home.show_member_card", name=member.name), icon=icon("qr_code_2"),
                      on_click=lambda target=target: ui.navigate.to(target)).props(
                "outline color=primary no-caps").classes("full tile").mark(f"show-card-{member.request_id}")


def register(env: Env) -> None:
    @ui.page("/")
    def home_page(request: Request) -> None:
        info = current_session()
        assert info is not None  # the guard lets only verified residents in
        person = info.person
        members = cards.member_choices(env, info.account_id)
        with frame(env, t("home.hello", name=person.name if person else ""), active="nav.home"):
            if "activated" in request.query_params:
                ui.label(t("action.real_name_verified")).classes("notice success").props('role="status"')
            card_tiles(members)
            if person:
                voucher_card(person)
            entries = (("home.family", "/family"), ("home.contributions", "/records/contributions"),
                       ("home.expenses", "/records/expenses"))
            markup.static(markup.items([markup.link(t(key), target) for key, target in entries]), classes="link-list")
