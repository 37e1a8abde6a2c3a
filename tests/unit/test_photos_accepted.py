"""Document photo intake (DESIGN.md 2.2 step 4, 5): which uploads are accepted, how they are rotated,
stripped and re-encoded, and that the service suits run.cpu_bound. Every input is built here, in memory."""

from __future__ import annotations

import io
import pickle
import struct
import zipfile

import pytest
from PIL import ExifTags, Image

from app.services.photos import PhotoRejected, process_photo
from tests.unit.photos_helpers import (
    RED,
    SECRETS,
    _assert_clean_jpeg,
    _encode,
    _image,
    _no_global_pillow_state_changed,  # noqa: F401
    _spy_exif,
)

# --- accepted -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_jpeg_and_png_are_reencoded_as_clean_jpeg(fmt):
    result = process_photo(_encode(_image((1200, 900)), fmt))
    out = _assert_clean_jpeg(result)
    assert (result.width, result.height) == (1200, 900)
    assert Image.open(io.BytesIO(result.thumbnail)).size == (480, 360)
    assert out.getpixel((50, 50))[0] > 240  # the red corner survived, unrotated
    assert out.getpixel((1100, 800))[2] > 240
    assert out.info.get("progressive") == 1


def test_heic_from_a_phone_is_accepted_and_rotated_once():
    assert "HEIF" in Image.SAVE, "pillow-heif in this build cannot encode HEIC"
    data = _encode(_image((1000, 700)), "HEIF", quality=80, exif=_spy_exif().tobytes())
    assert data[4:12] == b"ftypheic" and b"SpyCam" in data
    result = process_photo(data)
    out = _assert_clean_jpeg(result)
    # libheif applies the rotation and pillow-heif resets the EXIF tag: turned once, not twice.
    assert (result.width, result.height) == (700, 1000)
    assert out.getpixel((690, 10))[0] > 200


def test_exif_orientation_is_applied_and_every_tag_is_removed():
    data = _encode(
        _image((1000, 700)),
        "JPEG",
        exif=_spy_exif(),
        xmp=b"<x:xmpmeta>SECRET-XMP</x:xmpmeta>",
        comment=b"SECRET-COMMENT",
        icc_profile=b"FAKE-ICC" * 20,
    )
    assert all(secret in data for secret in SECRETS)
    result = process_photo(data)
    out = _assert_clean_jpeg(result)
    assert (result.width, result.height) == (700, 1000)
    # Orientation 6 turns the picture clockwise: the stored top-left corner is now top-right.
    assert out.getpixel((650, 50))[0] > 240
    assert out.getpixel((50, 50))[2] > 240


def test_malformed_exif_tag_does_not_stop_the_rotation():
    # Tag 0x0107 declared as text where Pillow expects a number: ImageOps.exif_transpose raises on it.
    entries = struct.pack(">HHII", 0x0107, 2, 5, 38) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)
    exif = b"Exif\0\0MM\0*" + struct.pack(">IH", 8, 2) + entries + struct.pack(">I", 0) + b"SpyCam\0"
    result = process_photo(_encode(_image((1000, 700)), "JPEG", exif=exif))
    out = _assert_clean_jpeg(result)
    assert (result.width, result.height) == (700, 1000)
    assert out.getpixel((650, 50))[0] > 240


def test_huge_exif_is_still_processed_and_stripped():
    exif = _spy_exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.UserComment] = b"ASCII\0\0\0" + b"SpyCam note " * 5000
    data = _encode(_image((900, 900)), "JPEG", exif=exif)
    assert len(data) > 60_000
    result = process_photo(data)
    _assert_clean_jpeg(result)
    assert len(result.jpeg) < 30_000


def _transparent(mode: str) -> Image.Image:
    """Transparent black (black if transparency were ignored) but for an opaque square at the top-left."""
    if mode == "P":
        img = Image.new("P", (800, 600), 0)
        img.putpalette([0, 0, 0, *RED])
        img.info["transparency"] = 0
        img.paste(1, (0, 0, 200, 200))
        return img
    img = Image.new(mode, (800, 600), (0, 0, 0, 0) if mode == "RGBA" else (0, 0))
    img.paste((*RED, 255) if mode == "RGBA" else (30, 255), (0, 0, 200, 200))
    return img


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparency_is_flattened_on_white(mode):
    out = _assert_clean_jpeg(process_photo(_encode(_transparent(mode), "PNG")))
    assert all(v > 245 for v in out.getpixel((600, 400)))  # transparent became white, not black
    assert min(out.getpixel((50, 50))) < 60  # the opaque square kept its colour


def test_sixteen_bit_greyscale_scan_keeps_its_greys():
    data = _encode(Image.new("I;16", (800, 600), 40_000), "PNG")
    out = _assert_clean_jpeg(process_photo(data))
    assert all(abs(v - 40_000 // 256) <= 3 for v in out.getpixel((400, 300)))  # not clipped to white


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_large_photo_is_downscaled_to_the_stored_long_side(fmt):
    result = process_photo(_encode(_image((4000, 3000)), fmt))
    _assert_clean_jpeg(result)
    assert (result.width, result.height) == (2000, 1500)


def test_wide_jpeg_decoded_at_reduced_scale_is_judged_by_its_real_size():
    # 8000x600 is decoded at half size (4000x300), which must not count as "too small".
    result = process_photo(_encode(_image((8000, 600)), "JPEG"))
    _assert_clean_jpeg(result)
    assert (result.width, result.height) == (2000, 150)


def test_shortest_allowed_side_is_accepted():
    result = process_photo(_encode(_image((600, 600)), "PNG"))
    assert (result.width, result.height) == (600, 600)


@pytest.mark.parametrize("payload", [b"PK-ZIP", b"<html><script>alert('polyglot')</script></html>"])
def test_polyglot_is_accepted_without_its_payload(payload):
    if payload == b"PK-ZIP":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("evil.html", "<script>alert('zip')</script>")
        payload = buf.getvalue()
    data = _encode(_image((800, 600)), "JPEG") + payload
    result = process_photo(data)
    _assert_clean_jpeg(result)
    for blob in (result.jpeg, result.thumbnail):
        assert b"PK\x03\x04" not in blob
        assert b"<script>" not in blob


# --- fit for run.cpu_bound --------------------------------------------------------------------------------


def test_function_result_and_error_survive_pickling():
    """run.cpu_bound sends the function out and the result or exception back between processes."""
    assert pickle.loads(pickle.dumps(process_photo)) is process_photo
    result = process_photo(_encode(_image((800, 600)), "PNG"))
    assert pickle.loads(pickle.dumps(result)) == result
    error = pickle.loads(pickle.dumps(PhotoRejected("photo_too_small", min_px=600)))
    assert isinstance(error, PhotoRejected)
    assert (error.code, error.params) == ("photo_too_small", {"min_px": 600})
