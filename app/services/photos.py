"""Document photo intake (DESIGN.md 2.2 step 4, 5): only real JPEG, PNG or HEIC images, at most 10 MB,
short side at least 600 px; auto-rotated, stripped of all metadata (location!) and re-encoded as JPEG.

Pure and CPU-bound (bytes in, bytes out), so pages can hand it to `run.cpu_bound`.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import ExifTags, Image

from app.services.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024  # 10 MB upload limit
MIN_SHORT_SIDE = 600  # px, after EXIF rotation
MAX_PIXELS = 50_000_000  # decompression-bomb guard (reject above, never decode)
STORE_LONG_SIDE = 2000  # stored copy is downscaled to at most this long side
THUMB_LONG_SIDE = 480

STORE_QUALITY = 85
THUMB_QUALITY = 80
ACCEPTED_FORMATS = ["JPEG", "PNG", "HEIF"]  # Pillow format ids; HEIF covers .heic from phones
# Decoder failures on hostile or broken input; anything else is a bug and should surface.
# libheif reports a corrupt HEIC (e.g. "Security limit exceeded") as RuntimeError; struct.error comes
# from Pillow's EXIF/TIFF parsing of malformed bytes.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, RuntimeError, struct.error)
# EXIF Orientation value -> the transpose that shows the picture upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

pillow_heif.register_heif_opener()


class PhotoRejected(DomainError):
    """code is one of: photo_empty, photo_too_big, photo_not_image, photo_damaged, photo_too_small,
    photo_too_many_pixels."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, **params)


# What an upload's answer may report, each with the parameters the server itself gives it (never the browser's).
UPLOAD_PROBLEMS: dict[str, dict[str, object]] = {
    "photo_empty": {},
    "photo_too_big": {"max_mb": MAX_BYTES // (1024 * 1024)},
    "photo_not_image": {},
    "photo_damaged": {},
    "photo_too_small": {"min_px": MIN_SHORT_SIDE},
    "photo_too_many_pixels": {"max_pixels": MAX_PIXELS},
    "photo_not_needed": {},
    "draft_expired": {},
    "transition_not_allowed": {},
    "relationship_already_proven": {},
    "upload_failed": {},
}


def upload_problem(answer: object) -> tuple[str, dict[str, object]]:
    """The problem a photo upload's answer (as the browser passes it on) reports: only a code of
    `UPLOAD_PROBLEMS`, with the server's parameters; anything else is a failed upload."""
    code = answer.get("code") if isinstance(answer, dict) else None
    if not isinstance(code, str) or code not in UPLOAD_PROBLEMS:
        code = "upload_failed"
    return code, dict(UPLOAD_PROBLEMS[code])


@dataclass(frozen=True)
class ProcessedPhoto:
    jpeg: bytes  # re-encoded JPEG, RGB, no metadata at all
    thumbnail: bytes  # JPEG, long side <= THUMB_LONG_SIDE
    width: int  # of the stored jpeg
    height: int
    sha256: str  # hex of `jpeg`


def process_photo(data: bytes) -> ProcessedPhoto:
    """Accept only real JPEG, PNG or HEIC images (by content, never by file name), apply EXIF orientation,
    strip all metadata and re-encode. Raises PhotoRejected."""
    if not data:
        raise PhotoRejected("photo_empty")
    if len(data) > MAX_BYTES:
        raise PhotoRejected("photo_too_big", **UPLOAD_PROBLEMS["photo_too_big"])
    img = _open(data)
    header_size = img.size
    _decode(img, header_size)
    img = _upright(img)
    # The short side does not change under rotation, and the header size is the true one even when
    # the JPEG decoder was told to scale down.
    if min(header_size) < MIN_SHORT_SIDE:
        raise PhotoRejected("photo_too_small", **UPLOAD_PROBLEMS["photo_too_small"])
    stored = _to_rgb(img)
    stored.thumbnail((STORE_LONG_SIDE, STORE_LONG_SIDE), Image.Resampling.LANCZOS)
    thumb = stored.copy()
    thumb.thumbnail((THUMB_LONG_SIDE, THUMB_LONG_SIDE), Image.Resampling.LANCZOS)
    jpeg = _encode(stored, STORE_QUALITY)
    return ProcessedPhoto(
        jpeg=jpeg,
        thumbnail=_encode(thumb, THUMB_QUALITY),
        width=stored.width,
        height=stored.height,
        sha256=hashlib.sha256(jpeg).hexdigest(),
    )


def _open(data: bytes) -> Image.Image:
    """Identify the format from the content and check the pixel count from the header alone."""
    # Pillow warns above its own limit (about 89 Mpx) and raises above twice that. Turning the warning
    # into an error for this call only keeps Image.MAX_IMAGE_PIXELS, which other code shares, untouched.
    # catch_warnings swaps the process-wide filter list, which is fine in run.cpu_bound's worker processes.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRejected("photo_too_many_pixels", max_pixels=MAX_PIXELS) from None
        except _DECODE_ERRORS:
            raise PhotoRejected("photo_not_image") from None
    if img.width * img.height > MAX_PIXELS:
        raise PhotoRejected("photo_too_many_pixels", max_pixels=MAX_PIXELS)
    return img


def _decode(img: Image.Image, header_size: tuple[int, int]) -> None:
    """Decode every pixel now, so truncated or corrupt files are rejected rather than stored half grey."""
    if img.format == "JPEG":
        # Let libjpeg scale by 1/2, 1/4 or 1/8 while decoding (as Image.thumbnail does): big camera
        # photos then cost a fraction of the memory. Asking for twice the stored size keeps a final
        # LANCZOS step. Never for HEIF, whose draft swaps in an embedded thumbnail that may not match.
        w, h = header_size
        scale = min(1.0, STORE_LONG_SIDE / max(w, h))
        img.draft(None, (max(1, round(w * scale * 2)), max(1, round(h * scale * 2))))
    try:
        img.load()
    except (*_DECODE_ERRORS, Image.DecompressionBombError):
        raise PhotoRejected("photo_damaged") from None


def _upright(img: Image.Image) -> Image.Image:
    """Apply the EXIF (or XMP) Orientation; the metadata itself is dropped later anyway."""
    # Not ImageOps.exif_transpose: it rewrites the EXIF afterwards and raises on a malformed but
    # otherwise harmless tag, after the rotation is done. Unreadable EXIF just means no rotation.
    try:
        orientation = img.getexif().get(ExifTags.Base.Orientation, 1)
    except _DECODE_ERRORS:
        return img
    method = _UPRIGHT.get(orientation) if isinstance(orientation, int) else None
    return img.transpose(method) if method is not None else img


def _to_rgb(img: Image.Image) -> Image.Image:
    """RGB with any transparency flattened on white (a transparent scan would otherwise turn black)."""
    if img.mode.startswith("I"):
        # 16-bit greyscale (scanners) would clip to white if converted directly.
        img = img.convert("I").point(lambda v: v / 256)
    if img.has_transparency_data:
        rgba = img.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return img.convert("RGB")


def _encode(img: Image.Image, quality: int) -> bytes:
    """Plain JPEG: no EXIF, XMP, ICC or comment, whatever the source carried."""
    # JPEG save copies some entries (the comment) from img.info, so start from nothing.
    img.info = {}
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, progressive=True, optimize=True)
    return buf.getvalue()
