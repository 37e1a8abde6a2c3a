"""The notifications page, the dev endpoints (demo mode only) and the page shown when a page fails."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from app.config import get_settings
from tests.ui.helpers import (
    RESIDENT_PHONE,
    log_in,
    wait_for_path,
)
from tests.unit.security_helpers import STRONG


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
    await user.should_see(marker="code-status", content="we sent a 6-digit code", retries=50)

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


async def test_a_failing_page_says_so_in_plain_words_without_the_error(user: User,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    @ui.page("/test-failing-page")
    def failing_page() -> None:
        raise RuntimeError("secret detail: (psycopg.errors.StringDataRightTruncation) SQL: INSERT ...")

    await log_in(user)
    response = await user.http_client.get("/test-failing-page?lang=en")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "What you saved before is kept" in response.text
    assert "secret detail" not in response.text and "psycopg" not in response.text and "Traceback" not in response.text
    zh = await user.http_client.get("/test-failing-page?lang=zh-CN")
    assert "系统出了点问题" in zh.text and "secret detail" not in zh.text
    assert any("secret detail" in r.getMessage() for r in caplog.records)  # the operators see what failed
    caplog.clear()


@pytest.fixture
def outside_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production settings: no demo mode, and keys of its own (the development ones are refused)."""
    monkeypatch.setenv("DEMO_MODE", "false")
    for name, value in STRONG.items():
        monkeypatch.setenv(name.upper(), value)
    get_settings.cache_clear()


async def test_the_dev_endpoints_are_not_there_outside_demo_mode(outside_demo_mode: None, user: User) -> None:
    for path in ("/api/dev/sms?phone=" + RESIDENT_PHONE, "/api/dev/pages"):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
    assert (await user.http_client.get("/api/health")).status_code == 200  # the server itself answers


async def test_the_page_count_in_demo_mode(user: User) -> None:
    await user.open("/login")
    response = await user.http_client.get("/api/dev/pages")
    assert response.status_code == 200
    held = response.json()
    assert set(held) == {"pages", "connected"}
    assert held["pages"] >= 1 and 0 <= held["connected"] <= held["pages"]
