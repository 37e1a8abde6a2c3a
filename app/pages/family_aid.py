"""Family mutual aid on My family members (DESIGN.md §2.9): "Let <name> use my personal account", a toggle button
(aria-pressed) that first asks for confirmation, both ways, since money moves (§3); or, when it cannot be turned on,
why in plain words and, for a relationship not proven, what to bring to a service counter."""

from __future__ import annotations

from nicegui import ui

from app.components.acting import Acting
from app.components.dialogs import modal, on_demand
from app.components.help_links import bring_link
from app.components.icons import icon
from app.components.state import client_address, error_text, t
from app.components.text import heading
from app.services import mutual_aid
from app.services.binding.lifecycle import FamilyMember
from app.services.env import Env
from app.services.errors import DomainError
from app.services.help import counter_case
from app.services.mutual_aid import AidState

DONE_ON, DONE_OFF = "aid_on", "aid_off"  # the family page's query after a change: which member it was


def _confirm(env: Env, holder: Acting, member: FamilyMember, on: bool, problem: ui.label) -> ui.dialog:
    rid = member.request_id
    with modal(f"aid-{rid}") as dialog, ui.card().classes("stack"):
        title = "aid.confirm_off_title" if on else "aid.confirm_on_title"
        heading(2, t(title, name=member.name), element_id=f"aid-{rid}")
        ui.label(t("aid.confirm_off_text" if on else "aid.confirm_on_text", name=member.name))

        def change() -> None:
            action = mutual_aid.turn_off if on else mutual_aid.turn_on
            try:
                action(env, holder.holder_id, rid, client=client_address(), actor=holder.actor)
            except DomainError as exc:  # no longer allowed, or unbound in another tab: said next to the switch
                dialog.close()
                problem.text = error_text(exc.code)
                problem.classes(remove="fec-hidden")
                return
            ui.navigate.to(f"/family?{DONE_OFF if on else DONE_ON}={rid}")

        ui.button(t("aid.turn_off" if on else "aid.turn_on"), on_click=change).props(
            "unelevated color=primary no-caps").classes("full").mark(f"confirm-aid-{rid}")
        ui.button(t("confirm.cancel"), on_click=dialog.close).props("outline no-caps").classes("full").mark(
            f"cancel-aid-{rid}")
    return dialog


def aid_switch(env: Env, holder: Acting, member: FamilyMember, state: AidState, done: str | None) -> None:
    """The member's switch, inside their list item. `done` ("aid_on" or "aid_off") when the page was reloaded after
    this member's switch changed, to say so."""
    rid = member.request_id
    with ui.element("div").classes("stack aid").mark(f"aid-{rid}"):
        if state.problem is not None:
            ui.label(t("aid.cannot", name=member.name)).classes("strong")
            ui.label(error_text(state.problem)).classes("notice").mark(f"aid-why-{rid}")
            if case := counter_case(state.problem):
                bring_link(case)
            return
        if done is not None:
            ui.label(t("aid.turned_on" if done == DONE_ON else "aid.turned_off", name=member.name)).classes(
                "notice success").props('role="status"')
        problem = ui.label("").classes("notice error fec-hidden").props('role="alert"').mark(f"aid-problem-{rid}")
        ask = on_demand(lambda: _confirm(env, holder, member, state.on, problem))
        button = ui.button(t("aid.switch", name=member.name), icon=icon("check") if state.on else None,
                           on_click=ask).props("no-caps align=left").classes("full").mark(f"aid-switch-{rid}")
        button.props("unelevated color=primary" if state.on else "outline color=primary")
        button.props["aria-pressed"] = "true" if state.on else "false"
        ui.label(t("aid.state.on" if state.on else "aid.state.off")).classes(
            "status-tag" + (" ok" if state.on else "")).mark(f"aid-state-{rid}")
        if state.on:
            ui.label(t("aid.on_text", name=member.name)).classes("muted")
