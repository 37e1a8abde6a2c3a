"""A redirect gets the `X-Forwarded-Prefix` in front only when that prefix is a plain path ("/fec"): NiceGUI's own
middleware would turn "//elsewhere.example" into a redirect to another site."""

from __future__ import annotations

from typing import Any

from nicegui import middlewares, ui_run
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.nicegui_code import source, source_hash
from app.web.response_start import at_response_start

NAME = "RedirectWithPrefixMiddleware"
ORIGINAL: type[Any] = middlewares.RedirectWithPrefixMiddleware  # NiceGUI's, as it was before `install`
WRITTEN_FROM = "f71b1b441fd3"  # what it looked like when this was written (hash of its source)


class RedirectWithPrefix:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = Headers(scope=scope).get("x-forwarded-prefix") if scope["type"] == "http" else None
        if not prefix or not plain_path(prefix):  # nothing (safe) to put in front of a redirect
            await self.app(scope, receive, send)
            return

        def add_prefix(headers: MutableHeaders) -> None:
            location = headers.get("location")
            if location is not None and location.startswith("/"):
                headers["location"] = prefix + location

        await self.app(scope, receive, at_response_start(send, add_prefix))


def plain_path(prefix: str) -> bool:
    return prefix.startswith("/") and not prefix.startswith("//") and "\\" not in prefix and ":" not in prefix


def install() -> str | None:
    """Put ours where `ui.run` looks for NiceGUI's (idempotent; call before `ui.run`); returns why it does not fit."""
    current = getattr(ui_run, NAME, None)
    if current is RedirectWithPrefix:
        return None
    if current is not ORIGINAL or source_hash(ORIGINAL) != WRITTEN_FROM:
        return f"NiceGUI's {NAME} has changed"
    if f"add_middleware({NAME})" not in source(ui_run.run):
        return f"ui.run no longer adds {NAME}"
    setattr(ui_run, NAME, RedirectWithPrefix)
    return None
