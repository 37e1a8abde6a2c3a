"""Settings → "Change password" and "Change mobile number" (DESIGN.md §2.1.4). Both ask for the current password;
the page stays logged in, the account's other logins end."""

from __future__ import annotations

from nicegui import run, ui

from app.components.code_sender import CodeSender
from app.components.forms import Form
from app.components.frame import frame
from app.components.state import client_address, current_session, t, token
from app.pages.common import Busy, live_session, primary_button, show_domain_error
from app.pages.forgot import check_new_password
from app.services import account_changes
from app.services.env import Env
from app.services.errors import DomainError


def _done_notice() -> ui.label:
    """Where the page says the change is made; it stays on the page (not only a toast)."""
    return ui.label("").classes("notice fec-hidden").props('role="status" data-read-aloud')


def _show(notice: ui.label, text: str) -> None:
    notice.text = text
    notice.classes(remove="fec-hidden")


def register(env: Env) -> None:
    _password_page(env)
    _mobile_page(env)


def _password_page(env: Env) -> None:
    @ui.page("/settings/password")
    def change_password_page() -> None:
        with frame(env, t("settings.change_password"), active="nav.my"):
            ui.label(t("password.intro")).props("data-read-aloud")
            done = _done_notice()
            form = Form(t("form.error_summary"))
            current = form.field("current_password", t("password.current"), kind="password", max_length=128)
            new = form.field("new_password", t("password.new"), hint=t("register.password_hint"),
                             kind="new_password", max_length=200, on_blur=check_new_password)
            submit = primary_button(t("settings.change_password")).mark("submit")

            async def change() -> None:
                form.clear_errors()
                done.classes(add="fec-hidden")
                info = live_session(env)
                if info is None:
                    return
                with Busy(submit):
                    try:
                        await run.io_bound(account_changes.change_password, env, info.account_id, current.value,
                                           new.value, token=token(), client=client_address())
                    except DomainError as exc:
                        show_domain_error(form, exc, default_field="current_password")
                        return
                current.value = new.value = ""
                _show(done, t("password.changed"))

            submit.on_click(change)
            ui.link(t("nav.back"), "/settings")


def _mobile_page(env: Env) -> None:
    @ui.page("/settings/mobile")
    def change_phone_page() -> None:
        info = current_session()
        assert info is not None
        with frame(env, t("settings.change_phone"), active="nav.my"):
            if info.role != "resident":  # a staff number is the operator's to change (app/cli.py)
                ui.label(t("error.staff_phone_by_admin")).props("data-read-aloud")
                ui.link(t("nav.back"), "/settings")
                return
            ui.label(t("phone.intro")).props("data-read-aloud")
            now_label = ui.label(t("phone.now", phone=info.phone)).mark("phone-now")
            done = _done_notice()
            form = Form(t("form.error_summary"))
            current = form.field("current_password", t("password.current"), kind="password", max_length=128)
            form.field("new_phone", t("phone.new"), kind="tel", max_length=20)
            account_id = info.account_id
            CodeSender(env, form, lambda phone: account_changes.send_phone_code(env, account_id, phone,
                                                                                client=client_address()),
                       phone_field="new_phone")
            form.field("code", t("code.label"), hint=t("code.hint"), kind="code", max_length=12)
            submit = primary_button(t("settings.change_phone")).mark("submit")

            async def change() -> None:
                form.clear_errors()
                done.classes(add="fec-hidden")
                live = live_session(env)
                if live is None:
                    return
                values = {name: form.fields[name].value for name in ("new_phone", "code")}
                with Busy(submit):
                    try:
                        await run.io_bound(account_changes.change_phone, env, live.account_id, current.value,
                                           values["new_phone"], values["code"], token=token(),
                                           client=client_address())
                    except DomainError as exc:
                        show_domain_error(form, exc, default_field="code")
                        return
                changed = live_session(env)
                phone = changed.phone if changed is not None else values["new_phone"]
                for name in ("current_password", "new_phone", "code"):
                    form.fields[name].value = ""
                now_label.text = t("phone.now", phone=phone)
                _show(done, t("phone.changed", phone=phone))

            submit.on_click(change)
            ui.link(t("nav.back"), "/settings")
