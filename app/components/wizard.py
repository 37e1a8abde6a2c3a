"""The frame of the "+" flow: step indicator, the step's content, and "Back"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.responses import HTMLResponse
from nicegui import ui

from app.components.acting import acting
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import t
from app.services.binding import drafts, states
from app.services.binding.store import NotFound, RequestView
from app.services.env import Env

STEPS = drafts.STEPS
NOT_FOUND_HTML = "<!doctype html><html lang='en'><title>Not found</title><h1>Page not found</h1><a href='/'>Home</a>"


def step_url(request_id: int, step: str) -> str:
    return f"/family/request/{request_id}/{step}"


def not_found() -> HTMLResponse:
    """Someone else's request, or none: the same 404."""
    return HTMLResponse(NOT_FOUND_HTML, status_code=404)


def open_step(env: Env, request_id: int, step: str) -> RequestView | HTMLResponse | None:
    """The holder's draft at `step` (the assisted resident's, at the counter); a 404 response when it is
    not theirs; None after redirecting a request that is no longer a draft to its list."""
    holder = acting()
    if holder is None:
        return not_found()
    try:
        request = drafts.go_to_step(env, holder.holder_id, request_id, step)
    except NotFound:
        return not_found()
    if request.status != states.DRAFT:
        ui.navigate.to(f"/family/request/{request_id}/submitted" if request.status in states.ACTIVE else "/family")
        return None
    return request


@contextmanager
def wizard(env: Env, title: str, step: str, back: str | None, *, action_bar: bool = False,
           signing: bool = False) -> Iterator[None]:
    """A step of the "+" flow. `action_bar`: the step puts its primary action in `navigation.action_bar()`, fixed at
    the bottom of the screen (the notice and check steps, whose content is long). `signing`: see `frame`."""
    with frame(env, title, active="nav.family", action_bar=action_bar, signing=signing):
        ui.label(t("wizard.step", n=STEPS.index(step) + 1, total=len(STEPS))).classes("steps")
        yield
        if back:
            ui.button(t("nav.back"), icon=icon("arrow_back"), on_click=lambda: ui.navigate.to(back)).props(
                "outline no-caps").classes("full").mark("back")
