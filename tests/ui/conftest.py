"""UI tier: NiceGUI's `User` fixture runs main.py against a fresh copy of the test database."""

from __future__ import annotations

import pytest

from app.config import get_settings
from tests.conftest import FIXED_NOW


@pytest.fixture(autouse=True)
def app_settings(db_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DEMO_MODE", "true")
    monkeypatch.setenv("FIXED_NOW", FIXED_NOW.isoformat())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
