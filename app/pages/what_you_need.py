"""What you need (DESIGN.md §2.2): before the first step of the "+" flow, what to have at hand for each case, as
the service counters' guides list it, each with its "What to bring"; "Continue" starts the draft or resumes it.
Staff assisting a resident at the counter pass through it too (the guard lets them into /family pages)."""

from __future__ import annotations

from nicegui import ui

from app.components import markup
from app.components.frame import frame
from app.components.help_links import bring_href
from app.components.icons import icon
from app.components.state import t
from app.pages.common import primary_button
from app.services.env import Env

PATH = "/family/what-you-need"
# Each case (need.<case> and need.<case>_text) with the help page's "What to bring" that goes with it, if any.
CASES: tuple[tuple[str, str | None], ...] = (
    ("everyone", None), ("child", "child"), ("newborn", "newborn"), ("elder", "elder"), ("counter", "exception"))


def _case(case: str, bring: str | None) -> None:
    title_id = f"need-{case}"
    body = markup.element("h2", t(f"need.{case}"), id=title_id) + markup.element(
        "p", t(f"need.{case}_text"), data_read_aloud="")
    if bring is not None:
        body += markup.link(t(f"help.bring.{bring}"), bring_href(bring))
    markup.static(body, element="section", classes="card stack", aria_labelledby=title_id)


def register(env: Env) -> None:
    @ui.page(PATH)
    def what_you_need_page() -> None:
        with frame(env, t("need.title"), active="nav.my"):
            markup.text(t("need.intro"), element="p", data_read_aloud="")
            for case, bring in CASES:
                _case(case, bring)
            primary_button(t("nav.continue")).mark("continue").on_click(lambda: ui.navigate.to("/family/add"))
            ui.button(t("nav.back"), icon=icon("arrow_back"), on_click=lambda: ui.navigate.to("/family")).props(
                "outline no-caps").classes("full").mark("back")
