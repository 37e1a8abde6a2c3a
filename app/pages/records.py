""""Contribution records" and "Medical expense records" (DESIGN.md §2.5): for the holder and each approved member
("Whose records"), filtered by "Year", "Type" and "Place". The choices live in the URL query (?whose=&year=&type=
&place=), so Back and refresh keep them; changing one updates the page in place and the URL with it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from app.components.frame import frame
from app.components.icons import icon
from app.components.state import client_address, current_session, error_text, t
from app.components.text import heading
from app.components.wizard import not_found
from app.pages.common import Busy
from app.pages.records_download import send_file
from app.pages.records_view import CSS, details, headline, kind_label, money, place_label, summary
from app.services import records
from app.services.binding.store import NotFound
from app.services.env import Env
from app.services.errors import DomainError
from app.services.records import Report

READERS: dict[str, Callable[..., Report]] = {"expenses": records.expenses, "contributions": records.contributions}
TITLES = {"expenses": "records.expenses_title", "contributions": "records.contributions_title"}
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Choice:
    """What the person chose to see (the URL query)."""

    whose: str = records.SELF
    year: int | None = None
    kind: str | None = None
    place: str | None = None

    def url(self, what: str) -> str:
        query = {"whose": None if self.whose == records.SELF else self.whose, "year": self.year, "type": self.kind,
                 "place": self.place}
        encoded = urlencode({k: v for k, v in query.items() if v not in (None, "")})
        return f"/records/{what}" + (f"?{encoded}" if encoded else "")


def parse_choice(request: Request) -> Choice:
    """Read the query; anything unreadable (?year=abc) counts as not chosen."""
    q = request.query_params
    raw_year = (q.get("year") or "").strip()
    year = int(raw_year) if raw_year.isdigit() and FIRST_YEAR <= int(raw_year) <= LAST_YEAR else None
    return Choice(whose=(q.get("whose") or records.SELF).strip()[:20], year=year,
                  kind=(q.get("type") or "").strip()[:20] or None, place=(q.get("place") or "").strip()[:64] or None)


def load(env: Env, holder_id: int, what: str, choice: Choice, *, action: str = "viewed") -> Report:
    return READERS[what](env, holder_id, choice.whose, year=choice.year, kind=choice.kind, place=choice.place,
                         client=client_address(), action=action)


def _whose_label(person: records.Whose) -> str:
    if person.is_self:
        return t("records.whose_self", name=person.name)
    return t("records.whose_member", name=person.name, relationship=t(f"relationship.{person.relationship}"))


def _options(report: Report) -> dict[str, dict]:
    years = sorted({*report.years, *([report.year] if report.year else [])}, reverse=True)
    return {
        "whose": {p.key: _whose_label(p) for p in report.people},
        "year": {y: str(y) for y in years},
        "kind": {"": t("records.any_type"), **{k: kind_label(report, k) for k in report.kinds}},
        "place": {"": t("records.any_place"), **{key: place_label(report, key) for key, _ in report.places}},
    }


def _values(report: Report) -> dict[str, object]:
    return {"whose": report.person.key, "year": report.year, "kind": report.kind or "", "place": report.place or ""}


class RecordsScreen:
    """The filters, a polite status line, the results (rebuilt on every change) and the downloads."""

    def __init__(self, env: Env, holder_id: int, what: str, report: Report) -> None:
        self.env, self.holder_id, self.what, self.report = env, holder_id, what, report
        self.updating = False
        self.selects: dict[str, ui.select] = {}

    def build(self) -> None:
        ui.label(t(f"records.intro_{self.what}")).props("data-read-aloud")
        filters = ui.element("section").classes("card stack records-card records-filters")
        with filters.props('aria-labelledby="filters-title"'):
            heading(2, t("records.filters"), element_id="filters-title")
            options, values = _options(self.report), _values(self.report)
            labels = {"whose": "records.whose", "year": "records.year", "kind": "records.type",
                      "place": "records.place"}
            for name, key in labels.items():
                select = ui.select(options[name], label=t(key), value=values[name],
                                   on_change=lambda e, n=name: self.changed(n, e.value))
                select.props["dropdown-icon"] = icon("arrow_drop_down")  # not the icon font's glyph
                self.selects[name] = select.props("outlined stack-label").classes("full").mark(f"filter-{name}")
        self.status = ui.label("").classes("visually-hidden").props('role="status"').mark("status")
        self.problem = ui.label("").classes("notice error fec-hidden").props('role="alert"').mark("problem")
        self.summary_area = ui.element("div").classes("stack")
        self.downloads()
        self.details_area = ui.element("div").classes("stack")
        self.show()

    def show(self) -> None:
        """(Re)build the totals and the details of the current report."""
        for area, part in ((self.summary_area, summary), (self.details_area, details)):
            area.clear()
            with area:
                part(self.report)

    def changed(self, name: str, value: object) -> None:
        if self.updating:
            return
        choice = Choice(self.report.person.key, self.report.year, self.report.kind, self.report.place)
        choice = replace(choice, **{name: value or None})
        if name == "whose":
            choice = replace(choice, whose=str(value or records.SELF), place=None)  # places differ per person
        try:
            self.report = load(self.env, self.holder_id, self.what, choice)
        except DomainError as exc:  # e.g. the member was unbound meanwhile
            self.problem.text = error_text(exc.code)
            self.problem.classes(remove="fec-hidden")
            return
        self.problem.classes(add="fec-hidden")
        self.updating = True
        try:
            options, values = _options(self.report), _values(self.report)
            for key, select in self.selects.items():
                select.set_options(options[key], value=values[key])
        finally:
            self.updating = False
        self.show()
        words, amount = headline(self.report)
        self.status.text = t("records.showing", name=self.report.person.name, year=self.report.year,
                             amount=f"{words} {money(amount)}")
        url = Choice(self.report.person.key, self.report.year, self.report.kind, self.report.place).url(self.what)
        ui.run_javascript(f"history.replaceState(history.state, '', {json.dumps(url)})")

    def downloads(self) -> None:
        with ui.element("section").classes("card stack records-card").props('aria-labelledby="downloads-title"'):
            heading(2, t("records.downloads"), element_id="downloads-title")
            for extension, key in (("pdf", "records.download_pdf"), ("csv", "records.download_csv")):
                button = ui.button(t(key), icon=icon("download")).props("outline no-caps").classes("full").mark(
                    f"download-{extension}")
                button.on_click(lambda _, b=button, x=extension: self.download(b, x))

    async def download(self, button: ui.button, extension: str) -> None:
        choice = Choice(self.report.person.key, self.report.year, self.report.kind, self.report.place)
        with Busy(button):
            try:
                report = load(self.env, self.holder_id, self.what, choice, action="downloaded")
                name = await send_file(report, extension, self.env.clock.today())
            except DomainError as exc:
                self.problem.text = error_text(exc.code, exc.params)
                self.problem.classes(remove="fec-hidden")
                return
        self.status.text = t("records.downloaded", filename=name)


def register(env: Env) -> None:
    for what in READERS:
        _register_page(env, what)


def _register_page(env: Env, what: str) -> None:
    @ui.page(f"/records/{what}")
    def records_page(request: Request):  # type: ignore[no-untyped-def]
        info = current_session()
        assert info is not None  # the guard lets only verified residents in
        try:
            report = load(env, info.account_id, what, parse_choice(request))
        except NotFound:
            return not_found()  # a pending, unbound or another family's member: the same 404
        ui.add_head_html(CSS)
        with frame(env, t(TITLES[what]), active="nav.home"):
            RecordsScreen(env, info.account_id, what, report).build()
        return None
