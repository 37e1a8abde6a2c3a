"""The "+" flow: the commitment letter, generated from the data entered, and the finger signature."""

from __future__ import annotations

import logging

from fastapi import Request
from nicegui import run, ui

from app.components.acting import acting
from app.components.help_links import BringLinks
from app.components.icons import icon
from app.components.signature_pad import signature_field
from app.components.state import client_address, error_text, t
from app.components.text import text
from app.components.wizard import open_step, step_url, wizard
from app.pages.binding_fingerprint import FingerprintSection
from app.pages.common import cpu_bound, primary_button
from app.services import letter
from app.services.binding import documents
from app.services.binding.store import DraftChanged, RequestView
from app.services.env import Env
from app.services.errors import DomainError
from app.services.help import counter_case

log = logging.getLogger("family_ecard.letter")
_TAGS = {"title": "h2", "heading": "h3"}


def letter_region(data: letter.LetterData) -> None:
    """The letter in large readable text (region "Commitment letter"), the same words as the PDF."""
    with ui.element("section").classes("letter stack").props(
            f'role="region" aria-label="{t("letter.title")}" lang="zh-CN"').mark("letter"):
        for kind, words in letter.letter_text(data):
            base = kind.removesuffix("_en")
            element = text(_TAGS.get(base, "p"), words).classes(f"letter-{base}")
            if kind.endswith("_en"):  # the English translation under each Chinese block
                element.classes("en").props('lang="en"')


def hand_over(here: str) -> None:
    """For staff assisting at the counter: the way to show the resident only what they sign."""
    with ui.element("div").classes("card stack").mark("hand-over-card"):
        ui.label(t("signature.hand_over_hint"))
        ui.button(t("signature.hand_over"), icon=icon("devices"), on_click=lambda: ui.navigate.to(
            f"{here}?view=resident")).props("unelevated color=primary no-caps").classes("full").mark("hand-over")


def register(env: Env) -> None:  # noqa: PLR0915 - one closure per step keeps each step's page in one place
    @ui.page("/family/request/{request_id}/letter")
    def letter_page(request_id: int):  # type: ignore[no-untyped-def]
        request = open_step(env, request_id, "letter")
        if not isinstance(request, RequestView):
            return request
        with wizard(env, t("letter.title"), "letter", step_url(request_id, "documents")):
            ui.label(t("letter.intro")).props("data-read-aloud")
            button = ui.button(t("letter.generate"), icon=icon("description")).props(
                "outline no-caps").classes("full").mark("generate-letter")
            holder = ui.element("div").classes("stack")

            def generate() -> None:
                holder.clear()
                with holder:
                    try:
                        letter_region(documents.letter_data(env, request.holder, request_id))
                    except DomainError as exc:
                        ui.label(error_text(exc.code)).classes("error-text").props('role="alert"')
                        return
                    primary_button(t("nav.continue")).mark("submit").on_click(
                        lambda: ui.navigate.to(step_url(request_id, "signature")))

            button.on_click(generate)
            if request.signed:
                generate()

    @ui.page("/family/request/{request_id}/signature")
    def signature_page(request_id: int, request: Request):  # type: ignore[no-untyped-def]
        draft = open_step(env, request_id, "signature")
        if not isinstance(draft, RequestView):
            return draft
        holder = acting()
        actor = holder.actor if holder else None
        # At the counter, staff turn the tablet to the resident, which then shows only the signing view.
        signing = actor is not None and request.query_params.get("view") == "resident"
        here = step_url(request_id, "signature")
        with wizard(env, t("signature.title"), "signature", None if signing else step_url(request_id, "letter"),
                    signing=signing):
            if actor is not None and not signing:
                hand_over(here)
            if "changed" in request.query_params:
                ui.label(t("signature.letter_changed")).classes("notice").props('role="status" data-read-aloud')
            data = documents.letter_data(env, draft.holder, request_id)
            status = ui.label(t("signature.saving")).classes("notice fec-hidden").props('role="status"')
            bring = BringLinks(counter_case)  # a name no font here can print: the counter prints the letter

            async def signed(png: bytes) -> None:
                status.text = t("signature.saving")
                status.classes(remove="fec-hidden")
                bring.show(None)
                try:
                    pdf = await cpu_bound(letter.commitment_letter_pdf, data, png)
                except DomainError as exc:  # e.g. a character no font on this server has
                    status.text = error_text(exc.code, exc.params)
                    bring.show(exc)
                    if fingerprint is not None and exc.code == "letter_unprintable":
                        fingerprint.point_out()  # the fingerprint letter leaves such names blank
                    return
                except Exception:  # the letter could not be made: say so, keep everything, let them try again
                    log.exception("commitment letter failed for request %s", request_id)
                    status.text = error_text("generic")
                    return
                try:  # the letter of the version this page showed, and only while that version stands
                    await run.io_bound(documents.store_signed_letter, env, draft.holder, request_id,
                                       draft.version, signature_png=png, pdf=pdf, client=client_address(),
                                       actor=actor)
                except DraftChanged:  # changed in another window: show the new letter, to be signed anew
                    ui.navigate.to(step_url(request_id, "signature") + "?changed=1")
                    return
                except DomainError as exc:
                    status.text = error_text(exc.code)
                    return
                ui.navigate.to(step_url(request_id, "check"))

            signature_field(label=t("signature.pad"), clear_label=t("signature.clear"), ok_label=t("signature.ok"),
                            hint=t("signature.hint"), on_ok=signed, message_for=error_text)
            # At the counter only: a resident alone never gets it (the services refuse them too).
            fingerprint = FingerprintSection(env, draft, actor) if actor is not None and not signing else None
            panel = ui.expansion(t("letter.title")).classes("card")
            panel.props["expand-icon"] = icon("keyboard_arrow_down")
            with panel:
                letter_region(data)
            if signing:
                ui.button(t("signature.staff_view"), icon=icon("arrow_back"), on_click=lambda: ui.navigate.to(here)
                          ).props("outline no-caps").classes("full").mark("staff-view")
