"""The migrations and the demo load also work on PostgreSQL (a throwaway cluster from Debian's
packages, started by this test on a private socket)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.cli import migrate
from app.services import auth
from app.services.demo import load_demo_data
from app.services.env import build_env
from tests.conftest import make_settings
from tests.unit.auth_helpers import bound

PORT = 54329


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, developers usually do not.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is not installed; `make test` installs it (scripts/install-system-deps.sh)")
    bin_dir = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="ecard-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "ecard", "-E", "UTF8"]),
                   check=True, capture_output=True)
    options = f"-k {sockets} -p {PORT} -c listen_addresses=''"
    subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                                 str(base / "log"), "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://ecard@/postgres?host={sockets}&port={PORT}"
    finally:
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, check=False)
        shutil.rmtree(base, ignore_errors=True)


def test_migrations_and_demo_data_on_postgres(postgres_url: str) -> None:
    migrate(postgres_url)
    migrate(postgres_url)  # a second run changes nothing
    env = build_env(make_settings(postgres_url))
    try:
        assert load_demo_data(env) == load_demo_data(env)  # upsert, safe to run again
        token = bound(env, auth.login_with_password(env, "13800138000", "Family-2026", client="pg-test"))
        info = auth.current_session(env, token)
        assert info is not None and info.name == "张伟" and info.verified
        with env.db.engine.connect() as connection:
            persons = connection.execute(text("select count(*) from registry_person")).scalar_one()
            assert persons == 11
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text("update audit_event set action = 'changed'"))
    finally:
        env.db.dispose()


def test_downgrade_to_nothing_and_back(postgres_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from app.config import ROOT

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = postgres_url
    command.downgrade(config, "base")
    command.upgrade(config, "head")
