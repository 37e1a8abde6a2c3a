"""Finger-signature pad (journey 2.2 step 6): a canvas in a dotted box, "Clear" and "OK".

`SignaturePad` is the bare element (JS in signature_pad.js); `signature_field` is the whole step: hint, pad,
error text and the two buttons, with the server-side check of app.services.signature before `on_ok` runs.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nicegui import background_tasks, run, ui
from nicegui.events import GenericEventArguments

from app.services.signature import MAX_BYTES, SignatureRejected, check_signature

log = logging.getLogger(__name__)

DATA_URL_PREFIX = "data:image/png;base64,"
MAX_DATA_URL = len(DATA_URL_PREFIX) + (MAX_BYTES * 4) // 3 + 8


@dataclass(frozen=True)
class SignatureCapture:
    """What the browser sent: PNG bytes at device resolution and the device pixel ratio they were drawn at."""

    png: bytes
    scale: float
    width: int
    height: int


class SignaturePad(ui.element, component="signature_pad.js"):
    """A drawing canvas (role img, accessible name `label`) for finger, pen or mouse.

    `on_change(is_empty)` runs after each stroke and after each clear.
    """

    def __init__(self, *, label: str = "Signature pad", on_change: Callable[[bool], Any] | None = None,
                 described_by: str | None = None) -> None:
        super().__init__()
        self._props["label"] = label
        if described_by:
            self._props["describedby"] = described_by
        self._empty = True
        self._change_handlers: list[Callable[[bool], Any]] = [on_change] if on_change else []
        self.on("change", self._handle_change, ["empty"])

    @property
    def is_empty(self) -> bool:
        return self._empty

    def on_change(self, handler: Callable[[bool], Any]) -> SignaturePad:
        self._change_handlers.append(handler)
        return self

    def set_described_by(self, ids: str | None) -> None:
        """Element ids (space separated) whose text describes the pad: the hint, an error."""
        if ids:
            self._props["describedby"] = ids
        else:
            self._props.pop("describedby", None)
        self.update()

    def _handle_change(self, event: GenericEventArguments) -> None:
        args = event.args
        if isinstance(args, list) and args:
            args = args[0]
        empty = bool(args.get("empty", True)) if isinstance(args, dict) else True
        self._empty = empty
        for handler in self._change_handlers:
            result = handler(empty)
            if inspect.isawaitable(result):
                background_tasks.create(_awaited(result), name="signature-pad-change")

    def clear(self) -> None:
        """Wipe the drawing (the browser then reports the change as well)."""
        self._empty = True
        self.run_method("clear")

    async def capture(self) -> SignatureCapture | None:
        """The drawing trimmed to its ink (plus margin) as PNG, with its scale; None when the pad is empty.

        Raises SignatureRejected('signature_invalid') when the browser sends something that is not a PNG data URL.
        """
        result = await self.run_method("toPng", timeout=5)
        if not result:
            return None
        if not isinstance(result, dict):
            raise SignatureRejected("signature_invalid")
        data_url = result.get("dataUrl")
        if not isinstance(data_url, str) or not data_url.startswith(DATA_URL_PREFIX) or len(data_url) > MAX_DATA_URL:
            raise SignatureRejected("signature_invalid")
        try:
            png = base64.b64decode(data_url[len(DATA_URL_PREFIX):], validate=True)
            scale = float(result.get("scale") or 1.0)
            width, height = int(result.get("width") or 0), int(result.get("height") or 0)
        except (binascii.Error, TypeError, ValueError):
            raise SignatureRejected("signature_invalid") from None
        return SignatureCapture(png=png, scale=scale, width=width, height=height)

    async def png(self) -> bytes | None:
        """Decoded PNG bytes from the browser's toPng(), None when the pad is empty."""
        captured = await self.capture()
        return captured.png if captured else None


async def _awaited(result: Awaitable[Any]) -> None:
    await result


class SignatureField:
    """The signature step's widgets and behaviour; `signature_field()` builds one and returns its pad."""

    def __init__(self, *, label: str, clear_label: str, ok_label: str, hint: str,
                 on_ok: Callable[[bytes], Awaitable[None] | None], message_for: Callable[[str], str]) -> None:
        self.on_ok, self.message_for = on_ok, message_for
        self.busy = False
        with ui.element("div").classes("field signature-field") as self.box:
            base = f"signature-{self.box.id}"
            self.hint_id, self.error_id = f"{base}-hint", f"{base}-error"
            ui.label(hint).classes("hint").props(f'id="{self.hint_id}"')
            self.pad = SignaturePad(label=label, described_by=self.hint_id, on_change=self._changed).mark(
                "signature-pad")
            self.error = ui.label("").classes("error-text fec-hidden").props(
                f'id="{self.error_id}" role="alert"').mark("signature-error")
            with ui.element("div").style("display: flex; flex-wrap: wrap; gap: 0.6em; margin-top: 0.4em"):
                self.clear_button = ui.button(clear_label, on_click=self._clear).props("outline no-caps").style(
                    "flex: 1 1 7em").mark("signature-clear")
                self.ok_button = ui.button(ok_label, on_click=self._ok).props(
                    "unelevated color=primary no-caps").style("flex: 1 1 7em").mark("signature-ok")
        self.ok_button.disable()

    def show_error(self, text: str | None) -> None:
        self.error.text = text or ""
        self.error.classes(**({"remove": "fec-hidden"} if text else {"add": "fec-hidden"}))
        self.pad.set_described_by(f"{self.hint_id} {self.error_id}" if text else self.hint_id)

    def _changed(self, empty: bool) -> None:
        self.ok_button.set_enabled(not empty and not self.busy)
        if empty:
            self.show_error(None)

    def _clear(self) -> None:
        self.pad.clear()
        self.ok_button.disable()
        self.show_error(None)

    async def _checked_png(self) -> bytes | None:
        """The cleaned PNG, or None after showing why the drawing was refused."""
        try:
            captured = await self.pad.capture()
            if captured is None:
                raise SignatureRejected("signature_empty")
            return await run.io_bound(check_signature, captured.png, scale=captured.scale)
        except SignatureRejected as exc:
            self.show_error(self.message_for(exc.code))
        except TimeoutError:
            log.warning("signature pad did not answer toPng in time")
            self.show_error(self.message_for("signature_invalid"))
        return None

    async def _ok(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.ok_button.disable()
        try:
            cleaned = await self._checked_png()
            if cleaned is None:
                return
            self.show_error(None)
            result = self.on_ok(cleaned)
            if inspect.isawaitable(result):
                await result
        finally:
            self.busy = False
            if not self.box.is_deleted:
                self.ok_button.set_enabled(not self.pad.is_empty)


def signature_field(*, label: str, clear_label: str, ok_label: str, hint: str,
                    on_ok: Callable[[bytes], Awaitable[None] | None],
                    message_for: Callable[[str], str]) -> SignaturePad:
    """Hint, pad, error text, then "Clear" (outline) and "OK" (primary, disabled while the pad is empty).

    On OK the drawing is checked on the server (`check_signature`); a refusal shows `message_for(code)` next to
    the pad ('signature_empty', 'signature_too_small', 'signature_invalid') in a role="alert" label, else
    `on_ok(png)` gets the cleaned PNG (black ink on transparent, trimmed, at device resolution).
    Markers: 'signature-pad', 'signature-clear', 'signature-ok', 'signature-error'.
    """
    return SignatureField(label=label, clear_label=clear_label, ok_label=ok_label, hint=hint, on_ok=on_ok,
                          message_for=message_for).pad


__all__ = ["SignatureCapture", "SignatureField", "SignaturePad", "signature_field"]
