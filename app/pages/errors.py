"""What a person sees when a page fails on our side: plain words and a way on, never the exception."""

from __future__ import annotations

from nicegui import ui

from app.components.frame import prepare_document
from app.components.help_links import help_link
from app.components.state import t
from app.components.text import heading


def server_error_page() -> None:
    """NiceGUI's page-exception handler. NiceGUI logs the error for the operators; people see none of it."""
    prepare_document(t("server_error.title"))
    with ui.column().classes("stack"):
        heading(1, t("server_error.title"))
        ui.label(t("server_error.text"))
        ui.label(t("app.footer"))
        ui.link(t("server_error.home"), "/")
        help_link()
