"""Staff passwords are reset only by an operator: `python -m app.cli reset-staff-password --phone N` (DESIGN.md
§2.1.4). It ends the staff member's sessions, lifts a lockout and refuses numbers that are not staff."""

from __future__ import annotations

import io
import json

import pytest
from sqlmodel import select

from app import cli
from app.config import get_settings
from app.models import AuditEvent
from app.services import auth, staff_admin
from app.services.errors import ValidationFailed
from tests.unit.auth_helpers import _lock
from tests.unit.recovery_helpers import (
    NEW_PASSWORD,
    PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    ZHANG_WEI,
    account,
    can_log_in,
    log_in,
    messages,
    sessions,
)


def test_reset_gives_a_new_password_and_ends_every_session(env):
    first, second = log_in(env, STAFF, STAFF_PASSWORD, "b1"), log_in(env, STAFF, STAFF_PASSWORD, "b2")
    assert staff_admin.reset_staff_password(env, STAFF, NEW_PASSWORD) == 2
    assert auth.current_session(env, first) is None and auth.current_session(env, second) is None
    staff = account(env, STAFF)
    assert {row.end_reason for row in sessions(env, staff.id)} == {"password_reset"}
    assert can_log_in(env, STAFF, NEW_PASSWORD) and not can_log_in(env, STAFF, STAFF_PASSWORD)
    with env.db.transaction() as s:
        [event] = s.exec(select(AuditEvent).where(AuditEvent.account_id == staff.id,
                                                  AuditEvent.action == "staff_password_reset")).all()
    assert (event.actor_role, event.actor_id, json.loads(event.detail)) == ("admin", None, {"sessions_ended": 2})
    [notice] = messages(env, STAFF)
    assert "Call 12393" in notice.body and notice.code is None


def test_reset_lifts_a_lockout(env):
    _lock(env, STAFF)
    staff_admin.reset_staff_password(env, STAFF, NEW_PASSWORD)
    assert can_log_in(env, STAFF, NEW_PASSWORD)


@pytest.mark.parametrize(("phone", "password", "errors"), [
    (ZHANG_WEI, NEW_PASSWORD, {"phone": "staff_unknown"}),  # a resident: never through this command
    ("13511112222", NEW_PASSWORD, {"phone": "staff_unknown"}),
    ("139", NEW_PASSWORD, {"phone": "phone_invalid"}),
    (STAFF, "12345678", {"password": "password_common"}),
])
def test_reset_refuses_what_is_not_a_staff_account_or_a_good_password(env, phone, password, errors):
    with pytest.raises(ValidationFailed) as exc:
        staff_admin.reset_staff_password(env, phone, password)
    assert exc.value.errors == errors
    assert can_log_in(env, ZHANG_WEI, PASSWORD) and can_log_in(env, STAFF, STAFF_PASSWORD)


@pytest.fixture
def cli_database(db_url, monkeypatch):
    """Point `python -m app.cli` (which reads its settings from the environment) at the test database."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("DEMO_MODE", raising=False)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def test_the_command_reads_the_password_from_stdin(env, cli_database, monkeypatch, capsys):
    token = log_in(env, STAFF, STAFF_PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{NEW_PASSWORD}\n"))
    assert cli.main(["reset-staff-password", "--phone", STAFF]) == 0
    assert "1 session(s) ended" in capsys.readouterr().out
    assert auth.current_session(env, token) is None
    assert can_log_in(env, STAFF, NEW_PASSWORD)


def test_the_command_refuses_a_resident(env, cli_database, capsys):
    assert cli.main(["reset-staff-password", "--phone", ZHANG_WEI, "--password", NEW_PASSWORD]) == 2
    assert "staff_unknown" in capsys.readouterr().err
    assert can_log_in(env, ZHANG_WEI, PASSWORD)
