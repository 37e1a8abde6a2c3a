"""Whose binding pages these are: the logged-in resident's own, or, at the counter, those of the resident
a staff member is assisting (DESIGN.md §2.7). The auth guard checks the assisting once per request."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import app, context

from app.components.state import client_address, current_session, token
from app.services import auth, counter
from app.services.audit import Actor
from app.services.counter import AssistView
from app.services.env import Env

ASSIST_KEY = "assist"  # NiceGUI user storage of the staff browser: the id of the assisting going on


@dataclass(frozen=True)
class Acting:
    """The holder the pages work for, and who acts (None: the holder; else the assisting staff member)."""

    holder_id: int
    holder_name: str
    actor: Actor | None


def assisting() -> AssistView | None:
    """The assisting the guard found for this page request (staff only)."""
    return getattr(context.client.request.state, "assisting", None)


def acting() -> Acting | None:
    """For pages: the resident themself, or the resident being assisted; None for staff not assisting."""
    info = current_session()
    if info is None:
        return None
    if info.role == "staff":
        found = assisting()
        if found is None:
            return None
        return Acting(found.resident_id, found.resident_name, Actor(info.account_id, "staff", client_address()))
    return Acting(info.account_id, info.name or "", None)


def acting_outside_pages(env: Env) -> Acting | None:
    """For endpoints the guard does not run for (uploads): the same answer, checked here."""
    current_token = token()
    info = auth.current_session(env, current_token)
    if info is None:
        return None
    if info.role == "resident":
        return Acting(info.account_id, info.name or "", None)
    if info.role == "staff":
        found = counter.current(env, info.account_id, current_token, app.storage.user.get(ASSIST_KEY))
        if found is not None:
            return Acting(found.resident_id, found.resident_name, Actor(info.account_id, "staff", client_address()))
    return None


def finish_assisting(env: Env) -> None:
    """End the assisting this browser is doing (audited) and forget it."""
    info = current_session()
    assist_id = app.storage.user.pop(ASSIST_KEY, None)
    if info is not None:
        counter.finish(env, info.account_id, assist_id, client=client_address())


def end_assisting_on_logout(env: Env) -> None:
    """Logging out ends the assisting of this login."""
    counter.end_for_login(env, token(), reason="logout", client=client_address())
    app.storage.user.pop(ASSIST_KEY, None)
