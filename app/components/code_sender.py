"""The "Send code" button with the code's validity and a resend countdown that stay on the page."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import run, ui

from app.components.forms import Form
from app.components.state import error_text, t
from app.services.codes import SentCode, normalize_phone
from app.services.env import Env
from app.services.errors import RateLimited, ValidationFailed


def masked_phone(phone: str) -> str:
    phone = normalize_phone(phone)
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else phone  # noqa: PLR2004


class CodeSender:
    """`send(phone)` asks the service for a code; the button stays disabled until a resend is allowed."""

    def __init__(self, env: Env, form: Form, send: Callable[[str], SentCode], *, phone_field: str = "phone",
                 before_send: Callable[[], bool] | None = None, sent_key: str = "code.sent") -> None:
        self.env, self.form, self.send, self.phone_field = env, form, send, phone_field
        self.sent_key = sent_key  # what the page says once sent (login: "If this number has an account, ...")
        self.before_send = before_send
        self.resend_at = None
        self.button = ui.button(t("code.send"), on_click=self._send).props("outline no-caps").mark("send-code")
        self.status = ui.label("").classes("notice fec-hidden").props('role="status"').mark("code-status")
        self.countdown = ui.label("").classes("muted")
        self.timer = ui.timer(1.0, self._tick, active=False)

    async def _send(self) -> None:
        if self.before_send and not self.before_send():
            return
        phone = self.form.fields[self.phone_field].value
        self.button.disable()
        try:
            sent = await run.io_bound(self.send, phone)
        except ValidationFailed as exc:
            self.form.show_errors({f: error_text(c, exc.params) for f, c in exc.errors.items()})
            self.button.enable()
            return
        except RateLimited as exc:
            self.form.show_errors({exc.field or "code": error_text(exc.code, exc.params)})
            self.resend_at = exc.retry_at
            self.timer.activate()
            self._tick()
            return
        self.form.clear_errors()
        self.status.text = t(self.sent_key, phone=masked_phone(phone), time=sent.expires_at)
        self.status.classes(remove="fec-hidden")
        self.resend_at = sent.resend_at
        self.timer.activate()
        self._tick()

    def _tick(self) -> None:
        if self.resend_at is None:
            return
        seconds = int((self.resend_at - self.env.clock.now()).total_seconds())
        if seconds <= 0:
            self.timer.deactivate()
            self.countdown.text = ""
            self.button.enable()
        else:
            self.countdown.text = t("code.resend_in", seconds=seconds)
            self.button.disable()
