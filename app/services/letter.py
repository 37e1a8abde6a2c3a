# ruff: noqa: RUF001, RUF002 - the letter is Chinese and uses full-width punctuation
"""The Personal Commitment Letter (个人承诺书) of the bind flow: its text, its A4 PDF and the PDF's SHA-256. The PDF
embeds a GB2312 subset of Noto Sans CJK SC (assets/fonts/README.md), parsed once per process (fpdf2's add_font would
parse it for every letter); characters outside it come from FALLBACK_FONTS, cut out for the letters that need them
(fpdf2 would subset a whole CJK font in every such letter); if no font has a character: UnprintableCharacters."""

import copy
import functools
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from PIL import Image

from app.services.errors import DomainError
from app.services.ids import mask_id_number

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
SUBSET_FONTS = {"": FONT_DIR / "NotoSansSC-Letter-Regular.ttf", "B": FONT_DIR / "NotoSansSC-Letter-Bold.ttf"}
FALLBACK_FONTS = [Path(f"/usr/share/fonts/{d}/NotoSansCJK-Regular.ttc") for d in ("opentype/noto", "google-noto-cjk")]
RELATIONSHIPS = {  # the member is the holder's ...
    "parent": ("父母", "parent"), "child": ("子女", "child"), "spouse": ("配偶", "spouse"),
    "grandparent": ("祖父母或外祖父母", "grandparent"), "grandchild": ("孙子女或外孙子女", "grandchild"),
    "sibling": ("兄弟姐妹", "sibling"), "other": ("其他", "other")}
METHODS = {"id_number": ("身份证号绑定", "by ID number"), "newborn": ("新生儿出生医学证明绑定", "by birth certificate")}


class UnprintableCharacters(DomainError):
    code = "letter_unprintable"  # no font here has params["characters"]: install fonts-noto-cjk, or help at a counter


@dataclass(frozen=True)
class LetterData:
    letter_number: str  # e.g. "FEC-2026-000123"
    holder_name: str
    holder_id_number: str  # full; the letter shows it masked
    member_name: str
    member_id_number: str  # full; shown masked
    relationship: str  # the member is the holder's <relationship>: a key of RELATIONSHIPS
    method: str  # a key of METHODS
    signed_on: date  # printed on the letter


def letter_text(data: LetterData) -> list[tuple[str, str]]:
    """The letter as (kind, text) blocks, for the on-screen "Commitment letter" region and the PDF alike.

    Kinds: 'number', 'title', 'heading', 'field' ("标签 / Label：value"), 'para', 'signature', 'date'; a kind
    ending in '_en' is the English translation of the block before it, shown under it in a smaller size."""
    if data.relationship not in RELATIONSHIPS or data.method not in METHODS:
        raise ValueError("unknown relationship or method")
    (rel_zh, rel_en), (method_zh, method_en) = RELATIONSHIPS[data.relationship], METHODS[data.method]
    noun_zh, noun_en = ("其他亲属", "relative") if data.relationship == "other" else (rel_zh, rel_en)
    holder, member, day = data.holder_name, data.member_name, data.signed_on
    holder_id, member_id = mask_id_number(data.holder_id_number), mask_id_number(data.member_id_number)
    return [
        ("number", f"编号 / Letter No.：{data.letter_number}"),
        ("title", "个人承诺书"), ("title_en", "Personal Commitment Letter"),
        ("heading", "一、承诺人及家庭成员信息"), ("heading_en", "1. The holder and the family member"),
        ("field", f"承诺人 / Holder：{holder}"), ("field", f"身份证号 / ID number：{holder_id}"),
        ("field", f"家庭成员 / Family member：{member}"), ("field", f"身份证号 / ID number：{member_id}"),
        ("field", f"与承诺人关系 / Relationship：{rel_zh} / {rel_en}"),
        ("field", f"绑定方式 / Binding method：{method_zh} / {method_en}"),
        ("heading", "二、承诺内容"), ("heading_en", "2. My commitments"),
        ("para", f"本人{holder}申请将家庭成员{member}的医保电子凭证绑定到本人账户，并郑重承诺："),
        ("para_en", f"I, {holder}, apply to bind the medical insurance e-card of my family member {member} "
                    "to my account, and solemnly promise that:"),
        ("para", f"1. 本人与{member}的关系真实（{member}是本人的{noun_zh}），所填信息和所交材料真实、准确、完整。"),
        ("para_en", f"1. My relationship with {member} is true ({member} is my {noun_en}), and the information "
                    "and documents I have provided are true, accurate and complete."),
        ("para", f"2. {member}本人（或其监护人）已知晓并同意本次绑定。"),
        ("para_en", f"2. {member} (or their guardian) knows about this binding and agrees to it."),
        ("para", f"3. 该医保电子凭证仅用于{member}本人就医和购药，不出借、不出租、不出售。"),
        ("para_en", f"3. The e-card will be used only for {member}'s own medical treatment and purchases of "
                    "medicines; I will not lend, rent out or sell it."),
        ("para", "4. 如提供虚假信息，本人愿承担相应的法律责任。"),
        ("para_en", "4. If I have given false information, I accept the legal responsibility for it."),
        ("para", "5. 双方关系发生变化或终止时，本人将及时解除绑定。"),
        ("para_en", "5. When our relationship changes or ends, I will unbind the family member without delay."),
        ("para", f"6. 本人同意医保部门将本次绑定告知{member}本人。"),
        ("para_en", f"6. I agree that {member} will be informed of this binding."),
        ("signature", "承诺人（签名）："), ("signature_en", "Signed by:"),
        ("date", f"日期：{day.year}年{day.month}月{day.day}日"), ("date_en", f"Date: {day.isoformat()}"),
    ]


