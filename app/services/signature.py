"""Signature images from the signature pad: validate, measure the ink, and keep nothing but the drawing.

The pad sends a PNG at device resolution (CSS px x devicePixelRatio) together with that scale. This module
checks that the bytes really are a modest PNG, finds the ink, refuses a scribble too small to be a name and
re-encodes the ink as black on transparent, so no metadata, background or hidden chunk is ever stored.

Pure Python + Pillow: no NiceGUI, no database.
"""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image, ImageChops, ImageOps

from app.services.errors import DomainError

MIN_INK_WIDTH = 120  # CSS px (at 1x) of the ink's bounding box
MIN_INK_HEIGHT = 30
MAX_BYTES = 2 * 1024 * 1024
MAX_WIDTH = 4000
MAX_HEIGHT = 2000
MARGIN = 8  # CSS px of transparent margin around the ink in the stored image
MIN_SCALE = 0.5  # devicePixelRatio is reported by the browser: clamp it so a client cannot shrink the limits
MAX_SCALE = 4.0
INK_THRESHOLD = 16  # 0-255 "ink strength" (opacity x darkness) below which a pixel is treated as background

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SignatureRejected(DomainError):
    """Codes: 'signature_empty', 'signature_too_small', 'signature_invalid'."""

    code = "signature_invalid"

    def __init__(self, code: str | None = None, **params: object) -> None:
        super().__init__(code, field="signature", **params)


def clamp_scale(scale: float) -> float:
    """The device pixel ratio to measure with, within MIN_SCALE..MAX_SCALE."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        raise SignatureRejected("signature_invalid") from None
    if not math.isfinite(value) or value <= 0:
        raise SignatureRejected("signature_invalid")
    return min(MAX_SCALE, max(MIN_SCALE, value))


def _open_png(png: bytes) -> Image.Image:
    if not isinstance(png, bytes | bytearray | memoryview):
        raise SignatureRejected("signature_invalid")
    png = bytes(png)
    if not png:
        raise SignatureRejected("signature_empty")
    if len(png) > MAX_BYTES or not png.startswith(PNG_MAGIC):
        raise SignatureRejected("signature_invalid")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(png), formats=["PNG"])
            # The header's size is checked before any pixel is decoded.
            if image.width < 1 or image.height < 1 or image.width > MAX_WIDTH or image.height > MAX_HEIGHT:
                raise SignatureRejected("signature_invalid")
            image.load()
            return image.convert("RGBA")
    except SignatureRejected:
        raise
    except (OSError, SyntaxError, ValueError, MemoryError, EOFError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise SignatureRejected("signature_invalid") from None


def ink_strength(image: Image.Image) -> Image.Image:
    """An 'L' image: how much each pixel is ink, from its opacity and its darkness (white paper is no ink)."""
    rgba = image.convert("RGBA")
    darkness = ImageOps.invert(rgba.convert("RGB").convert("L"))
    return ImageChops.multiply(darkness, rgba.getchannel("A"))


def ink_box(png: bytes) -> tuple[int, int, int, int] | None:
    """The ink's bounding box (left, top, right, bottom; right/bottom exclusive) in image pixels, or None."""
    return _ink_box(ink_strength(_open_png(png)))


def _ink_box(strength: Image.Image) -> tuple[int, int, int, int] | None:
    mask = strength.point(lambda v: 255 if v > INK_THRESHOLD else 0)
    return mask.getbbox()


def check_signature(png: bytes, *, scale: float = 1.0) -> bytes:
    """Validate a signature image (real PNG, not huge: <= 2 MB and <= 4000x2000 px), find the ink bounding box
    (opaque and non-white pixels), refuse a scribble smaller than MIN_INK_WIDTH x MIN_INK_HEIGHT CSS px
    (image px divided by `scale`, the device pixel ratio), and return a re-encoded trimmed PNG (black ink on
    transparent, MARGIN CSS px around it) so nothing but the drawing is stored.

    Raises SignatureRejected with code 'signature_invalid', 'signature_empty' or 'signature_too_small'.
    """
    factor = clamp_scale(scale)
    strength = ink_strength(_open_png(png))
    box = _ink_box(strength)
    if box is None:
        raise SignatureRejected("signature_empty")
    left, top, right, bottom = box
    css_width, css_height = (right - left) / factor, (bottom - top) / factor
    # A hair of tolerance so 240 device px at scale 2 is exactly 120 CSS px, whatever the float rounding.
    if css_width + 1e-6 < MIN_INK_WIDTH or css_height + 1e-6 < MIN_INK_HEIGHT:
        raise SignatureRejected("signature_too_small", width=round(css_width), height=round(css_height))

    margin = max(1, round(MARGIN * factor))
    alpha = strength.crop(box)
    out = Image.new("RGBA", (alpha.width + 2 * margin, alpha.height + 2 * margin), (0, 0, 0, 0))
    ink = Image.new("RGBA", alpha.size, (0, 0, 0, 255))
    ink.putalpha(alpha)
    out.paste(ink, (margin, margin))
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
