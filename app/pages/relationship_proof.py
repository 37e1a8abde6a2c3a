""""Prove relationship" at the counter (DESIGN.md §2.7): staff assisting a holder keep a photo of the paper that
shows how the holder and an approved member are related ("Proof of relationship"), for a second staff member to
check. Only staff assisting the holder get this page; the services check that again."""

from __future__ import annotations

from nicegui import run, ui

from app.components.acting import acting
from app.components.frame import frame
from app.components.photo_input import PhotoInput, photo_preview
from app.components.state import error_text, t
from app.components.wizard import not_found
from app.services.binding import drafts, relationship
from app.services.binding.store import NotFound
from app.services.env import Env
from app.services.photos import upload_problem

PATH = "/family/relationship"
INPUT_ID = f"photo-{relationship.KIND}"


class ProofSection:
    """The photo input with its hint, what became of the upload, and the photo kept."""

    def __init__(self, env: Env, holder_id: int, request_id: int, before: int | None) -> None:
        self.env, self.holder_id, self.request_id, self.before = env, holder_id, request_id, before
        self.status = ui.label("").classes("notice fec-hidden").props('role="status"').mark("proof-status")
        self.error = ui.label("").classes("error-text fec-hidden").props(f'role="alert" id="{INPUT_ID}-error"').mark(
            "proof-error")
        PhotoInput(label=t(f"documents.{relationship.KIND}"), input_id=INPUT_ID,
                   upload_url=f"/api/requests/{request_id}/relationship-proof",
                   described_by=f"{INPUT_ID}-hint {INPUT_ID}-error", on_start=self._started,
                   on_done=self._done).mark(INPUT_ID)
        ui.label(t(f"documents.{relationship.KIND}_hint")).classes("hint").props(f'id="{INPUT_ID}-hint"')
        self.kept = ui.element("div").classes("stack")
        if before is not None:
            with self.kept:
                photo_preview(before, t(f"documents.{relationship.KIND}"))

    def _started(self) -> None:
        self.error.classes(add="fec-hidden")
        self.status.text = t("proof.saving")
        self.status.classes(remove="fec-hidden")

    async def _done(self, answer: object) -> None:
        """What the server kept decides; the browser's report only picks the message when nothing new was kept."""
        try:
            state, document = await run.io_bound(relationship.proof_of, self.env, self.holder_id, self.request_id)
        except NotFound:  # unbound meanwhile
            state, document = None, None
        if state == relationship.SUBMITTED and document is not None and document != self.before:
            self.before = document
            self.status.text = t("proof.sent")
            self.status.classes(remove="fec-hidden")
            self.error.classes(add="fec-hidden")
            self.kept.clear()
            with self.kept:
                photo_preview(document, t(f"documents.{relationship.KIND}"))
            return
        self.status.classes(add="fec-hidden")
        self.error.text = error_text(*upload_problem(answer))
        self.error.classes(remove="fec-hidden")


def register(env: Env) -> None:
    @ui.page(PATH + "/{request_id}")
    async def prove_page(request_id: int):  # type: ignore[no-untyped-def]
        holder = acting()
        if holder is None or holder.actor is None:  # the holder alone, or staff not assisting
            return not_found()
        try:
            request = await run.io_bound(drafts.get, env, holder.holder_id, request_id)
            state, before = await run.io_bound(relationship.proof_of, env, holder.holder_id, request_id)
        except NotFound:
            return not_found()
        member = request.member.name if request.member else ""
        with frame(env, t("proof.title"), active="nav.my"):
            ui.link(t("proof.back"), "/family")
            if state:
                ui.label(t(f"proof.state.{state}")).classes("status-tag" + (" ok" if state == "proven" else "")).mark(
                    "proof-state")
            if state == relationship.PROVEN:
                return None
            ui.label(t("proof.intro", holder=holder.holder_name, member=member,
                       relationship=t(f"relationship.{request.relationship}"))).props("data-read-aloud")
            ProofSection(env, holder.holder_id, request_id, before)
        return None
