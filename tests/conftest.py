"""Fixtures for every tier: a migrated, demo-loaded template database copied per test, an Env whose
clock is fixed at 2026-11-23 10:00 in Beijing, and a check that every transaction of the app that reads and
then writes begins IMMEDIATE on SQLite."""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import Engine, event

from app.cli import migrate
from app.config import Settings
from app.services import passwords
from app.services.clock import CHINA_TZ, FixedClock
from app.services.demo import load_demo_data
from app.services.env import Env, build_env

FIXED_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TZ)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With STOCK_NICEGUI=1 the app runs on NiceGUI as it ships: tests of a speed-up itself are skipped."""
    if not Settings(_env_file=None).stock_nicegui:  # type: ignore[call-arg]
        return
    skip = pytest.mark.skip(reason="STOCK_NICEGUI=1: the speed-ups are off")
    for item in items:
        if item.get_closest_marker("speedup"):
            item.add_marker(skip)


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": database_url, "demo_mode": True, "fixed_now": FIXED_NOW}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


PRODUCTION_HASHER = passwords._hasher


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id with its cheapest parameters in this process: with the production ones a hash or a check takes a
    tenth of a second or more, and the tests make thousands. Hashes made elsewhere (the e2e servers, the command
    line) keep theirs, which a check reads from the hash itself; `production_hashing` restores them for a test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(CHEAPEST))
        passwords.dummy_hash.cache_clear()
        yield
    passwords.dummy_hash.cache_clear()


@pytest.fixture
def production_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's own argon2id parameters, for tests of the hashing itself."""
    monkeypatch.setattr(passwords, "_hasher", PRODUCTION_HASHER)
    passwords.dummy_hash.cache_clear()
    yield
    passwords.dummy_hash.cache_clear()


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


# --- SQLite: a transaction that reads and then writes must begin IMMEDIATE ------------------------------------
# In WAL mode a deferred transaction that has read becomes a writer only if nothing was committed since its
# first read; otherwise SQLite answers "database is locked" at once, without waiting (a page served at the same
# moment as another's write fails). Every such transaction in the tests is reported, with its statements.

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _begun(conn, *_: object) -> None:  # type: ignore[no-untyped-def]
    conn.info["read_first"] = None


def _statement(conn, _cursor, statement: str, *_: object) -> None:  # type: ignore[no-untyped-def]
    if conn.engine.dialect.name != "sqlite" or conn.get_execution_options().get("immediate"):
        return
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    if verb == "SELECT" and conn.info.get("read_first") is None and conn.in_transaction():
        conn.info["read_first"] = statement
    elif verb in _WRITES and conn.info.get("read_first") and conn.in_transaction():
        read, conn.info["read_first"] = conn.info["read_first"], None  # one report per transaction
        if where := _where():  # the app's own (a test's set-up writes alone)
            _UPGRADES.append((read, statement, where))


_UPGRADES: list[tuple[str, str, str]] = []


def _where() -> str:
    """The service function whose transaction it is (the outermost in the stack)."""
    frames = [f for f in traceback.extract_stack() if "/app/services/" in f.filename]
    return f"  [{frames[0].filename.split('/app/')[-1]}:{frames[0].lineno} {frames[0].name}]" if frames else ""


@pytest.fixture(autouse=True)
def writes_begin_immediate() -> Iterator[None]:
    _UPGRADES.clear()
    event.listen(Engine, "begin", _begun)
    event.listen(Engine, "before_cursor_execute", _statement)
    try:
        yield
    finally:
        event.remove(Engine, "begin", _begun)
        event.remove(Engine, "before_cursor_execute", _statement)
    found = list(_UPGRADES)
    _UPGRADES.clear()
    assert not found, "reads, then writes, in a deferred transaction:\n" + "\n".join(
        f"  read: {read[:100]}\n  then: {write[:100]}{where}" for read, write, where in found)
