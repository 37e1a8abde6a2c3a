"""What a records page shows for one report: the headline yearly total, the totals, the chart by month with its
text alternative, and the records as a list of cards (readable in Extra large text; no wide table)."""

from __future__ import annotations

from nicegui import ui

from app.components import assets
from app.components.bar_chart import bar_chart
from app.components.state import t
from app.components.text import facts, heading, text
from app.services.records import ContributionRow, ExpenseRow, Report

CSS = f'<link rel="stylesheet" href="{assets.url("records.css")}">'


def money(fen: int) -> str:
    """An amount for reading: ¥12,345.67 (exact, from integer fen)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def kind_label(report: Report, kind: str) -> str:
    return t(f"records.kind.{kind}") if report.what == "expenses" else t(f"insurance.{kind}")


def place_label(report: Report, place: str) -> str:
    return report.place_names.get(place, place) if report.what == "expenses" else t(f"region.{place}")


def subtitle(report: Report) -> str:
    return t("records.for", name=report.person.name, year=report.year)


def series_labels(report: Report) -> tuple[str, str]:
    """Names of the two parts of every amount (the two stacked bars of the chart)."""
    if report.what == "expenses":
        return t("records.fund_paid"), t("records.family_paid")
    return t("records.person_paid"), t("records.subsidy")


def headline(report: Report) -> tuple[str, int]:
    """The big number: the year's medical expenses, or what the insured person paid for the year."""
    if report.what == "expenses":
        return t("records.expenses_headline", year=report.year), report.totals["total"]
    return t("records.contributions_headline", year=report.year), report.totals["paid"]


def totals_card(report: Report) -> None:
    words, amount = headline(report)
    card = ui.element("section").classes("card stack records-card records-totals")
    with card.props('aria-labelledby="totals-title"'):
        heading(2, subtitle(report), element_id="totals-title")
        with ui.element("p").classes("headline"):
            text("span", words).classes("headline-label")
            text("span", money(amount)).classes("headline-amount").mark("headline")
        first, second = series_labels(report)
        t_ = report.totals
        if report.what == "expenses":
            rows = [(first, money(t_["fund"])), (second, money(t_["family"]))]
        else:
            rows = [(second, money(t_["subsidy"])), (t("records.contribution_total"), money(t_["total"]))]
        facts([*rows, (t("records.count"), str(t_["count"]))])


def _month_sums(report: Report) -> list[tuple[int, int, int]]:
    return [(month, a, b) for month, (a, b) in enumerate(report.monthly, start=1) if a or b]


def chart_summary(report: Report) -> str:
    months = ", ".join(t("records.month_amount", month=t(f"records.month.{m}"), amount=money(a + b))
                       for m, a, b in _month_sums(report)) or t("records.chart_nothing")
    return t(f"records.chart_{report.what}", year=report.year, months=months)


def chart(report: Report) -> None:
    """Stacked bars by month (app/components/bar_chart.py). To a screen reader it is one image with a summary; the
    list under it has the same numbers as text. The legend names the two parts, the second hatched."""
    first, second = series_labels(report)
    with ui.element("section").classes("card stack records-card").props('aria-labelledby="chart-title"'):
        heading(2, t("records.by_month"), element_id="chart-title")
        bar_chart([t(f"records.month_short.{m}") for m in range(1, 13)], (first, second), report.monthly,
                  summary=chart_summary(report), name="records").mark("chart")
        with ui.element("ul").classes("month-list").mark("months"):
            for month, a, b in _month_sums(report):
                with ui.element("li"):
                    text("strong", t("records.month_amount", month=t(f"records.month.{month}"), amount=money(a + b)))
                    ui.label(f"{first} {money(a)} · {second} {money(b)}").classes("muted")


def record_list(report: Report) -> None:
    with ui.element("section").classes("stack").props('aria-labelledby="list-title"'):
        heading(2, t("records.list_title", n=len(report.rows)), element_id="list-title")
        with ui.element("ul").classes("record-list").mark("record-list"):
            for row in report.rows:
                with ui.element("li").classes("card records-card"):
                    if isinstance(row, ExpenseRow):
                        _expense(report, row)
                    elif isinstance(row, ContributionRow):
                        _contribution(report, row)


def _expense(report: Report, row: ExpenseRow) -> None:
    heading(3, f"{row.settled_on.isoformat()} · {kind_label(report, row.kind)}")
    facts([(t("records.place"), row.institution), (t("records.items"), row.items),
           (t("records.total"), money(row.total_fen)), (t("records.fund_paid"), money(row.fund_fen)),
           (t("records.family_paid"), money(row.family_fen))])


def _contribution(report: Report, row: ContributionRow) -> None:
    heading(3, f"{row.year}-{row.month:02d} · {kind_label(report, row.kind)}")
    facts([(t("records.place"), place_label(report, row.place)), (t("records.paid_on"), row.paid_on.isoformat()),
           (t("records.person_paid"), money(row.paid_fen)), (t("records.subsidy"), money(row.subsidy_fen))])


def summary(report: Report) -> None:
    """The totals for the chosen year, or the empty state in plain words."""
    if report.year is None:
        ui.label(t("records.none_yet", name=report.person.name)).classes("notice").mark("empty")
        return
    totals_card(report)
    if not report.rows:
        ui.label(t("records.empty", name=report.person.name, year=report.year)).classes("notice").mark("empty")


def details(report: Report) -> None:
    """The chart by month and the list of records (nothing when there are none)."""
    if report.rows:
        chart(report)
        record_list(report)
