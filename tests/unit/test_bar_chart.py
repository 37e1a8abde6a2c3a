"""The bar chart by month (app/components/bar_chart.py): bars proportional to the amounts on a round axis, parts stacked
or side by side, an empty year, escaping, and the text alternative; the records and personal-account summaries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from nicegui import Client
from nicegui.page import page

from app.components import bar_chart
from app.i18n import translate
from app.pages import personal_account, records_view
from app.services.personal_account import AccountView, MonthSum
from app.services.records import Report, Whose

HOSTILE = '<img src=x onerror="alert(1)">&"\''


def parse(markup: str) -> ET.Element:
    """The chart's markup as a tree (it is well-formed: every value escaped, every tag closed)."""
    return ET.fromstring(f"<chart>{markup}</chart>")


def months(tree: ET.Element) -> list[tuple[str, list[ET.Element]]]:
    """(label, the month's rectangles) for each row of the chart."""
    grid = tree.find("div[@class='bar-grid']")
    assert grid is not None
    cells = list(grid)
    pairs = zip(cells[0:-2:2], cells[1:-2:2], strict=True)
    return [(label.text or "", track.findall("rect")) for label, track in pairs]


def percent(rect: ET.Element, name: str) -> float:
    value = rect.get(name) or ""
    assert value.endswith("%"), (name, value)
    return float(value[:-1])


@pytest.mark.parametrize(("largest", "top"), [(1, 10), (10, 10), (11, 12), (121, 150), (45_000, 50_000),
                                               (123_456, 150_000), (800_001, 1_000_000)])
def test_the_axis_ends_at_a_round_amount_that_holds_the_largest_bar(largest: int, top: int) -> None:
    assert bar_chart.axis_top(largest) == top


def test_nothing_to_show_has_no_axis() -> None:
    assert bar_chart.axis_top(0) == 0


def test_axis_amounts_come_from_fen() -> None:
    assert [bar_chart.amount(f) for f in (0, 15, 120_000, 123_456_700, 1_005)] == [
        "¥0", "¥0.15", "¥1,200", "¥1,234,567", "¥10.05"]


def test_stacked_bars_are_proportional_and_the_second_part_starts_where_the_first_ends() -> None:
    values = [(30_000, 10_000), (0, 0), (5_000, 0), (0, 2_500)]
    tree = parse(bar_chart.chart_markup(["Jan", "Feb", "Mar", "Apr"], ["Fund", "Family"], values, name="records"))
    rows = months(tree)
    assert [label for label, _ in rows] == ["Jan", "Feb", "Mar", "Apr"]
    top = 40_000  # the largest month, 30,000 + 10,000 fen, is a round amount already
    for (_, rects), parts in zip(rows, values, strict=True):
        drawn = {int(r.get("data-fen") or -1): r for r in rects}
        assert sorted(drawn) == sorted(p for p in parts if p)  # a part of nothing draws nothing
        for rect in rects:
            assert percent(rect, "width") == pytest.approx(100 * int(rect.get("data-fen") or 0) / top, abs=0.01)
    (_, (fund, family)) = rows[0]
    assert "part-0" in (fund.get("class") or "") and "part-1" in (family.get("class") or "")
    assert percent(fund, "x") == 0 and percent(family, "x") == pytest.approx(75)  # stacked: family after fund
    assert fund.get("y") == family.get("y") and fund.get("height") == family.get("height")
    assert percent(family, "x") + percent(family, "width") == pytest.approx(100)  # the largest month fills the axis
    ticks = [span.text for span in tree.iter("span") if (span.get("class") or "").startswith("tick")]
    assert ticks == ["¥0", "¥400"]


def test_unstacked_parts_sit_side_by_side_from_the_axis() -> None:
    tree = parse(bar_chart.chart_markup(["2026-11", "2026-12"], ["In", "Out"], [(345_678, 0), (0, 3_550)],
                                        name="account", stacked=False))
    (_, (money_in,)), (_, (money_out,)) = months(tree)
    assert percent(money_in, "x") == percent(money_out, "x") == 0
    assert percent(money_in, "y") < percent(money_out, "y")  # in above out
    assert percent(money_in, "width") == pytest.approx(100 * 345_678 / 400_000, abs=0.01)
    assert percent(money_out, "width") == pytest.approx(100 * 3_550 / 400_000, abs=0.01)


