"""Migrations of a database in use: tables copied and swapped on SQLite (batch mode) keep every row and every
foreign key, and 0008_deletion makes the ids of accounts and binding requests never come back."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from app.config import ROOT
from app.db import make_engine

NOW = "2026-11-23 02:00:00.000000"


def _config(url: str) -> Config:
    config = Config(str(Path(ROOT) / "alembic.ini"))
    config.set_main_option("script_location", str(Path(ROOT) / "migrations"))
    config.attributes["database_url"] = url
    return config


def _run(url: str, *statements: str) -> list[tuple]:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            result: list[tuple] = []
            for statement in statements:
                rows = connection.execute(text(statement))
                result = [tuple(row) for row in rows] if rows.returns_rows else []
            return result
    finally:
        engine.dispose()


def _in_use_at(tmp_path: Path, revision: str) -> str:
    """A database migrated to `revision`, with an account that logged in and started a request with a photo."""
    url = f"sqlite:///{tmp_path / 'in-use.db'}"
    command.upgrade(_config(url), revision)
    _run(url,
         "INSERT INTO account (phone, password_hash, role, created_at) "
         f"VALUES ('13800138000', 'x', 'resident', '{NOW}')",
         f"INSERT INTO login_session (id, account_id, created_at, last_seen_at) VALUES ('s1', 1, '{NOW}', '{NOW}')",
         "INSERT INTO binding_request (number, holder_id, status, step, created_at, updated_at, version) "
         f"VALUES ('FEC-2026-000001', 1, 'draft', 'documents', '{NOW}', '{NOW}', 1)",
         "INSERT INTO document (request_id, kind, content_cipher, mime, sha256, created_at) "
         f"VALUES (1, 'birth_certificate', x'00', 'image/jpeg', 'abc', '{NOW}')")
    return url


def test_upgrading_a_database_in_use_keeps_its_rows_and_foreign_keys(tmp_path):
    url = _in_use_at(tmp_path, "0007_claims")

    command.upgrade(_config(url), "head")  # failed: the swapped account table could not be dropped

    assert _run(url, "SELECT id, phone FROM account") == [(1, "13800138000")]
    assert _run(url, "SELECT account_id FROM login_session") == [(1,)]
    assert _run(url, "SELECT id, holder_id FROM binding_request") == [(1, 1)]
    assert _run(url, "SELECT request_id FROM document") == [(1,)]
    assert _run(url, "PRAGMA foreign_key_check") == []


def test_after_0008_a_deleted_rows_id_is_not_given_again(tmp_path):
    url = _in_use_at(tmp_path, "0007_claims")
    command.upgrade(_config(url), "head")
    _run(url, "DELETE FROM document", "DELETE FROM binding_request")  # the newest request (a draft) deleted

    _run(url, "INSERT INTO binding_request (number, holder_id, status, step, created_at, updated_at, version) "
              f"VALUES ('FEC-2026-000002', 1, 'draft', 'notice', '{NOW}', '{NOW}', 1)")

    assert _run(url, "SELECT id FROM binding_request") == [(2,)]  # SQLite alone would have given 1 again
    definitions = dict(_run(url, "SELECT name, sql FROM sqlite_master WHERE name IN ('account', 'binding_request')"))
    assert all("AUTOINCREMENT" in sql for sql in definitions.values()), definitions


def test_0008_goes_down_with_tombstones_and_up_again(tmp_path):
    url = _in_use_at(tmp_path, "head")
    _run(url, "UPDATE account SET phone = NULL, password_hash = NULL, deleted_at = '2026-11-23 02:00:00'")

    command.downgrade(_config(url), "0007_claims")
    assert _run(url, "SELECT phone, password_hash FROM account") == [("d1", "")]  # a number no one can type
    command.upgrade(_config(url), "head")
    assert _run(url, "PRAGMA foreign_key_check") == []


def test_0009_records_who_helped_with_requests_already_waiting(tmp_path):
    url = _in_use_at(tmp_path, "0008_deletion")
    later = "2026-11-23 03:00:00.000000"
    _run(url,
         "INSERT INTO account (phone, password_hash, role, created_at) VALUES ('13900139000', 'x', 'staff', "
         f"'{NOW}')",
         "INSERT INTO account (phone, password_hash, role, created_at) VALUES ('13900139001', 'x', 'staff', "
         f"'{NOW}')",
         # staff 2 helped 张伟 at the counter while his request was prepared; staff 3 only after it was submitted
         "INSERT INTO assist_session (staff_id, resident_id, login_session_id, started_at, ended_at) "
         f"VALUES (2, 1, 's2', '{NOW}', '{NOW}')",
         "INSERT INTO assist_session (staff_id, resident_id, login_session_id, started_at) "
         "VALUES (3, 1, 's3', '2026-11-23 04:00:00.000000')",
         f"UPDATE binding_request SET status = 'submitted', submitted_at = '{later}'")

    command.upgrade(_config(url), "0009_four_eyes")

    assert _run(url, "SELECT request_id, staff_id FROM request_helper") == [(1, 2)]
    command.upgrade(_config(url), "head")  # 0010 copies and swaps binding_request: the helpers stay
    assert _run(url, "SELECT request_id, staff_id FROM request_helper") == [(1, 2)]
    assert _run(url, "PRAGMA foreign_key_check") == []
    command.downgrade(_config(url), "0008_deletion")
    assert _run(url, "SELECT name FROM sqlite_master WHERE name = 'request_helper'") == []
