"""Records pages (DESIGN.md §2.5) with the `User` fixture: filters change the totals, the choices come from the
address (so refresh and Back keep them), "Whose records" switches to an approved member, a member who is not
(yet) bound is a 404, the empty state, the downloads, and staff are kept away. Expected amounts come from the
seed file (tests/unit/records_helpers.py), not from the service."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from nicegui import ui
from nicegui.testing import User
from pypdf import PdfReader

from app.components.markup import Markup
from app.services.binding import lifecycle
from tests.ui.helpers import RESIDENT_PHONE, STAFF_PASSWORD, STAFF_PHONE, log_in, service_env, wait_until
from tests.unit.binding_helpers import ZHANG_JIANGUO, account_id, audit_events
from tests.unit.records_helpers import (
    FATHER_KEY,
    ZHANG_WEI_KEY,
    approve_member,
    contribution_totals,
    expense_totals,
    monthly,
    seeded_contributions,
    seeded_expenses,
    submit_member,
)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def money(fen: int) -> str:
    return f"¥{Decimal(fen) / 100:,.2f}"


def approve_father() -> str:
    with service_env() as env:
        return str(approve_member(env, account_id(env, RESIDENT_PHONE), ZHANG_JIANGUO, "parent"))


def headline(user: User) -> str:
    return next(iter(user.find(marker="headline").elements)).text  # type: ignore[attr-defined]


def select(user: User, name: str) -> ui.select:
    element = next(iter(user.find(marker=f"filter-{name}").elements))
    assert isinstance(element, ui.select)
    return element


async def test_filter_by_year_changes_the_totals(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses")
    await user.should_see("Medical expense records")
    assert select(user, "year").value == 2026  # the clock stands in 2026
    assert headline(user) == money(expense_totals(seeded_expenses(ZHANG_WEI_KEY, 2026))["total"])
    for label in ("Whose records", "Year", "Type", "Place"):
        assert any(s.props.get("label") == label for s in user.find(ui.select).elements)

    select(user, "year").value = 2024
    expected = expense_totals(seeded_expenses(ZHANG_WEI_KEY, 2024))
    await wait_until(lambda: headline(user) == money(expected["total"]), what="the 2024 total")
    await user.should_see(money(expected["fund"]))
    await user.should_see(f"Records ({expected['count']})")

    select(user, "kind").value = "pharmacy"
    pharmacy = expense_totals(seeded_expenses(ZHANG_WEI_KEY, 2024, "pharmacy"))
    await wait_until(lambda: headline(user) == money(pharmacy["total"]), what="the pharmacy total")
    await user.should_see(f"Records ({pharmacy['count']})")


async def test_the_address_keeps_the_choices(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses?year=2025&type=outpatient")
    assert (select(user, "year").value, select(user, "kind").value) == (2025, "outpatient")
    outpatient = expense_totals(seeded_expenses(ZHANG_WEI_KEY, 2025, "outpatient"))
    assert headline(user) == money(outpatient["total"])
    await user.open("/records/contributions?year=2024")
    totals = contribution_totals(seeded_contributions(ZHANG_WEI_KEY, 2024))
    assert headline(user) == money(totals["paid"])
    await user.should_see(money(totals["subsidy"]))
    await user.should_see("Employee basic medical insurance")


async def test_whose_records_switches_to_an_approved_member(user: User) -> None:
    father = approve_father()
    await log_in(user)
    await user.open("/records/expenses?year=2025")
    assert select(user, "whose").options == {"me": "Me (张伟)", father: "张建国 (Father or mother)"}
    select(user, "whose").value = father
    expected = expense_totals(seeded_expenses(FATHER_KEY, 2025))
    await wait_until(lambda: headline(user) == money(expected["total"]), what="the father's 2025 total")
    await user.should_see("张建国, 2025")
    await user.should_see("Medical expenses in 2025")
    with service_env() as env:
        viewed = audit_events(env, account_id(env, RESIDENT_PHONE), "records_viewed")
    assert viewed[-1]["detail"] == {"records": "expenses", "member": "张*国", "year": 2025}

    await user.open(f"/records/expenses?whose={father}&year=2024")
    assert headline(user) == money(expense_totals(seeded_expenses(FATHER_KEY, 2024))["total"])


async def test_a_member_who_is_not_bound_is_not_found(user: User) -> None:
    with service_env() as env:
        pending = submit_member(env, account_id(env, RESIDENT_PHONE), ZHANG_JIANGUO, "parent")
    await log_in(user)
    for path in (f"/records/expenses?whose={pending}", f"/records/contributions?whose={pending}",
                 "/records/expenses?whose=999", "/records/expenses?whose=abc"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 404, path
        assert "张建国" not in response.text
    for path in ("/records/expenses?year=abc", "/records/expenses?year=99999&type=x&place=%00",
                 "/records/contributions?year=-1"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 200, path


def chart_parts(user: User) -> list[list[tuple[str, int]]]:
    """The chart's bars month by month: (part-0 or part-1, its fen) for each part drawn."""
    chart = next(iter(user.find(marker="chart").elements))
    assert isinstance(chart, Markup)
    tracks = re.findall(r'<svg class="bar-track".*?</svg>', chart.markup)
    return [re.findall(r'class="part (part-\d)".*?data-fen="(\d+)"', track) for track in tracks]


