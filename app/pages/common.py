"""Small helpers the pages share: turning domain errors into form messages, and finishing a login."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import HTTPException
from fastapi.responses import Response
from nicegui import run, ui
from starlette.requests import Request

from app.components.forms import Form
from app.components.state import adopt_account_preferences, error_text, set_token, token
from app.pages.guard import home_for, safe_next
from app.services import accounts, auth
from app.services.binding.store import NotFound
from app.services.env import Env
from app.services.errors import AccountLocked, DomainError, RateLimited, ValidationFailed
from app.services.workers import returning_domain_errors
from app.web.browser import browser_id, new_browser_id, switch_browser_id

T = TypeVar("T")


def show_domain_error(form: Form, exc: DomainError, *, default_field: str | None = None) -> None:
    """Put a domain error next to its field (or in the summary) in plain words."""
    if isinstance(exc, ValidationFailed):
        form.show_errors({field: error_text(code, exc.params) for field, code in exc.errors.items()})
    elif isinstance(exc, AccountLocked):
        form.show_errors({default_field or "password": error_text(exc.code, exc.params)})
    elif isinstance(exc, RateLimited) or exc.field or default_field:
        field = exc.field or default_field
        message = error_text(exc.code, exc.params)
        form.show_errors({field: message} if field else {}, general=None if field else message)
    else:
        form.show_errors({}, general=error_text(exc.code, exc.params))


def finish_login(handoff: str, next_path: str | None = None) -> None:
    """Go on after a login: the browser takes the login over at /login/continue (with a new browser id), which
    then leads on to `next_path` if it is a path of this app."""
    query = {"h": handoff}
    if safe_next(next_path):
        query["next"] = next_path  # type: ignore[assignment]
    ui.navigate.to(f"/login/continue?{urlencode(query)}")


async def take_over_login(env: Env, request: Request, handoff: str, next_path: str | None) -> str:
    """/login/continue: the browser that logged in takes the login over under a new browser id, and its display
    choices are merged with the account's; returns where to go. A handoff that is unknown, used, too old or another
    browser's changes nothing here (the login page says to log in again)."""
    new_id = new_browser_id()
    key = await run.io_bound(auth.bind_session, env, handoff, new_id, previous=browser_id())
    if key is None:
        return "/login?expired=1"
    await switch_browser_id(request, new_id)
    set_token(key)
    info = await run.io_bound(auth.current_session, env, token())
    if info is None:
        return "/login?expired=1"
    merged = adopt_account_preferences(info.preferences)
    await run.io_bound(accounts.save_preferences, env, info.account_id, merged)
    target = safe_next(next_path)
    if info.role != "resident" or not info.verified or target is None:
        target = home_for(info)
    return target


async def cpu_bound(function: Callable[..., T], *args: Any) -> T:
    """Run CPU-heavy service work in a worker process; its domain errors are raised here as themselves."""
    result = await run.cpu_bound(returning_domain_errors, function, *args)
    if isinstance(result, DomainError):
        raise result
    return result


def primary_button(label: str) -> ui.button:
    """The one main action of a screen: full width, filled."""
    return ui.button(label).props("unelevated color=primary no-caps").classes("full")


class Busy:
    """Disables a button while its action runs, so a double press submits once."""

    def __init__(self, button: ui.button) -> None:
        self.button = button

    def __enter__(self) -> None:
        self.button.disable()
        self.button.props("loading")

    def __exit__(self, *_: object) -> None:
        self.button.enable()
        self.button.props(remove="loading")


def live_session(env: Env) -> auth.SessionInfo | None:
    """Re-check the login before an action (the page may have been open a long time)."""
    info = auth.current_session(env, token())
    if info is None:
        set_token(None)
        ui.navigate.to("/login?expired=1")
    return info


def staff_file(env: Env, read: Callable[[int], tuple[bytes, str]]) -> Response:
    """A file only staff may fetch (a document or photo under review): `read(staff_id)` gives its bytes and type, or
    raises NotFound; anyone else, and anything not theirs to see, gets the same 404. Never cached."""
    info = auth.current_session(env, token())
    if info is None or info.role != "staff":
        raise HTTPException(status_code=404, detail="Not Found")
    try:
        data, mime = read(info.account_id)
    except NotFound as exc:
        raise HTTPException(status_code=404, detail="Not Found") from exc
    return Response(data, media_type=mime, headers={"Cache-Control": "private, no-store",
                                                    "X-Content-Type-Options": "nosniff"})

