"""Build the CJK font subsets that the commitment-letter PDF embeds (assets/fonts/).

Usage:  .venv/bin/python scripts/make-font-subset.py [--source-dir DIR] [--out-dir DIR] [--format ttf|otf]

Reads the Simplified-Chinese face of Debian's fonts-noto-cjk collections (NotoSansCJK-{Regular,Bold}.ttc),
keeps ASCII, Latin-1, general/CJK punctuation, full-width forms, all of GB2312 (6763 hanzi plus its symbol rows)
and every character of the letter template and the demo names, and writes NotoSansSC-Letter-Regular.ttf. The PDFs
print only their own words in bold (the letter's title and headings, the records file's title, totals and column
heads), never a name, so NotoSansSC-Letter-Bold.ttf keeps the same ranges but, of the hanzi, only those of the
letter template and the translation catalogues (app/i18n): a tenth of the glyphs, which fpdf2 subsets for every
letter.
By default the CFF outlines are converted to TrueType (quadratic) outlines with cu2qu, because fpdf2 subsets
glyf fonts faster and embeds them as plain CIDFontType2. Needs fontTools (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from datetime import date
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the letter template and the catalogues come from the app
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto")
SC_FACE_NAME = "Noto Sans CJK SC"  # the proportional SC face; index 2 in Debian's collections
OUT_STEM = "NotoSansSC-Letter"
MAX_ERR_EM = 1.0 / 1000  # cu2qu approximation error: 1 font unit at 1000 units per em

DEMO_NAMES = "张伟 王芳 张建国 李秀兰 张子涵 张小满 陈喆 刘洋 赵桂英"
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (punctuation, ·, accented letters of transliterated names)
    (0x2000, 0x206F),  # general punctuation: quotation marks, dashes, ellipsis, bullet
    (0x2100, 0x214F),  # letterlike symbols (№, ℃)
    (0x2160, 0x216B),  # Roman numerals
    (0x2460, 0x2473),  # circled numbers ① … ⑳
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」【】
    (0x30FB, 0x30FB),  # katakana middle dot, used in transliterated names
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width signs ￥ ￡
]


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes: symbol rows 0xA1-0xA9 and the 6763 hanzi in rows 0xB0-0xF7."""
    chars: set[str] = set()
    for row in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # unassigned code point
    return chars


def template_characters() -> set[str]:
    """Every character the letter template can print, for all relationships and methods."""
    from app.services.letter import METHODS, RELATIONSHIPS, LetterData, letter_text

    chars = set(DEMO_NAMES) | set("0123456789*X-")
    for relationship in RELATIONSHIPS:
        for method in METHODS:
            data = LetterData("FEC-2026-000000", "", "", "", "", relationship, method, date(2026, 11, 23))
            chars.update("".join(text for _kind, text in letter_text(data)))
    return chars


def catalogue_characters() -> set[str]:
    """Every character of the app's own words in both languages (the records file's bold title and column heads)."""
    from app.i18n import LANGUAGES

    return {ch for messages in LANGUAGES.values() for text in messages.values() for ch in str(text)}


def wanted_characters(style: str) -> tuple[set[str], set[str]]:
    """(every character to keep, the ones that must be there): for Regular, GB2312, the template and the demo names;
    for Bold, the template and the catalogues."""
    required = template_characters() | (gb2312_characters() if style == "Regular" else catalogue_characters())
    chars = set(required)
    for first, last in RANGES:
        chars.update(chr(code) for code in range(first, last + 1))
    return {ch for ch in chars if unicodedata.category(ch)[0] != "C"}, required  # no controls, unassigned


def sc_face(collection_path: Path) -> TTFont:
    collection = TTCollection(str(collection_path))
    for font in collection.fonts:
        if font["name"].getDebugName(1) == SC_FACE_NAME or font["name"].getDebugName(4).startswith(SC_FACE_NAME):
            return font
    raise SystemExit(f"{collection_path}: no face named {SC_FACE_NAME!r}")


def cff_to_truetype(font: TTFont) -> None:
    """Replace CFF outlines with TrueType ones in place (the fontTools otf2ttf recipe)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    max_err = MAX_ERR_EM * font["head"].unitsPerEm
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: smaller, and fpdf2 does not need them
    font.sfntVersion = "\x00\x01\x00\x00"
    for name in glyph_order:
        glyf[name].recalcBounds(glyf)


def rename(font: TTFont, style: str) -> None:
    """Name the derivative (OFL: a Modified Version; Noto has no Reserved Font Name, Adobe's 'Source' is not used)."""
    family, ps_family = "Noto Sans SC Letter", "NotoSansSCLetter"
    name = font["name"]
    version = f"{name.getDebugName(5)}; {OUT_STEM} subset with TrueType outlines, scripts/make-font-subset.py"
    name.names = [record for record in name.names if record.nameID not in {1, 2, 3, 4, 5, 6, 16, 17}]
    for name_id, value in ((1, family), (2, style), (3, f"{ps_family}-{style};subset"), (4, f"{family} {style}"),
                           (5, version), (6, f"{ps_family}-{style}")):
        name.setName(value, name_id, 3, 1, 0x409)


def build(source: Path, out: Path, style: str, chars: set[str], fmt: str) -> Path:
    font = sc_face(source)
    options = subset.Options()
    options.layout_features = []  # fpdf2 does no shaping for this letter; GSUB/GPOS would only add bytes
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in chars))
    subsetter.subset(font)
    if fmt == "ttf":
        cff_to_truetype(font)
    rename(font, style)
    path = out / f"{OUT_STEM}-{style}.{fmt}"
    font.recalcTimestamp = False  # keep the source's date: the same source gives the same bytes
    font.save(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "assets" / "fonts")
    parser.add_argument("--format", choices=("ttf", "otf"), default="ttf")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for style in ("Regular", "Bold"):
        chars, required = wanted_characters(style)
        print(f"{style}: {len(chars)} characters wanted, {len(required)} of them required")
        path = build(args.source_dir / f"NotoSansCJK-{style}.ttc", args.out_dir, style, chars, args.format)
        cmap = TTFont(str(path))["cmap"].getBestCmap()
        missing = "".join(sorted(ch for ch in required if ord(ch) not in cmap))
        print(f"{path}: {path.stat().st_size:,} bytes, {len(cmap)} characters")
        if missing:
            raise SystemExit(f"required characters missing from the source font: {missing}")


if __name__ == "__main__":
    main()