def letter_sha256(pdf: bytes) -> str:  # stored with the signed letter
    return hashlib.sha256(pdf).hexdigest()


_faces: dict[Path, tuple[TTFFont, bytes, list[str]]] = {}  # parsed template, file bytes, glyph order


def _attach(pdf: FPDF, family: str, path: Path) -> TTFFont:
    """Register a copy of the parsed font as `family`: what FPDF.add_font does, minus the parsing (fpdf2 2.8.9)."""
    if path not in _faces:  # threads racing here would only parse it twice
        template = TTFFont(FPDF(), path, "template", "B" * ("Bold" in path.name))
        _faces[path] = (template, path.read_bytes(), template.ttfont.getGlyphOrder())
        template.close()
    template, data, glyph_order = _faces[path]
    font = copy.copy(template)
    font.i, font.fontkey = len(pdf.fonts) + 1, family + "B" * ("Bold" in path.name)
    font.ttfont = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False, recalcBBoxes=False)  # no need to
    font.ttfont.setGlyphOrder(glyph_order)  # unpack every glyph used to recompute its box, nor to rename all glyphs
    font.desc, font.missing_glyphs, font.biggest_size_pt, font.subset = copy.copy(template.desc), [], 0, SubsetMap(font)
    pdf.fonts[font.fontkey] = font
    return font


@functools.cache
def _full_font(path: Path) -> tuple[int, frozenset[int]]:  # (the Simplified-Chinese face's number, its code points)
    faces = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
    number = next((i for i, face in enumerate(faces) if re.search(r"\bSC\b", face["name"].getDebugName(4) or "")), 0)
    return number, frozenset(faces[number].getBestCmap())


@functools.lru_cache(maxsize=64)
def _font_with(path: Path, chars: frozenset[str]) -> bytes:
    """Only `chars` of a full font: ~0.2 s to cut (fpdf2 takes ~0.3 s to subset the whole font in every letter)."""
    font = TTFont(path, fontNumber=_full_font(path)[0], lazy=True, recalcTimestamp=False)
    for tag in {"GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"} & set(font.keys()):
        del font[tag]  # unused; deleting them spares the subsetter from even decompiling them (~0.1 s)
    subsetter = subset.Subsetter(subset.Options(layout_features=[], hinting=False, desubroutinize=True))
    subsetter.populate(unicodes=[0x20, *map(ord, chars)])  # fpdf2 reserves a code for the space
    subsetter.subset(font)
    font.save(out := io.BytesIO())
    return out.getvalue()


