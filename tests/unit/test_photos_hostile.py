"""Hostile uploads (issue: upload fuzzing): polyglots, wrong magic bytes, a huge EXIF block, giant dimensions
in a tiny header. None may reach storage as it came in: each is refused with a code, or re-encoded clean."""

from __future__ import annotations

import struct
import zlib

import pytest

from app.services.photos import process_photo
from tests.unit.photos_helpers import (
    _assert_clean_jpeg,
    _encode,
    _image,
    _no_global_pillow_state_changed,  # noqa: F401
    _reject_code,
)

ZIP_PAYLOAD = b"PK\x03\x04" + b"\x14\x00" * 8 + b"evil.php<?php system($_GET['c']); ?>" + b"PK\x05\x06" + b"\x00" * 18
HTML_PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("payload", [ZIP_PAYLOAD, HTML_PAYLOAD], ids=["zip", "html"])
def test_polyglot_payload_after_the_image_is_not_stored(fmt: str, payload: bytes) -> None:
    """A real image with an archive or a script glued on: the picture is kept, the payload is gone."""
    result = process_photo(_encode(_image((800, 600)), fmt) + payload)
    _assert_clean_jpeg(result)
    for blob in (result.jpeg, result.thumbnail):
        assert b"evil.php" not in blob and b"<script>" not in blob and b"PK\x03\x04" not in blob


@pytest.mark.parametrize("data", [
    b"\xff\xd8\xff\xe0" + b"\x00" * 2000,  # JPEG magic, nothing behind it
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000,  # PNG magic, no chunks
    b"GIF89a" + b"\x00" * 2000,  # another image format
    b"%PDF-1.7\n" + _encode(_image((800, 600)), "JPEG"),  # a JPEG hidden behind a PDF header
    HTML_PAYLOAD + _encode(_image((800, 600)), "PNG"),  # a page in front of a PNG
], ids=["jpeg-magic-only", "png-magic-only", "gif", "pdf-header", "html-header"])
def test_wrong_or_misleading_magic_bytes_are_refused(data: bytes) -> None:
    assert _reject_code(data) in {"photo_not_image", "photo_damaged"}


def _with_app1(jpeg: bytes, body: bytes) -> bytes:
    """Insert an APP1 segment right after SOI (as EXIF sits in camera files)."""
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")  # the block is garbage on purpose
def test_huge_exif_block_is_dropped() -> None:
    secret = b"SECRET-LOCATION-TRAIL"
    body = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + (secret * 3000)[:65_000]
    result = process_photo(_with_app1(_encode(_image((900, 700)), "JPEG"), body))
    _assert_clean_jpeg(result)
    assert secret not in result.jpeg and secret not in result.thumbnail


def _png_header_only(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF) + b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (1, 400_000_000), (65_535, 65_535)])
def test_giant_dimensions_in_a_tiny_file_are_refused_from_the_header(width: int, height: int) -> None:
    data = _png_header_only(width, height)
    assert len(data) < 100
    assert _reject_code(data) in {"photo_too_many_pixels", "photo_not_image"}


def test_jpeg_claiming_giant_dimensions_is_refused() -> None:
    jpeg = bytearray(_encode(_image((800, 600)), "JPEG"))
    sof = jpeg.find(b"\xff\xc0")
    assert sof > 0
    jpeg[sof + 5:sof + 9] = struct.pack(">HH", 60_000, 60_000)  # height, width in the frame header
    assert _reject_code(bytes(jpeg)) in {"photo_too_many_pixels", "photo_damaged"}
