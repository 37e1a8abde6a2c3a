"""Real-name verification: name and ID number matched against the registry; activates the e-voucher."""

from __future__ import annotations

from nicegui import run, ui

from app.components.forms import Form
from app.components.frame import frame
from app.components.help_links import BringLinks
from app.components.state import client_address, current_session, error_text, t
from app.pages.common import Busy, live_session, primary_button, show_domain_error
from app.services import accounts, ids
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


def register(env: Env) -> None:
    @ui.page("/verify")
    def verify_page() -> None:
        info = current_session()
        if info is not None and info.verified:
            ui.navigate.to("/")
            return
        with frame(env, t("realname.title")):
            ui.label(t("realname.intro")).props("data-read-aloud")
            form = Form(t("form.error_summary"))
            # "This person already has an account" and "Too many checks today" send the person to a counter,
            # where staff check their ID card.
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
                        await run.io_bound(accounts.verify_real_name, env, current.account_id,
                                           form.fields["name"].value, form.fields["id_number"].value,
                                           client=client_address())
                    except DomainError as exc:
                        show_domain_error(form, exc)
                        bring.show(exc)
                        return
                ui.navigate.to("/?activated=1")

            submit.on_click(verify)
