""""Pay premium for <name>" on My family members (DESIGN.md §2.9): for an approved member with resident medical
insurance, the button and a confirmation that shows the amount ("Pay ¥400.00") before money moves; or, when it
cannot be paid, why in plain words (when the window opens, that it is paid, and for a relationship not proven what to
bring to a service counter)."""

from __future__ import annotations

from nicegui import ui

from app.components.acting import Acting
from app.components.dialogs import modal, on_demand
from app.components.help_links import bring_link
from app.components.state import client_address, error_text, t
from app.components.text import heading
from app.pages.records_view import money
from app.services import premiums
from app.services.binding.lifecycle import FamilyMember
from app.services.env import Env
from app.services.errors import DomainError
from app.services.help import counter_case
from app.services.premiums import PremiumState

DONE = "premium_paid"  # the family page's query after a payment: which member it was


def _confirm(env: Env, holder: Acting, member: FamilyMember, state: PremiumState, problem: ui.label) -> ui.dialog:
    rid, fen = member.request_id, state.amount_fen or 0
    with modal(f"premium-{rid}") as dialog, ui.card().classes("stack"):
        heading(2, t("premium.confirm_title", name=member.name, year=state.year), element_id=f"premium-{rid}")
        ui.label(t("premium.confirm_text", name=member.name, year=state.year, amount=money(fen)))

        def pay() -> None:
            try:
                premiums.pay(env, holder.holder_id, rid, year=state.year, amount_fen=fen, client=client_address(),
                             actor=holder.actor)
            except DomainError as exc:  # not enough money, paid in another tab, unbound: said next to the button
                dialog.close()
                problem.text = error_text(exc.code)
                problem.classes(remove="fec-hidden")
                return
            ui.navigate.to(f"/family?{DONE}={rid}")

        ui.button(t("premium.pay", amount=money(fen)), on_click=pay).props(
            "unelevated color=primary no-caps").classes("full").mark(f"confirm-premium-{rid}")
        ui.button(t("confirm.cancel"), on_click=dialog.close).props("outline no-caps").classes("full").mark(
            f"cancel-premium-{rid}")
    return dialog


def _why(member: FamilyMember, state: PremiumState) -> str:
    if state.problem == premiums.NOT_OPEN and state.opens is not None:
        return t("premium.opens", name=member.name, year=state.year, opens_year=state.opens.year)
    if state.problem == premiums.PAID:
        return t("premium.already_paid", name=member.name, year=state.year)
    if state.problem == premiums.NO_AMOUNT:
        return t("premium.no_amount", name=member.name, year=state.year)
    return error_text(state.problem or "generic")


def premium_button(env: Env, holder: Acting, member: FamilyMember, state: PremiumState, done: bool) -> None:
    """The member's premium, inside their list item; `done` when the page was reloaded after paying it."""
    rid = member.request_id
    with ui.element("div").classes("stack premium").mark(f"premium-{rid}"):
        if done:
            ui.label(t("premium.paid", name=member.name)).classes("notice success").props('role="status"')
        if state.problem is not None:
            if not done:
                ui.label(t("premium.cannot", name=member.name)).classes("strong")
            ui.label(_why(member, state)).classes("notice").mark(f"premium-why-{rid}")
            if case := counter_case(state.problem):
                bring_link(case)
            return
        problem = ui.label("").classes("notice error fec-hidden").props('role="alert"').mark(f"premium-problem-{rid}")
        ask = on_demand(lambda: _confirm(env, holder, member, state, problem))
        ui.button(t("premium.button", name=member.name), on_click=ask).props(
            "outline color=primary no-caps align=left").classes("full").mark(f"premium-pay-{rid}")
        ui.label(t("premium.due", year=state.year, amount=money(state.amount_fen or 0))).classes("muted").mark(
            f"premium-due-{rid}")