def test_an_empty_year_draws_no_bars_and_only_the_zero_tick() -> None:
    tree = parse(bar_chart.chart_markup([str(m) for m in range(1, 13)], ["A", "B"], [(0, 0)] * 12, name="records"))
    assert len(months(tree)) == 12 and all(rects == [] for _, rects in months(tree))
    assert [span.text for span in tree.iter("span") if (span.get("class") or "").startswith("tick")] == ["¥0"]


def test_the_legend_names_each_part_and_the_second_is_hatched() -> None:
    tree = parse(bar_chart.chart_markup(["Jan"], ["Fund", "Family"], [(1, 1)], name="records"))
    legend = tree.find("ul[@class='bar-legend']")
    assert legend is not None and ["".join(item.itertext()) for item in legend] == ["Fund", "Family"]
    keys = [item.find("svg/rect") for item in legend]
    assert keys[0] is not None and keys[0].get("fill") is None  # colour from the stylesheet
    assert keys[1] is not None and keys[1].get("fill") == "url(#records-hatch)"
    assert tree.find(".//pattern[@id='records-hatch']") is not None
    assert all(r.get("fill") == "url(#records-hatch)" for r in tree.iter("rect") if "part-1" in (r.get("class") or ""))


def test_names_and_labels_are_text_never_markup() -> None:
    html = bar_chart.chart_markup([HOSTILE], [HOSTILE, "B"], [(1, 2)], name="records")
    assert "<img" not in html and "onerror=&quot;" in html
    tree = parse(html)
    assert months(tree)[0][0] == HOSTILE
    assert tree.find("ul/li").itertext().__next__() == HOSTILE  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["", "Records", 'x" onload="1', "a b", "x" * 40])
def test_a_chart_name_that_could_break_its_id_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        bar_chart.chart_markup(["Jan"], ["A"], [(1,)], name=name)


@pytest.mark.parametrize("values", [[(1, 2)], [(1,), (2,)], [(-1,)]])
def test_amounts_that_do_not_fit_the_labels_and_parts_are_refused(values: list[tuple[int, ...]]) -> None:
    with pytest.raises(ValueError, match="amount"):
        bar_chart.chart_markup(["Jan"], ["A"], values, name="records")


def test_the_chart_is_one_image_named_by_its_summary() -> None:
    with Client(page("/bar-chart-test"), request=None) as client:
        element = bar_chart.bar_chart(["Jan"], ["A", "B"], [(100, 50)], summary=f"Bar chart {HOSTILE}", name="records")
        assert element.props["role"] == "img"
        assert element.props["aria-label"] == f"Bar chart {HOSTILE}"  # an attribute value: Vue escapes it
        assert "bar-chart" in element.classes and "<img" not in element.markup
    client.delete()


def english(key: str, **params: object) -> str:
    return translate("en-US", key, **params)


def report(monthly: list[tuple[int, int]]) -> Report:
    me = Whose(key="me", person_id=1, name="张伟", relationship=None, birth_date=date(1985, 3, 12))
    return Report("expenses", me, [me], 2025, [2025], None, None, (), [], [], {}, monthly)


def test_the_records_summary_names_each_month_with_its_amount(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_view, "t", english)
    monthly = [(0, 0)] * 12
    monthly[2], monthly[10] = (12_000, 3_456), (1, 0)
    assert records_view.chart_summary(report(monthly)) == (
        "Bar chart of medical expenses by month in 2025: March: ¥154.56, November: ¥0.01. The same amounts are listed "
        "below the chart.")


def test_an_empty_year_is_said_to_have_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_view, "t", english)
    assert "2025: nothing to show." in records_view.chart_summary(report([(0, 0)] * 12))


def test_the_personal_account_summary_gives_money_in_and_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(personal_account, "t", english)
    account = AccountView(0, [], [MonthSum("2026-11", 345_678, 0), MonthSum("2026-12", 0, 3_550)])
    assert personal_account.chart_summary(account) == ("Money in and out of your personal account by month: 2026-11: "
                                                       "in ¥3,456.78, out ¥0.00; 2026-12: in ¥0.00, out ¥35.50")
    assert personal_account.chart_summary(AccountView(0, [], [])).endswith("no movements yet")

