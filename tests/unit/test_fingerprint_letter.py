"""The letter for people who cannot sign (DESIGN.md §2.7): the same commitment letter with a box for the fingerprint
(按手印) and a line for the name written by hand instead of the drawn signature, read back with pypdf; and, when a
name has a character no font has, the same letter with the names left blank for handwriting."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.services import letter
from app.services.fingerprint_letter import BLANK, fingerprint_letter_pdf, fingerprint_letter_text
from app.services.letter import RELATIONSHIPS, letter_text
from tests.unit.test_letter import DATA, HOLDER_ID, MEMBER_ID, text_layers

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def printed() -> bytes:
    found = fingerprint_letter_pdf(DATA)
    assert not found.names_blank
    return found.pdf


def _boxes(page) -> list[tuple[tuple[float, ...], float]]:  # type: ignore[no-untyped-def]
    """The outlined rectangles the page draws: (x, y, width, height) in points (y up from the bottom, height
    signed), and the width of the line they are drawn with."""
    found, line_width = [], 0.0
    operations = ContentStream(page.get_contents(), page.pdf).operations
    for (operands, operator), (_, then) in zip(operations, [*operations[1:], ([], b"")], strict=True):
        if operator == b"w":
            line_width = float(operands[0])
        elif operator == b"re" and then == b"S":
            found.append((tuple(float(n) for n in operands), line_width))
    return found


def _where(page, words: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Where the text run with `words` starts (x, y in points)."""
    found: list[tuple[float, float]] = []

    def visit(text: str, _cm, tm, _font, _size) -> None:  # type: ignore[no-untyped-def]
        if words in text:
            found.append((tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    assert found, f"{words!r} is not on the page"
    return found[0]


def test_the_text_is_the_letters_with_the_handwritten_name_instead_of_the_signature() -> None:
    signed, fingerprint = letter_text(DATA), fingerprint_letter_text(DATA)
    assert len(signed) == len(fingerprint)
    differ = [(a, b) for a, b in zip(signed, fingerprint, strict=True) if a != b]
    assert differ == [(("signature", "承诺人（签名）："), ("signature", "承诺人姓名（手写）：")),
                      (("signature_en", "Signed by:"), ("signature_en", "Name, written by hand:"))]


def test_the_pdf_is_one_a4_page_with_the_letter_the_box_and_the_name_line(printed: bytes) -> None:
    reader = PdfReader(io.BytesIO(printed))
    assert len(reader.pages) == 1  # the fingerprint is on the page of the letter it agrees to
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for layer in text_layers(printed):
        for needed in ("个人承诺书", "FEC-2026-000123", "张伟", "张建国", "110101********0017", "110101********0039",
                       "2026年11月23日", "承诺人姓名（手写）：", "Name,writtenbyhand:", "按手印",
                       "Pressyourfingerprinthere"):
            assert needed in layer
        assert "承诺人（签名）" not in layer and "Signedby" not in layer
    assert sum(len(page.images) for page in reader.pages) == 0  # no drawn signature


def test_the_box_is_clearly_marked_and_big_enough_for_a_thumb(printed: bytes) -> None:
    page = PdfReader(io.BytesIO(printed)).pages[0]
    boxes = [(b, w) for b, w in _boxes(page) if abs(b[2]) >= 40 * MM and abs(b[3]) >= 30 * MM]
    assert len(boxes) == 1
    (x, y, width, height), line_width = boxes[0]
    assert line_width >= 0.6 * MM  # bolder than the letter's rules: a box to press into
    bottom, top = sorted((y, y + height))
    label_x, label_y = _where(page, "按手印")
    assert x < label_x < x + width and bottom < label_y < top  # its label is inside it
    name_x, name_y = _where(page, "承诺人姓名")
    assert name_x < x and bottom < name_y < top  # the name line is beside it, on the same page
    assert x + width <= float(page.mediabox.width) - 20 * MM + 0.5  # within the margins


def test_full_id_numbers_appear_nowhere(printed: bytes) -> None:
    for full in (HOLDER_ID, MEMBER_ID):
        assert full.encode() not in printed and full.encode("utf-16-be") not in printed
        assert all(full not in layer for layer in text_layers(printed))


def test_the_same_data_gives_the_same_bytes(printed: bytes) -> None:
    assert fingerprint_letter_pdf(DATA).pdf == printed
    assert fingerprint_letter_pdf(replace(DATA, member_name="李秀兰")).pdf != printed


@pytest.mark.parametrize("relationship", sorted(RELATIONSHIPS))
def test_every_relationship_fits_on_one_page(relationship: str) -> None:
    pdf = fingerprint_letter_pdf(replace(DATA, relationship=relationship)).pdf
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_name_no_font_has_is_left_blank_for_handwriting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(letter, "FALLBACK_FONTS", [Path("/nonexistent/NotoSansCJK-Regular.ttc")])
    with pytest.raises(letter.UnprintableCharacters):  # the online letter cannot be printed...
        letter.commitment_letter_pdf(replace(DATA, member_name="王堃"))
    found = fingerprint_letter_pdf(replace(DATA, member_name="王堃"))  # ...this one can
    assert found.names_blank
    for layer in text_layers(found.pdf):
        assert "堃" not in layer and "张伟" not in layer  # both names, so the two are written alike
        assert f"承诺人Holder{BLANK}" in layer and f"家庭成员Familymember{BLANK}" in layer
        assert f"本人{BLANK}申请将家庭成员{BLANK}的医保电子凭证" in layer
        for needed in ("110101********0017", "110101********0039", "按手印", "承诺人姓名（手写）："):
            assert needed in layer
    assert len(PdfReader(io.BytesIO(found.pdf)).pages) == 1
