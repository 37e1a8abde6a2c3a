"""UI tier: NiceGUI's `User` fixture runs main.py against a fresh copy of the test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui import Client, background_tasks

from app.config import get_settings
from tests.conftest import FIXED_NOW


@pytest.fixture(scope="session", autouse=True)
def outboxes_stop_before_the_tasks_are_cancelled() -> Iterator[None]:
    """At the end of each test the app shuts down, and NiceGUI cancels its tasks, waiting up to 2 s for them. On
    Python 3.11 a page's outbox task can miss its cancel (asyncio.wait_for returns its result if the awaited event
    is set in the same moment, and the loop goes on), and then each such test waited the whole 2 s. Its own way to
    stop, first, ends it at once."""
    cancel = background_tasks.teardown

    async def teardown() -> None:
        for client in list(Client.instances.values()):
            client.outbox.stop()
        await cancel()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background_tasks, "teardown", teardown)
        yield


@pytest.fixture(autouse=True)
def app_settings(db_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DEMO_MODE", "true")
    monkeypatch.setenv("FIXED_NOW", FIXED_NOW.isoformat())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
