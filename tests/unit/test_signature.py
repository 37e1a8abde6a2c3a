"""Signature images: validation, ink measurement at the device scale, and trimming (app.services.signature)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, PngImagePlugin

from app.services.errors import DomainError
from app.services.signature import (
    MARGIN,
    MAX_HEIGHT,
    MAX_WIDTH,
    MIN_INK_HEIGHT,
    MIN_INK_WIDTH,
    SignatureRejected,
    check_signature,
)


def png_bytes(image: Image.Image, **save: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **save)
    return buffer.getvalue()


def ink_png(ink_width: int, ink_height: int, *, canvas: tuple[int, int] = (700, 320), at: tuple[int, int] = (40, 50),
            background: tuple[int, int, int, int] = (0, 0, 0, 0)) -> bytes:
    """A zigzag whose bounding box is exactly ink_width x ink_height image pixels."""
    image = Image.new("RGBA", canvas, background)
    draw = ImageDraw.Draw(image)
    x0, y0 = at
    x1, y1 = x0 + ink_width - 1, y0 + ink_height - 1
    points = [(x0, y0), (x0 + (x1 - x0) // 3, y1), (x0 + 2 * (x1 - x0) // 3, y0), (x1, y1)]
    draw.line(points, fill=(0, 0, 0, 255), width=1)
    return png_bytes(image)


def rejected(png: bytes, **kwargs: object) -> str:
    with pytest.raises(SignatureRejected) as info:
        check_signature(png, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, DomainError)
    return info.value.code


def test_valid_signature_is_accepted_and_trimmed() -> None:
    source = ink_png(300, 80, at=(100, 120))
    cleaned = check_signature(source)
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    # trimmed to the ink plus the margin on each side
    assert image.size == (300 + 2 * MARGIN, 80 + 2 * MARGIN)
    # the ink box inside starts right after the margin
    assert image.getchannel("A").getbbox() == (MARGIN, MARGIN, MARGIN + 300, MARGIN + 80)
    # transparent background, black ink
    assert image.getpixel((0, 0))[3] == 0
    colours = {pixel[:3] for pixel in image.getdata() if pixel[3] > 0}
    assert colours == {(0, 0, 0)}


def test_white_background_becomes_transparent_and_grey_keeps_its_strength() -> None:
    image = Image.new("RGB", (500, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 219, 69), fill=(0, 0, 0))
    draw.rectangle((230, 30, 260, 60), fill=(128, 128, 128))
    cleaned = Image.open(io.BytesIO(check_signature(png_bytes(image))))
    assert cleaned.size == (241 + 2 * MARGIN, 50 + 2 * MARGIN)
    assert cleaned.getpixel((0, 0)) == (0, 0, 0, 0)
    assert cleaned.getpixel((MARGIN + 5, MARGIN + 5)) == (0, 0, 0, 255)
    grey = cleaned.getpixel((MARGIN + 225, MARGIN + 25))
    assert grey[:3] == (0, 0, 0) and 100 < grey[3] < 160


def test_nothing_but_the_drawing_is_kept() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret location 39.9N 116.4E")
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 10), (200, 100)], fill=(0, 0, 0, 255), width=4)
    cleaned = check_signature(png_bytes(image, pnginfo=info))
    assert b"secret" not in cleaned
    assert not Image.open(io.BytesIO(cleaned)).info.get("Comment")


def test_tiny_dot_is_too_small() -> None:
    image = Image.new("RGBA", (700, 320), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 100, 106, 106), fill=(0, 0, 0, 255))
    assert rejected(png_bytes(image)) == "signature_too_small"


def test_a_flat_line_or_a_narrow_mark_is_too_small() -> None:
    assert rejected(ink_png(400, MIN_INK_HEIGHT - 1)) == "signature_too_small"
    assert rejected(ink_png(MIN_INK_WIDTH - 1, 200)) == "signature_too_small"
    check_signature(ink_png(MIN_INK_WIDTH, MIN_INK_HEIGHT))  # exactly the minimum is fine


@pytest.mark.parametrize("mode, colour", [("RGBA", (0, 0, 0, 0)), ("RGBA", (255, 255, 255, 0)),
                                          ("RGB", (255, 255, 255)), ("LA", (0, 0)), ("L", 255)])
def test_blank_image_is_empty(mode: str, colour: object) -> None:
    assert rejected(png_bytes(Image.new(mode, (600, 300), colour))) == "signature_empty"  # type: ignore[arg-type]


def test_almost_invisible_noise_is_not_ink() -> None:
    image = Image.new("RGBA", (600, 300), (0, 0, 0, 3))
    assert rejected(png_bytes(image)) == "signature_empty"


def test_no_bytes_is_empty() -> None:
    assert rejected(b"") == "signature_empty"


def test_not_a_png_is_invalid() -> None:
    jpeg = io.BytesIO()
    Image.new("RGB", (600, 300), (0, 0, 0)).save(jpeg, format="JPEG")
    assert rejected(jpeg.getvalue()) == "signature_invalid"
    assert rejected(b"GIF89a" + b"\0" * 100) == "signature_invalid"
    assert rejected(b"this is not an image at all") == "signature_invalid"
    assert rejected(b"<svg xmlns='http://www.w3.org/2000/svg'/>") == "signature_invalid"
    assert rejected("data:image/png;base64,AAAA") == "signature_invalid"  # type: ignore[arg-type]


def test_broken_png_is_invalid() -> None:
    good = ink_png(300, 80)
    assert rejected(good[: len(good) // 2]) == "signature_invalid"  # truncated
    assert rejected(good[:8] + b"\0" * 200) == "signature_invalid"  # PNG magic then garbage
    corrupted = bytearray(good)
    corrupted[60:90] = b"\xff" * 30  # damaged image data
    assert rejected(bytes(corrupted)) == "signature_invalid"


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header (the check must refuse it before decoding anything)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_oversized_is_invalid() -> None:
    assert rejected(_png_header_only(MAX_WIDTH + 1, 300)) == "signature_invalid"
    assert rejected(_png_header_only(600, MAX_HEIGHT + 1)) == "signature_invalid"
    assert rejected(_png_header_only(100_000, 100_000)) == "signature_invalid"  # decompression bomb
    # more than 2 MB of bytes, even if the picture itself is small
    padded = ink_png(300, 80) + b"\0" * (2 * 1024 * 1024)
    assert rejected(padded) == "signature_invalid"
    # the biggest allowed size still works
    check_signature(ink_png(300, 80, canvas=(MAX_WIDTH, MAX_HEIGHT)))


def test_scale_is_honoured() -> None:
    # 240x60 device px at devicePixelRatio 2 is 120x30 CSS px: accepted
    cleaned = Image.open(io.BytesIO(check_signature(ink_png(240, 60), scale=2)))
    assert cleaned.size == (240 + 4 * MARGIN, 60 + 4 * MARGIN)  # margin is in CSS px too
    # 200x50 at scale 2 is 100x25 CSS px: too small
    assert rejected(ink_png(200, 50), scale=2) == "signature_too_small"
    # the same 200x50 drawn at 1x is big enough
    check_signature(ink_png(200, 50), scale=1)
    # fractional ratios (e.g. 2.625 on many Android phones)
    check_signature(ink_png(315, 79), scale=2.625)
    assert rejected(ink_png(314, 79), scale=2.625) == "signature_too_small"


def test_scale_from_the_browser_cannot_shrink_the_limits() -> None:
    # a client claiming a tiny device pixel ratio does not turn a dot into a signature
    assert rejected(ink_png(20, 6), scale=0.01) == "signature_too_small"
    for bad in (0, -1, float("nan"), float("inf"), "two"):
        assert rejected(ink_png(300, 80), scale=bad) == "signature_invalid"


def test_palette_and_grey_pngs_are_read() -> None:
    image = Image.new("L", (500, 200), 255)
    ImageDraw.Draw(image).rectangle((10, 10, 200, 60), fill=0)
    assert Image.open(io.BytesIO(check_signature(png_bytes(image)))).size == (191 + 2 * MARGIN, 51 + 2 * MARGIN)
    palette = image.convert("P")
    assert Image.open(io.BytesIO(check_signature(png_bytes(palette)))).size == (191 + 2 * MARGIN, 51 + 2 * MARGIN)
