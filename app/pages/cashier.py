"""The demo pharmacy's "Cashier" (DESIGN.md §2.9; `/cashier`, demo mode only): the scanned or pasted "Code", the bill
as the insurance core system worked it out, "Settle" and "Reverse", through the same institution calls as the API
with the demo pharmacy's key. Outside demo mode the page is not there."""

from __future__ import annotations

from nicegui import run, ui

from app.components.forms import Form
from app.components.frame import frame
from app.components.state import client_address, error_text, t
from app.components.text import facts
from app.components.wizard import not_found
from app.pages.common import Busy, primary_button
from app.services import cashier, settlements
from app.services.env import Env
from app.services.errors import ValidationFailed
from app.services.records import yuan

PATH = "/cashier"


class Till:
    """The form, the visit of the code being settled (a second "Settle" reuses it: the code itself is single-use),
    and the last settlement, for "Reverse"."""

    def __init__(self, env: Env) -> None:
        self.env, self.visit_of, self.number = env, ("", ""), ""
        self.form = Form(t("form.error_summary"))
        self.code = self.form.field("code", t("cashier.code"), hint=t("cashier.code_hint"), max_length=400)
        self.total = self.form.field("total", t("cashier.total"), kind="money", max_length=12)
        self.fund = self.form.field("fund", t("cashier.fund"), kind="money", max_length=12)
        self.own = self.form.field("own", t("cashier.own"), kind="money", max_length=12)
        self.receipt = self.form.field("receipt", t("cashier.receipt"), max_length=40)
        self.outcome = ui.label("").classes("notice fec-hidden").props('role="status"').mark("cashier-outcome")
        self.shares = ui.element("div")
        self.settle_button = primary_button(t("cashier.settle")).mark("settle").on_click(self.settle)
        self.reverse_button = ui.button(t("cashier.reverse")).props("outline no-caps").classes("full").mark(
            "reverse").on_click(self.reverse)
        self.reverse_button.disable()

    def _say(self, text: str) -> None:
        self.outcome.text = text
        self.outcome.classes(remove="fec-hidden")

    async def _visit(self, code: str) -> str:
        if self.visit_of[0] != code:
            self.visit_of = (code, await run.io_bound(cashier.open_visit, self.env, code, client=client_address()))
        return self.visit_of[1]

    async def settle(self) -> None:
        self.form.clear_errors()
        self.outcome.classes(add="fec-hidden")
        try:
            bill = cashier.read_bill(self.code.value, self.total.value, self.fund.value, self.own.value,
                                     self.receipt.value)
        except ValidationFailed as exc:
            self.form.show_errors({name: error_text(code) for name, code in exc.errors.items()})
            return
        with Busy(self.settle_button):
            try:
                visit = await self._visit(bill.code)
                done = await run.io_bound(cashier.settle, self.env, visit, bill, client=client_address())
            except cashier.CodeRefused as refused:
                self.form.show_errors({"code": t(f"verify.{refused.params.get('reason', 'invalid')}")})
                return
            except settlements.Refused as refused:
                self._say(t(f"settle.{refused.code}"))
                return
        self.number = done.settlement_number
        self._say(t("cashier.settled", number=done.settlement_number))
        self._shares(done.own_fen, done.family_fen, done.cash_fen)
        self.reverse_button.enable()

    def _shares(self, own: int, family: int, cash: int) -> None:
        self.shares.clear()
        with self.shares:
            facts([(t("cashier.paid_own"), f"¥{yuan(own)}"), (t("cashier.paid_family"), f"¥{yuan(family)}"),
                   (t("cashier.paid_cash"), f"¥{yuan(cash)}")])

    async def reverse(self) -> None:
        if not self.number:
            return
        with Busy(self.reverse_button):
            try:
                done = await run.io_bound(cashier.reverse, self.env, self.number, client=client_address())
            except settlements.Refused as refused:
                self._say(t(f"settle.{refused.code}"))
                return
        self._say(t("cashier.reversed", number=done.settlement_number))
        self._shares(done.own_fen, done.family_fen, done.cash_fen)
        self.reverse_button.disable()


def register(env: Env) -> None:
    @ui.page(PATH)
    def cashier_page():  # type: ignore[no-untyped-def]
        if not env.settings.demo_mode:
            return not_found()
        with frame(env, t("cashier.title")):
            ui.label(t("cashier.intro")).classes("muted")
            Till(env)
        return None
