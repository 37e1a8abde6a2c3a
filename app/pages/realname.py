"""Real-name verification (DESIGN.md §2.1.3): a name and ID number matched against the registry make a claim, which
the person then proves: at once when their number is the registry's, else with a code sent to the number the
insurance agency holds, or at a service counter. The proof activates the e-voucher."""

from __future__ import annotations

import contextlib

from fastapi import Request
from nicegui import run, ui

from app.components.forms import Form
from app.components.frame import frame
from app.components.help_links import BringLinks, bring_href
from app.components.icons import icon
from app.components.state import client_address, current_session, error_text, t
from app.pages.common import Busy, live_session, primary_button, show_domain_error
from app.services import claims, ids, proofs
from app.services.env import Env
from app.services.errors import DomainError
from app.services.help import counter_case


def id_number_field(form: Form, name: str, label: str, env: Env):  # type: ignore[no-untyped-def]
    """An ID number input with a numeric keyboard, plus an "X" button for numbers ending in X."""

    def check(field) -> None:  # type: ignore[no-untyped-def]
        if not field.value:
            field.set_error(None)
            return
        try:
            ids.parse_id_number(field.value, env.clock.today())
            field.set_error(None)
        except ids.InvalidIdNumber as exc:
            field.set_error(error_text(f"id_{exc.reason}"))

    with ui.element("div").classes("field-row"):
        field = form.field(name, label, hint=t("realname.id_hint"), kind="id_number", max_length=24, on_blur=check)
        ui.button("X", on_click=lambda: field.input.set_value(field.value + "X")).props(
            f'outline no-caps aria-label="{t("realname.type_x")}"').mark("type-x")
    return field


def _claim_form(env: Env) -> None:
    """"Real name" and "ID number": a claim to be that person."""
    form = Form(t("form.error_summary"))
    # "Too many checks today" sends the person to a counter, where staff check their ID card.
    bring = BringLinks(lambda code: counter_case(code, lookups="identity"))
    form.field("name", t("realname.name"), kind="name", max_length=60)
    id_number_field(form, "id_number", t("realname.id"), env)
    submit = primary_button(t("realname.submit")).mark("submit")

    async def verify() -> None:
        form.clear_errors()
        bring.show(None)
        current = live_session(env)
        if current is None:
            return
        with Busy(submit):
            try:
                view = await run.io_bound(claims.claim, env, current.account_id, form.fields["name"].value,
                                          form.fields["id_number"].value, client=client_address())
            except DomainError as exc:
                show_domain_error(form, exc)
                bring.show(exc)
                return
        ui.navigate.to("/?activated=1" if view.state == "proven" else "/verify")

    submit.on_click(verify)


def _code_step(env: Env, view: claims.ClaimView) -> None:
    """A code went (or goes) to the number the insurance agency holds for the person."""
    form = Form(t("form.error_summary"))
    status = ui.label(t("claim.code_sent", phone=view.masked_phone) if view.resend_at else t("claim.code_needed",
                                                                                             phone=view.masked_phone))
    status.classes("notice").props('role="status" data-read-aloud').mark("claim-status")
    code = form.field("code", t("claim.code"), hint=t("claim.code_hint"), kind="code", max_length=12)
    check = primary_button(t("claim.verify_code")).mark("verify-code")
    send = ui.button(t("claim.send_again") if view.resend_at else t("code.send"), icon=icon("refresh")).props(
        "outline no-caps").classes("full").mark("send-again")

    async def verify_code() -> None:
        form.clear_errors()
        current = live_session(env)
        if current is None:
            return
        with Busy(check):
            try:
                await run.io_bound(claims.prove_with_code, env, current.account_id, code.value,
                                   client=client_address())
            except DomainError as exc:
                show_domain_error(form, exc, default_field="code")
                return
        ui.navigate.to("/?activated=1")

    async def send_again() -> None:
        form.clear_errors()
        current = live_session(env)
        if current is None:
            return
        with Busy(send):
            try:
                sent = await run.io_bound(claims.resend, env, current.account_id)
            except DomainError as exc:
                show_domain_error(form, exc, default_field="code")
                return
        status.text = t("claim.code_sent", phone=sent.masked_phone)
        send.text = t("claim.send_again")

    check.on_click(verify_code)
    send.on_click(send_again)
    code.input.on("keydown.enter", verify_code)
    ui.link(t("claim.lost_number"), "/verify?lost=1").mark("lost-number")


def _counter_step(env: Env) -> None:
    """No number the person still has: staff check the ID card at a counter (or a provider, where configured)."""
    ui.label(t("claim.counter")).classes("notice").props('role="status" data-read-aloud').mark("claim-status")
    ui.link(t("claim.at_counter"), bring_href("identity")).mark("at-counter")
    provider = env.identity_provider
    if provider is None:
        return
    problem = ui.label("").classes("error-text fec-hidden").props('role="alert"')
    button = ui.button(t("claim.with_provider", provider=provider.name)).props("outline no-caps").classes("full")

    async def verify() -> None:
        current = live_session(env)
        if current is None:
            return
        with Busy(button):
            try:
                view = await run.io_bound(proofs.prove_with_provider, env, current.account_id,
                                          client=client_address())
            except DomainError as exc:
                problem.text = error_text(exc.code)
                problem.classes(remove="fec-hidden")
                return
        ui.navigate.to("/?activated=1" if view.state == "proven" else "/verify")

    button.on_click(verify).mark("with-provider")


def register(env: Env) -> None:
    @ui.page("/verify")
    def verify_page(request: Request) -> None:
        info = current_session()
        if info is not None and info.verified:
            ui.navigate.to("/")
            return
        assert info is not None  # the guard sends anyone not logged in to the login
        if "lost" in request.query_params:
            with contextlib.suppress(DomainError):
                claims.no_longer_have_number(env, info.account_id)
        view = claims.current(env, info.account_id)
        with frame(env, t("realname.title")):
            if view is not None and view.state == "open" and "again" not in request.query_params:
                ui.label(t("claim.for", name=view.name_masked)).classes("strong")
                if view.route == "code":
                    _code_step(env, view)
                else:
                    _counter_step(env)
                ui.link(t("claim.other_details"), "/verify?again=1").mark("other-details")  # a new claim replaces it
                return
            if view is not None and view.state == "cancelled" and view.cancel_reason == "other_claim_proven":
                ui.label(t("claim.lost_to_other")).classes("notice error").props('role="alert"')
                ui.link(t("claim.at_counter"), bring_href("identity"))
            ui.label(t("realname.intro")).props("data-read-aloud")
            _claim_form(env)
