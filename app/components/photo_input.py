"""A labelled native photo input: "Take a photo or choose one", uploaded to the server right away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui


class PhotoInput(ui.element, component="photo_input.js"):
    def __init__(self, *, label: str, input_id: str, upload_url: str, described_by: str = "",
                 on_start: Callable[[], Any] | None = None, on_done: Callable[[dict], Any] | None = None) -> None:
        super().__init__()
        self._props.update({"label": label, "inputId": input_id, "uploadUrl": upload_url, "describedBy": described_by})
        if on_start:
            self.on("start", lambda _: on_start())
        if on_done:
            self.on("done", lambda event: on_done(event.args))

    def choose(self) -> None:
        """Open the camera or gallery again ("Retake")."""
        self.run_method("choose")


def photo_preview(document_id: int, alt: str) -> ui.element:
    """The stored photo's small copy, served only to its owner."""
    preview = ui.element("img").classes("photo-preview")
    preview.props["src"] = f"/family/document/{document_id}?thumbnail=1"
    preview.props["alt"] = alt
    return preview
