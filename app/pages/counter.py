"""Counter service (DESIGN.md §2.7): find a resident by mobile number, take the code they read out as
consent, then run the binding flow for them (the banner "Assisting <resident>" shows on every page)."""

from __future__ import annotations

from fastapi import Request
from nicegui import app, run, ui

from app.components.acting import ASSIST_KEY, assisting
from app.components.code_sender import masked_phone
from app.components.forms import Form
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import client_address, current_session, error_text, t, token
from app.components.text import facts, heading, id_number
from app.pages.common import Busy, primary_button
from app.pages.what_you_need import PATH as WHAT_YOU_NEED
from app.services import counter, proofs
from app.services.counter import AssistView
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

# Codes whose general wording ("Send code", "your number") does not fit a staff member at the counter.
COUNTER_WORDS = {"phone_empty", "code_expired", "code_none", "code_too_many"}


def _words(code: str, params: dict[str, object]) -> str:
    return t(f"counter.error.{code}") if code in COUNTER_WORDS else error_text(code, params)


def _show(form: Form, exc: DomainError, default_field: str) -> None:
    """The error next to its field, in words for staff."""
    if isinstance(exc, ValidationFailed):
        form.show_errors({field: _words(code, exc.params) for field, code in exc.errors.items()})
    else:
        form.show_errors({exc.field or default_field: _words(exc.code, exc.params)})


def staff_links(current: str) -> None:
    """The parts of the staff console."""
    with ui.element("nav").props(f'aria-label="{t("staff.title")}"'), ui.element("ul").classes("link-list"):
        for key, target in (("staff.queue", "/staff"), ("staff.proofs", "/staff/proofs"),
                            ("staff.counter", "/staff/counter"), ("staff.members", "/staff/members"),
                            ("staff.audit", "/staff/audit")):
            with ui.element("li"):
                link = ui.link(t(key), target)
                if target == current:
                    link.props('aria-current="page"')


def _assisting_now(env: Env, staff_id: int, found: AssistView) -> None:
    ui.label(t("counter.now_assisting", name=found.resident_name)).classes("notice").props(
        'role="status" data-read-aloud')
    if not found.resident_verified:
        _verify_in_person(env, staff_id, found)
        return
    with ui.element("ul").classes("link-list"):
        for key, target in (("counter.open_family", "/family"), ("counter.add_member", WHAT_YOU_NEED)):
            with ui.element("li"):
                ui.link(t(key, name=found.resident_name), target)


def _verify_in_person(env: Env, staff_id: int, found: AssistView) -> None:
    """A resident whose claim waits for its proof: staff compare it with the physical ID card (DESIGN.md §2.7)."""
    claim = proofs.claim_at_counter(env, staff_id, found.resident_id, client=client_address())
    if claim is None:
        ui.label(t("counter.no_claim")).classes("notice")
        return
    with ui.element("section").classes("card stack").props('aria-labelledby="claim-title"').mark("claim"):
        heading(2, t("counter.claim_title"), element_id="claim-title")
        ui.label(t("counter.claim_check")).props("data-read-aloud")
        facts([(t("card.name"), claim.name), (t("card.id_number"), id_number(claim.id_number))])
        if claim.held_elsewhere:
            ui.label(t("counter.claim_takeover")).classes("notice error").props('role="note"')
        outcome = ui.label("").classes("notice fec-hidden").props('role="status"').mark("claim-outcome")
        button = primary_button(t("counter.verify_in_person")).mark("verify-in-person")

        async def verify() -> None:
            with Busy(button):
                try:
                    await run.io_bound(proofs.prove_in_person, env, staff_id, claim.claim_id,
                                       client=client_address())
                except DomainError as exc:
                    outcome.text = error_text(exc.code)
                    outcome.classes(remove="fec-hidden")
                    return
            ui.navigate.to("/staff/counter?verified=1")

        button.on_click(verify)


def _find_form(env: Env, staff_id: int) -> None:
    form = Form(t("form.error_summary"))
    phone = form.field("phone", t("counter.phone"), hint=t("counter.phone_hint"), kind="tel", max_length=20)
    find = ui.button(t("counter.find"), icon=icon("search")).props("outline no-caps").classes("full").mark("find")
    status = ui.label("").classes("notice fec-hidden").props('role="status"').mark("counter-status")
    with ui.element("div").classes("stack") as code_part:
        code = form.field("code", t("counter.code"), hint=t("counter.code_hint"), kind="code", max_length=12)
        start = primary_button(t("counter.start")).mark("start-assisting")
    code_part.set_visibility(False)
    ui.label(t("counter.intro")).classes("muted").props("data-read-aloud")  # after "Find": the first screen holds it

    async def find_resident() -> None:
        form.clear_errors()
        with Busy(find):
            try:
                found = await run.io_bound(counter.find_resident, env, staff_id, phone.value, client=client_address())
            except DomainError as exc:
                _show(form, exc, "phone")
                if exc.field == "code":  # a code went out less than a minute ago: it can still be read out
                    code_part.set_visibility(True)
                return
        status.text = t("counter.code_sent", phone=masked_phone(found.phone), time=found.code_expires_at)
        status.classes(remove="fec-hidden")
        code_part.set_visibility(True)
        code.input.run_method("focus")

    async def start_assisting() -> None:
        form.clear_errors()
        with Busy(start):
            try:
                view = await run.io_bound(counter.start_assisting, env, staff_id, token(), phone.value, code.value,
                                          client=client_address())
            except DomainError as exc:
                _show(form, exc, "code")
                return
        app.storage.user[ASSIST_KEY] = view.assist_id
        ui.navigate.to("/family" if view.resident_verified else "/staff/counter")  # unverified: their claim first

    find.on_click(find_resident)
    start.on_click(start_assisting)
    phone.input.on("keydown.enter", find_resident)
    code.input.on("keydown.enter", start_assisting)


def register(env: Env) -> None:
    @ui.page("/staff/counter")
    def counter_page(request: Request) -> None:
        info = current_session()
        assert info is not None  # the guard lets only staff in
        with frame(env, t("staff.counter"), active="nav.home"):
            if "finished" in request.query_params:
                ui.label(t("counter.finished")).classes("notice success").props('role="status"')
            elif "ended" in request.query_params:
                ui.label(t("counter.ended")).classes("notice").props('role="status"')
            found = assisting()
            if "verified" in request.query_params:
                ui.label(t("counter.verified")).classes("notice success").props('role="status"')
            if found is not None:
                _assisting_now(env, info.account_id, found)
            else:
                _find_form(env, info.account_id)
            staff_links("/staff/counter")
