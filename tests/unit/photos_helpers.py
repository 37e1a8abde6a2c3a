"""Shared builders and checks for the document photo intake tests (test_photos_*.py), and the autouse guard
that each of those modules imports. Every input is built in memory."""

from __future__ import annotations

import hashlib
import io
import warnings

import pytest
from PIL import ExifTags, Image, ImageFile

from app.services import photos
from app.services.photos import PhotoRejected, ProcessedPhoto, process_photo

RED = (255, 0, 0)
BLUE = (0, 0, 255)
SECRETS = (b"SpyCam", b"SECRET-GPS-DATUM", b"SECRET-XMP", b"SECRET-COMMENT", b"FAKE-ICC")


def _image(size: tuple[int, int]) -> Image.Image:
    """Blue with a red square at the stored top-left corner, so rotation and colour can be checked."""
    img = Image.new("RGB", size, BLUE)
    img.paste(RED, (0, 0, 200, 200))
    return img


def _encode(img: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def _spy_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown rotated 90 degrees clockwise
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
    gps[ExifTags.GPS.GPSMapDatum] = "SECRET-GPS-DATUM"
    return exif


def _reject_code(data: bytes) -> str:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data)
    return caught.value.code


def _assert_clean_jpeg(result: ProcessedPhoto) -> Image.Image:
    for blob in (result.jpeg, result.thumbnail):
        assert blob.startswith(b"\xff\xd8")
        assert b"Exif" not in blob
        assert b"ICC_PROFILE" not in blob
        assert b"http://ns.adobe.com/xap" not in blob
        for secret in SECRETS:
            assert secret not in blob
    out = Image.open(io.BytesIO(result.jpeg))
    assert out.format == "JPEG"
    assert out.mode == "RGB"
    assert out.size == (result.width, result.height)
    assert not out.getexif()
    assert not {"exif", "icc_profile", "xmp", "comment"} & out.info.keys()
    assert result.sha256 == hashlib.sha256(result.jpeg).hexdigest()
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert thumb.format == "JPEG"
    assert max(thumb.size) <= photos.THUMB_LONG_SIDE
    return out


@pytest.fixture(autouse=True)
def _no_global_pillow_state_changed():
    """The service may not loosen Pillow's process-wide settings, not even for a moment it forgets to undo."""
    max_pixels, filters = Image.MAX_IMAGE_PIXELS, list(warnings.filters)
    yield
    assert Image.MAX_IMAGE_PIXELS == max_pixels
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert warnings.filters == filters
