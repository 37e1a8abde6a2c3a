"""Records in a phone browser (390x844, touch): 张伟 with his father approved (through the service layer) filters
the father's medical expenses by year and checks the totals against the seed file, downloads the CSV and the PDF
and reads them, and axe checks both record pages in Standard and Extra large text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from app.services import records
from app.services.binding import lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import log_in
from tests.unit.binding_helpers import ZHANG_JIANGUO, ZHANG_WEI_PHONE, account_id
from tests.unit.records_helpers import (
    FATHER_KEY,
    ZHANG_WEI_KEY,
    approve_member,
    contribution_totals,
    expense_totals,
    seeded_contributions,
    seeded_expenses,
)


def money(fen: int) -> str:
    return f"¥{Decimal(fen) / 100:,.2f}"


@pytest.fixture(name="father")
def father_fixture(server: Server) -> Iterator[str]:
    """张建国 approved for 张伟 through the service layer; the key of his records. A binding made here is unbound
    afterwards, so the other e2e tests on this server find the family as they expect it."""
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    holder = account_id(env, ZHANG_WEI_PHONE)
    existing = next((p.key for p in records.whose_options(env, holder) if p.name == "张建国"), None)
    key = existing or str(approve_member(env, holder, ZHANG_JIANGUO, "parent"))
    try:
        yield key
    finally:
        if existing is None:
            lifecycle.unbind(env, holder, int(key), client="e2e")
        env.db.dispose()


def choose(page: Page, combobox: str, option: str) -> None:
    page.get_by_role("combobox", name=combobox, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def download(page: Page, button: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return Path(info.value.path()).read_bytes()


@pytest.mark.parametrize("size", ["Standard", "Extra large"])
def test_fathers_expenses_by_year_with_downloads(page: Page, server: Server, father: str, size: str) -> None:
    log_in(page, ZHANG_WEI_PHONE, "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    if size != "Standard":
        choose_text_size(page, size)
    page.get_by_role("link", name="Medical expense records", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Medical expense records")).to_be_visible()
    check_a11y(page, f"records-expenses-own-{size}")

    choose(page, "Whose records", "张建国 (Father or mother)")
    choose(page, "Year", "2025")
    expected = expense_totals(seeded_expenses(FATHER_KEY, 2025))
    totals = page.get_by_role("region", name="张建国, 2025")
    expect(totals).to_contain_text(f"Medical expenses in 2025{money(expected['total'])}")
    expect(totals).to_contain_text(f"Paid by the insurance fund{money(expected['fund'])}")
    expect(totals).to_contain_text(f"Paid by the family{money(expected['family'])}")
    expect(page.get_by_role("heading", name=f"Records ({expected['count']})")).to_be_visible()
    chart = page.get_by_role("img", name="Bar chart of medical expenses by month in 2025", exact=False)
    expect(chart).to_be_visible()
    assert "March" in (chart.get_attribute("aria-label") or "")
    expect(page).to_have_url(f"{server.url}/records/expenses?whose={father}&year=2025")
    check_a11y(page, f"records-expenses-father-{size}")

    page.reload()  # the choices are in the address
    expect(page.get_by_role("combobox", name="Year", exact=True)).to_have_value("2025")
    expect(page.get_by_role("region", name="张建国, 2025")).to_contain_text(money(expected["total"]))

    rows = list(csv.reader(io.StringIO(download(page, "Download CSV").decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Type", "Place", "Items", "Total (yuan)", "Paid by the fund (yuan)",
                       "Paid by the family (yuan)"]
    assert len(rows) == expected["count"] + 2 and any(row[2] == "北京协和医院" for row in rows)
    assert rows[-1][-3:] == [f"{Decimal(expected[k]) / 100:.2f}" for k in ("total", "fund", "family")]
    pdf = download(page, "Download PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "张建国" in text and f"Total medical expenses: ¥{Decimal(expected['total']) / 100:.2f}" in text
    expect(page.get_by_role("status").filter(has_text="expenses-2025.pdf")).to_have_count(1)


@pytest.mark.parametrize("size", ["Standard", "Extra large"])
def test_own_contributions(page: Page, server: Server, size: str) -> None:
    log_in(page, ZHANG_WEI_PHONE, "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    if size != "Standard":
        choose_text_size(page, size)
    page.get_by_role("link", name="Contribution records", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Contribution records")).to_be_visible()
    choose(page, "Year", "2024")
    totals = contribution_totals(seeded_contributions(ZHANG_WEI_KEY, 2024))
    expect(page.get_by_role("region", name="张伟, 2024")).to_contain_text(money(totals["paid"]))
    check_a11y(page, f"records-contributions-{size}")
