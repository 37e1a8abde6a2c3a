# ruff: noqa: RUF001 - the letter is Chinese and uses full-width punctuation
"""The commitment letter for people who cannot sign (DESIGN.md §2.7): the same letter, printed at the counter, with a
box where the person presses a fingerprint (按手印) and a line for their name written by hand, instead of the drawn
signature. When a name has a character no font here has (the online letter then "cannot be printed"), the names are
left blank on it, to be written in by hand: that is how the counter serves the people the online letter cannot."""

from __future__ import annotations

from dataclasses import dataclass, replace

from fpdf import FPDF

from app.services.letter import EN, ZH, ZH_LINE, LetterData, UnprintableCharacters, letter_pdf, letter_text, zh_en

BLANK = "＿" * 6  # a name's place, to be written in by hand (full-width low lines: in the letter's own fonts)
NAME_LABEL = ("承诺人姓名（手写）：", "Name, written by hand:")
BOX_LABEL = ("按手印", "Press your fingerprint here")
# mm. Beside each other, so the box stays on the letter's one page: a fingerprint on a page of its own could be
# stapled to any letter. The box takes a thumb pressed and rolled under its label.
LABEL_W, BOX_W, BOX_H, GAP = 52.0, 60.0, 36.0, 8.0


@dataclass(frozen=True)
class FingerprintLetter:
    pdf: bytes
    names_blank: bool  # a name had a character no font here has, so both are left blank for handwriting


def fingerprint_letter_text(data: LetterData) -> list[tuple[str, str]]:
    """`letter_text` with the signature block asking for the handwritten name (the box is drawn under it)."""
    swapped = {"signature": NAME_LABEL[0], "signature_en": NAME_LABEL[1]}
    return [(kind, swapped.get(kind, text)) for kind, text in letter_text(data)]


def fingerprint_letter_pdf(data: LetterData) -> FingerprintLetter:
    """The A4 PDF to print and press a fingerprint on. Pure and CPU-bound (use run.cpu_bound); same input, same
    bytes. Never UnprintableCharacters: the names are then left blank (the rest is the letter's own words)."""
    try:
        return FingerprintLetter(_pdf(data), names_blank=False)
    except UnprintableCharacters:
        return FingerprintLetter(_pdf(replace(data, holder_name=BLANK, member_name=BLANK)), names_blank=True)


def _pdf(data: LetterData) -> bytes:
    return letter_pdf(data, fingerprint_letter_text(data), _name_line_and_box, title=" (fingerprint)")


def _name_line_and_box(pdf: FPDF, zh: str, en: str) -> None:
    """The label and a line to write the name on, and at the right the fingerprint box, its label inside at the
    top; the date follows under the name."""
    if pdf.get_y() + 4 + BOX_H + 2 > pdf.h - pdf.b_margin:  # the block and the date stay together
        pdf.add_page()
    left, top, box_x = pdf.l_margin, pdf.get_y() + 4, pdf.w - pdf.r_margin - BOX_W
    pdf.set_draw_color(17, 17, 17)
    pdf.set_line_width(0.8)  # clearly a box to press into, not a line to write on
    pdf.rect(box_x, top, BOX_W, BOX_H)
    pdf.set_line_width(0.3)
    zh_en(pdf, BOX_LABEL[0], BOX_LABEL[1], (12, 9), BOX_W - 4, at=(box_x + 2, top + 1.5), under=True)
    line_y = top + BOX_H / 2  # room above it for a name in large, unpractised handwriting
    pdf.line(left + LABEL_W, line_y, box_x - GAP, line_y)
    pdf.set_line_width(0.2)
    bottom = zh_en(pdf, zh, en, (ZH, EN), LABEL_W, at=(left, line_y - ZH_LINE), under=True)
    pdf.set_xy(left, bottom + 3)
