""""Audit trail" (DESIGN.md §2.7): staff search a resident's account by mobile number or ID number and read its events
in the words of Account activity, each with who acted. The search is recorded on the account it finds."""

from __future__ import annotations

from nicegui import run, ui

from app.components import markup
from app.components.forms import Form
from app.components.frame import frame
from app.components.state import client_address, current_session, t
from app.components.text import heading
from app.pages.common import Busy, primary_button, show_domain_error
from app.pages.counter import staff_links
from app.services import audit_search
from app.services.audit_search import Trail, TrailEvent
from app.services.clock import to_local
from app.services.env import Env
from app.services.errors import DomainError

PATH = "/staff/audit"


def _who(event: TrailEvent) -> str:
    if event.who == "staff":
        return t("audit.who.staff", phone=event.staff_phone or "—")
    return t(f"audit.who.{event.who}")


def _events(trail: Trail) -> markup.Markup:
    """The events as one list element: up to 200 of them, which never change once shown (DESIGN.md §7)."""
    rows = "".join(markup.wrap("li", markup.element("strong", t(f"action.{e.action}"))
                               + markup.element("div", f"{to_local(e.at).strftime('%Y-%m-%d %H:%M')} · {_who(e)}",
                                                classes="muted"), classes="card")
                   for e in trail.events)
    return markup.static(rows, classes="link-list", element="ol")


def _show(box: ui.element, trail: Trail) -> None:
    box.clear()
    with box, ui.element("section").classes("stack").props('aria-labelledby="trail-title"').mark("trail"):
        heading(2, t("audit.account", name=trail.name_masked, phone=trail.phone_masked), element_id="trail-title")
        ui.label(t("audit.count", n=len(trail.events))).props('role="status"').mark("trail-count")
        _events(trail)


def register(env: Env) -> None:
    @ui.page(PATH)
    def audit_page() -> None:
        info = current_session()
        assert info is not None  # the guard lets only staff in
        with frame(env, t("staff.audit"), active="nav.home"):
            form = Form(t("form.error_summary"))
            query = form.field("query", t("audit.query"), hint=t("audit.query_hint"), max_length=32)
            search = primary_button(t("audit.search")).mark("search")
            results = ui.element("div").mark("audit-results")
            ui.label(t("audit.intro")).classes("muted").props("data-read-aloud")  # after "Search": first screen

            async def run_search() -> None:
                form.clear_errors()
                results.clear()
                with Busy(search):
                    try:
                        trail = await run.io_bound(audit_search.search, env, info.account_id, query.value,
                                                   client=client_address())
                    except DomainError as exc:
                        show_domain_error(form, exc, default_field="query")
                        return
                _show(results, trail)

            search.on_click(run_search)
            query.input.on("keydown.enter", run_search)
            staff_links(PATH)
