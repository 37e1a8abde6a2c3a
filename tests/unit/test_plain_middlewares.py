"""app/web/speedups/plain_middlewares.py and app/web/fixes/prefix_redirect.py:
the plain ASGI middlewares do what NiceGUI's BaseHTTPMiddleware versions do. Each test runs
against both, so a difference shows up as a test that passes for one and fails for the other."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest
from nicegui import core, middlewares, storage, ui_run
from nicegui.version import __version__
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from app.web.fixes import prefix_redirect
from app.web.speedups import plain_middlewares as asgi

TRACKING = [asgi.ORIGINALS["RequestTrackingMiddleware"], asgi.RequestTracking]
REDIRECTS = [prefix_redirect.ORIGINAL, prefix_redirect.RedirectWithPrefix]
CACHING = [asgi.ORIGINALS["SetCacheControlMiddleware"], asgi.SetCacheControl]


def test_the_originals_are_nicegui_classes() -> None:
    assert TRACKING[0].__module__ == "nicegui.storage" and REDIRECTS[0].__module__ == "nicegui.middlewares"
    assert CACHING[0] is middlewares.SetCacheControlMiddleware


def _client(*middleware: Middleware, routes: list[Route]) -> httpx.AsyncClient:
    app = Starlette(routes=routes, middleware=list(middleware))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _redirect(request: Request) -> Any:
    return RedirectResponse(request.query_params.get("to", "/login"), status_code=303)


@pytest.mark.parametrize("cls", REDIRECTS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("prefix", "to", "expected"), [
    ("/fec", "/login", "/fec/login"),
    (None, "/login", "/login"),
    ("/fec", "https://elsewhere.example/x", "https://elsewhere.example/x"),
])
async def test_redirects_get_the_forwarded_prefix(cls: type, prefix: str | None, to: str, expected: str) -> None:
    async with _client(Middleware(cls), routes=[Route("/go", _redirect)]) as client:
        headers = {"X-Forwarded-Prefix": prefix} if prefix else {}
        response = await client.get("/go", params={"to": to}, headers=headers)
    assert response.status_code == 303
    assert response.headers["location"] == expected


@pytest.mark.parametrize("prefix", ["//elsewhere.example", "https://elsewhere.example", "/a\\b", "fec"])
async def test_a_prefix_that_is_not_a_plain_path_is_not_put_in_front(prefix: str) -> None:
    async with _client(Middleware(prefix_redirect.RedirectWithPrefix), routes=[Route("/go", _redirect)]) as client:
        response = await client.get("/go", headers={"X-Forwarded-Prefix": prefix})
    assert response.headers["location"] == "/login"  # never a redirect to another site


async def _ok(request: Request) -> Any:
    return PlainTextResponse("ok")


@pytest.mark.parametrize("cls", CACHING, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("path", "cached"), [
    (f"/_nicegui/{__version__}/static/nicegui.js", True),
    (f"/_nicegui/{__version__}/dynamic_resources/x.js", False),
    ("/_nicegui/0.0.0/static/old.js", False),
    ("/login", False),
])
async def test_only_nicegui_versioned_files_are_cached(cls: type, path: str, cached: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.app.config, "cache_control_directives", "public, max-age=31536000", raising=False)
    async with _client(Middleware(cls), routes=[Route(path, _ok)]) as client:
        response = await client.get(path)
    assert response.text == "ok"
    if cached:
        assert response.headers["cache-control"] == core.app.config.cache_control_directives
    else:
        assert "cache-control" not in response.headers


@pytest.mark.parametrize("cls", TRACKING, ids=lambda c: c.__name__)
async def test_request_tracking_sets_up_what_pages_rely_on(cls: type, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    async def make_user_storage(session_id: str) -> None:
        made.append(session_id)
        core.app.storage._users[session_id] = {}  # type: ignore[assignment]

    monkeypatch.setattr(core.app.storage, "_create_user_storage", make_user_storage)
    seen: list[dict[str, Any]] = []

    async def page(request: Request) -> Any:
        current = storage.request_contextvar.get()
        assert current is not None
        seen.append({"id": current.session["id"], "responded": current.state.responded,
                     "active": dict(core.app.storage._active_request_sessions)})
        return PlainTextResponse("page")

    try:
        async with _client(Middleware(SessionMiddleware, secret_key="test-secret"), Middleware(cls),
                           routes=[Route("/", page)]) as client:
            first = await client.get("/")
            second = await client.get("/")  # the same browser: the session cookie comes back
        assert first.text == second.text == "page"
        assert seen[0]["id"] == seen[1]["id"]
        assert made == [seen[0]["id"]]  # its user storage is made once, before the page runs
        assert [s["responded"] for s in seen] == [False, False]
        assert all(s["active"] == {seen[0]["id"]: 1} for s in seen)
        assert dict(core.app.storage._active_request_sessions) == {}  # counted down again
    finally:
        for session_id in made:
            core.app.storage._users.pop(session_id, None)


@pytest.mark.parametrize("plain", [asgi.RequestTracking, prefix_redirect.RedirectWithPrefix, asgi.SetCacheControl])
@pytest.mark.parametrize("kind", ["websocket", "lifespan"])
async def test_other_connections_pass_through_untouched(plain: type, kind: str) -> None:
    seen: list[tuple[dict[str, Any], Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope, send))

    async def receive() -> dict[str, Any]:
        return {"type": f"{kind}.connect"}

    async def send(message: dict[str, Any]) -> None:
        return None

    scope = {"type": kind, "path": f"/_nicegui/{__version__}/static/x.js", "headers": [(b"x-forwarded-prefix", b"/p")]}
    await plain(app)(scope, receive, send)
    assert seen == [(scope, send)]  # the same scope and the same send, no session needed


async def _tracked(app: Any, session_id: str) -> None:
    """One GET through `asgi.RequestTracking` to `app`, for a session whose user storage exists."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        return None

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b"",
             "session": {"id": session_id}}
    core.app.storage._users[session_id] = {}  # type: ignore[assignment]
    try:
        await asgi.RequestTracking(app)(scope, receive, send)
    finally:
        core.app.storage._users.pop(session_id, None)


