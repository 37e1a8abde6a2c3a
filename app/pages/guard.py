"""One middleware decides who may open which page, instead of a check copied into every page."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app
from starlette.types import ASGIApp, Receive, Scope, Send

from app.components.acting import ASSIST_KEY
from app.components.state import token as session_token
from app.i18n import parse_language
from app.services import accounts, auth, counter
from app.services.env import Env

PUBLIC = {"/login", "/login/continue", "/register", "/forgot", "/privacy", "/help", "/cashier"}  # cashier: demo
ANONYMOUS_ONLY = {"/login", "/register", "/forgot"}
# Pages a logged-in resident may open before real-name verification.
UNVERIFIED_OK = {"/verify", "/my", "/settings", "/settings/password", "/settings/mobile", "/notifications", "/activity",
                 "/privacy"}
NOT_PAGES = ("/_nicegui", "/api/", "/assets/", "/favicon", "/docs", "/openapi")
STAFF_PAGES = ("/staff", "/my", "/settings", "/notifications", "/activity")
# Staff reach the binding flow only while assisting a resident at the counter (never the e-card or records).
ASSISTED_PAGES = ("/family",)


def home_for(info: auth.SessionInfo) -> str:
    if info.role == "staff":
        return "/staff"
    return "/" if info.verified else "/verify"


def _same_app_path(target: str) -> bool:
    path, _, query = target.partition("?")
    if not path.startswith("/") or path[1:2] in ("/", "\\") or "\\" in target:
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return False
    # Browsers drop tabs and line breaks from a link ("/\t/x" is "//x", another host) and trim spaces.
    return not any(unicodedata.category(char)[0] in "CZ" for char in path) and not any(
        unicodedata.category(char)[0] == "C" or char in "\u2028\u2029" for char in query)


def safe_next(target: str | None) -> str | None:
    """Only paths of this app, so a crafted link cannot send people elsewhere after login: one leading "/", no
    scheme, host, "//", backslash or control character, also once percent-decoded (twice, for doubly encoded
    links)."""
    if not target:
        return None
    once = unquote(target)
    if all(_same_app_path(form) for form in (target, once, unquote(once))):
        return target
    return None


class AuthGuard:
    """A plain ASGI middleware: a page it lets through runs in the same task, without the extra task and
    streams Starlette's BaseHTTPMiddleware puts around every request (DESIGN.md §7)."""

    def __init__(self, asgi_app: ASGIApp, env: Env) -> None:
        self.app = asgi_app
        self.env = env

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        refused = self.check(Request(scope, receive))
        if refused is None:
            await self.app(scope, receive, send)
        else:
            await refused(scope, receive, send)

    def _remember_language(self, request: Request, info: auth.SessionInfo | None) -> None:
        """`?lang=` on any page switches the language for this device (and the account), before the
        page is built, so its heading and title are already in the new language."""
        chosen = parse_language(request.query_params.get("lang"))
        if chosen is None:
            return
        app.storage.user["prefs"] = {**(app.storage.user.get("prefs") or {}), "language": chosen}
        if info is not None:
            accounts.save_preferences(self.env, info.account_id, auth.Preferences(language=chosen))

    def _assisting(self, info: auth.SessionInfo | None, token: str | None) -> counter.AssistView | None:
        """The resident this staff browser is assisting, if that still holds (else it is forgotten)."""
        if info is None or info.role != "staff" or ASSIST_KEY not in app.storage.user:
            return None
        found = counter.current(self.env, info.account_id, token, app.storage.user.get(ASSIST_KEY))
        if found is None:
            app.storage.user.pop(ASSIST_KEY, None)
        return found

    def check(self, request: Request) -> RedirectResponse | None:
        """Where to send this request instead, or None to let it through to its page."""
        path = request.url.path
        token = session_token()
        info = auth.current_session(self.env, token) if token else None
        request.state.session_info = info
        self._remember_language(request, info)
        ended = info is None and token is not None
        if ended:
            app.storage.user.pop("token", None)  # ended or idle: forget it on this device
            if app.storage.user.pop(ASSIST_KEY, None) is not None:  # and any assisting it was doing
                counter.end_for_login(self.env, token, reason="session_ended", client=None)
        request.state.assisting = self._assisting(info, token)
        if path in PUBLIC:
            if info is not None and path in ANONYMOUS_ONLY:
                return RedirectResponse(home_for(info), status_code=303)
            if ended and "expired" not in request.query_params and path == "/login":
                return RedirectResponse("/login?expired=1", status_code=303)
            return None
        if info is None:
            target = path + (f"?{request.url.query}" if request.url.query else "")
            reason = "expired=1&" if ended else ""
            return RedirectResponse(f"/login?{reason}next={quote(target)}", status_code=303)
        if info.role == "staff" and not path.startswith(STAFF_PAGES) and not (
                request.state.assisting is not None and path.startswith(ASSISTED_PAGES)):
            return RedirectResponse("/staff", status_code=303)
        if info.role != "staff" and path.startswith("/staff"):
            return RedirectResponse(home_for(info), status_code=303)
        if info.role == "resident" and not info.verified and path not in UNVERIFIED_OK:
            return RedirectResponse("/verify", status_code=303)
        return None
