"""Log in with mobile number and password, or with an SMS code."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, run, ui

from app.components.code_sender import CodeSender
from app.components.forms import Form
from app.components.frame import frame
from app.components.state import client_address, t
from app.pages.common import Busy, finish_login, primary_button, show_domain_error, take_over_login
from app.services import auth
from app.services.env import Env
from app.services.errors import DomainError
from app.web.browser import browser_id

NOTICES = {"expired": "session.expired", "logged_out": "session.logged_out", "all_devices": "session.all_devices",
           "deleted": "session.deleted", "password_reset": "session.password_reset"}


def register(env: Env) -> None:
    @app.get("/login/continue")
    async def continue_login(request: Request, h: str = "", next: str | None = None) -> RedirectResponse:
        """Where a login (or a new account) goes on, over HTTP so the browser can get its new browser id."""
        target = await take_over_login(env, request, h, next)
        return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})

    @ui.page("/login")
    def login_page(request: Request) -> None:
        next_path = request.query_params.get("next")
        with frame(env, t("login.title")):
            for flag, key in NOTICES.items():
                if flag in request.query_params:
                    ui.label(t(key, minutes=env.settings.session_idle_minutes)).classes("notice").props(
                        'role="status" data-read-aloud')
            form = Form(t("form.error_summary"))
            form.field("phone", t("login.mobile"), kind="tel", max_length=20)
            with ui.element("div").classes("stack") as password_part:
                form.field("password", t("login.password"), kind="password", max_length=128)
            code_part = ui.element("div").classes("stack")  # filled the first time it is chosen
            code_part.set_visibility(False)
            submit = primary_button(t("login.submit")).mark("submit")
            switch = ui.button(t("login.with_code")).props("outline no-caps").classes("full").mark("switch-mode")

            def use_code(on: bool) -> None:
                form.clear_errors()
                if on and "code" not in form.fields:
                    with code_part:
                        CodeSender(env, form, lambda phone: auth.send_login_code(env, phone, client=client_address()),
                                   sent_key="code.sent_if_account")
                        form.field("code", t("code.label"), hint=t("code.hint"), kind="code", max_length=12)
                    form.fields["code"].input.on("keydown.enter", log_in)
                password_part.set_visibility(not on)
                code_part.set_visibility(on)
                switch.text = t("login.with_password") if on else t("login.with_code")

            switch.on_click(lambda: use_code(not code_part.visible))
            ui.link(t("login.forgot"), "/forgot")

            async def log_in() -> None:
                form.clear_errors()
                phone = form.fields["phone"].value
                with Busy(submit):
                    try:
                        if code_part.visible:
                            token = await run.io_bound(auth.login_with_code, env, phone, form.fields["code"].value,
                                                       client=client_address(), browser=browser_id())
                        else:
                            token = await run.io_bound(auth.login_with_password, env, phone,
                                                       form.fields["password"].value, client=client_address(),
                                                       browser=browser_id())
                    except DomainError as exc:
                        show_domain_error(form, exc, default_field="code" if code_part.visible else "password")
                        return
                finish_login(token, next_path)

            submit.on_click(log_in)
            for name in ("phone", "password"):
                form.fields[name].input.on("keydown.enter", log_in)
            with ui.element("div").classes("stack"):
                ui.label(t("login.no_account")).classes("muted")
                ui.link(t("login.create"), "/register")
