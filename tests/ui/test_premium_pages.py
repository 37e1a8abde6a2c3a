""""Pay premium for <name>" on My family members (DESIGN.md §2.9, §3, §4) with the `User` fixture: the button, a
confirmation that shows the amount ("Pay ¥400.00") before money moves, the payment on the Personal account page and
in Account activity, and the refusals in plain words (for a relationship not proven: what to bring to a counter); an
open page that no longer holds pays nothing."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.services import auth, ledger, premiums
from tests.ui.help_helpers import BRING, links
from tests.ui.helpers import (
    RESIDENT_PASSWORD,
    RESIDENT_PHONE,
    account_id,
    log_in,
    service_env,
    wait_for_path,
    wait_until,
)
from tests.ui.staff_page_helpers import events, shown_text
from tests.unit.binding_helpers import WANG_FANG_PHONE, ZHANG_JIANGUO, ZHANG_WEI, ZHANG_ZIHAN, person_id
from tests.unit.money_helpers import balance_of
from tests.unit.mutual_aid_helpers import approved

SON = "张子涵"
BUTTON = f"Pay premium for {SON}"


def _bind(member: tuple[str, str], relationship: str, phone: str = RESIDENT_PHONE) -> int:
    with service_env() as env:
        return approved(env, account_id(phone), member[1], relationship)


def _balance() -> int | None:
    with service_env() as env:
        return balance_of(env, ZHANG_WEI[1])


async def test_paying_his_sons_premium_asks_first_and_shows_in_the_personal_account(user: User) -> None:
    son = _bind(ZHANG_ZIHAN, "child")
    await log_in(user)
    await user.open("/family")
    with user.scope(marker=f"member-{son}"):
        await user.should_see(BUTTON, kind=ui.button)
        await user.should_see("Resident medical insurance premium for 2027: ¥400.00, from your personal account.")

    user.find(marker=f"premium-pay-{son}").click()
    await user.should_see(f"Pay {SON}'s premium for 2027?")
    await user.should_see(f"¥400.00 is paid from your personal account for {SON}'s resident medical insurance in 2027.")
    user.find(marker=f"cancel-premium-{son}").click()  # Cancel: nothing moves
    assert _balance() == 345678

    user.find(marker=f"premium-pay-{son}").click()
    user.find(kind=ui.button, content="Pay ¥400.00").click()
    await wait_for_path(user, f"/family?premium_paid={son}")
    await user.should_see(f"Paid: {SON}'s premium is in their contribution records.")
    await user.should_see(f"{SON}'s premium for 2027 is already paid.")
    await user.should_not_see(BUTTON, kind=ui.button)
    assert _balance() == 345678 - 40000
    assert len(events(RESIDENT_PHONE, "premium_paid")) == 1

    await user.open("/account")
    await user.should_see("¥3,056.78")
    await user.should_see(f"Premium 2027 for {SON}")
    await user.open("/activity")
    await user.should_see("You paid a family member's resident medical insurance premium from your personal account")


async def test_not_enough_money_says_so_and_moves_nothing(user: User) -> None:
    son = _bind(ZHANG_ZIHAN, "child")
    with service_env() as env, env.db.transaction(immediate=True) as s:  # ¥399.99 left: a cent short
        account = ledger.personal_account(s, person_id(env, ZHANG_WEI[1]))
        paid_to = ledger.system_account(s, ledger.INSTITUTIONS, env.clock.now())
        ledger.move(s, kind="settlement", source=account, target=paid_to, amount_fen=345678 - 39999,
                    now=env.clock.now())
    await log_in(user)
    await user.open("/family")
    user.find(marker=f"premium-pay-{son}").click()
    user.find(kind=ui.button, content="Pay ¥400.00").click()
    await wait_until(lambda: shown_text(user, f"premium-problem-{son}") ==
                     "Your personal account does not hold enough for this premium, so nothing was paid.",
                     what="the refusal")
    assert _balance() == 39999 and events(RESIDENT_PHONE, "premium_paid") == []


async def test_paid_in_another_tab_pays_nothing_again(user: User) -> None:
    son = _bind(ZHANG_ZIHAN, "child")
    await log_in(user)
    await user.open("/family")
    user.find(marker=f"premium-pay-{son}").click()
    await user.should_see("Pay ¥400.00")
    with service_env() as env:
        premiums.pay(env, account_id(), son, year=2027, amount_fen=40000, client="other tab")
    user.find(kind=ui.button, content="Pay ¥400.00").click()
    await wait_until(lambda: shown_text(user, f"premium-problem-{son}") ==
                     "This premium is already paid, so nothing was paid again.", what="the refusal")
    assert _balance() == 345678 - 40000


async def test_a_relationship_not_proven_says_what_to_bring_to_a_counter(user: User) -> None:
    in_law = _bind(ZHANG_JIANGUO, "parent", WANG_FANG_PHONE)  # 王芳's father-in-law: the registry says nothing
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await user.open("/family")
    with user.scope(marker=f"member-{in_law}"):
        await user.should_see("You cannot pay 张建国's premium now.")
        await user.should_see("Because money moves, your relationship must be proven first")
        await user.should_not_see("Pay premium for 张建国")
    [item] = user.find(marker=f"premium-{in_law}").elements
    assert links(user, within=item) == [BRING["relationship"]]


async def test_after_log_out_on_all_devices_the_open_page_pays_nothing(user: User) -> None:
    son = _bind(ZHANG_ZIHAN, "child")
    await log_in(user)
    await user.open("/family")
    user.find(marker=f"premium-pay-{son}").click()
    await user.should_see("Pay ¥400.00")
    with service_env() as env:
        auth.logout_everywhere(env, account_id())
    user.find(kind=ui.button, content="Pay ¥400.00").click()
    await wait_for_path(user, "/login?expired=1&next=/family")
    assert events(RESIDENT_PHONE, "premium_paid") == [] and _balance() == 345678


async def test_the_button_and_its_confirmation_in_chinese(user: User) -> None:
    son = _bind(ZHANG_ZIHAN, "child")
    await log_in(user)
    await user.open("/family?lang=zh-CN")
    await user.should_see(f"为{SON}缴纳医保费", kind=ui.button)
    user.find(marker=f"premium-pay-{son}").click()
    await user.should_see(f"为{SON}缴纳2027年的居民医保费吗？")
    user.find(kind=ui.button, content="支付¥400.00").click()
    await wait_for_path(user, f"/family?premium_paid={son}")
    await user.should_see(f"{SON}2027年的医保费已缴纳。")
