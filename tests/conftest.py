"""Fixtures for every tier: a migrated, demo-loaded template database copied per test, and an Env
whose clock is fixed at 2026-11-23 10:00 in Beijing."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from app.cli import migrate
from app.config import Settings
from app.services.clock import CHINA_TZ, FixedClock
from app.services.demo import load_demo_data
from app.services.env import Env, build_env

FIXED_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TZ)


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": database_url, "demo_mode": True, "fixed_now": FIXED_NOW}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per test run: schema by the real migrations, plus the demo data."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    migrate(url)
    env = build_env(make_settings(url))
    load_demo_data(env)
    env.db.dispose()
    return path


@pytest.fixture
def db_url(template_db: Path, tmp_path: Path) -> str:
    path = tmp_path / "test.db"
    shutil.copy(template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def env(db_url: str) -> Env:
    environment = build_env(make_settings(db_url))
    assert isinstance(environment.clock, FixedClock)
    yield environment
    environment.db.dispose()
