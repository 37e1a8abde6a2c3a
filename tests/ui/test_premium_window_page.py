""""Pay premium for <name>" outside the collection window (DESIGN.md §2.9): on 31 August at 23:59 in Beijing the
page says when next year's premium can be paid, and offers no button."""

from __future__ import annotations

from datetime import datetime

import pytest
from nicegui import ui
from nicegui.testing import User

from app.config import get_settings
from app.services.clock import CHINA_TZ
from tests.ui.helpers import account_id, log_in, service_env
from tests.ui.staff_page_helpers import shown_text
from tests.unit.binding_helpers import ZHANG_ZIHAN
from tests.unit.mutual_aid_helpers import approved

BEFORE_THE_WINDOW = datetime(2026, 8, 31, 23, 59, tzinfo=CHINA_TZ)


@pytest.fixture(autouse=True)
def app_settings(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """As tests/ui/conftest.py, with the clock a minute before the window opens."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DEMO_MODE", "true")
    monkeypatch.setenv("FIXED_NOW", BEFORE_THE_WINDOW.isoformat())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def test_outside_the_window_it_says_when_it_opens(user: User) -> None:
    with service_env() as env:
        son = approved(env, account_id(), ZHANG_ZIHAN[1], "child")
    await log_in(user)
    await user.open("/family")
    with user.scope(marker=f"member-{son}"):
        await user.should_see("You cannot pay 张子涵's premium now.")
    assert shown_text(user, f"premium-why-{son}") == ("张子涵's premium for 2027 can be paid from 1 September to "
                                                      "31 December 2026.")
    await user.should_not_see("Pay premium for 张子涵", kind=ui.button)