def _add_fallbacks(pdf: FPDF, missing: set[str]) -> list[str]:
    """Register pieces of full fonts that have every character of `missing` (their families), or raise
    UnprintableCharacters."""
    families: list[str] = []
    for path in filter(Path.is_file, FALLBACK_FONTS):
        if found := {ch for ch in missing if ord(ch) in _full_font(path)[1]}:
            font = TTFFont(pdf, io.BytesIO(_font_with(path, frozenset(found))), f"fallback{len(families)}", "")
            pdf.fonts[font.fontkey], missing, families = font, missing - found, [*families, font.fontkey]
            pdf.pdf_version = max(pdf.pdf_version, "1.6" if font.is_cff and font.is_cid_keyed else "1.3")
    if missing:
        raise UnprintableCharacters(characters="".join(sorted(missing)))
    return families


# ---- the PDF: A4, body 14 pt, the English 10.5 pt grey -----------------------------------------------------------
ZH, EN, ZH_LINE, EN_LINE = 14, 10.5, 6.9, 4.7
_NO_LINE_START, _NO_LINE_END = set("，。、；：？！）》」』】〕〉”’%…"), "（《「『【〔〈“‘"
_LINES = {"number": (11, 6, "R"), "title": (22, 11, "C"), "title_en": (12, 6, "C")}  # size, height, align


def add_cjk_fonts(pdf: FPDF, texts: Iterable[str]) -> None:
    """Font family "sc" (regular and "B") for `texts`: the shipped subsets, plus pieces of the full system font
    only for characters outside them (a full CJK font costs more than all the rest of a document). The bold subset
    has only the app's own words (assets/fonts/README.md)."""
    cmap = _attach(pdf, "sc", SUBSET_FONTS[""]).cmap
    _attach(pdf, "sc", SUBSET_FONTS["B"])
    missing = {ch for text in texts for ch in text if ord(ch) not in cmap and not ch.isspace()}
    # the regular face first: bold text with a character the bold subset lacks prints it in regular weight
    pdf.set_fallback_fonts(["sc", *(_add_fallbacks(pdf, missing) if missing else [])], exact_match=False)


def commitment_letter_pdf(data: LetterData, signature_png: bytes | None = None) -> bytes:
    """An A4 PDF of the letter: masked IDs, the letter number, the date, and the signature above the signature line
    (an empty line when None). Pure and CPU-bound (use run.cpu_bound); the same input gives the same bytes."""
    return letter_pdf(data, letter_text(data), lambda pdf, zh, en: _signature(pdf, zh, en, signature_png))


def letter_pdf(data: LetterData, blocks: list[tuple[str, str]], sign: Callable[[FPDF, str, str], None], *,
               title: str = "") -> bytes:
    """The PDF of `blocks` (as `letter_text` gives them), `sign` drawing the 'signature' block (its Chinese and
    English words): the drawn signature here, the fingerprint box in fingerprint_letter. Pure and CPU-bound."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 12, 20)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_creation_date(datetime.combine(data.signed_on, time(), timezone(timedelta(hours=8))))
    pdf.set_lang("zh-CN")
    pdf.set_title(f"个人承诺书 Personal Commitment Letter {data.letter_number}{title}")
    add_cjk_fonts(pdf, (text for _kind, text in blocks))
    pdf.add_page()
    for (kind, zh), (next_kind, next_text) in zip(blocks, [*blocks[1:], ("", "")], strict=True):
        en, left, top = next_text if next_kind == f"{kind}_en" else "", pdf.l_margin, pdf.get_y()
        if kind in _LINES:  # one line, right-aligned or centred
            size, height, align = _LINES[kind]
            _style(pdf, size, bold=kind == "title", grey=kind == "title_en")
            pdf.cell(0, height, zh, align=align, new_x="LMARGIN", new_y="NEXT")
        elif kind == "heading":
            _rule(pdf, zh_en(pdf, zh, en, (15, 11), pdf.epw, at=(left, top + 2), bold=True) + 0.6, 80)
        elif kind == "field":  # label column, value column, a line under
            (label_zh, _, label_en), (value_zh, _, value_en) = (part.partition(" / ") for part in zh.split("：", 1))
            bottom = zh_en(pdf, label_zh, label_en, (ZH, EN), 63, at=(left + 1, top + 0.6))
            _rule(pdf, max(bottom, zh_en(pdf, value_zh, value_en, (ZH, EN), pdf.epw - 66, at=(left + 66, top + 0.6)))
                  + 0.6, 205)
        elif kind == "para":
            pdf.set_y(zh_en(pdf, zh, en, (ZH, EN), pdf.epw, at=(left, top + 0.8), under=True) + 0.8)
        elif kind == "signature":
            sign(pdf, zh, en)
        elif kind == "date":
            zh_en(pdf, zh, en, (ZH, EN), pdf.w - pdf.r_margin - pdf.get_x())
    return bytes(pdf.output())


def _style(pdf: FPDF, size: float, *, bold: bool = False, grey: bool = False) -> None:
    pdf.set_font("sc", "B" if bold else "", size)
    pdf.set_text_color(*((80, 80, 80) if grey else (17, 17, 17)))


def _rule(pdf: FPDF, y: float, grey: int) -> None:  # a full-width line at y; the text goes on under it
    pdf.set_draw_color(grey, grey, grey)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_xy(pdf.l_margin, y)


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Chinese line breaks: not inside Latin words or numbers, no closing mark first on a line (it hangs instead)."""
    lines, line = [], ""
    for token in re.findall(r"[A-Za-z0-9*.'-]+|.", text):
        if line and token[0] not in _NO_LINE_START and pdf.get_string_width(line + token) > width:
            keep = len(line.rstrip(_NO_LINE_END)) or len(line)  # an opening mark moves down with what it opens
            lines, line = [*lines, line[:keep]], line[keep:] + token.lstrip()
        else:
            line += token
    return [*lines, line]


