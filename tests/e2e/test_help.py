"""Help and "What you need" in a phone browser (390x844, touch), in Standard and Extra large text, axe clean
(DESIGN.md §2.2, §2.8, §3): the help lines as `tel:` links, "What to bring" links that scroll to their sections,
a link from another page straight to a section, and "What you need" before the "+" flow with its links."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, check_a11y
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import assert_targets_at_least, log_in

CASES = ("What to bring: binding a child", "What to bring: binding an elder", "What to bring: binding a newborn",
         "What to bring: an exception", "What to bring: verifying your identity", "What to bring: removing a holder",
         "What to bring: proving a relationship")


def _help_page(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", level=1, name="Help", exact=True)).to_be_visible()
    for number in ("12393", "12333"):
        expect(page.get_by_role("link", name=number, exact=True)).to_have_attribute("href", f"tel:{number}")
    expect(page.get_by_role("link", name="010-12393", exact=True)).to_have_attribute("href", "tel:01012393")
    expect(page.get_by_role("link", name="National Medical Insurance Service Platform (fuwu.nhsa.gov.cn)",
                            exact=True)).to_have_attribute("href", "https://fuwu.nhsa.gov.cn")
    for case in CASES:
        expect(page.get_by_role("link", name=case, exact=True)).to_be_visible()
        expect(page.get_by_role("heading", level=2, name=case, exact=True)).to_be_attached()
    check_a11y(page, name)


def _help_in_the_footer(page: Page, size: int) -> None:
    link = page.get_by_role("contentinfo").get_by_role("link", name="Help", exact=True)
    expect(link).to_have_attribute("href", "/help")
    box = link.bounding_box()
    assert box is not None and box["width"] >= size - 0.5 and box["height"] >= size - 0.5, box


def test_help_for_anyone_in_standard_and_extra_large_text(page: Page, server: Server) -> None:
    page.goto("/login?lang=en")
    _help_in_the_footer(page, 44)
    page.get_by_role("contentinfo").get_by_role("link", name="Help", exact=True).click()
    _help_page(page, "help-standard")
    page.get_by_role("link", name="What to bring: removing a holder", exact=True).click()
    expect(page.get_by_role("heading", level=2, name="What to bring: removing a holder")).to_be_in_viewport()
    assert page.url.endswith("/help#bring-remove-holder")

    choose_text_size(page, "Extra large")
    expect(page.locator("body")).to_have_css("font-size", "30px")
    page.goto("/help#bring-exception")  # from another page straight to the case, even in large text
    expect(page.get_by_role("heading", level=2, name="What to bring: an exception")).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")
    _help_page(page, "help-xl")
    assert_targets_at_least(page, 60)
    _help_in_the_footer(page, 60)
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 390, "height": 844})
    choose_text_size(page, "Standard")


def test_what_you_need_before_adding_a_family_member(page: Page, server: Server) -> None:
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    choose_text_size(page, "Standard")
    page.goto("/family")
    page.get_by_role("button", name="Add family member", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="What you need")).to_be_visible()
    for case in ("What to bring: binding a child", "What to bring: binding a newborn",
                 "What to bring: binding an elder", "What to bring: an exception"):
        expect(page.get_by_role("link", name=case, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Continue", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Back", exact=True)).to_be_visible()
    check_a11y(page, "what-you-need-standard")

    choose_text_size(page, "Extra large")
    expect(page.locator("body")).to_have_css("font-size", "30px")
    check_a11y(page, "what-you-need-xl")
    assert_targets_at_least(page, 60)
    page.get_by_role("link", name="What to bring: binding a newborn", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Help", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="What to bring: binding a newborn")).to_be_in_viewport()
    expect(page.get_by_text("You are insured in Beijing, Dongcheng District.")).to_be_attached()
    check_a11y(page, "help-resident-xl")
    page.go_back()  # "Continue" is for the binding tests: no draft is started here
    expect(page.get_by_role("heading", level=1, name="What you need")).to_be_visible()
    choose_text_size(page, "Standard")  # the account remembers it; leave it as found
