"""A new browser id at login (DESIGN.md §5). NiceGUI keys a browser's user storage by the id in its signed session
cookie and offers no public way to change it: a cookie planted in a browser before its owner logs in would stay
the one logged in. `switch_browser_id` puts a new id in the session, so the response sends a new cookie, and makes
the new user storage at once, as NiceGUI's request tracking does for a new browser on its first request."""

from __future__ import annotations

import uuid

from nicegui import app
from starlette.requests import Request

KEPT = ("prefs",)  # what the browser's storage keeps across the switch (display choices)


def new_browser_id() -> str:
    return str(uuid.uuid4())


def browser_id() -> str:
    """The id of the browser of this request or page."""
    return str(app.storage.browser["id"])


async def switch_browser_id(request: Request, new_id: str) -> None:
    """From this response on, this browser is `new_id`; its storage starts afresh but for its display choices."""
    kept = {name: app.storage.user[name] for name in KEPT if name in app.storage.user}
    app.storage.user.pop("token", None)
    request.session["id"] = new_id
    await app.storage._create_user_storage(new_id)  # no public way (see above)
    app.storage.user.update(kept)
