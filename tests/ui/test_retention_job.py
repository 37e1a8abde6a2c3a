"""The app applies the retention rule by itself (DESIGN.md §5): build() schedules the purge (app/scheduled.py),
here made to come within a second of start-up instead of ten minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from nicegui.testing import User
from sqlmodel import func, select

from app import scheduled
from app.models import BindingRequest, Document
from app.services.env import build_env
from tests.conftest import FIXED_NOW, make_settings
from tests.ui.helpers import RESIDENT_PHONE, account_id, service_env, wait_until

ENDED = FIXED_NOW - timedelta(days=91)


@pytest.fixture
def old_rejected_request(db_url: str) -> int:
    """A request rejected 91 days before the app's "now", with a photo still kept."""
    env = build_env(make_settings(db_url))
    try:
        with env.db.transaction() as session:
            request = BindingRequest(number="FEC-2026-900001", holder_id=account_id(RESIDENT_PHONE), status="rejected",
                                     created_at=ENDED, updated_at=ENDED, submitted_at=ENDED, decided_at=ENDED)
            session.add(request)
            session.flush()
            session.add(Document(request_id=request.id, kind="face", content_cipher=b"x", mime="image/jpeg",
                                 sha256="0" * 64, created_at=ENDED))
            return request.id or 0
    finally:
        env.db.dispose()


@pytest.fixture
def purge_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduled, "FIRST_PURGE_AFTER", timedelta(seconds=0.5))


def _documents(request_id: int) -> int:
    with service_env() as env, env.db.transaction() as session:
        return session.exec(select(func.count()).select_from(Document).where(Document.request_id == request_id)).one()


async def test_the_app_purges_old_documents_by_itself(old_rejected_request: int, purge_soon: None,
                                                      user: User) -> None:
    assert user is not None  # the app is running
    await wait_until(lambda: _documents(old_rejected_request) == 0, what="the scheduled purge")
