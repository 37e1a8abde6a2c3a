"""Screens of features still being built. They say plainly that the feature is coming soon and
pretend nothing."""

from __future__ import annotations

from nicegui import ui

from app.components.frame import frame
from app.components.state import t
from app.services.env import Env

PLACEHOLDERS = {
    "/ecard": ("ecard.title", "ecard.coming", "nav.home"),
    "/records/contributions": ("records.contributions_title", "records.coming", "nav.home"),
    "/records/expenses": ("records.expenses_title", "records.coming", "nav.home"),
    "/staff/counter": ("staff.counter", "staff.coming_counter", "nav.home"),
}


def register(env: Env) -> None:
    for path, (title_key, text_key, active) in PLACEHOLDERS.items():
        _placeholder(env, path, title_key, text_key, active)


def _placeholder(env: Env, path: str, title_key: str, text_key: str, active: str) -> None:
    @ui.page(path)
    def page() -> None:
        with frame(env, t(title_key), active=active):
            ui.label(t("app.coming_soon")).classes("status-tag")
            ui.label(t(text_key)).props("data-read-aloud")
            ui.link(t("nav.back"), "/my" if active == "nav.my" else "/")
