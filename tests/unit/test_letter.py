"""The Personal Commitment Letter: its text blocks, the PDF (text layer, masking, signature, fonts) and its hash."""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw
from pypdf import PdfReader

from app.services import letter
from app.services.ids import mask_id_number
from app.services.letter import (
    METHODS,
    RELATIONSHIPS,
    LetterData,
    UnprintableCharacters,
    commitment_letter_pdf,
    letter_sha256,
    letter_text,
)

HOLDER_ID, MEMBER_ID = "110101198503120017", "110101195207010039"
DATA = LetterData(
    letter_number="FEC-2026-000123", holder_name="张伟", holder_id_number=HOLDER_ID, member_name="张建国",
    member_id_number=MEMBER_ID, relationship="parent", method="id_number", signed_on=date(2026, 11, 23),
)
HAS_FULL_FONT = any(path.is_file() for path in letter.FALLBACK_FONTS)
needs_full_font = pytest.mark.skipif(not HAS_FULL_FONT, reason="no full CJK font (fonts-noto-cjk) installed")


@pytest.fixture(scope="module")
def signature() -> bytes:
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(40, 150), (200, 40), (330, 160), (560, 50)], fill=(20, 20, 90, 255), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def signed_pdf(signature: bytes) -> bytes:
    return commitment_letter_pdf(DATA, signature)


def text_layers(pdf: bytes) -> list[str]:
    """The PDF's text as pypdf extracts it and, when poppler-utils is installed, as pdftotext does.

    pypdf reads an embedded encoding CMap (fpdf2 writes one for the CID-keyed CFF fallback font) as one-byte codes,
    so it puts a NUL before each fallback character: that is pypdf's limit, pdftotext reads such a letter exactly.
    """
    layers = ["".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\x00", "")]
    if shutil.which("pdftotext"):
        layers.append(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
                      .decode())
    return [layer.replace(" ", "").replace("\n", "") for layer in layers]  # extractors space CJK differently


def test_letter_text_shows_masked_ids_and_never_the_full_ones() -> None:
    blocks = letter_text(DATA)
    text = "\n".join(text for _kind, text in blocks)
    assert "110101********0017" in text and "110101********0039" in text
    assert mask_id_number(HOLDER_ID) == "110101********0017"
    assert HOLDER_ID not in text and MEMBER_ID not in text
    assert blocks[:3] == [("number", "编号 / Letter No.：FEC-2026-000123"), ("title", "个人承诺书"),
                          ("title_en", "Personal Commitment Letter")]
    for needed in ("张伟", "张建国", "父母", "parent", "身份证号绑定", "承诺人（签名）", "Signed by",
                   "2026年11月23日", "2026-11-23", "法律责任", "解除绑定", "告知张建国", "不出借"):
        assert needed in text


def test_every_english_block_follows_the_block_it_translates() -> None:
    blocks = letter_text(DATA)
    kinds = {kind for kind, _text in blocks}
    assert kinds <= {"number", "title", "title_en", "heading", "heading_en", "field", "para", "para_en",
                     "signature", "signature_en", "date", "date_en"}
    for previous, (kind, _text) in itertools.pairwise(blocks):
        if kind.endswith("_en"):
            assert previous[0] == kind.removesuffix("_en")


def test_unknown_relationship_or_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        letter_text(replace(DATA, relationship="cousin"))
    with pytest.raises(ValueError, match="unknown"):
        letter_text(replace(DATA, method="fax"))


def test_pdf_is_a_valid_a4_pdf_whose_text_layer_has_the_letter(signed_pdf: bytes) -> None:
    assert signed_pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(signed_pdf))
    assert 1 <= len(reader.pages) <= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    for layer in text_layers(signed_pdf):
        for needed in ("个人承诺书", "PersonalCommitmentLetter", "张伟", "张建国", "FEC-2026-000123",
                       "110101********0017", "110101********0039", "2026年11月23日", "承诺人（签名）"):
            assert needed in layer


def test_full_id_numbers_appear_nowhere_in_the_pdf(signed_pdf: bytes) -> None:
    for full in (HOLDER_ID, MEMBER_ID):
        assert full.encode() not in signed_pdf
        assert full.encode("utf-16-be") not in signed_pdf
        assert all(full not in layer for layer in text_layers(signed_pdf))


def test_signature_image_is_embedded_only_when_given(signed_pdf: bytes) -> None:
    assert len(PdfReader(io.BytesIO(signed_pdf)).pages[0].images) >= 1
    unsigned = PdfReader(io.BytesIO(commitment_letter_pdf(DATA)))
    assert sum(len(page.images) for page in unsigned.pages) == 0
    assert "承诺人（签名）" in text_layers(commitment_letter_pdf(DATA))[0]


