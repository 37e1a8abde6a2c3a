"""The "+" flow: photos of documents and, for members 16 or older, their consent."""

from __future__ import annotations

from nicegui import run, ui

from app.components.acting import Acting, acting
from app.components.forms import CheckField, Form
from app.components.icons import icon
from app.components.photo_input import PhotoInput, photo_preview
from app.components.state import error_text, t
from app.components.text import heading
from app.components.wizard import open_step, step_url, wizard
from app.pages import binding_exception as exception
from app.pages.common import primary_button
from app.services.binding import drafts, rules
from app.services.binding.store import RequestView
from app.services.env import Env
from app.services.errors import DomainError
from app.services.photos import upload_problem

HINTED = ("face", rules.RELATIONSHIP_PROOF, rules.GUARDIAN_CONSENT)


class _PhotoSlot:
    """One photo: the labelled input, a status line, the error next to it, and a preview with "Retake". When an
    upload finishes, the section changes in place (nothing else on the page is touched) from what the server
    stored; the browser's own report is only trusted for which of the server's messages to show."""

    def __init__(self, env: Env, request: RequestView, kind: str, form: Form) -> None:
        self.env, self.request, self.kind, self.form = env, request, kind, form
        self.name = t(f"documents.{kind}")
        document = request.documents.get(kind)
        self.shown = document.id if document else None
        with ui.element("div").classes("card stack"):
            self.status = ui.label("").classes("notice fec-hidden").props('role="status"')
            self.error = ui.label("").classes("error-text fec-hidden").props(f'role="alert" id="photo-{kind}-error"')
            hint = t(f"documents.{kind}_hint") if kind in HINTED else ""
            described_by = f"photo-{kind}-hint photo-{kind}-error" if hint else f"photo-{kind}-error"
            self.picker = PhotoInput(label=self.name, input_id=f"photo-{kind}",
                                     upload_url=f"/api/requests/{request.id}/photos/{kind}", described_by=described_by,
                                     on_start=self._started, on_done=self._done).mark(f"photo-{kind}")
            if hint:  # after the control, which is the first thing on the screen (DESIGN.md §3)
                ui.label(hint).classes("hint").props(f'id="photo-{kind}-hint"')
            self.preview = ui.element("div").classes("stack")
            if self.shown is not None:
                self._show_preview(self.shown)

    def _show_preview(self, document_id: int) -> None:
        self.preview.clear()
        with self.preview:
            photo_preview(document_id, t("documents.preview", photo=self.name))
            ui.label(t("documents.saved")).classes("muted")
            ui.button(t("documents.retake", photo=self.name), icon=icon("photo_camera"),
                      on_click=self.picker.choose).props("outline no-caps").classes("full").mark(f"retake-{self.kind}")

    def _started(self) -> None:
        self.error.classes(add="fec-hidden")
        self.status.text = t("documents.checking")
        self.status.classes(remove="fec-hidden")

    async def _done(self, answer: object) -> None:
        self.status.classes(add="fec-hidden")
        stored = (await run.io_bound(drafts.get, self.env, self.request.holder, self.request.id)).documents.get(
            self.kind)
        if stored is not None and stored.id != self.shown:
            self.shown = stored.id
            self.error.classes(add="fec-hidden")
            self.form.summary.hide()
            self._show_preview(stored.id)
            return
        self.error.text = error_text(*upload_problem(answer))
        self.error.classes(remove="fec-hidden")
        self.form.summary.show([(f"photo-{self.kind}", self.error.text)])


def register(env: Env) -> None:
    @ui.page("/family/request/{request_id}/documents")
    def documents_page(request_id: int):  # type: ignore[no-untyped-def]
        request = open_step(env, request_id, "documents")
        if not isinstance(request, RequestView):
            return request
        if request.member is None:
            ui.navigate.to(step_url(request_id, "who"))
            return None
        holder = acting()
        with wizard(env, t("documents.title"), "documents", step_url(request_id, "who")):
            form = Form(t("form.error_summary"))
            staff_here = exception.at_counter(holder)
            for kind in request.needed_documents:
                if kind in rules.EVIDENCE.values() and not staff_here and kind not in request.documents:
                    exception.evidence_waiting(request, kind)
                else:
                    _PhotoSlot(env, request, kind, form)
            reason = exception.reason_input(env, request, holder, form)
            ui.label(t("documents.intro")).classes("muted").props("data-read-aloud")
            exception.exception_notes(request)
            consent = None
            if request.needs_consent:
                consent = _consent(env, request, holder, form)
            button = primary_button(t("nav.continue")).mark("submit")

            async def go_on() -> None:
                if reason is not None and (problem := await reason.save()):
                    form.show_errors({"exception_reason": problem})
                    return
                stored = await run.io_bound(drafts.get, env, request.holder, request_id)  # uploads, ticks since
                missing = [kind for kind in request.needed_documents if kind not in stored.documents]
                problems = {f"photo-{kind}": t("error.photo_missing", photo=t(f"documents.{kind}")) for kind in missing}
                if consent is not None and not stored.member_consent:
                    problems["consent"] = error_text("consent_missing")
                if "exception_reason" in stored.missing:
                    problems["exception_reason"] = error_text("exception_reason_missing")
                if problems:
                    form.show_errors({k: v for k, v in problems.items() if not k.startswith("photo-")})
                    form.summary.show([(k if k.startswith("photo-") else f"field-{k}", v)
                                       for k, v in problems.items()])
                    return
                ui.navigate.to(step_url(request_id, "letter"))

            button.on_click(go_on)


def _consent(env: Env, request: RequestView, holder: Acting | None, form: Form) -> CheckField:
    """The member's consent in large text, "Read the consent aloud", and "The family member agrees", which is
    kept with the draft as soon as it is ticked or unticked: an upload finishing, a reload or another device
    shows it as it was left."""
    assert request.member is not None
    with ui.element("section").classes("card stack").props('aria-labelledby="consent-title"'):
        heading(2, t("documents.consent_title"), element_id="consent-title")
        consent_text = t("documents.consent_text", member=request.member.name,
                         holder=holder.holder_name if holder else "")
        ui.label(consent_text).classes("letter").props('id="consent-text" data-read-aloud')
        ui.button(t("documents.read_consent"), icon=icon("volume_up"),
                  on_click=lambda: ui.run_javascript("FEC.speakText(document.getElementById("
                                                     "'consent-text').innerText)")).props(
            "outline no-caps").classes("full")

        def save(agreed: bool) -> None:
            # Not in a worker thread: two quick taps are saved in the order they were made.
            try:
                drafts.set_consent(env, request.holder, request.id, None, agreed=agreed,
                                   actor=holder.actor if holder else None)
            except DomainError as exc:  # the draft can no longer be changed (submitted elsewhere, expired)
                consent.refuse(not agreed, error_text(exc.code, exc.params))
                return
            consent.set_error(None)

        consent = form.check("consent", t("documents.consent_box"), value=request.member_consent, on_change=save)
    return consent
