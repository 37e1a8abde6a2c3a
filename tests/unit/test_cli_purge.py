"""`python -m app.cli purge`: the retention rule from the operator's command line (cron), safe to run again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import cli
from app.config import get_settings
from app.services import review
from tests.conftest import FIXED_NOW
from tests.unit.binding_helpers import STAFF_PHONE, ZHANG_WEI_PHONE, account_id
from tests.unit.ecard_helpers import submitted_member


@pytest.fixture
def hundred_days_on(db_url, monkeypatch):
    """The command line on the test database, its clock 100 days after the tests' "now"."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DEMO_MODE", "true")  # FIXED_NOW is honoured in demo mode only
    monkeypatch.setenv("FIXED_NOW", (FIXED_NOW + timedelta(days=100)).isoformat())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_purge_from_the_command_line_deletes_old_documents_once(env, hundred_days_on, capsys):
    staff = account_id(env, STAFF_PHONE)
    request_id = submitted_member(env, account_id(env, ZHANG_WEI_PHONE))
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=False, reason="documents")

    assert cli.main(["purge"]) == 0
    assert "3 documents of 1 ended request deleted" in capsys.readouterr().out
    assert cli.main(["purge"]) == 0
    assert "0 documents of 0 ended requests deleted" in capsys.readouterr().out
