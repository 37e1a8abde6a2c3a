"""Who can show my card (DESIGN.md §2.6): a bound member sees the holders who can show their e-card and
can remove any of them; the holder is told."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from app.components.dialogs import modal, on_demand
from app.components.frame import frame
from app.components.help_links import bring_link
from app.components.icons import icon
from app.components.state import client_address, current_session, error_text, t
from app.components.text import heading
from app.services.binding import lifecycle
from app.services.binding.lifecycle import Holder
from app.services.clock import to_local
from app.services.env import Env
from app.services.errors import DomainError


def _remove_dialog(env: Env, member_id: int, holder: Holder, problems: ui.label) -> ui.dialog:
    with modal(f"remove-{holder.request_id}") as dialog, ui.card().classes("stack"):
        heading(2, t("holders.remove", name=holder.name), element_id=f"remove-{holder.request_id}")
        ui.label(t("holders.remove_text", name=holder.name))

        def remove() -> None:
            try:
                lifecycle.remove_holder(env, member_id, holder.request_id, client=client_address())
            except DomainError as exc:
                dialog.close()
                problems.text = error_text(exc.code)
                problems.classes(remove="fec-hidden")
                return
            ui.navigate.to("/my/holders?removed=1")

        ui.button(t("holders.remove", name=holder.name), on_click=remove).props(
            "unelevated color=negative no-caps").classes("full").mark(f"confirm-remove-{holder.request_id}")
        ui.button(t("confirm.cancel"), on_click=dialog.close).props("outline no-caps").classes("full")
    return dialog


def _holder_item(env: Env, member_id: int, holder: Holder, problems: ui.label) -> None:
    with ui.element("li").classes("card stack").mark(f"holder-{holder.request_id}"):
        heading(2, holder.name)
        if holder.relationship:
            ui.label(t("holders.relationship", relationship=t(f"relationship.{holder.relationship}")))
        if holder.since:
            ui.label(t("holders.since", date=to_local(holder.since).strftime("%Y-%m-%d"))).classes("muted")
        ui.button(t("holders.remove", name=holder.name), icon=icon("person_remove"),
                  on_click=on_demand(lambda: _remove_dialog(env, member_id, holder, problems))).props(
            "outline color=negative no-caps").classes("full").mark(f"remove-{holder.request_id}")


def register(env: Env) -> None:
    @ui.page("/my/holders")
    def holders_page(request: Request):  # type: ignore[no-untyped-def]
        info = current_session()
        assert info is not None
        if info.role != "resident":  # staff have no card to show
            return RedirectResponse("/my", status_code=303)
        found = lifecycle.holders(env, info.account_id)
        with frame(env, t("holders.title"), active="nav.my"):
            ui.label(t("holders.intro")).props("data-read-aloud")
            if "removed" in request.query_params:
                ui.label(t("holders.removed")).classes("notice success").props('role="status"')
            problems = ui.label("").classes("notice error fec-hidden").props('role="alert"')
            if not found:
                ui.label(t("holders.empty"))
            with ui.element("ul").classes("member-list"):
                for holder in found:
                    _holder_item(env, info.account_id, holder, problems)
            ui.label(t("holders.counter")).classes("muted")
            bring_link("remove_holder")
            ui.link(t("nav.back"), "/my")
        return None