def zh_en(pdf: FPDF, zh: str, en: str, sizes: tuple[float, float], width: float,
           *, at: tuple[float, float] | None = None, bold: bool = False, under: bool = False) -> float:
    """Chinese at `at` (or here), then the English smaller after it (same baseline) or under it; the bottom.
    Also draws the labels of the fingerprint letter (fingerprint_letter.py)."""
    (x, y), line = at or (pdf.get_x(), pdf.get_y()), ZH_LINE * sizes[0] / ZH
    _style(pdf, sizes[0], bold=bold)
    rows = _wrap(pdf, zh, width)
    if y + len(rows) * line > pdf.page_break_trigger:  # the Chinese of a block stays on one page
        pdf.add_page()
        y = pdf.t_margin
    for i, row in enumerate(rows):  # a hanging mark may pass the margin
        pdf.set_xy(x, y + i * line)
        pdf.cell(pdf.get_string_width(row) + 2.5, line, row)
    _style(pdf, sizes[1], grey=True)
    if len(rows) == 1 and not under and pdf.get_x() + pdf.get_string_width(en) <= x + width:
        pdf.set_xy(pdf.get_x(), y + 0.3 * (sizes[0] - sizes[1]) * 25.4 / 72)  # cell() centres text vertically
        pdf.cell(0, line, en)
        return y + line
    pdf.set_xy(x, y + len(rows) * line)
    if en:
        pdf.multi_cell(width, EN_LINE, en, align="L", new_x="LEFT", new_y="NEXT")
    return pdf.get_y()


def _signature(pdf: FPDF, zh: str, en: str, signature_png: bytes | None) -> None:
    box_w, box_h, label_w = 72.0, 22.0, 44.0
    if pdf.get_y() + box_h + 20 > pdf.h - pdf.b_margin:  # keep the signature and the date together
        pdf.add_page()
    x, line_y = pdf.w - pdf.r_margin - box_w - label_w, pdf.get_y() + 3 + box_h
    if signature_png:  # fitted into the box, standing on the line
        with Image.open(io.BytesIO(signature_png)) as image:
            w, h = (side * min(box_w / image.width, box_h / image.height) for side in image.size)
        pdf.image(io.BytesIO(signature_png), x=x + label_w + (box_w - w) / 2, y=line_y - h, w=w, h=h)
    pdf.set_draw_color(17, 17, 17)
    pdf.line(x + label_w, line_y, x + label_w + box_w, line_y)
    pdf.set_xy(x, zh_en(pdf, zh, en, (ZH, EN), label_w, at=(x, line_y - ZH_LINE), under=True) + 1.3)
