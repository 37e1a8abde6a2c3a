"""Create an account: privacy notice and consent, mobile number, SMS code, password."""

from __future__ import annotations

from nicegui import app, run, ui

from app.components.code_sender import CodeSender
from app.components.forms import Form
from app.components.frame import frame
from app.components.state import client_address, error_text, t
from app.components.text import heading
from app.pages.common import Busy, finish_login, primary_button, show_domain_error
from app.services import accounts, codes, passwords
from app.services.env import Env
from app.services.errors import DomainError
from app.web.browser import browser_id

PRIVACY_PARTS = ("privacy.what", "privacy.why", "privacy.how", "privacy.how_long")


def privacy_text() -> None:
    for key in PRIVACY_PARTS:
        ui.label(t(key)).props("data-read-aloud")


def _draft() -> dict[str, object]:
    """What was typed so far (never the code or the password), kept on the server for this device."""
    return dict(app.storage.user.get("register_draft") or {})


def _keep(name: str, value: object) -> None:
    draft = _draft()
    draft[name] = value
    app.storage.user["register_draft"] = draft


def register(env: Env) -> None:
    @ui.page("/privacy")
    def privacy_page() -> None:
        with frame(env, t("privacy.title")):
            with ui.element("div").classes("card stack"):
                privacy_text()
            ui.link(t("nav.back"), "/register")

    @ui.page("/register")
    def register_page() -> None:
        draft = _draft()
        with frame(env, t("register.title")):
            form = Form(t("form.error_summary"))
            with ui.element("section").classes("card stack").props('aria-labelledby="privacy-title"'):
                heading(2, t("privacy.title"), element_id="privacy-title")
                privacy_text()
            consent = form.check("consent", t("register.consent"), value=bool(draft.get("consent")))
            consent.checkbox.on_value_change(lambda e: _keep("consent", bool(e.value)))

            def check_phone(field) -> None:  # type: ignore[no-untyped-def]
                problem = codes.phone_problem(codes.normalize_phone(field.value)) if field.value else None
                field.set_error(error_text(problem) if problem else None)

            def check_password(field) -> None:  # type: ignore[no-untyped-def]
                problem = passwords.password_problem(field.value) if field.value else None
                field.set_error(error_text(problem) if problem else None)

            phone = form.field("phone", t("login.mobile"), kind="tel", max_length=20,
                               value=str(draft.get("phone") or ""), on_blur=check_phone)
            phone.input.on_value_change(lambda e: _keep("phone", e.value or ""))

            def consented() -> bool:
                if not consent.value:
                    form.show_errors({"consent": error_text("consent_required")})
                    return False
                return True

            CodeSender(env, form, lambda number: accounts.send_register_code(env, number, client=client_address()),
                       before_send=consented)
            form.field("code", t("code.label"), hint=t("code.hint"), kind="code", max_length=12)
            form.field("password", t("login.password"), hint=t("register.password_hint"), kind="new_password",
                       max_length=200, on_blur=check_password)
            submit = primary_button(t("nav.continue")).mark("submit")

            async def create() -> None:
                form.clear_errors()
                with Busy(submit):
                    try:
                        token = await run.io_bound(
                            accounts.register, env, consent=consent.value, phone=phone.value,
                            code=form.fields["code"].value, password=form.fields["password"].value,
                            client=client_address(), browser=browser_id())
                    except DomainError as exc:
                        show_domain_error(form, exc, default_field="code")
                        return
                app.storage.user.pop("register_draft", None)
                finish_login(token)

            submit.on_click(create)
            with ui.element("div").classes("stack"):
                ui.label(t("register.have_account")).classes("muted")
                ui.link(t("login.submit"), "/login")
