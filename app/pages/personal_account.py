""""Personal account" (DESIGN.md §2.9, `/account`): the balance, the movements by month (a chart and the same
numbers as text), and every movement naming who used the money and where. Employees only; others are told why
there is none."""

from __future__ import annotations

from nicegui import run, ui

from app.components.bar_chart import bar_chart
from app.components.frame import frame
from app.components.state import current_session, t
from app.components.text import facts, heading, text
from app.pages.records_view import CSS, money
from app.services import personal_account
from app.services.env import Env
from app.services.personal_account import AccountView, MovementRow


def _what(row: MovementRow) -> str:
    if row.kind == "opening":
        return t("account.opening")
    if row.kind == "premium":
        return t("account.premium", year=row.premium_year or "", name=row.patient or "")
    key = "account.paid" if row.kind == "settlement" else "account.reversed"
    return t(key, name=row.patient or "", institution=row.institution or "")


def _signed(fen: int) -> str:
    return ("+" if fen >= 0 else "-") + money(abs(fen))


def chart_summary(account: AccountView) -> str:
    months = "; ".join(t("account.month_line", month=m.month, money_in=money(m.in_fen), money_out=money(m.out_fen))
                       for m in account.months)
    return t("account.chart", months=months or t("account.chart_nothing"))


def _chart(account: AccountView) -> None:
    """Money in and out by month, side by side (they do not add up), as an image with a summary; the numbers as text
    follow it."""
    with ui.element("section").classes("card stack records-card").props('aria-labelledby="months-title"'):
        heading(2, t("account.by_month"), element_id="months-title")
        bar_chart([m.month for m in account.months], (t("account.in"), t("account.out")),
                  [(m.in_fen, m.out_fen) for m in account.months], summary=chart_summary(account), name="account",
                  stacked=False).mark("chart")
        with ui.element("ul").classes("month-list").mark("months"):
            for month in account.months:
                with ui.element("li"):
                    text("strong", month.month)
                    ui.label(f"{t('account.in')} {money(month.in_fen)} · {t('account.out')} {money(month.out_fen)}"
                             ).classes("muted")


def _movements(account: AccountView) -> None:
    with ui.element("section").classes("stack").props('aria-labelledby="movements-title"'):
        heading(2, t("account.movements"), element_id="movements-title")
        with ui.element("ul").classes("record-list").mark("movements"):
            for row in account.movements:
                with ui.element("li").classes("card records-card"):
                    heading(3, f"{row.at:%Y-%m-%d %H:%M} · {_signed(row.amount_fen)}")
                    ui.label(_what(row)).mark("movement")


def show(account: AccountView | None) -> None:
    ui.label(t("account.intro")).props("data-read-aloud")
    if account is None:
        ui.label(t("account.none")).classes("notice").mark("no-account")
        return
    with ui.element("section").classes("card stack records-card").props('aria-labelledby="balance-title"'):
        heading(2, t("account.balance"), element_id="balance-title")
        with ui.element("p").classes("headline"):
            text("span", money(account.balance_fen)).classes("headline-amount").mark("balance")
        facts([(t("account.movement_count"), str(len(account.movements)))])
    _chart(account)
    _movements(account)


def register(env: Env) -> None:
    @ui.page("/account")
    async def account_page() -> None:
        info = current_session()
        assert info is not None  # the guard lets only verified residents in
        account = await run.io_bound(personal_account.view, env, info.account_id)
        ui.add_head_html(CSS)
        with frame(env, t("account.title"), active="nav.my"):
            show(account)
