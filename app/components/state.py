"""Per-browser UI state: display preferences, language, the login token, and the `t()` translator."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nicegui import app, context

from app.i18n import pick_language, translate
from app.services.clock import to_local
from app.services.sessions import Preferences, SessionInfo, browser_token
from app.web.browser import browser_id

DEFAULT_PREFS: dict[str, Any] = {"text_size": "standard", "high_contrast": False, "read_aloud": False}


def prefs() -> dict[str, Any]:
    """Display preferences of this device (NiceGUI user storage, kept on the server)."""
    stored = app.storage.user.get("prefs") or {}
    return {**DEFAULT_PREFS, **stored}


def set_pref(name: str, value: Any) -> None:
    stored = dict(app.storage.user.get("prefs") or {})
    stored[name] = value
    app.storage.user["prefs"] = stored


def adopt_account_preferences(account: Preferences) -> Preferences:
    """At login: the account's choices win; choices the account never made are taken from this device,
    if someone made them here (the defaults are nobody's choice, so they are not written to the account,
    where they would later override a choice made on another device). Returns what the account should
    remember afterwards."""
    device = dict(app.storage.user.get("prefs") or {})
    merged = {}
    for name in ("text_size", "high_contrast", "read_aloud", "language"):
        value = getattr(account, name)
        merged[name] = device.get(name) if value is None else value
        if merged[name] is not None:
            set_pref(name, merged[name])
    return Preferences(**merged)


def language() -> str:
    """The language of this request: ?lang= first, then the device's choice, then the browser's."""
    stored = prefs().get("language")
    if stored:
        return stored
    try:
        header = context.client.request.headers.get("accept-language")
    except RuntimeError:
        header = None
    return pick_language(header)


def t(key: str, **params: object) -> str:
    return translate(language(), key, **{k: _display(v) for k, v in params.items()})


def _display(value: object) -> object:
    if isinstance(value, datetime):
        return to_local(value).strftime("%H:%M")
    return value


def moment_text(moment: datetime, now: datetime | None) -> str:
    """A time as people say it: "14:32" today, with the date on any other day."""
    local = to_local(moment)
    if now is not None and local.date() != to_local(now).date():
        return local.strftime("%Y-%m-%d %H:%M")
    return local.strftime("%H:%M")


def error_text(code: str, params: dict[str, object] | None = None) -> str:
    """The plain-language sentence for a domain error code."""
    params = dict(params or {})
    now = params.pop("now", None)
    for name in ("retry_at", "until"):
        if isinstance(params.get(name), datetime):
            params["time"] = moment_text(params.pop(name), now)  # type: ignore[arg-type]
    return t(f"error.{code}", **params)


def token() -> str | None:
    """The login token this browser presents: its browser id with the key its session storage keeps (the key
    alone logs no one in, app/services/sessions.py)."""
    key = app.storage.user.get("token")
    return browser_token(browser_id(), key) if key else None


def set_token(key: str | None) -> None:
    """Keep the key of a login bound to this browser (None: forget it)."""
    if key is None:
        app.storage.user.pop("token", None)
    else:
        app.storage.user["token"] = key


def current_session() -> SessionInfo | None:
    """The session the auth guard found for this page request."""
    return getattr(context.client.request.state, "session_info", None)


def client_address() -> str | None:
    try:
        return context.client.ip or None
    except RuntimeError:
        return None
