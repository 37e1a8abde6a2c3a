"""My family members: everyone on the list with their status, and what can be done with each."""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from app.components.acting import Acting, acting
from app.components.dialogs import modal, on_demand
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import client_address, error_text, t
from app.components.text import heading
from app.components.wizard import step_url
from app.pages.family_aid import DONE_OFF, DONE_ON, aid_switch
from app.pages.family_premium import DONE as PREMIUM_DONE
from app.pages.family_premium import premium_button
from app.pages.relationship_proof import PATH as PROOF_PATH
from app.pages.what_you_need import PATH as WHAT_YOU_NEED
from app.services import mutual_aid, premiums
from app.services.binding import lifecycle, relationship, states
from app.services.binding.lifecycle import FamilyMember
from app.services.binding.store import WITHDRAW_WINDOW
from app.services.env import Env
from app.services.errors import DomainError
from app.services.mutual_aid import AidState
from app.services.premiums import PremiumState


def _confirm_unbind(env: Env, holder: Acting, member: FamilyMember) -> ui.dialog:
    with modal(f"unbind-{member.request_id}") as dialog, ui.card().classes("stack"):
        heading(2, t("family.unbind", name=member.name), element_id=f"unbind-{member.request_id}")
        ui.label(t("family.unbind_text", name=member.name))

        def unbind() -> None:
            lifecycle.unbind(env, holder.holder_id, member.request_id, client=client_address(), actor=holder.actor)
            ui.navigate.to(f"/family?unbound={member.request_id}")

        ui.button(t("family.unbind", name=member.name), on_click=unbind).props(
            "unelevated color=negative no-caps").classes("full").mark(f"confirm-unbind-{member.request_id}")
        ui.button(t("confirm.cancel"), on_click=dialog.close).props("outline no-caps").classes("full")
    return dialog


def _proof(holder: Acting, member: FamilyMember, proof: str | None) -> None:
    """Where a proof of the relationship stands; staff assisting the holder can take one (DESIGN.md §2.7)."""
    if proof:
        ui.label(t(f"proof.state.{proof}")).classes("status-tag" + (" ok" if proof == "proven" else "")).mark(
            f"proof-{member.request_id}")
    if holder.actor is not None and proof != "proven":
        ui.button(t("proof.prove"), icon=icon("badge"),
                  on_click=lambda: ui.navigate.to(f"{PROOF_PATH}/{member.request_id}")).props(
            "outline no-caps").classes("full").mark(f"prove-{member.request_id}")


def _member_item(env: Env, holder: Acting, member: FamilyMember, problems: ui.label, proof: str | None, *,
                 aid: AidState | None = None, aid_done: str | None = None, premium: PremiumState | None = None,
                 premium_done: bool = False) -> None:
    def act(action, then: str) -> None:  # type: ignore[no-untyped-def]
        try:
            action(env, holder.holder_id, member.request_id, client=client_address(), actor=holder.actor)
        except DomainError as exc:
            problems.text = error_text(exc.code)
            problems.classes(remove="fec-hidden")
            return
        ui.navigate.to(then)

    name = member.name or t("family.unnamed")
    with ui.element("li").classes("card stack").mark(f"member-{member.request_id}"):
        heading(2, name)
        if member.relationship:
            ui.label(t("family.relationship", relationship=t(f"relationship.{member.relationship}")))
        ok = member.status == states.APPROVED
        ui.label(t(f"family.status.{member.status}")).classes("status-tag " + ("ok" if ok else ""))
        if member.status == states.DRAFT:
            ui.link(t("family.continue"), step_url(member.request_id, member.step))
        if member.can_withdraw and member.submitted_at:
            ui.label(t("family.withdraw_until", time=member.submitted_at + WITHDRAW_WINDOW)).classes("muted")
            ui.button(t("family.withdraw"), on_click=lambda: act(lifecycle.withdraw, "/family?withdrawn=1")).props(
                "outline no-caps").classes("full").mark(f"withdraw-{member.request_id}")
        if member.status == states.WITHDRAWN:
            ui.button(t("family.edit"), on_click=lambda: act(lifecycle.edit, step_url(member.request_id, "check"))
                      ).props("outline no-caps").classes("full").mark(f"edit-{member.request_id}")
        if member.status == states.REJECTED and member.reject_reason:
            ui.label(t("check.to_fix", reason=t(f"reason.{member.reject_reason}"))).classes("notice error")
            if member.reject_details:
                ui.label(t("check.to_fix_details", details=member.reject_details))
        if member.status == states.REJECTED:
            ui.button(t("family.resubmit"), on_click=lambda: act(lifecycle.edit, step_url(member.request_id, "check"))
                      ).props("unelevated color=primary no-caps").classes("full").mark(f"resubmit-{member.request_id}")
        if ok:
            _proof(holder, member, proof)
            if aid is not None:
                aid_switch(env, holder, member, aid, aid_done)
            if premium is not None:
                premium_button(env, holder, member, premium, premium_done)
            ask = on_demand(lambda: _confirm_unbind(env, holder, member))
            ui.button(t("family.unbind", name=name), icon=icon("link_off"), on_click=ask).props(
                "outline color=negative no-caps").classes("full").mark(f"unbind-{member.request_id}")


def register(env: Env) -> None:
    @ui.page("/family")
    def family_page(request: Request) -> None:
        holder = acting()
        assert holder is not None  # the guard lets only residents and assisting staff in
        members = lifecycle.family(env, holder.holder_id)
        proofs = relationship.proof_states(env, holder.holder_id)
        # Only the holder moves their own money: staff assisting at the counter do not see the switches.
        aids = mutual_aid.status(env, holder.holder_id) if holder.actor is None else {}
        dues = premiums.status(env, holder.holder_id) if holder.actor is None else {}
        done = {key: request.query_params.get(key) for key in (DONE_ON, DONE_OFF)}
        with frame(env, t("family.title"), active="nav.my"):
            ui.label(t("family.intro")).props("data-read-aloud")
            if "withdrawn" in request.query_params:
                ui.label(t("family.withdrawn")).classes("notice success").props('role="status"')
            problems = ui.label("").classes("notice error fec-hidden").props('role="alert"')
            ui.button(t("family.add"), icon=icon("add"), on_click=lambda: ui.navigate.to(WHAT_YOU_NEED)).props(
                f'unelevated color=primary no-caps aria-label="{t("family.add")}"').classes("full").mark("add-member")
            if not members:
                ui.label(t("family.empty"))
            with ui.element("ul").classes("member-list"):
                for member in members:
                    rid = str(member.request_id)
                    aid_done = next((key for key, value in done.items() if value == rid), None)
                    _member_item(env, holder, member, problems, proofs.get(member.request_id),
                                 aid=aids.get(member.request_id), aid_done=aid_done,
                                 premium=dues.get(member.request_id),
                                 premium_done=request.query_params.get(PREMIUM_DONE) == rid)
