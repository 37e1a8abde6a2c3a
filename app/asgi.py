"""NiceGUI's three per-request middlewares, written as plain ASGI (DESIGN.md §7).

NiceGUI 3.18 adds `RedirectWithPrefixMiddleware` and `SetCacheControlMiddleware` in `ui.run`, and
`RequestTrackingMiddleware` (user storage) with the storage secret. All three are Starlette
`BaseHTTPMiddleware`s, which run the rest of the request in a second task, with a pair of memory
streams and a cached copy of the request. That cost a few percent of every page view, and a page's client
keeps that request (and its streams) for as long as the page is kept. The versions here do the same
things in the request's own task:

- request tracking: the request in NiceGUI's context variable, a session id in the session, the user
  storage made before the page runs, the count of requests per session, and `request.state.responded`
  set once the response has started (NiceGUI makes the browser storage read-only from then on);
- redirects: a `Location` that starts with "/" gets the `X-Forwarded-Prefix` in front, if that prefix is a
  plain path ("/fec", not "//elsewhere.example", which NiceGUI's version would turn into a redirect to another
  site; nginx in `deploy/` clears the header a browser sends);
- cache control: NiceGUI's own versioned files (not its dynamic resources) get NiceGUI's
  `Cache-Control` directives.

`install()` puts them where `ui.run` and `set_storage_secret` look for NiceGUI's, so call it before
`ui.run`. It leaves NiceGUI's in place if their code is not what these were written from.
"""

from __future__ import annotations

import hashlib
import inspect
import uuid
from collections.abc import Callable
from typing import Any

from nicegui import core, middlewares, storage, ui_run
from nicegui.version import __version__
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# NiceGUI's own classes, as they were before `install` (tests compare against these).
ORIGINALS: dict[str, type[Any]] = {
    "RequestTrackingMiddleware": storage.RequestTrackingMiddleware,
    "RedirectWithPrefixMiddleware": middlewares.RedirectWithPrefixMiddleware,
    "SetCacheControlMiddleware": middlewares.SetCacheControlMiddleware,
}
# What they looked like when these were written (hash of their source).
WRITTEN_FROM = {
    "RequestTrackingMiddleware": "c3b9e40e3027",
    "RedirectWithPrefixMiddleware": "f71b1b441fd3",
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
            await self.app(scope, receive, _at_response_start(send, mark))
        finally:
            active[session_id] -= 1
            if active[session_id] <= 0:
                del active[session_id]


class RedirectWithPrefix:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = Headers(scope=scope).get("x-forwarded-prefix") if scope["type"] == "http" else None
        if not prefix or not _plain_path(prefix):  # nothing (safe) to put in front of a redirect
            await self.app(scope, receive, send)
            return

        def add_prefix(headers: MutableHeaders) -> None:
            location = headers.get("location")
            if location is not None and location.startswith("/"):
                headers["location"] = prefix + location

        await self.app(scope, receive, _at_response_start(send, add_prefix))


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

        await self.app(scope, receive, _at_response_start(send, cache))


def _at_response_start(send: Send, edit: Callable[[MutableHeaders], None]) -> Send:
    """`send`, with `edit` given the response's headers just before they go out."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            edit(MutableHeaders(scope=message))
        await send(message)

    return sending


def _plain_path(prefix: str) -> bool:
    return prefix.startswith("/") and not prefix.startswith("//") and "\\" not in prefix and ":" not in prefix


def source(obj: Any) -> str:
    """The source of a NiceGUI class or function, or "" when none is deployed (then nothing is replaced)."""
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def source_hash(cls: type[Any]) -> str | None:
    text = source(cls)
    return hashlib.sha256(text.encode()).hexdigest()[:12] if text else None


def install() -> None:
    """Use the plain versions (idempotent); each is used only if NiceGUI's class is unchanged."""
    for module, name, plain in ((storage, "RequestTrackingMiddleware", RequestTracking),
                                (ui_run, "RedirectWithPrefixMiddleware", RedirectWithPrefix),
                                (ui_run, "SetCacheControlMiddleware", SetCacheControl)):
        if getattr(module, name) is not ORIGINALS[name]:
            continue  # already ours, or someone else's
        if source_hash(ORIGINALS[name]) == WRITTEN_FROM[name]:
            setattr(module, name, plain)
