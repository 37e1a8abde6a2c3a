"""Help (DESIGN.md §2.8): the help lines, the insurance agency's website, the service halls (the resident's own
first) and what to bring to a service counter for each case. Open to everyone, logged in or not.

The page never changes once built, so all of it is static markup (app/components/markup.py)."""

from __future__ import annotations

from nicegui import ui

from app.components import markup
from app.components.frame import frame
from app.components.help_links import anchor
from app.components.state import current_session, language, t
from app.services.env import Env
from app.services.help import CASES, ServiceHall, service_halls

HOTLINES = ("12393", "12333")
WEBSITE = "https://fuwu.nhsa.gov.cn"
# What to bring for each case (help.item.<name>), as the counters' guides list it; the case's own words
# (help.case.<case>) say whom it is for.
BRING: dict[str, tuple[str, ...]] = {
    "child": ("own_id", "household_book", "child_id_number", "guardian_consent"),
    "elder": ("own_id", "member_id", "member_in_person"),
    "newborn": ("birth_certificate", "own_id", "mother_id", "newborn_book"),
    "exception": ("reason", "proof_of_relationship", "cannot_sign"),
    "identity": ("physical_id", "own_phone"),
    "remove_holder": ("member_id_check", "member_self"),
    "relationship": ("relationship_paper", "own_id", "member_id"),
}


def _section(title_id: str, title: str, body: str) -> None:
    """A titled part of the page: an h2 and its markup, as one element."""
    markup.static(markup.element("h2", title, id=title_id) + body, element="section", classes="card stack help-part",
                  aria_labelledby=title_id)


def _hall(hall: ServiceHall) -> str:
    rows = markup.definitions([(t("help.hall.region"), t(f"region.{hall.region_code}")),
                               (t("help.hall.address"), hall.address), (t("help.hall.hours"), hall.hours)])
    rows += markup.linked_definition(t("help.hall.phone"), markup.link(hall.phone, f"tel:{hall.dial}"))
    return markup.wrap("div", markup.element("h3", hall.name) + markup.wrap("dl", rows), classes="hall")


def _case(case: str) -> None:
    things = markup.items([markup.element("span", t(f"help.item.{item}")) for item in BRING[case]])
    _section(anchor(case), t(f"help.bring.{case}"), markup.element("p", t(f"help.case.{case}")) + things)


def _halls(region: str | None) -> None:
    """Every hall; a verified resident's own (of their insured region) first, and said to be theirs."""
    halls = service_halls(language(), region)
    if region is not None and any(hall.region_code == region for hall in halls):
        said = t("help.halls_yours", region=t(f"region.{region}"))
    else:
        said = t("help.halls_all")
    _section("halls-title", t("help.halls_title"),
             markup.element("p", said) + "".join(_hall(hall) for hall in halls))


def register(env: Env) -> None:
    @ui.page("/help")
    def help_page() -> None:
        info = current_session()
        person = info.person if info is not None and info.role == "resident" and info.verified else None
        with frame(env, t("help.title")):
            markup.text(t("help.intro"), element="p", data_read_aloud="")
            # Same-page anchors: a tap scrolls to the case without loading the page again.
            _section("bring-title", t("help.bring_title"), markup.wrap("div", markup.items(
                [markup.link(t(f"help.bring.{case}"), f"#{anchor(case)}") for case in CASES]), classes="link-list"))
            _section("phone-title", t("help.phone_title"), markup.items(
                [markup.link(number, f"tel:{number}") + markup.element("span", t(f"help.hotline.{number}"))
                 for number in HOTLINES]))
            _section("web-title", t("help.web_title"),
                     markup.element("p", t("help.web_text")) + markup.link(t("help.web_link"), WEBSITE))
            _halls(person.region_code if person is not None else None)
            for case in CASES:
                _case(case)
