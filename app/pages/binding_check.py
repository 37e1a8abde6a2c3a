"""The "+" flow, last steps: check your answers (with "Change" links), submit, and the submitted page."""

from __future__ import annotations

from nicegui import run, ui

from app.components.acting import acting
from app.components.forms import Form
from app.components.frame import frame
from app.components.navigation import action_bar
from app.components.photo_input import photo_preview
from app.components.state import client_address, t
from app.components.text import facts, heading, id_number
from app.components.wizard import not_found, open_step, step_url, wizard
from app.pages.common import Busy, primary_button, show_domain_error
from app.services import ids
from app.services.binding import drafts, lifecycle, states
from app.services.binding.store import PAPER_LETTER, NotFound, RequestView
from app.services.env import Env
from app.services.errors import DomainError


def _section(title: str, change_label: str, change_to: str, element_id: str):  # type: ignore[no-untyped-def]
    section = ui.element("section").classes("card stack").props(f'aria-labelledby="{element_id}"')
    with section:
        heading(2, title, element_id=element_id)
    return section, lambda: ui.link(change_label, change_to)


def _answers(request: RequestView, request_id: int) -> None:
    """Everything entered, one section each, with its "Change" link."""
    member = request.member
    section, change = _section(t("check.member"), t("check.change_member"), step_url(request_id, "who"),
                               "check-member")
    with section:
        if member:
            facts([(t("card.name"), member.name),
                   (t("card.id_number"), id_number(ids.mask_id_number(member.id_number))),
                   (t("who.relationship"), t(f"relationship.{request.relationship}"))])
        else:
            ui.label(t("check.missing")).classes("error-text")
        change()
    section, change = _section(t("check.documents"), t("check.change_documents"),
                               step_url(request_id, "documents"), "check-documents")
    with section:
        for kind in request.needed_documents:
            document = request.documents.get(kind)
            ui.label(t(f"documents.{kind}")).classes("muted")
            if document:
                photo_preview(document.id, t("documents.preview", photo=t(f"documents.{kind}")))
            else:
                ui.label(t("check.missing")).classes("error-text")
        if request.needs_consent:
            ui.label(t("check.consent_given") if request.member_consent else t("check.missing"))
        change()
    section, change = _section(t("check.letter"), t("check.change_signature"),
                               step_url(request_id, "signature"), "check-letter")
    with section:
        letter = request.documents.get("letter")
        if request.signed and letter:
            ui.label(t("check.signed", number=request.number))
            _how_signed(request)
            ui.link(t("letter.download"), f"/family/document/{letter.id}").props("download")
        else:
            ui.label(t("check.missing")).classes("error-text")
        change()


def _how_signed(request: RequestView, *, photo: bool = True) -> None:
    """On the screen, or on paper with a fingerprint at the counter (with `photo`, its photo as the reviewer sees
    it)."""
    paper = request.documents.get(PAPER_LETTER)
    ui.label(t("signed.paper" if paper else "signed.screen")).classes("strong").mark("how-signed")
    if paper and photo:
        photo_preview(paper.id, t("documents.preview", photo=t(f"documents.{PAPER_LETTER}")))


def register(env: Env) -> None:
    @ui.page("/family/request/{request_id}/check")
    def check_page(request_id: int):  # type: ignore[no-untyped-def]
        request = open_step(env, request_id, "check")
        if not isinstance(request, RequestView):
            return request
        holder = acting()
        actor = holder.actor if holder else None
        with wizard(env, t("check.title"), "check", step_url(request_id, "signature"), action_bar=True):
            if request.reject_reason:  # back after a rejection: say what to fix, everything else is kept
                ui.label(t("check.to_fix", reason=t(f"reason.{request.reject_reason}"))).classes(
                    "notice error").props('role="note"')
                if request.reject_details:
                    ui.label(t("check.to_fix_details", details=request.reject_details))
            _answers(request, request_id)
            form = Form(t("form.error_summary"))
            with action_bar():
                button = primary_button(t("check.submit")).mark("submit")

            async def submit() -> None:
                with Busy(button):  # disabled while it runs: a double press submits once
                    try:
                        await run.io_bound(lifecycle.submit, env, request.holder, request_id, request.version,
                                           client=client_address(), actor=actor)
                    except DomainError as exc:
                        show_domain_error(form, exc)
                        return
                ui.navigate.to(f"/family/request/{request_id}/submitted")

            button.on_click(submit)

    @ui.page("/family/request/{request_id}/submitted")
    def submitted_page(request_id: int):  # type: ignore[no-untyped-def]
        holder = acting()
        try:
            request = drafts.get(env, holder.holder_id if holder else 0, request_id)
        except NotFound:
            return not_found()
        if request.status == states.DRAFT:
            ui.navigate.to(step_url(request_id, request.step))
            return None
        if request.status not in states.ACTIVE:
            ui.navigate.to("/family")
            return None
        with frame(env, t("submitted.title"), active="nav.my"):
            with ui.element("section").classes("notice success stack").props('role="status"'):
                ui.label(t("submitted.number", number=request.number)).classes("text-bold").mark("request-number")
            for key in ("submitted.next", "submitted.time", "submitted.help"):
                ui.label(t(key)).props("data-read-aloud")
            letter = request.documents.get("letter")
            if letter is not None:
                _how_signed(request, photo=False)
                ui.link(t("letter.download"), f"/family/document/{letter.id}").props("download")
            ui.link(t("submitted.to_family"), "/family")
        return None
