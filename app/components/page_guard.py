"""A page acts for a person only while their login holds (DESIGN.md §5): every event of a page built after login
is checked first (`app/web/fixes/event_guard.py` runs the check), so a page left open after "Log out", "Log out on
all devices", idle expiry, a disabled staff account or ended assisting does nothing and goes to the login (or,
for assisting that ended, back to the counter)."""

from __future__ import annotations

from urllib.parse import quote

from nicegui import context, ui

from app.services import auth, counter
from app.services.auth import SessionInfo
from app.services.counter import AssistView
from app.services.env import Env
from app.web.fixes import event_guard


def guard_events(env: Env, info: SessionInfo, token: str | None, assisting: AssistView | None) -> None:
    """Check, before each of this page's events, the login it was built for (and the assisting it shows)."""
    request = context.client.request
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    assist_id = assisting.assist_id if assisting is not None else None

    def check() -> bool:
        if auth.session_account(env, token) != info.account_id:
            ui.navigate.to(f"/login?expired=1&next={quote(here)}")
            return False
        if assist_id is not None and not counter.still_assisting(env, info.account_id, token, assist_id):
            ui.navigate.to("/staff/counter?ended=1")
            return False
        return True

    event_guard.guard(context.client, check)