def test_same_input_gives_the_same_bytes_and_hash(signature: bytes, signed_pdf: bytes) -> None:
    again = commitment_letter_pdf(DATA, signature)
    assert again == signed_pdf
    assert letter_sha256(again) == hashlib.sha256(signed_pdf).hexdigest()
    assert letter_sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert letter_sha256(commitment_letter_pdf(replace(DATA, member_name="李秀兰"), signature)) != letter_sha256(again)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_relationship_and_method(method: str) -> None:
    for relationship, (zh, en) in RELATIONSHIPS.items():
        pdf = commitment_letter_pdf(replace(DATA, relationship=relationship, method=method))
        layer = text_layers(pdf)[0]
        assert f"{zh}{en}" in layer  # the value column: "父母 parent"
        assert METHODS[method][0] in layer


def test_long_names_still_fit_on_at_most_two_pages(signature: bytes) -> None:
    long_name = "阿依古丽·买买提明·艾合买提江·吐尔逊"
    pdf = commitment_letter_pdf(replace(DATA, holder_name=long_name, member_name=long_name), signature)
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    assert all(long_name in layer for layer in text_layers(pdf))


def test_subset_font_covers_the_template_and_the_demo_names() -> None:
    cmap = TTFont(letter.SUBSET_FONTS[""]).getBestCmap()
    demo = "张伟 王芳 张建国 李秀兰 张子涵 张小满 陈喆 刘洋 赵桂英"
    texts = "".join(text for rel in RELATIONSHIPS for method in METHODS
                    for _kind, text in letter_text(replace(DATA, relationship=rel, method=method)))
    assert [ch for ch in demo + texts if ord(ch) not in cmap] == []
    assert sum(path.stat().st_size for path in letter.FONT_DIR.iterdir()) < 8 * 1024 * 1024


def test_bold_subset_has_every_word_the_pdfs_print_in_bold_and_little_else() -> None:
    from app.i18n import LANGUAGES

    bold = TTFont(letter.SUBSET_FONTS["B"])
    cmap = bold.getBestCmap()
    template = "".join(text for rel in RELATIONSHIPS for method in METHODS
                       for kind, text in letter_text(replace(DATA, relationship=rel, method=method))
                       if kind in {"title", "heading"})
    catalogues = "".join(str(text) for messages in LANGUAGES.values() for text in messages.values())
    assert sorted({ch for ch in template + catalogues if ord(ch) not in cmap and not ch.isspace()}) == []
    assert bold["maxp"].numGlyphs < 2000  # fpdf2 subsets it for every letter: its size is the letter's time
    assert ord("鑫") not in cmap


def test_bold_text_with_a_character_the_bold_subset_lacks_prints_it_in_regular(
        caplog: pytest.LogCaptureFixture) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    letter.add_cjk_fonts(pdf, ["张鑫"])
    pdf.add_page()
    pdf.set_font("sc", "B", 14)
    with caplog.at_level(logging.WARNING):
        pdf.cell(0, 8, "张鑫")
        data = bytes(pdf.output())
    assert fpdf_warnings(caplog) == []
    assert all("张鑫" in layer for layer in text_layers(data))
    fonts = {font["/BaseFont"] for page in PdfReader(io.BytesIO(data)).pages
             for font in page["/Resources"]["/Font"].values()}
    assert {name.split("+", 1)[1] for name in fonts} == {"NotoSansSCLetter", "NotoSansSCLetterBold"}


def fpdf_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What fpdf2 logged, e.g. "Font ... is missing the following glyphs" (it would print blanks for those)."""
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


def test_common_letters_draw_every_glyph(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        commitment_letter_pdf(replace(DATA, holder_name="陈喆", member_name="赵桂英", relationship="sibling"))
    assert fpdf_warnings(caplog) == []


@needs_full_font
@pytest.mark.parametrize(("holder", "member"), [("张䶮", "王堃"), ("王堃", "李𠀾"), ("张伟", "李𠀾")])
def test_rare_characters_fall_back_to_the_full_font(holder: str, member: str, signature: bytes,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    cmap = TTFont(letter.SUBSET_FONTS[""]).getBestCmap()
    assert any(ord(ch) not in cmap for ch in holder + member)  # really outside the subset
    with caplog.at_level(logging.WARNING):
        pdf = commitment_letter_pdf(replace(DATA, holder_name=holder, member_name=member), signature)
    assert fpdf_warnings(caplog) == []
    for layer in text_layers(pdf):
        assert holder in layer and member in layer
    assert commitment_letter_pdf(replace(DATA, holder_name=holder, member_name=member), signature) == pdf


def test_without_a_full_font_rare_characters_are_an_error_not_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(letter, "FALLBACK_FONTS", [Path("/nonexistent/NotoSansCJK-Regular.ttc")])
    with pytest.raises(UnprintableCharacters) as caught:
        commitment_letter_pdf(replace(DATA, member_name="王堃"))
    assert caught.value.params["characters"] == "堃"
    assert caught.value.code == "letter_unprintable"
    assert commitment_letter_pdf(DATA).startswith(b"%PDF-")  # the common path needs no full font


@needs_full_font
def test_a_character_no_font_has_is_an_error() -> None:
    with pytest.raises(UnprintableCharacters) as caught:
        commitment_letter_pdf(replace(DATA, member_name="张\U0001f600"))
    assert caught.value.params["characters"] == "\U0001f600"
