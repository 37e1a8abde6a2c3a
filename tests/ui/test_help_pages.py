"""Help (DESIGN.md §2.8): the help lines 12393 and 12333 as `tel:` links, the insurance agency's website, the
service halls (a verified resident's own first, everyone else all of them) and "What to bring" for every counter
case, each a link to its section of the page; open to everyone. And "What you need" before the "+" flow (§2.2)."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from app.components.help_links import bring_link, help_link
from tests.ui.binding_page_helpers import WHAT_YOU_NEED, wait_for_step
from tests.ui.counter_page_helpers import ASSISTING, staff_assisting
from tests.ui.help_helpers import BRING, links, links_in, page_text, read
from tests.ui.helpers import (
    CHEN_ID,
    CHEN_NAME,
    STAFF_PASSWORD,
    STAFF_PHONE,
    current_path,
    log_in,
    wait_for_path,
)
from tests.ui.pages_helpers import _h1
from tests.ui.register_helpers import _register, prove_with_the_registry_code

DONGCHENG = "Dongcheng District Medical Insurance Service Hall (demo)"
XUHUI = "Xuhui District Medical Insurance Service Hall (demo)"
WEBSITE = ("National Medical Insurance Service Platform (fuwu.nhsa.gov.cn)", "https://fuwu.nhsa.gov.cn")


def _halls(user: User) -> list[str]:
    return [text for tag, _, text in read(user).headings if tag == "h3"]


async def test_anyone_can_open_help_with_its_lines_website_halls_and_what_to_bring(user: User) -> None:
    await user.open("/help?lang=en")
    assert current_path(user) == "/help?lang=en"  # no login needed
    assert _h1(user) == "Help"
    found = links(user)
    assert ("12393", "tel:12393") in found and ("12333", "tel:12333") in found
    await user.should_see("Medical insurance service hotline")
    await user.should_see("Human resources and social security hotline")
    assert WEBSITE in found
    # Someone not logged in is insured somewhere we do not know: every hall, in full, with a number to tap.
    await user.should_see("Go to the service hall of the region where you are insured.")
    assert _halls(user) == [DONGCHENG, XUHUI]
    await user.should_see("1 Example Hutong, Dongcheng District, Beijing 100010 (demo address)")
    await user.should_see("Monday to Friday 9:00–12:00 and 13:30–17:00; closed on public holidays")
    assert ("010-12393", "tel:01012393") in found and ("021-12393", "tel:02112393") in found


async def test_what_to_bring_links_lead_to_their_sections_on_the_page(user: User) -> None:
    await user.open("/help?lang=en")
    page = read(user)
    top = [link for link in page.links if link[0].startswith("What to bring:")]
    assert top == [(name, href.removeprefix("/help")) for name, href in BRING.values()]  # same page, in order
    sections = {anchor: text for tag, anchor, text in page.headings if tag == "h2" and anchor}
    for name, href in BRING.values():
        assert sections[href.split("#")[1]] == name
    text = page_text(user)
    for words in ("The household registration book: staff take photos of its head page and the child's page.",
                  "The baby's birth certificate.", "a document that shows how you are related",
                  "a consent to the binding, signed by the child's parent or guardian",
                  "the reason you need to show it too", "Your own ID card: the card itself, not a copy or a photo.",
                  "The family member's own ID card: staff check it"):
        assert words in text, words


async def test_a_dongcheng_resident_sees_their_hall_first(user: User) -> None:
    await log_in(user)
    await user.open("/help")
    await user.should_see("You are insured in Beijing, Dongcheng District. Your service hall is listed first.")
    assert _halls(user) == [DONGCHENG, XUHUI]


async def test_a_xuhui_resident_sees_their_hall_first(user: User) -> None:
    await _register(user)
    await user.open("/help")  # before real-name verification: open, with every hall
    assert current_path(user) == "/help"
    await user.should_see("Go to the service hall of the region where you are insured.")
    await user.open("/verify")
    user.find(marker="name").type(CHEN_NAME)
    user.find(marker="id_number").type(CHEN_ID)
    user.find(marker="submit").click()
    await prove_with_the_registry_code(user)
    await user.open("/help")
    await user.should_see("You are insured in Shanghai, Xuhui District. Your service hall is listed first.")
    assert _halls(user) == [XUHUI, DONGCHENG]


async def test_staff_open_help_with_every_hall(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    await user.open("/help")
    assert current_path(user) == "/help"
    await user.should_see("Go to the service hall of the region where you are insured.")
    assert _halls(user) == [DONGCHENG, XUHUI]


async def test_help_in_chinese(user: User) -> None:
    await user.open("/help?lang=zh-CN")
    assert _h1(user) == "帮助"
    found = links(user)
    assert ("12393", "tel:12393") in found and ("12333", "tel:12333") in found
    assert ("需要带什么：绑定孩子", "#bring-child") in found
    assert ("国家医保服务平台（fuwu.nhsa.gov.cn）", "https://fuwu.nhsa.gov.cn") in found
    assert _halls(user) == ["东城区医疗保障服务大厅（演示）", "徐汇区医疗保障服务大厅（演示）"]
    await user.should_see("北京市东城区示例胡同1号，邮编100010（演示地址）")


async def test_the_help_and_what_to_bring_links_for_any_page(user: User) -> None:
    await user.open("/help?lang=en")  # any page: the links are made in its language
    assert user.client is not None
    with user.client.content:
        made = [help_link(), *(bring_link(case) for case in BRING)]
    assert [link for block in made for link in links_in(block)] == [("Help", "/help"), *BRING.values()]


async def test_a_page_that_fails_on_our_side_offers_help(user: User, caplog: pytest.LogCaptureFixture) -> None:
    @ui.page("/test-failing-help")
    def failing_page() -> None:
        raise RuntimeError("failed")

    await log_in(user)
    response = await user.http_client.get("/test-failing-help?lang=en")
    assert response.status_code == 500
    assert 'href=\\"/help\\" class=\\"nicegui-link\\"&gt;Help&lt;/a&gt;' in response.text
    caplog.clear()  # the failure itself is logged for the operators, as intended


# --- What you need, before the first step of the "+" flow -------------------------------------------------------

async def test_what_you_need_comes_before_the_notice(user: User) -> None:
    await log_in(user)
    await user.open("/family")
    user.find(marker="add-member").click()
    await wait_for_path(user, WHAT_YOU_NEED)
    assert _h1(user) == "What you need"
    text = page_text(user)
    for words in ("Their name and ID number", "The birth certificate, and the mother's name and ID number.",
                  "The household registration book: you take photos of the head page and the child's page.",
                  "The family member in person: you take their photo"):
        assert words in text, words
    shown = [link for link in links(user) if link[0].startswith("What to bring:")]
    assert shown == [BRING["child"], BRING["newborn"], BRING["elder"], BRING["exception"]]
    user.find(marker="continue").click()
    first = await wait_for_step(user, "notice")
    await user.open(WHAT_YOU_NEED)  # "Continue" again resumes the same draft
    user.find(marker="continue").click()
    assert await wait_for_step(user, "notice") == first


async def test_what_you_need_back_goes_to_the_family_list(user: User) -> None:
    await log_in(user)
    await user.open(WHAT_YOU_NEED)
    user.find(marker="back").click()
    await wait_for_path(user, "/family")


async def test_staff_at_the_counter_pass_through_what_you_need(user: User) -> None:
    await staff_assisting(user)
    await user.open("/staff/counter")
    user.find("Add a family member for 张伟").click()
    await wait_for_path(user, WHAT_YOU_NEED)
    await user.should_see(ASSISTING)
    user.find(marker="continue").click()
    await wait_for_step(user, "notice")
