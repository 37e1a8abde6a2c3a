"""NiceGUI's request-tracking and cache-control middlewares as plain ASGI: the same work in the request's own task,
without `BaseHTTPMiddleware`'s second task, memory streams and the request a page keeps. Used only while NiceGUI's
classes are what these were written from."""

from __future__ import annotations

import uuid
from typing import Any

from nicegui import core, middlewares, storage, ui_run
from nicegui.version import __version__
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.nicegui_code import source_hash
from app.web.response_start import at_response_start

# NiceGUI's own classes, as they were before `install` (tests compare against these).
ORIGINALS: dict[str, type[Any]] = {
    "RequestTrackingMiddleware": storage.RequestTrackingMiddleware,
    "SetCacheControlMiddleware": middlewares.SetCacheControlMiddleware,
}
# What they looked like when these were written (hash of their source).
WRITTEN_FROM = {
    "RequestTrackingMiddleware": "c3b9e40e3027",
    "SetCacheControlMiddleware": "da37a070f4d5",
}


class RequestTracking:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        storage.request_contextvar.set(request)
        if "id" not in request.session:
            request.session["id"] = str(uuid.uuid4())
        request.state.responded = False
        session_id = request.session["id"]
        active = core.app.storage._active_request_sessions  # pylint: disable=protected-access
        active[session_id] += 1

        def mark(_: MutableHeaders) -> None:
            request.state.responded = True

        try:
            if session_id not in core.app.storage._users:  # pylint: disable=protected-access
                await core.app.storage._create_user_storage(session_id)  # pylint: disable=protected-access
            await self.app(scope, receive, at_response_start(send, mark))
        finally:
            active[session_id] -= 1
            if active[session_id] <= 0:
                del active[session_id]


class SetCacheControl:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path.startswith(f"/_nicegui/{__version__}/")
                and not path.startswith(f"/_nicegui/{__version__}/dynamic_resources/")):
            await self.app(scope, receive, send)
            return

        def cache(headers: MutableHeaders) -> None:
            headers["Cache-Control"] = core.app.config.cache_control_directives

        await self.app(scope, receive, at_response_start(send, cache))


def install() -> str | None:
    """Use the plain versions (idempotent); returns why one does not fit (NiceGUI's class has changed)."""
    changed = []
    for module, name, plain in ((storage, "RequestTrackingMiddleware", RequestTracking),
                                (ui_run, "SetCacheControlMiddleware", SetCacheControl)):
        if getattr(module, name) is plain:
            continue
        if getattr(module, name) is not ORIGINALS[name] or source_hash(ORIGINALS[name]) != WRITTEN_FROM[name]:
            changed.append(name)
            continue
        setattr(module, name, plain)
    return f"NiceGUI's {' and '.join(changed)} changed" if changed else None
