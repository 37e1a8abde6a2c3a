"""Staff console: the review queue (oldest first, with filters) and one request under review."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from nicegui import app, ui

from app.components.forms import Form
from app.components.frame import frame
from app.components.icons import icon
from app.components.state import current_session, error_text, t
from app.components.text import facts, heading, id_number
from app.components.wizard import not_found
from app.components.zoom import zoomable
from app.pages.common import Busy, show_domain_error, staff_file
from app.pages.counter import staff_links
from app.services import review
from app.services.binding.store import PAPER_LETTER, NotFound
from app.services.env import Env
from app.services.errors import DomainError

MINUTES_PER_HOUR = 60
# Refusals about the request as it now is, not about a field: shown where the decision's outcome would be.
REQUEST_MOVED_ON = frozenset({"already_decided", "assigned_to_other", "not_opened", "assisted_it"})


def _waited(minutes: float) -> str:
    if minutes >= MINUTES_PER_HOUR:
        return t("staff.waited_hours", n=int(minutes // MINUTES_PER_HOUR))
    return t("staff.waited_minutes", n=int(minutes))


FILTER_VALUES = {"method": ("id_number", "newborn"), "age_group": tuple(review.AGE_GROUPS),
                 "waiting": tuple(review.WAITING)}


def _filters(request: Request) -> dict[str, str | None]:
    """The filters in the address; an unknown value (an old bookmark, a typo) is ignored."""
    return {key: value if (value := request.query_params.get(key)) in allowed else None
            for key, allowed in FILTER_VALUES.items()}


def _filter_panel(chosen: dict[str, str | None]) -> None:
    """The queue's filters, folded away unless one is in use."""
    in_use = any(chosen.values())
    panel = ui.expansion(t("staff.filters"), value=in_use).classes("card").mark("filters")
    panel.props["expand-icon"] = icon("keyboard_arrow_down")
    with panel, ui.element("div").classes("stack"):
        options = {
            "method": {"": t("staff.any"), "id_number": t("method.id_number"), "newborn": t("method.newborn")},
            "age_group": {"": t("staff.any"), **{k: t(f"staff.age.{k}") for k in review.AGE_GROUPS}},
            "waiting": {"": t("staff.any"), **{k: t(f"staff.waiting_filter.{k}") for k in review.WAITING}},
        }
        selects = {key: ui.select(opts, label=t(f"staff.filter.{key}"), value=chosen[key] or "").props(
            "outlined stack-label").mark(f"filter-{key}") for key, opts in options.items()}
        for select in selects.values():
            select.props["dropdown-icon"] = icon("arrow_drop_down")

        def apply() -> None:
            query = "&".join(f"{k}={s.value}" for k, s in selects.items() if s.value)
            ui.navigate.to(f"/staff?{query}" if query else "/staff")

        ui.button(t("staff.apply"), on_click=apply).props("outline no-caps").classes("full")


