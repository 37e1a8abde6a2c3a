"""Staff console: proofs of relationship taken at a counter, checked by a second staff member (DESIGN.md §2.7,
four eyes). The list leaves out the proofs a staff member took; the services refuse their decision anyway."""

from __future__ import annotations

from fastapi.responses import Response
from nicegui import app, run, ui

from app.components.frame import frame
from app.components.icons import icon
from app.components.state import current_session, error_text, t
from app.components.text import facts, heading
from app.components.wizard import not_found
from app.components.zoom import zoomable
from app.pages.common import Busy, staff_file
from app.pages.counter import staff_links
from app.services.binding import relationship
from app.services.binding.relationship import ProofView
from app.services.binding.store import NotFound
from app.services.env import Env
from app.services.errors import DomainError

PATH = "/staff/proofs"


def _decision(env: Env, staff_id: int, proof: ProofView) -> None:
    with ui.element("section").classes("card stack").props('aria-labelledby="decide-title"'):
        heading(2, t("staff.decide"), element_id="decide-title")
        outcome = ui.label("").classes("notice fec-hidden").props('role="status"').mark("outcome")
        approve = ui.button(t("staff.approve"), icon=icon("check")).props(
            "unelevated color=positive no-caps").classes("full")
        reject = ui.button(t("staff.reject"), icon=icon("close")).props(
            "unelevated color=negative no-caps").classes("full")

        async def decide(proven: bool) -> None:
            with Busy(approve if proven else reject):
                try:
                    await run.io_bound(relationship.decide, env, staff_id, proof.request_id, proven=proven)
                except DomainError as exc:
                    outcome.text = error_text(exc.code, exc.params)
                    outcome.classes(remove="fec-hidden")
                    return
            outcome.text = t("staff.proof_accepted" if proven else "staff.proof_refused")
            outcome.classes(remove="fec-hidden")
            approve.disable()
            reject.disable()

        approve.on_click(lambda: decide(True))
        reject.on_click(lambda: decide(False))


def register(env: Env) -> None:
    @ui.page(PATH)
    async def proofs_page() -> None:
        info = current_session()
        assert info is not None  # the guard lets only staff into /staff
        items = await run.io_bound(relationship.waiting, env, info.account_id)
        with frame(env, t("staff.proofs"), active="nav.home"):
            ui.label(t("staff.proofs_waiting", n=len(items))).classes("strong").props('role="status"').mark(
                "proofs-waiting")
            ui.label(t("staff.proofs_intro")).classes("muted")
            if not items:
                ui.label(t("staff.proofs_empty"))
            with ui.element("ol").classes("member-list"):
                for item in items:
                    with ui.element("li").classes("card stack"):
                        heading(2, item.number)
                        ui.link(t("staff.proof_open", number=item.number), f"{PATH}/{item.request_id}")
                        ui.label(f"{item.member_name} · {t(f'relationship.{item.relationship}')}")
            staff_links(PATH)

    @ui.page(PATH + "/{request_id}")
    async def proof_page(request_id: int):  # type: ignore[no-untyped-def]
        info = current_session()
        assert info is not None
        try:
            proof = await run.io_bound(relationship.open_proof, env, info.account_id, request_id)
        except NotFound:
            return not_found()
        relation = t(f"relationship.{proof.relationship}")
        with frame(env, t("staff.proof_title", number=proof.number), active="nav.home"):
            ui.link(t("staff.proofs"), PATH)
            with ui.element("section").classes("card stack").props('aria-labelledby="proof-title"'):
                heading(2, t("documents.relationship_proof"), element_id="proof-title")
                facts([(t("staff.holder"), proof.holder_name), (t("check.member"), proof.member_name),
                       (t("who.relationship"), relation)])
                photo = f"/staff/proof-photo/{request_id}"
                if proof.document_id is not None:
                    zoomable(t("documents.relationship_proof"), photo)
                ui.label(t("staff.proof_question", member=proof.member_name)).classes(
                    "strong")
            if proof.waiting:
                _decision(env, info.account_id, proof)
            else:
                ui.label(t(f"staff.proof_decided_{proof.state}")).classes("notice").props('role="status"').mark(
                    "outcome")
        return None

    @app.get("/staff/proof-photo/{request_id}")
    def proof_photo(request_id: int) -> Response:
        def read(staff_id: int) -> tuple[bytes, str]:
            found = relationship.read_proof(env, staff_id, request_id)
            return found.data, found.mime

        return staff_file(env, read)