async def test_the_chart_draws_each_month_in_two_parts_and_says_so_in_words(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses?year=2025")
    rows = seeded_expenses(ZHANG_WEI_KEY, 2025)
    fund, family = monthly(rows, "fund_fen"), monthly(rows, "family_fen")
    drawn = chart_parts(user)
    assert len(drawn) == 12 and any(drawn)
    for month, parts in enumerate(drawn):
        expected = [(name, fen) for name, fen in (("part-0", fund[month]), ("part-1", family[month])) if fen]
        assert [(name, int(fen)) for name, fen in parts] == expected, month + 1
    chart = next(iter(user.find(marker="chart").elements))
    assert chart.props["role"] == "img"
    label = chart.props["aria-label"]
    assert label.startswith("Bar chart of medical expenses by month in 2025: ")
    for month, (a, b) in enumerate(zip(fund, family, strict=True), start=1):
        if a + b:
            assert f"{MONTHS[month - 1]}: {money(a + b)}" in label
    await user.should_see("Paid by the insurance fund")  # the legend, beside the list's words

    await user.open("/records/contributions?year=2024")
    paid = [fen for _, fen in sorted((c["month"], c["paid_fen"]) for c in seeded_contributions(ZHANG_WEI_KEY, 2024))]
    assert [int(parts[0][1]) for parts in chart_parts(user)] == paid


async def test_empty_state_in_plain_words(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses?year=2019")
    await user.should_see("There are no records for 张伟 for 2019 with these choices.")
    assert headline(user) == "¥0.00"
    await user.should_not_see(marker="chart")


async def test_download_csv_and_pdf(user: User) -> None:
    await log_in(user)
    await user.open("/records/expenses?year=2025")
    user.find(marker="download-csv").click()
    response = await user.download.next(timeout=5)
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = expense_totals(seeded_expenses(ZHANG_WEI_KEY, 2025))
    assert rows[0][0] == "Date" and len(rows) == expected["count"] + 2
    assert rows[-1][-3:] == [f"{Decimal(expected[k]) / 100:.2f}" for k in ("total", "fund", "family")]
    await user.should_see("The file expenses-2025.csv has been downloaded.")

    user.find(marker="download-pdf").click()
    response = await user.download.next(timeout=30)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "张伟" in text and f"Total medical expenses: {money(expected['total']).replace(',', '')}" in text


async def test_staff_are_kept_away_from_records(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    for path in ("/records/expenses", "/records/contributions?year=2025"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/staff"


async def test_chinese_words_and_a_chinese_csv(user: User) -> None:
    await log_in(user)
    await user.open("/records/contributions?lang=zh-CN&year=2025")
    await user.should_see("缴费记录")
    assert {s.props.get("label") for s in user.find(ui.select).elements} == {"查看谁的记录", "年份", "类型", "地点"}
    await user.should_see("下载PDF")
    await user.should_see("2025年度个人缴纳")
    await user.should_see("职工基本医疗保险")
    user.find(marker="download-csv").click()
    response = await user.download.next(timeout=5)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    totals = contribution_totals(seeded_contributions(ZHANG_WEI_KEY, 2025))
    assert rows[0] == ["月份", "类型", "地点", "缴费日期", "个人缴纳（元）", "财政补助或单位缴纳（元）"]
    assert rows[1][:3] == ["2025-12", "职工基本医疗保险", "北京市东城区"] and rows[-1][0] == "合计"
    assert rows[-1][-2:] == [f"{Decimal(totals[k]) / 100:.2f}" for k in ("paid", "subsidy")]


async def test_a_member_unbound_while_the_page_is_open_is_no_longer_shown(user: User) -> None:
    father = approve_father()
    await log_in(user)
    await user.open(f"/records/expenses?whose={father}&year=2025")
    shown = headline(user)
    with service_env() as env:
        lifecycle.unbind(env, account_id(env, RESIDENT_PHONE), int(father), client="test")
    select(user, "year").value = 2024
    await user.should_see("This page does not exist or you cannot see it.")
    assert headline(user) == shown  # nothing of the 2024 records was fetched
    response = await user.http_client.get(f"/records/expenses?whose={father}", follow_redirects=False)
    assert response.status_code == 404
