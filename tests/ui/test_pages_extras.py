"""Placeholder pages, the notifications page and the dev SMS inbox."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import (
    RESIDENT_PHONE,
    current_path,
    log_in,
    wait_for_path,
)
from tests.ui.pages_helpers import (
    _h1,
)


@pytest.mark.parametrize(("path", "title", "text"), [
    ("/ecard", "E-card", "Showing the e-card QR code is coming soon."),
    ("/records/contributions", "Contribution records", "Records are coming soon."),
    ("/records/expenses", "Medical expense records", "Records are coming soon."),
])
async def test_placeholders_say_coming_soon(user: User, path: str, title: str, text: str) -> None:
    await log_in(user)
    await user.open(path)
    assert current_path(user) == path
    assert _h1(user) == title
    await user.should_see("Coming soon")
    await user.should_see(text)
    await user.should_see(kind=ui.link, content="Back")


async def test_placeholders_need_a_login(user: User) -> None:
    await user.open("/ecard")
    assert current_path(user) == "/login?next=/ecard"


async def test_notifications_page_when_empty(user: User) -> None:
    await log_in(user)
    user.find(kind=ui.button, content="Notifications").click()
    await wait_for_path(user, "/notifications")
    await user.should_see("You have no notifications.")


async def test_dev_sms_inbox_returns_the_newest_code(user: User) -> None:
    await user.open("/login?lang=en")
    user.find(marker="switch-mode").click()
    user.find(marker="phone").type(RESIDENT_PHONE)
    user.find(marker="send-code").click()
    await user.should_see(marker="code-status", content="We sent a 6-digit code", retries=50)

    response = await user.http_client.get("/api/dev/sms", params={"phone": RESIDENT_PHONE})
    assert response.status_code == 200
    body = response.json()
    assert body["phone"] == RESIDENT_PHONE
    assert len(body["code"]) == 6 and body["code"].isdigit()
    assert body["sent_at"].startswith("2026-11-23T02:00")  # 10:00 in Beijing, stored as UTC

    user.find(marker="code").type(body["code"])
    user.find(marker="submit").click()
    await wait_for_path(user, "/")

    missing = await user.http_client.get("/api/dev/sms", params={"phone": "13511112222"})
    assert missing.status_code == 404
