""""Personal account" (DESIGN.md §2.9) with the `User` fixture: the balance, the movements by month as text beside
the chart, each movement naming the patient and the institution; linked from My for employees."""

from __future__ import annotations

from nicegui.testing import User

from app.services import mutual_aid_seam, settlements
from tests.ui.helpers import account_id, log_in, service_env
from tests.unit.money_helpers import DEMO_KEY, bill, father_visit


async def test_the_balance_and_who_used_it(user: User, monkeypatch) -> None:
    holder = account_id("13800138000")
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda *_: holder)
    with service_env() as env:
        _, _, visit = father_visit(env)
        settlements.settle(env, DEMO_KEY, bill(visit, 12000, 8450))
    await log_in(user)
    await user.open("/my")
    user.find("Personal account").click()
    await user.should_see("The money in your medical insurance personal account")
    await user.should_see("¥3,421.28")  # ¥3,456.78 - ¥35.50
    await user.should_see("Paid for 张建国 at Dongcheng Kangning Pharmacy")
    await user.should_see("Opening balance")
    await user.should_see("In ¥3,456.78 · Out ¥35.50")  # the month's numbers as text
    chart = next(iter(user.find(marker="chart").elements))
    assert chart.props["role"] == "img" and "out ¥35.50" in chart.props["aria-label"]


async def test_each_employee_sees_only_their_own(user: User) -> None:
    await log_in(user, "13700137000", "Family-2026")
    await user.open("/account")
    await user.should_see("¥2,100.00")
    await user.should_not_see("¥3,456.78")
