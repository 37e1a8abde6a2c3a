"""The documents step's parts for an exception made at a counter (DESIGN.md §2.7): the evidence photo, which only
the staff member assisting the holder adds, and the third holder's "Reason for the exception"."""

from __future__ import annotations

from nicegui import run, ui

from app.components import help_links
from app.components.acting import Acting
from app.components.forms import Form
from app.components.state import error_text, t
from app.components.text import heading
from app.services.binding import exceptions, rules
from app.services.binding.store import RequestView
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed


def at_counter(holder: Acting | None) -> bool:
    return holder is not None and holder.actor is not None and holder.actor.role == "staff"


def evidence_waiting(request: RequestView, kind: str) -> None:
    """An exception's evidence the holder cannot add online: what it is, and who adds it."""
    with ui.element("div").classes("card stack").props(f'id="photo-{kind}"').mark(f"evidence-{kind}"):
        heading(2, t(f"documents.{kind}"))
        ui.label(t("documents.evidence_at_counter")).classes("notice").props("data-read-aloud")
        help_links.bring_link("exception")


def exception_notes(request: RequestView) -> None:
    """The exceptions made for this request, in words, after the inputs (DESIGN.md §3)."""
    if request.exceptions:
        with ui.element("div").classes("stack").props('role="note"').mark("exceptions"):
            for name in request.exceptions:
                ui.label(t(f"exception.{name}")).classes("notice")


class ReasonInput:
    """"Reason for the exception", written by the assisting staff member and kept when it loses focus (and before
    "Continue" goes on)."""

    def __init__(self, env: Env, request: RequestView, holder: Acting, form: Form) -> None:
        self.env, self.request, self.holder = env, request, holder
        self.field = form.field("exception_reason", t("documents.exception_reason"),
                                hint=t("documents.exception_reason_hint"), value=request.exception_reason or "",
                                max_length=rules.REASON_MAX, on_blur=lambda _field: self.save())

    async def save(self) -> str | None:
        """Keep what is typed; the error in words when it cannot be kept (shown next to the field too)."""
        problem = None
        try:
            await run.io_bound(exceptions.set_reason, self.env, self.request.holder, self.request.id, None,
                               self.field.value, actor=self.holder.actor)
        except ValidationFailed as exc:
            problem = error_text(exc.errors.get("exception_reason", "exception_reason_too_long"))
        except DomainError as exc:
            problem = error_text(exc.code, exc.params)
        self.field.set_error(problem)
        return problem


def reason_input(env: Env, request: RequestView, holder: Acting | None, form: Form) -> ReasonInput | None:
    """The third holder's reason: an input for the assisting staff member; the holder online sees it read-only,
    or that staff at the counter write it."""
    if rules.THIRD_HOLDER not in request.exceptions:
        return None
    if at_counter(holder):
        assert holder is not None
        return ReasonInput(env, request, holder, form)
    with ui.element("div").classes("card stack").mark("exception-reason"):
        heading(2, t("documents.exception_reason"))
        ui.label(request.exception_reason or t("documents.evidence_at_counter")).classes("notice")
        if not request.exception_reason:
            help_links.bring_link("exception")
    return None
