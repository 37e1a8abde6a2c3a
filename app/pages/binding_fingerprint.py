"""The signature step at the counter, for people who cannot sign (DESIGN.md §2.7): "Print letter for fingerprint"
gives the letter with a box for the fingerprint, and "Signed paper letter photo" keeps a photo of it instead of a
drawn signature. Only staff assisting the resident get this section; the services check that again."""

from __future__ import annotations

import logging

from nicegui import run, ui

from app.components.icons import icon
from app.components.photo_input import PhotoInput
from app.components.state import error_text, t
from app.components.text import heading
from app.components.wizard import step_url
from app.pages.common import Busy, cpu_bound
from app.services.audit import Actor
from app.services.binding import documents, drafts
from app.services.binding.store import PAPER_LETTER, DraftChanged, RequestView
from app.services.env import Env
from app.services.errors import DomainError
from app.services.fingerprint_letter import fingerprint_letter_pdf
from app.services.photos import upload_problem

log = logging.getLogger("family_ecard.letter")
PHOTO_ID = f"photo-{PAPER_LETTER}"


class FingerprintSection:
    """The print button, what became of the print, and the photo input with its hint and error."""

    def __init__(self, env: Env, draft: RequestView, actor: Actor) -> None:
        self.env, self.draft, self.actor = env, draft, actor
        before = draft.documents.get(PAPER_LETTER)
        self.before = before.id if before else None  # a photo already kept: the new one replaces it
        with ui.element("section").classes("card stack").props('aria-labelledby="fingerprint-title"').mark(
                "fingerprint"):
            heading(2, t("fingerprint.title"), element_id="fingerprint-title")
            ui.label(t("fingerprint.intro")).props("data-read-aloud")
            self.unprintable = ui.label(t("fingerprint.unprintable")).classes("notice fec-hidden").props(
                'role="note"').mark("fingerprint-unprintable")
            self.button = ui.button(t("fingerprint.print"), icon=icon("download"), on_click=self._print).props(
                "outline no-caps").classes("full").mark("print-fingerprint")
            self.status = ui.label("").classes("notice fec-hidden").props('role="status"').mark("fingerprint-status")
            self.error = ui.label("").classes("error-text fec-hidden").props(f'role="alert" id="{PHOTO_ID}-error"')
            PhotoInput(label=t(f"documents.{PAPER_LETTER}"), input_id=PHOTO_ID,
                       # the letter on paper is the letter of the version this page shows, and only while it stands
                       upload_url=f"/api/requests/{draft.id}/photos/{PAPER_LETTER}?version={draft.version}",
                       described_by=f"{PHOTO_ID}-hint {PHOTO_ID}-error", on_start=self._started,
                       on_done=self._done).mark(PHOTO_ID)
            ui.label(t("fingerprint.photo_hint")).classes("hint").props(f'id="{PHOTO_ID}-hint"')

    def point_out(self) -> None:
        """The drawn signature's letter cannot be printed (a name no font has): this letter can, names left blank."""
        self.unprintable.classes(remove="fec-hidden")

    def _say(self, words: str) -> None:
        self.status.text = words
        self.status.classes(remove="fec-hidden")

    async def _print(self) -> None:
        self._say(t("fingerprint.printing"))
        with Busy(self.button):
            try:
                data, _version = await run.io_bound(
                    documents.fingerprint_letter_data, self.env, self.draft.holder, self.draft.id, self.draft.version,
                    actor=self.actor, printing=True)
                printed = await cpu_bound(fingerprint_letter_pdf, data)
            except DraftChanged:  # changed in another window: the page shows the new letter first
                ui.navigate.to(step_url(self.draft.id, "signature") + "?changed=1")
                return
            except DomainError as exc:
                self._say(error_text(exc.code, exc.params))
                return
            except Exception:  # say so and keep everything: pressing again may work
                log.exception("fingerprint letter failed for request %s", self.draft.id)
                self._say(error_text("generic"))
                return
        name = f"commitment-letter-{data.letter_number}-fingerprint.pdf"
        ui.download.content(printed.pdf, name, "application/pdf")
        said = t("fingerprint.printed", file=name)
        self._say(f"{said} {t('fingerprint.names_blank')}" if printed.names_blank else said)

    def _started(self) -> None:
        self.error.classes(add="fec-hidden")
        self._say(t("fingerprint.saving"))

    async def _done(self, answer: object) -> None:
        """What the server kept decides (the browser's report only picks the message): a new photo, so the request
        is signed on paper, goes on to "Check your answers" as a drawn signature does."""
        self.status.classes(add="fec-hidden")
        stored = await run.io_bound(drafts.get, self.env, self.draft.holder, self.draft.id)
        photo = stored.documents.get(PAPER_LETTER)
        if photo is not None and photo.id != self.before and stored.signed:
            ui.navigate.to(step_url(self.draft.id, "check"))
            return
        if isinstance(answer, dict) and answer.get("code") == "draft_changed":
            ui.navigate.to(step_url(self.draft.id, "signature") + "?changed=1")
            return
        self.error.text = error_text(*upload_problem(answer))
        self.error.classes(remove="fec-hidden")
