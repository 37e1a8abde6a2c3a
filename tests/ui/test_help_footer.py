"""A "Help" link in every page's footer (DESIGN.md §2.8, §4): before login, for a resident, in the "+" flow and for
staff, in English and Chinese."""

from __future__ import annotations

from nicegui.testing import User

from tests.ui.help_helpers import footer, links
from tests.ui.helpers import STAFF_PASSWORD, STAFF_PHONE, log_in


async def _footer_links(user: User, path: str) -> list[tuple[str, str]]:
    await user.open(path)
    return links(user, within=footer(user))


async def test_anonymous_pages_have_help_in_the_footer(user: User) -> None:
    for path in ("/login?lang=en", "/register", "/privacy", "/help"):
        assert await _footer_links(user, path) == [("Help", "/help")], path
    assert await _footer_links(user, "/login?lang=zh-CN") == [("帮助", "/help")]


async def test_resident_pages_have_help_in_the_footer(user: User) -> None:
    await log_in(user)
    for path in ("/", "/my", "/family", "/family/what-you-need", "/settings", "/notifications"):
        assert await _footer_links(user, path) == [("Help", "/help")], path


async def test_staff_pages_have_help_in_the_footer(user: User) -> None:
    await log_in(user, STAFF_PHONE, STAFF_PASSWORD, lands_on="/staff")
    for path in ("/staff", "/staff/counter", "/my"):
        assert await _footer_links(user, path) == [("Help", "/help")], path