async def test_a_failing_page_is_not_marked_responded_and_is_counted_down(monkeypatch: pytest.MonkeyPatch) -> None:
    requests: list[Request] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        current = storage.request_contextvar.get()
        assert current is not None
        requests.append(current)
        raise RuntimeError("page failed")

    with pytest.raises(RuntimeError):
        await _tracked(app, "failing")
    assert requests[0].state.responded is False
    assert "failing" not in core.app.storage._active_request_sessions


async def test_the_response_marks_the_request_as_responded() -> None:
    marks: list[bool] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        request = storage.request_contextvar.get()
        assert request is not None
        await send({"type": "http.response.start", "status": 200, "headers": []})
        marks.append(request.state.responded)
        await send({"type": "http.response.body", "body": b"x"})

    await _tracked(app, "known")
    assert marks == [True]  # from then on NiceGUI keeps the browser storage read-only


@pytest.mark.speedup
def test_install_replaces_nicegui_classes_once_and_only_if_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "RequestTrackingMiddleware", asgi.ORIGINALS["RequestTrackingMiddleware"])
    monkeypatch.setattr(ui_run, "SetCacheControlMiddleware", asgi.ORIGINALS["SetCacheControlMiddleware"])
    assert asgi.install() is None
    assert asgi.install() is None
    assert storage.RequestTrackingMiddleware is asgi.RequestTracking
    assert ui_run.SetCacheControlMiddleware is asgi.SetCacheControl

    for name, module in (("SetCacheControlMiddleware", ui_run), ("RequestTrackingMiddleware", storage)):
        monkeypatch.setattr(module, name, asgi.ORIGINALS[name])
        monkeypatch.setitem(asgi.WRITTEN_FROM, name, "something else")
    assert "changed" in (asgi.install() or "")  # said, not silently skipped
    assert ui_run.SetCacheControlMiddleware is asgi.ORIGINALS["SetCacheControlMiddleware"]  # NiceGUI changed: kept
    assert storage.RequestTrackingMiddleware is asgi.ORIGINALS["RequestTrackingMiddleware"]


def test_the_prefix_redirect_fix_installs_once_and_says_when_nicegui_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_run, "RedirectWithPrefixMiddleware", prefix_redirect.ORIGINAL)
    assert prefix_redirect.install() is None
    assert prefix_redirect.install() is None
    assert ui_run.RedirectWithPrefixMiddleware is prefix_redirect.RedirectWithPrefix

    monkeypatch.setattr(ui_run, "RedirectWithPrefixMiddleware", prefix_redirect.ORIGINAL)
    monkeypatch.setattr(inspect, "getsource", lambda _: (_ for _ in ()).throw(OSError("no source")))
    assert "has changed" in (prefix_redirect.install() or "")
    assert ui_run.RedirectWithPrefixMiddleware is prefix_redirect.ORIGINAL  # no source: kept, and said