def register(env: Env) -> None:  # noqa: PLR0915 - the two staff screens share their helpers here
    @ui.page("/staff")
    def staff_home(request: Request) -> None:
        chosen = _filters(request)
        info = current_session()
        assert info is not None
        items = review.queue(env, info.account_id, **chosen)
        # The queue itself comes first (its first request on the first screen, DESIGN.md §3); the filters fold away
        # unless one is in use, and the links between the staff screens follow the list.
        with frame(env, t("staff.queue"), active="nav.home"):
            ui.label(t("staff.waiting", n=len(items))).classes("strong").props('role="status"').mark("waiting")
            _filter_panel(chosen)
            if not items:
                ui.label(t("staff.empty"))
            with ui.element("ol").classes("member-list"):
                for item in items:
                    with ui.element("li").classes("card stack"):
                        heading(2, item.number)
                        ui.link(t("staff.open", number=item.number), f"/staff/request/{item.request_id}")
                        ui.label(f"{t(f'method.{item.method}')} · {t('staff.age_years', n=item.member_age)} · "
                                 f"{_waited(item.waiting.total_seconds() / 60)}")
                        ui.label(t(f"family.status.{item.status}")).classes("status-tag")
            staff_links("/staff")

    @ui.page("/staff/request/{request_id}")
    def review_page(request_id: int):  # type: ignore[no-untyped-def]
        info = current_session()
        assert info is not None
        try:
            item = review.open_request(env, info.account_id, request_id)
        except NotFound:
            return not_found()
        with frame(env, t("staff.review_title", number=item.number), active="nav.home"):
            ui.link(t("staff.queue"), "/staff")
            ui.label(t(f"family.status.{item.status}")).classes("status-tag")
            with ui.element("section").classes("card stack").props('aria-labelledby="entered-title"'):
                heading(2, t("staff.entered"), element_id="entered-title")
                holder_fact = (item.holder_name, id_number(item.holder_id_masked))
                if item.holder_deleted:  # the tombstone names no one (DESIGN.md §2.1.6)
                    holder_fact = (t("staff.holder_deleted"), ("—",))
                facts([(t("staff.holder"), holder_fact[0]), (t("card.id_number"), holder_fact[1]),
                       (t("check.member"), item.member_name), (t("card.id_number"), id_number(item.member_id_masked)),
                       (t("staff.sex_birth"), f"{t(f'staff.sex.{item.member_sex}')} · {item.member_birth} · "
                                              f"{t('staff.age_years', n=item.member_age)}"),
                       (t("who.relationship"), t(f"relationship.{item.relationship}")),
                       (t("staff.method"), t(f"method.{item.method}"))])
                shown = ui.label("").classes("notice fec-hidden").props('role="status"').mark("full-id")

                def show_full() -> None:
                    member = review.full_id_number(env, info.account_id, request_id, whose="member")
                    holder = review.full_id_number(env, info.account_id, request_id, whose="holder")
                    shown.text = t("staff.full_ids", holder=holder or t("staff.holder_deleted"), member=member)
                    shown.classes(remove="fec-hidden")

                ui.button(t("staff.show_full_id"), on_click=show_full).props("outline no-caps").classes("full")
                if item.consent:
                    ui.label(t("check.consent_given"))
                _exceptions(item)
            with ui.element("section").classes("card stack").props('aria-labelledby="docs-title"'):
                heading(2, t("check.documents"), element_id="docs-title")
                paper = item.documents.get(PAPER_LETTER)  # the letter signed with a fingerprint at the counter
                for kind, document_id in item.documents.items():
                    if kind in {"signature", PAPER_LETTER}:
                        continue
                    label = t("letter.title") if kind == "letter" else t(f"documents.{kind}")
                    if kind == "letter":  # which signature the letter has, then the letter and the paper's photo
                        ui.label(t("signed.paper" if paper else "signed.screen")).classes("strong").mark("how-signed")
                        ui.link(t("staff.open_letter"), f"/staff/document/{document_id}")
                        if paper:
                            zoomable(t(f"documents.{PAPER_LETTER}"), f"/staff/document/{paper}")
                        continue
                    zoomable(label, f"/staff/document/{document_id}")
            if item.helped_by_me:  # four eyes (DESIGN.md §2.7): read-only, and opening it assigned nothing
                ui.label(t("staff.helped_by_me")).classes("notice").props('role="status"').mark("reviewer")
            elif item.mine_to_decide:
                _decision(env, info.account_id, request_id)
            elif item.reviewed_by_other:  # read-only here; the service refuses another's decision anyway
                ui.label(t("staff.reviewed_by_other")).classes("notice").props('role="status"').mark("reviewer")
        return None

    @app.get("/staff/document/{document_id}")
    def staff_document(document_id: int) -> Response:
        return staff_file(env, lambda staff_id: review.read_document(env, staff_id, document_id))


def _exceptions(item: review.StaffView) -> None:
    """An exception made at the counter, and its reason, for the reviewer to weigh with its evidence below."""
    if not item.exceptions:
        return
    with ui.element("div").classes("stack").props('role="note"').mark("exceptions"):
        for name in item.exceptions:
            ui.label(t(f"exception.{name}")).classes("notice")
        if item.exception_reason:
            facts([(t("documents.exception_reason"), item.exception_reason)])


def _decision(env: Env, staff_id: int, request_id: int) -> None:
    with ui.element("section").classes("card stack").props('aria-labelledby="decide-title"'):
        heading(2, t("staff.decide"), element_id="decide-title")
        form = Form(t("form.error_summary"))
        reason = form.select("reason", t("staff.reason"), {k: t(f"reason.{k}") for k in review.REASONS})
        details = ui.textarea(t("staff.reason_details")).props("outlined stack-label maxlength=500").classes(
            "full").mark("details")
        outcome = ui.label("").classes("notice fec-hidden").props('role="status"').mark("outcome")
        approve = ui.button(t("staff.approve"), icon=icon("check")).props(
            "unelevated color=positive no-caps").classes("full")
        reject = ui.button(t("staff.reject"), icon=icon("close")).props(
            "unelevated color=negative no-caps").classes("full")
        ui.label(t("staff.release_hint")).classes("muted")
        release = ui.button(t("staff.release"), icon=icon("undo")).props("outline no-caps").classes("full")

        def done(text: str) -> None:
            outcome.text = text
            outcome.classes(remove="fec-hidden")
            for button in (approve, reject, release):
                button.disable()

        async def decide(approved: bool) -> None:
            form.clear_errors()
            with Busy(approve if approved else reject):
                try:
                    review.decide(env, staff_id, request_id, approve=approved, reason=reason.value or None,
                                  details=details.value)
                except DomainError as exc:
                    if exc.code in REQUEST_MOVED_ON:
                        outcome.text = error_text(exc.code)
                        outcome.classes(remove="fec-hidden")
                        return
                    show_domain_error(form, exc)
                    return
            done(t("staff.approved" if approved else "staff.rejected"))

        async def give_back() -> None:
            """"Release": back to the queue undecided, for anyone else to open (DESIGN.md §2.7)."""
            with Busy(release):
                try:
                    review.release(env, staff_id, request_id)
                except DomainError as exc:
                    if exc.code not in REQUEST_MOVED_ON:
                        raise
                    outcome.text = error_text(exc.code)
                    outcome.classes(remove="fec-hidden")
                    return
            done(t("staff.released"))

        approve.on_click(lambda: decide(True))
        reject.on_click(lambda: decide(False))
        release.on_click(give_back)
