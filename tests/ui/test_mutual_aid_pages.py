""""Let <name> use my personal account" on My family members (DESIGN.md §2.9, §3, §4): a toggle button with
aria-pressed that asks for confirmation both ways, what the confirmation allows, the refusals in plain words (for a
relationship not proven: what to bring to a counter), and an open page that no longer holds (unbound in another
tab, logged out everywhere) changes nothing."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.services import auth, mutual_aid
from app.services.binding import lifecycle
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
from tests.unit.binding_helpers import LIU_YANG, WANG_FANG_PHONE, ZHANG_JIANGUO, ZHANG_WEI, ZHAO_GUIYING
from tests.unit.mutual_aid_helpers import approved, set_person

FATHER = "张建国"
SWITCH = f"Let {FATHER} use my personal account"
NOT_MEMBER = "This family member is no longer on your list, so nothing was changed."
NOT_PROVEN = "Because money moves, your relationship must be proven first"


def _bind(member: tuple[str, str], relationship: str, phone: str = RESIDENT_PHONE) -> int:
    with service_env() as env:
        return approved(env, account_id(phone), member[1], relationship)


def _on(request_id: int) -> bool:
    with service_env() as env:
        states = mutual_aid.status(env, account_id())
    return states[request_id].on


def _pressed(user: User, request_id: int) -> str:
    [button] = user.find(marker=f"aid-switch-{request_id}").elements
    assert isinstance(button, ui.button)
    return button.props["aria-pressed"]


async def test_turning_it_on_and_off_asks_first_and_says_what_it_allows(user: User) -> None:
    father = _bind(ZHANG_JIANGUO, "parent")
    await log_in(user)
    await user.open("/family")
    with user.scope(marker=f"member-{father}"):
        await user.should_see(SWITCH, kind=ui.button)
        await user.should_see("Off")
    assert _pressed(user, father) == "false"

    user.find(marker=f"aid-switch-{father}").click()
    await user.should_see(f"Let {FATHER} use your personal account?")
    await user.should_see(f"When {FATHER}'s own personal account cannot pay, your personal account pays {FATHER}'s "
                          "own share at hospitals and pharmacies.")
    user.find(marker=f"cancel-aid-{father}").click()  # Cancel: nothing changes
    assert _pressed(user, father) == "false" and not _on(father)

    user.find(marker=f"aid-switch-{father}").click()
    user.find(kind=ui.button, content="Turn on").click()
    await wait_for_path(user, f"/family?aid_on={father}")
    await user.should_see(f"Turned on: your personal account can now pay {FATHER}'s own share.")
    assert _pressed(user, father) == "true" and _on(father)
    assert shown_text(user, f"aid-state-{father}") == "On"

    user.find(marker=f"aid-switch-{father}").click()
    await user.should_see(f"Stop {FATHER} using your personal account?")
    user.find(kind=ui.button, content="Turn off").click()
    await wait_for_path(user, f"/family?aid_off={father}")
    await user.should_see(f"Turned off: your personal account no longer pays {FATHER}'s own share.")
    assert _pressed(user, father) == "false" and not _on(father)
    assert len(events(RESIDENT_PHONE, "mutual_aid_on")) == len(events(RESIDENT_PHONE, "mutual_aid_off")) == 1
    await user.open("/activity")
    await user.should_see("Family mutual aid turned on: a family member can use your personal account")


async def test_a_relationship_not_proven_says_what_to_bring_to_a_counter(user: User) -> None:
    in_law = _bind(ZHANG_JIANGUO, "parent", WANG_FANG_PHONE)  # 王芳's father-in-law: the registry links say nothing
    await log_in(user, WANG_FANG_PHONE, RESIDENT_PASSWORD)
    await user.open("/family")
    with user.scope(marker=f"member-{in_law}"):
        await user.should_see(f"{FATHER} cannot use your personal account.")
        await user.should_see(NOT_PROVEN)
        await user.should_see("to a service counter")
        await user.should_not_see(SWITCH)
    [item] = user.find(marker=f"aid-{in_law}").elements
    assert links(user, within=item) == [BRING["relationship"]]


async def test_each_refusal_is_worded(user: User) -> None:
    lapsed = _bind(LIU_YANG, "sibling")
    other = _bind(ZHAO_GUIYING, "other")
    await log_in(user)
    await user.open("/family")
    assert shown_text(user, f"aid-why-{lapsed}").startswith("This family member's medical insurance has lapsed")
    assert shown_text(user, f"aid-why-{other}").startswith("A personal account can only be shared with a close "
                                                          "relative")
    for request_id in (lapsed, other):  # neither refusal of the switch sends anyone to a counter
        [switch] = user.find(marker=f"aid-{request_id}").elements
        assert links(user, within=switch) == []
    await user.should_not_see(kind=ui.button, content="use my personal account")


async def test_a_holder_who_is_not_an_employee_sees_no_switch(user: User) -> None:
    father = _bind(ZHANG_JIANGUO, "parent")
    with service_env() as env:
        set_person(env, ZHANG_WEI[1], insurance_type="resident")
    await log_in(user)
    await user.open("/family")
    await user.should_see(f"Unbind {FATHER}")
    await user.should_not_see(marker=f"aid-{father}")


async def test_unbound_in_another_tab_turns_nothing_on(user: User) -> None:
    father = _bind(ZHANG_JIANGUO, "parent")
    await log_in(user)
    await user.open("/family")
    user.find(marker=f"aid-switch-{father}").click()
    await user.should_see(f"Let {FATHER} use your personal account?")
    with service_env() as env:
        lifecycle.unbind(env, account_id(), father, client="other tab")
    user.find(kind=ui.button, content="Turn on").click()
    await wait_until(lambda: shown_text(user, f"aid-problem-{father}") == NOT_MEMBER, what="the refusal")
    assert events(RESIDENT_PHONE, "mutual_aid_on") == []


async def test_after_log_out_on_all_devices_the_open_page_turns_nothing_on(user: User) -> None:
    father = _bind(ZHANG_JIANGUO, "parent")
    await log_in(user)
    await user.open("/family")
    user.find(marker=f"aid-switch-{father}").click()
    await user.should_see(f"Let {FATHER} use your personal account?")
    with service_env() as env:
        auth.logout_everywhere(env, account_id())
    user.find(kind=ui.button, content="Turn on").click()
    await wait_for_path(user, "/login?expired=1&next=/family")
    assert events(RESIDENT_PHONE, "mutual_aid_on") == []


async def test_the_switch_and_its_confirmation_in_chinese(user: User) -> None:
    father = _bind(ZHANG_JIANGUO, "parent")
    await log_in(user)
    await user.open("/family?lang=zh-CN")
    await user.should_see(f"允许{FATHER}使用我的个人账户", kind=ui.button)
    await user.should_see("未开通")
    user.find(marker=f"aid-switch-{father}").click()
    await user.should_see(f"允许{FATHER}使用您的个人账户吗？")
    user.find(kind=ui.button, content="开通").click()
    await wait_for_path(user, f"/family?aid_on={father}")
    assert shown_text(user, f"aid-state-{father}") == "已开通"
