""""Download CSV" and "Download PDF" of a records report. The page passes the words (already translated) as
`ExportLabels`; these builders only lay them out. CSV: UTF-8 with a byte order mark and CRLF lines, so Excel
opens Chinese text correctly; amounts in yuan with two decimals. PDF: A4 with the project's CJK font, loaded the
way the commitment letter loads it (app/services/letter.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from fpdf import FPDF
from fpdf.fonts import FontFace

from app.services import letter
from app.services.records import ContributionRow, ExpenseRow, Report, yuan

BOM = "\ufeff"
# Spreadsheets run a cell starting with one of these as a formula (a tab or carriage return may hide one); OWASP's
# advice is a leading single quote, which shows the text as it is. Plain numbers (a refund's -12.50) stay numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class ExportLabels:
    """Words of one export, in the page's language."""

    title: str  # e.g. "Medical expense records"
    subtitle: str  # whose and which year, e.g. "张建国 · 2025"
    columns: tuple[str, ...]  # header row
    kinds: dict[str, str]  # type key -> words
    places: dict[str, str]  # contribution region code -> words (expenses show the institution itself)
    total_row: str  # first cell of the totals row, e.g. "Total"
    totals: tuple[str, ...]  # words of the totals, in the order of `totals_keys(report)`
    empty: str  # said when there are no records
    made_on: str  # e.g. "Made on 2026-11-23"
    language: str  # "zh-CN" or "en-US"


def totals_keys(report: Report) -> tuple[str, ...]:
    """The totals shown, in order: the headline first."""
    return ("total", "fund", "family") if report.what == "expenses" else ("paid", "subsidy", "total")


def cells(report: Report, labels: ExportLabels) -> tuple[list[list[str]], list[str]]:
    """The table as text: one list of cells per record, and the totals row (amounts in yuan)."""
    rows: list[list[str]] = []
    for row in report.rows:
        if isinstance(row, ExpenseRow):
            rows.append([row.settled_on.isoformat(), labels.kinds.get(row.kind, row.kind), row.institution, row.items,
                         yuan(row.total_fen), yuan(row.fund_fen), yuan(row.family_fen)])
        elif isinstance(row, ContributionRow):
            rows.append([f"{row.year}-{row.month:02d}", labels.kinds.get(row.kind, row.kind),
                         labels.places.get(row.place, row.place), row.paid_on.isoformat(), yuan(row.paid_fen),
                         yuan(row.subsidy_fen)])
    t = report.totals
    amounts = [t["total"], t["fund"], t["family"]] if report.what == "expenses" else [t["paid"], t["subsidy"]]
    blanks = len(labels.columns) - len(amounts) - 1
    return rows, [labels.total_row, *[""] * blanks, *map(yuan, amounts)]


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text, never runs it as a formula."""
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def records_csv(report: Report, labels: ExportLabels) -> bytes:
    """The report as CSV: the header row in the page's language, one line per record, then the totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows, total = cells(report, labels)
    for row in [list(labels.columns), *rows, total]:
        writer.writerow([neutralised(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


# ---- PDF ----------------------------------------------------------------------------------------------------------
_WIDTHS = {"expenses": (22, 20, 38, 42, 20, 20, 20), "contributions": (20, 44, 38, 24, 28, 28)}
_RIGHT_FROM = {"expenses": 4, "contributions": 4}  # amount columns are right-aligned


def records_pdf(report: Report, labels: ExportLabels, made_on: date) -> bytes:
    """An A4 PDF of the report: title, whose and which year, the totals, then the records as a table.
    Pure and CPU-bound (use cpu_bound); the same input gives the same bytes."""
    rows, total = cells(report, labels)
    pdf = FPDF(format="A4")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_creation_date(datetime.combine(made_on, time(), timezone(timedelta(hours=8))))
    pdf.set_lang(labels.language)
    pdf.set_title(f"{labels.title} {labels.subtitle}")
    letter.add_cjk_fonts(pdf, [labels.title, labels.subtitle, labels.made_on, labels.empty, *labels.columns,
                               *labels.totals, *total, *(cell for row in rows for cell in row)])
    pdf.add_page()
    pdf.set_font("sc", "B", 18)
    pdf.multi_cell(0, 9, labels.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("sc", "", 13)
    pdf.multi_cell(0, 7, labels.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("sc", "", 9)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(0, 5, labels.made_on, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(17, 17, 17)
    pdf.ln(3)
    values = [report.totals[key] for key in totals_keys(report)]
    for i, (words, fen) in enumerate(zip(labels.totals, values, strict=True)):
        pdf.set_font("sc", "B" if i == 0 else "", 14 if i == 0 else 12)
        pdf.multi_cell(0, 7, f"{words}: ¥{yuan(fen)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if not rows:
        pdf.set_font("sc", "", 12)
        pdf.multi_cell(0, 7, labels.empty, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    _table(pdf, report.what, labels.columns, [*rows, total])
    return bytes(pdf.output())


def _table(pdf: FPDF, what: str, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    pdf.set_font("sc", "", 9)
    right = _RIGHT_FROM[what]
    align = tuple("RIGHT" if i >= right else "LEFT" for i in range(len(columns)))
    heading = FontFace(family="sc", emphasis="BOLD", fill_color=(230, 234, 242))
    with pdf.table(col_widths=_WIDTHS[what], text_align=align, headings_style=heading, line_height=5,
                   padding=1.2, repeat_headings=1) as table:
        for line in [list(columns), *rows]:
            row = table.row()
            for cell in line:
                row.cell(cell)
