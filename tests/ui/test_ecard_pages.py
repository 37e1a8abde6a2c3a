"""E-card screens (DESIGN.md §2.4, §4, §5): the own card, "Whose card" with approved members, the
"Acting for" banner and "Switch back to my card", codes that refresh by themselves and on "Refresh
code", the full-screen view, lapsed coverage, and who may not see a card at all.

Members are bound through the services on the same database (submitted, then approved by staff with
review.decide), as the "+" flow and the review screens would leave them."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest
from nicegui.testing import User

from app.config import get_settings
from app.services import auth, cards
from app.services.binding import lifecycle
from tests.ui.helpers import (
    STAFF_PASSWORD,
    STAFF_PHONE,
    account_id,
    browser_sends,
    current_path,
    dialog_of,
    log_in,
    service_env,
    shown_id,
    wait_for_path,
    wait_until,
)
from tests.unit.binding_helpers import LIU_YANG, WANG_FANG_PHONE, ZHANG_ZIHAN, audit_events
from tests.unit.ecard_helpers import approved_member, submitted_member

FATHER_OPTION = "张建国 (Father or mother)"


def bind_father() -> int:
    with service_env() as env:
        return approved_member(env, account_id("13800138000"))


def shown_code(user: User, marker: str = "qr") -> str:
    """The signed code the QR image shows (the browser draws it from this; tests/e2e/test_ecard.py)."""
    image = next(iter(user.find(marker=marker).elements))
    assert image.props["alt"] == "E-card QR code"
    return image.props["data-card-token"]


async def test_own_card_shows_details_and_a_qr_code(user: User) -> None:
    await log_in(user)
    await user.open("/ecard")
    await user.should_see("E-card of 张伟")
    facts = (shown_id("110101********0017"), "Beijing, Dongcheng District", "Employee basic medical insurance",
             "Insured")
    for fact in facts:
        await user.should_see(fact)
    await user.should_see("Code valid for 60 more seconds")
    with service_env() as env:
        assert cards.verify_card_token(env, shown_code(user)).valid  # the code shown is a real one
    await user.should_see(marker="whose-card")
    await user.should_not_see(marker="banner")
    await user.should_see(marker="cashier", content="Show to the cashier")
    with service_env() as env:
        assert [e["action"] for e in audit_events(env, account_id("13800138000"), "ecard_shown")] == ["ecard_shown"]
    await user.open("/activity")
    await user.should_see("Your e-card was shown")


async def test_refresh_code_shows_a_new_code(user: User) -> None:
    await log_in(user)
    await user.open("/ecard")
    before = shown_code(user)
    user.find(marker="refresh").click()
    await wait_until(lambda: shown_code(user) != before, what="a new code")
    await user.should_see("A new code is shown.")
    user.find(marker="cashier").click()
    assert shown_code(user, "cashier-qr") == shown_code(user)  # the full-screen view shows the same code
    newer = shown_code(user)
    user.find(marker="refresh").click()  # and keeps showing the newest once it is made
    await wait_until(lambda: shown_code(user) != newer, what="another new code")
    assert shown_code(user, "cashier-qr") == shown_code(user)


async def test_whose_card_switches_to_the_father_and_back(user: User) -> None:
    father = bind_father()
    await log_in(user)
    await user.open("/ecard")
    user.find(marker="whose-card").click()
    user.find(FATHER_OPTION).click()
    await wait_for_path(user, f"/ecard/member/{father}")
    await user.should_see(marker="banner")
    await user.should_see("Acting for 张建国")
    await user.should_see("E-card of 张建国")
    await user.should_see(shown_id("110101********0039"))
    await user.should_see("Urban and rural resident medical insurance")
    assert re.fullmatch(r"[A-Z2-7]{144}", shown_code(user))

    user.find(marker="switch-back").click()
    await wait_for_path(user, "/ecard")
    await user.should_see("E-card of 张伟")
    await user.should_not_see(marker="banner")


async def test_show_to_the_cashier_opens_and_exits_full_screen(user: User) -> None:
    await log_in(user)
    await user.open("/ecard")
    await user.should_not_see(marker="cashier-qr")  # made when first asked for
    user.find(marker="cashier").click()
    dialog = dialog_of(next(iter(user.find(marker="cashier-qr").elements)))
    assert "maximized" in dialog.props
    await wait_until(lambda: dialog.value, what="the full-screen view")
    assert shown_code(user, "cashier-qr") == shown_code(user)
    user.find(marker="exit-full").click()
    await wait_until(lambda: not dialog.value, what="the full-screen view to close")


async def test_lapsed_member_shows_not_insured_and_no_qr(user: User) -> None:
    with service_env() as env:
        liu = approved_member(env, account_id("13800138000"), LIU_YANG, "sibling")
    await log_in(user)
    await user.open(f"/ecard/member/{liu}")
    await user.should_see("Acting for 刘洋")
    await user.should_see(marker="not-insured")
    await user.should_see("Not insured")
    await user.should_not_see(marker="qr")
    await user.should_not_see(marker="refresh")
    await user.should_not_see(marker="cashier")


async def test_other_familys_and_unapproved_members_are_not_found(user: User) -> None:
    with service_env() as env:
        son = approved_member(env, account_id(WANG_FANG_PHONE), ZHANG_ZIHAN, "child")
        pending = submitted_member(env, account_id("13800138000"))
    await log_in(user)
    for path in (f"/ecard/member/{son}", f"/ecard/member/{pending}", "/ecard/member/999999", "/ecard/member/abc",
                 "/ecard/member/-1"):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in response.text and "张子涵" not in response.text and "data:image" not in response.text


async def test_staff_are_sent_away_from_every_card(user: User) -> None:
    father = bind_father()
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    for path in ("/ecard", f"/ecard/member/{father}"):
        response = await user.http_client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/staff", path
    await user.open("/ecard")
    await wait_for_path(user, "/staff")
    await user.should_not_see(marker="qr")


async def test_a_card_unbound_while_open_goes_back_to_the_own_card(user: User) -> None:
    father = bind_father()
    await log_in(user)
    await user.open(f"/ecard/member/{father}")
    with service_env() as env:
        lifecycle.unbind(env, account_id("13800138000"), father, client="test")
    user.find(marker="refresh").click()
    await wait_for_path(user, "/ecard?member_gone=1")
    await user.should_see("That family member's card can no longer be shown")
    await user.should_not_see(marker="banner")


async def test_no_new_codes_after_logging_out_everywhere(user: User) -> None:
    await log_in(user)
    await user.open("/ecard")
    with service_env() as env:
        auth.logout_everywhere(env, account_id("13800138000"), client="test")
    user.find(marker="refresh").click()
    await wait_until(lambda: current_path(user).startswith("/login"), what="the login page")


@pytest.fixture
def fast_refresh(monkeypatch: pytest.MonkeyPatch):
    """Fetch a new code 59 s before the 60 s expire, i.e. after about a second."""
    monkeypatch.setenv("CARD_REFRESH_LEAD_SECONDS", "59")
    get_settings.cache_clear()


def browser_says_due(user: User) -> None:
    """What assets/ecard.js sends when its countdown reaches the time for the next code."""
    browser_sends(user, "fec_card_due")


async def test_the_code_refreshes_by_itself_before_it_expires(fast_refresh, user: User) -> None:
    await log_in(user)
    await user.open("/ecard")
    first = shown_code(user)
    await asyncio.sleep(1.0)
    browser_says_due(user)
    await wait_until(lambda: shown_code(user) != first, timeout=10, what="an automatic refresh")
    second = shown_code(user)
    await asyncio.sleep(1.0)
    browser_says_due(user)
    await wait_until(lambda: shown_code(user) != second, timeout=10, what="another automatic refresh")
    await user.should_not_see("A new code is shown.")  # only "Refresh code" announces itself


async def test_a_code_asked_for_long_before_it_is_due_stays(user: User) -> None:
    await log_in(user)
    await user.open("/ecard")
    first = shown_code(user)
    browser_says_due(user)  # the next code is due in 55 s, not now
    await asyncio.sleep(0.5)
    assert shown_code(user) == first


async def test_refresh_code_tapped_while_a_new_code_is_on_its_way_is_confirmed(
        fast_refresh, user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The automatic refresh is slow (a slow connection to the database, say); "Refresh code" tapped meanwhile
    gets its confirmation when that code comes, instead of being dropped without a word."""
    issue, asked, release = cards.issue_card_token, threading.Event(), threading.Event()

    def slow_issue(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.set()
        release.wait(10)
        return issue(*args, **kwargs)

    await log_in(user)
    await user.open("/ecard")
    first = shown_code(user)
    monkeypatch.setattr(cards, "issue_card_token", slow_issue)
    await asyncio.sleep(1.0)
    browser_says_due(user)
    await wait_until(asked.is_set, timeout=10, what="the automatic refresh to start")
    user.find(marker="refresh").click()
    release.set()
    await wait_until(lambda: shown_code(user) != first, what="the new code")
    await user.should_see("A new code is shown.")
