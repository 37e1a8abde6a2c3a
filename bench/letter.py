"""Commitment-letter PDF (DESIGN.md §7): p95 < 300 ms per letter with a signature, in a warm worker process.

`python -m bench letter` runs it with the others; `python -m bench.letter --compare` also times the font-loading
alternatives that app/services/letter.py was chosen against (for information only).
"""

from __future__ import annotations

import io
import itertools
import math
import random
import sys
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from app.services import letter
from app.services.letter import LetterData, commitment_letter_pdf
from bench import Result, measure

TARGET_P95_MS = 300.0
WARM_UP, SAMPLES = 3, 50
RARE_NAMES = ("张䶮", "王堃", "李𠀾")  # outside the GB2312 subset: cut out of the full system font
PAIRS = [  # (holder, holder ID, member, member ID, relationship, method), from the demo registry
    ("张伟", "110101198503120017", "张建国", "110101195207010039", "parent", "id_number"),
    ("张伟", "110101198503120017", "李秀兰", "110101195511200021", "parent", "id_number"),
    ("王芳", "110101199002140022", "张子涵", "110101201604080012", "child", "id_number"),
    ("王芳", "110101199002140022", "张小满", "110101202605210020", "child", "newborn"),
    ("张伟", "110101198503120017", "王芳", "110101199002140022", "spouse", "id_number"),
]


def signature_png(width: int = 600, height: int = 200, seed: int = 7) -> bytes:
    """A transparent PNG with a pen scribble, like the signature pad's canvas export."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for stroke in range(3):
        x0 = 40 + stroke * 180
        points = [(x0 + i * 3 + rng.uniform(-2, 2), height / 2 + 60 * math.sin(i / 5 + stroke) + rng.uniform(-4, 4))
                  for i in range(50)]
        draw.line(points, fill=(20, 20, 90, 255), width=5, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def letters(member_names: tuple[str, ...] = ()) -> itertools.cycle[LetterData]:
    """Letters for the demo pairs, endlessly; with `member_names`, one letter per name instead of the demo member."""
    data = []
    for i in range(len(member_names) or len(PAIRS)):
        holder, holder_id, member, member_id, relationship, method = PAIRS[i % len(PAIRS)]
        data.append(LetterData(f"FEC-2026-{i:06d}", holder, holder_id, member_names[i] if member_names else member,
                               member_id, relationship, method, date(2026, 11, 23)))
    return itertools.cycle(data)


def run() -> list[Result]:
    signature = signature_png()
    common = letters()
    for _ in range(WARM_UP):
        commitment_letter_pdf(next(common), signature)
    results = [measure("letter PDF with signature", lambda: commitment_letter_pdf(next(common), signature),
                       SAMPLES, TARGET_P95_MS)]
    if not any(path.is_file() for path in letter.FALLBACK_FONTS):
        print("no full CJK font installed (fonts-noto-cjk): rare-name letters not measured")
        return results
    # Rare characters: the first letter in a process also reads the full font's character map; each new set of
    # characters is cut out of the full font (then kept, so the same names again cost like a common letter).
    fresh = letters(tuple(f"王{chr(0x3400 + i)}" for i in range(11)))  # CJK Extension A: none is in GB2312
    results.append(measure("rare name, first in process", lambda: commitment_letter_pdf(next(fresh), signature),
                           1, None))
    results.append(measure("rare name, new characters", lambda: commitment_letter_pdf(next(fresh), signature),
                           10, None))
    repeated = letters(RARE_NAMES)
    for _ in range(len(RARE_NAMES)):
        commitment_letter_pdf(next(repeated), signature)
    results.append(measure("rare name, seen before", lambda: commitment_letter_pdf(next(repeated), signature),
                           10, None))
    return results


def compare() -> None:
    """Time each font-loading option on the same letter (fresh process state for the add_font ones)."""
    from fpdf import FPDF

    signature, data = signature_png(), next(letters())
    subset_dir, ttc = letter.FONT_DIR, Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

    def add_font(source: Path, number: int = 0) -> object:
        def attach(pdf: FPDF, family: str, path: Path) -> object:
            style = "B" if "Bold" in path.name else ""
            bold_source = source.with_name(source.name.replace("Regular", "Bold"))
            pdf.add_font(family, style, bold_source if style else source, collection_font_number=number)
            return pdf.fonts[f"{family}{style}"]
        return attach

    options = {"cached parsed subset fonts (the one used)": letter._attach,
               "add_font per letter, subset .ttf": add_font(subset_dir / "NotoSansSC-Letter-Regular.ttf")}
    if ttc.is_file():
        options["add_font per letter, full Noto CJK .ttc (SC face)"] = add_font(ttc, 2)
    original = letter._attach
    try:
        for name, attach in options.items():
            letter._attach = attach  # type: ignore[assignment]
            for _ in range(2):
                commitment_letter_pdf(data, signature)
            result = measure(name, lambda: commitment_letter_pdf(data, signature), 10, None)
            print(f"{name:55} p50 {result.p50_ms:7.1f} ms   p95 {result.p95_ms:7.1f} ms")
    finally:
        letter._attach = original


if __name__ == "__main__":
    started = time.perf_counter()
    for r in run():
        print(f"{r.name:32} n={r.samples:3} p50 {r.p50_ms:6.1f}  p95 {r.p95_ms:6.1f}  max {r.max_ms:6.1f} ms",
              r.verdict)
    if "--compare" in sys.argv:
        compare()
    print(f"({time.perf_counter() - started:.1f} s)")
