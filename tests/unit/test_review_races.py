"""Staff review (DESIGN.md §2.3): two decisions on the same request at the same moment (the reviewer in two
tabs, or the reviewer and another staff member), and deciding and notifying while another writer holds the
database."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from app.services import review
from app.services.env import build_env
from app.services.errors import DomainError
from tests.conftest import make_settings
from tests.unit.binding_fixtures import staff_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    ZHANG_WEI_PHONE,
    audit_events,
    request_row,
)
from tests.unit.review_helpers import (  # noqa: F401 - fixtures
    _notifications,
    _sms_bodies,
    opened_fixture,
    staff2_fixture,
)

# --- two writers at once ----------------------------------------------------------------------------------------


def _race(db_url: str, deciders: list[tuple[int, bool]], request_id: int) -> list[str]:
    """Each decider in a thread with its own Env (its own connections) on the same database, as two
    instances would be; what each was told, in the order given."""
    barrier = threading.Barrier(len(deciders))
    outcomes = [""] * len(deciders)

    def decide(index: int, staff_id: int, approve: bool) -> None:
        own = build_env(make_settings(db_url))
        try:
            barrier.wait(timeout=10)
            review.decide(own, staff_id, request_id, approve=approve, reason=None if approve else "documents")
            outcomes[index] = "decided"
        except DomainError as exc:
            outcomes[index] = exc.code
        except OperationalError as exc:
            outcomes[index] = "locked" if "database is locked" in str(exc) else repr(exc)
        finally:
            own.db.dispose()

    threads = [threading.Thread(target=decide, args=(index, *decider)) for index, decider in enumerate(deciders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_decisions_at_the_same_moment(db_url, env, zw, staff, opened) -> None:
    """The reviewer approves in one tab and rejects in another (two instances) at once."""
    outcomes = _race(db_url, [(staff, True), (staff, False)], opened)
    # Exactly one decision is made, whatever happens to the notification afterwards.
    assert len(audit_events(env, zw, "binding_approved") + audit_events(env, zw, "binding_rejected")) == 1
    assert sorted(outcomes) == ["already_decided", "decided"], outcomes
    row = request_row(env, opened)
    assert row.status == ("approved" if outcomes[0] == "decided" else "rejected")
    assert len(_notifications(env, zw)) == 1 and len(_sms_bodies(env, ZHANG_WEI_PHONE)) == 1


def test_another_staff_member_deciding_at_the_same_moment(db_url, env, zw, staff, staff2, opened) -> None:
    """Whoever gets the lock first, only the reviewer's decision is made; the other is told why not."""
    reviewer, other = _race(db_url, [(staff, True), (staff2, False)], opened)
    assert reviewer == "decided"
    assert other in {"assigned_to_other", "already_decided"}, other
    assert request_row(env, opened).status == "approved"
    assert len(audit_events(env, zw, "binding_approved")) == 1 and audit_events(env, zw, "binding_rejected") == []
    assert len(_notifications(env, zw)) == 1 and len(_sms_bodies(env, ZHANG_WEI_PHONE)) == 1


def test_notifying_waits_for_another_writer(env, zw, staff, opened, monkeypatch) -> None:
    """Deterministic form of the race above: another connection takes the write lock for 0.3 s just as
    the decision is being notified (in the threaded race it is the losing staff member's transaction)."""
    path = env.db.url.split("///", 1)[1]
    original = env.sms.send
    holders: list[sqlite3.Connection] = []

    def send_while_another_writer_holds_the_lock(session, phone, body, *, code, now) -> None:
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None, check_same_thread=False)
        try:
            other.execute("BEGIN IMMEDIATE")  # only possible while notifying holds no write lock itself
        except sqlite3.OperationalError:
            other.close()
        else:
            holders.append(other)
            threading.Timer(0.3, lambda: (other.rollback(), other.close())).start()
        original(session, phone, body, code=code, now=now)

    monkeypatch.setattr(env.sms, "send", send_while_another_writer_holds_the_lock)
    review.decide(env, staff, opened, approve=True)  # a busy database should make it wait, not fail
    time.sleep(0.35 if holders else 0)
    assert request_row(env, opened).status == "approved"
    assert [kind for kind, _ in _notifications(env, zw)] == ["binding_approved"]
    assert len(_sms_bodies(env, ZHANG_WEI_PHONE)) == 1


def test_decision_and_notification_are_one_transaction(env, zw, staff, opened, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("SMS gateway down")

    monkeypatch.setattr(env.sms, "send", broken)
    with pytest.raises(RuntimeError):
        review.decide(env, staff, opened, approve=True)
    assert request_row(env, opened).status == "in_review"  # nothing half-done: decide again later
