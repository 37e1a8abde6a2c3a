"""A photo a reviewer can look at closely: small on the page, full size (and pinch-zoomable) in a dialog."""

from __future__ import annotations

from nicegui import ui

from app.components.dialogs import modal
from app.components.icons import icon
from app.components.state import t
from app.components.text import heading


def zoomable(label: str, src: str) -> None:
    """A photo that opens full size (and can be pinch-zoomed) in a dialog."""
    ui.label(label).classes("muted")
    with modal(f"zoom-{abs(hash(src))}") as dialog, ui.card().classes("stack").style("max-width: 95vw"):
        heading(2, label, element_id=f"zoom-{abs(hash(src))}")
        big = ui.element("img").style("max-width: 100%; touch-action: pinch-zoom")
        big.props["src"], big.props["alt"] = src, label
        ui.button(t("staff.close"), on_click=dialog.close).props("outline no-caps").classes("full")
    small = ui.element("img").classes("photo-preview")
    small.props["src"], small.props["alt"] = src, label
    ui.button(t("staff.zoom", photo=label), icon=icon("zoom_in"), on_click=dialog.open).props(
        "outline no-caps").classes("full")
