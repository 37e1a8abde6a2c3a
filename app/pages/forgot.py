""""Forgot password?": mobile number, code, the ID number of a verified account, a new password (DESIGN.md
§2.1.4). The page is the same for every number: it never tells whether a number has an account or whether the
account's real name was verified, so the ID number is always asked for, with a hint saying when it is needed."""

from __future__ import annotations

from nicegui import run, ui

from app.components.code_sender import CodeSender
from app.components.forms import Form
from app.components.frame import frame
from app.components.state import client_address, error_text, t
from app.pages.common import Busy, primary_button, show_domain_error
from app.pages.realname import id_number_field
from app.services import passwords, recovery
from app.services.env import Env
from app.services.errors import DomainError


def check_new_password(field) -> None:  # type: ignore[no-untyped-def]
    """Say on leaving the field that a password is too short or too common, before anything is sent."""
    problem = passwords.password_problem(field.value) if field.value else None
    field.set_error(error_text(problem) if problem else None)


def register(env: Env) -> None:
    @ui.page("/forgot")
    def forgot_page() -> None:
        with frame(env, t("forgot.title")):
            ui.label(t("forgot.intro")).props("data-read-aloud")
            form = Form(t("form.error_summary"))
            form.field("phone", t("login.mobile"), kind="tel", max_length=20)
            CodeSender(env, form, lambda phone: recovery.send_reset_code(env, phone, client=client_address()),
                       sent_key="code.sent_if_account")
            form.field("code", t("code.label"), hint=t("code.hint"), kind="code", max_length=12)
            ui.label(t("forgot.id_hint")).classes("muted").props('id="forgot-id-when"')
            id_field = id_number_field(form, "id_number", t("realname.id"), env)
            id_field._described.insert(0, "forgot-id-when")  # when it is needed is read with the field, too
            id_field.input.props(f'aria-describedby="{" ".join(id_field._described)}"')
            form.field("password", t("password.new"), hint=t("register.password_hint"), kind="new_password",
                       max_length=200, on_blur=check_new_password)
            submit = primary_button(t("forgot.submit")).mark("submit")

            async def set_password() -> None:
                form.clear_errors()
                values = {name: form.fields[name].value for name in ("phone", "code", "id_number", "password")}
                with Busy(submit):
                    try:
                        await run.io_bound(recovery.reset_password, env, values["phone"], values["code"],
                                           values["id_number"], values["password"], client=client_address())
                    except DomainError as exc:
                        show_domain_error(form, exc, default_field="code")
                        return
                ui.navigate.to("/login?password_reset=1")

            submit.on_click(set_password)
            with ui.element("div").classes("stack"):
                ui.label(t("forgot.remembered")).classes("muted")
                ui.link(t("login.submit"), "/login")
