"""The retention rule as a job of the app itself (DESIGN.md §5: "a scheduled job, in the app"): first some minutes
after start-up, out of the way of starting (and of the UI tests, which start the app for every test), then daily,
off the event loop. That build() starts it is tests/ui/test_retention_job.py."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from app import scheduled
from app.services import retention, review
from tests.unit.binding_helpers import STAFF_PHONE, ZHANG_WEI_PHONE, account_id
from tests.unit.ecard_helpers import submitted_member


class Timers:
    """Stands in for `app.timer`, keeping what was asked of it."""

    def __init__(self) -> None:
        self.made: list[tuple[float, bool, bool]] = []
        self.callbacks: list[object] = []

    def __call__(self, interval: float, callback: object, *, once: bool = False, immediate: bool = True) -> None:
        self.made.append((interval, once, immediate))
        self.callbacks.append(callback)


def test_the_purge_is_scheduled_after_start_up_and_then_daily(env):
    timers = Timers()
    scheduled.schedule_purge(env, timer=timers)
    assert timers.made == [(scheduled.FIRST_PURGE_AFTER.total_seconds(), True, True),
                           (timedelta(days=1).total_seconds(), False, False)]
    assert scheduled.FIRST_PURGE_AFTER >= timedelta(minutes=5)  # never at start-up itself


def test_one_run_purges_off_the_event_loop_and_a_failure_is_logged_not_raised(env, monkeypatch, caplog):
    staff = account_id(env, STAFF_PHONE)
    request_id = submitted_member(env, account_id(env, ZHANG_WEI_PHONE))
    review.open_request(env, staff, request_id)
    review.decide(env, staff, request_id, approve=False, reason="documents")
    env.clock.advance(days=90)

    assert asyncio.run(scheduled.purge_once(env)) == {"drafts_expired": 0, "requests_purged": 1,
                                                       "documents_deleted": 3}

    def broken(_env: object) -> dict[str, int]:
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(retention, "purge", broken)
    with caplog.at_level(logging.ERROR):
        assert asyncio.run(scheduled.purge_once(env)) is None
    assert "retention purge failed" in caplog.text
