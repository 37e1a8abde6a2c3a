"""Document photo intake (DESIGN.md 2.2 step 4, 5): which uploads are accepted, how they are rotated,
stripped and re-encoded, and how hostile files are turned away. Every input is built here, in memory."""

from __future__ import annotations

import hashlib
import io
import pickle
import random
import struct
import time
import tracemalloc
import warnings
import zipfile
import zlib

import pytest
from PIL import ExifTags, Image, ImageFile
from pillow_heif.as_plugin import HeifImageFile

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


def _noisy_jpeg(size: tuple[int, int]) -> bytes:
    """Real entropy, so the scan data fills most of the file and cutting it loses pixels."""
    bands = [Image.effect_noise(size, 80) for _ in range(3)]
    return _encode(Image.merge("RGB", bands), "JPEG", quality=90)


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


# --- rejected -------------------------------------------------------------------------------------------


def test_empty_upload_is_rejected():
    assert _reject_code(b"") == "photo_empty"


def test_too_big_upload_is_rejected_before_any_decoding(monkeypatch):
    def no_open(*_args, **_kwargs):
        raise AssertionError("opened an oversized upload")

    monkeypatch.setattr(Image, "open", no_open)
    data = b"\xff\xd8\xff" + bytes(photos.MAX_BYTES - 2)
    started = time.perf_counter()
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data)
    assert time.perf_counter() - started < 0.1
    assert caught.value.code == "photo_too_big"
    assert caught.value.params == {"max_mb": 10}
    assert len(data) == 10 * 1024 * 1024 + 1


def test_exactly_10_mb_is_within_the_limit():
    assert _reject_code(bytes(photos.MAX_BYTES)) == "photo_not_image"  # judged on content, not size


def _other_format(fmt: str) -> bytes:
    return _encode(_image((800, 600)), fmt)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n", id="pdf-renamed-jpg"),
        pytest.param(b"Dear staff, please accept my photo.\n" * 50, id="text"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"/>', id="svg"),
        pytest.param(b"\x89PNG\r\n\x1a\n", id="png-signature-only"),
        pytest.param(b"\xff\xd8\xff\xe0", id="jpeg-magic-only"),
        pytest.param(b"\x00\x00\x00\x1cftypheic" + bytes(40), id="heic-box-only"),
        *(pytest.param(fmt, id=fmt) for fmt in ("GIF", "BMP", "TIFF", "WEBP")),
    ],
)
def test_anything_but_jpeg_png_heic_is_not_an_image(data):
    if isinstance(data, str):  # a real picture, just in a format the service does not take
        data = _other_format(data)
    assert _reject_code(data) == "photo_not_image"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_png_header_without_pixel_data():
    signature = b"\x89PNG\r\n\x1a\n"
    header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 800, 600, 8, 2, 0, 0, 0))
    # Pillow cannot even identify a PNG that stops after its header; one that ends cleanly has no pixels.
    assert _reject_code(signature + header) == "photo_not_image"
    assert _reject_code(signature + header + _png_chunk(b"IEND", b"")) == "photo_damaged"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file_is_damaged(fmt):
    data = _noisy_jpeg((1200, 900)) if fmt == "JPEG" else _encode(Image.effect_noise((1200, 900), 80), "PNG")
    assert _reject_code(data[: len(data) // 2]) == "photo_damaged"


@pytest.mark.parametrize("size", [(500, 400), (599, 2000), (2000, 599)])
def test_short_side_below_600_px_is_too_small(size):
    with pytest.raises(PhotoRejected) as caught:
        process_photo(_encode(_image(size), "JPEG"))
    assert caught.value.code == "photo_too_small"
    assert caught.value.params == {"min_px": 600}


def _png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of all-black rows: a few dozen KB that would decode to width*height pixels."""
    row = bytes(1 + (width + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row * 500) for _ in range(height // 500)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header is rewritten to announce a huge size."""
    data = bytearray(_encode(_image((64, 64)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: _png_bomb(7100, 7100), id="png-over-our-limit"),
        pytest.param(lambda: _png_bomb(10_000, 10_000), id="png-over-pillow-warning"),
        pytest.param(lambda: _png_bomb(20_000, 20_000), id="png-over-pillow-error"),
        pytest.param(lambda: _jpeg_claiming(7100, 7100), id="jpeg-over-our-limit"),
        pytest.param(lambda: _jpeg_claiming(65_000, 65_000), id="jpeg-over-pillow-error"),
    ],
)
def test_decompression_bomb_is_rejected_without_decoding(make, monkeypatch):
    data = make()
    assert len(data) < 200_000
    loads = []

    def spy_load(image):
        loads.append(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as seen, pytest.raises(PhotoRejected) as caught:
            warnings.simplefilter("always")
            process_photo(data)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "photo_too_many_pixels"
    assert loads == []
    assert not [w for w in seen if issubclass(w.category, Image.DecompressionBombWarning)]  # turned into the code
    assert elapsed < 0.5
    assert peak < 50 * 1024 * 1024


def test_heic_that_libheif_refuses_is_damaged(monkeypatch):
    # A corrupt HEVC stream can announce a bigger picture than its header; libheif then refuses with a
    # RuntimeError at decode time (found by fuzzing, stand-in here because the bytes depend on the encoder).
    def refuse(self):
        raise RuntimeError("Memory allocation error: Security limit exceeded: Image size 640x13668")

    monkeypatch.setattr(HeifImageFile, "load", refuse)
    assert _reject_code(_encode(_image((800, 600)), "HEIF", quality=80)) == "photo_damaged"


@pytest.mark.filterwarnings("ignore:Tag data larger than file")  # Pillow's note on the mangled EXIF
def test_corrupted_files_only_ever_raise_photo_rejected():
    """Truncations and flipped bytes anywhere: the service answers with a code, never a stray exception."""
    rng = random.Random(20261123)
    sources = [_encode(_image((640, 640)), fmt, exif=_spy_exif()) for fmt in ("JPEG", "PNG", "HEIF")]
    outcomes = set()
    for source in sources:
        for _ in range(30):
            data = bytearray(source)
            if rng.random() < 0.5:
                data = data[: rng.randrange(1, len(data))]
            else:
                for _ in range(rng.randrange(1, 8)):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            try:
                process_photo(bytes(data))
                outcomes.add("accepted")
            except PhotoRejected as rejected:
                outcomes.add(rejected.code)
    assert outcomes <= {"accepted", "photo_not_image", "photo_damaged", "photo_too_small", "photo_too_many_pixels"}
    assert "photo_damaged" in outcomes


# --- fit for run.cpu_bound --------------------------------------------------------------------------------


def test_function_result_and_error_survive_pickling():
    """run.cpu_bound sends the function out and the result or exception back between processes."""
    assert pickle.loads(pickle.dumps(process_photo)) is process_photo
    result = process_photo(_encode(_image((800, 600)), "PNG"))
    assert pickle.loads(pickle.dumps(result)) == result
    error = pickle.loads(pickle.dumps(PhotoRejected("photo_too_small", min_px=600)))
    assert isinstance(error, PhotoRejected)
    assert (error.code, error.params) == ("photo_too_small", {"min_px": 600})
