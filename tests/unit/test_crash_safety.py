"""Crash safety (DESIGN.md §5 "nothing is lost"): the process is killed (SIGKILL, as a power cut or an OOM kill
would) in the middle of a binding submit, a staff decision and a photo upload, after the change was written
into the open transaction. Afterwards the database holds the state from before: no half-written request, no
orphan document, nothing that had been acknowledged lost, and the database is intact."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from app.models import AuditEvent, BindingRequest, Document, Notification
from app.services import review
from app.services.binding import documents, drafts, lifecycle
from tests.unit.binding_fixtures import staff_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    ZHANG_JIANGUO,
    fake_photo,
    member_values,
    ready_request,
    request_row,
    start,
)

ROOT = Path(__file__).resolve().parents[2]
# Runs in a child process: the real service, made to stop at the commit of its N-th transaction that writes
# (with everything written into the open transaction by then) until it is killed. Killing it at every one of
# them in turn shows whether a use case that takes several transactions can be cut in half.
CHILD = """
import sys, time
from sqlalchemy import event
from sqlalchemy.orm import Session
from app.services.env import build_env
from tests.conftest import make_settings

original = Session.commit
event.listen(Session, "after_flush", lambda session, _: session.info.update(wrote=True))
writes, stop_at = 0, int(sys.argv[2])

def commit(self):
    global writes
    if self.info.get("wrote") or self.new or self.dirty or self.deleted:
        writes += 1
        if writes == stop_at:
            self.flush()
            print("inside the transaction", flush=True)
            time.sleep(120)
    original(self)

Session.commit = commit
env = build_env(make_settings(sys.argv[1]))
{action}
print("finished", flush=True)
"""


def _kill_midway(db_url: str, action: str, at: int = 1) -> bool:
    """Run `action` in a child process and kill it inside its `at`-th writing transaction; False when the
    action finished without reaching that one."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(action=textwrap.dedent(action)), db_url, str(at)],
                             cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line == "finished":
            return False
        assert line == "inside the transaction", (line, child.stderr.read() if child.poll() else "")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        return True
    finally:
        if child.poll() is None:
            child.kill()


def _intact(env) -> None:
    with env.db.transaction() as session:
        assert session.exec(text("PRAGMA integrity_check")).scalar() == "ok"


def _events(env, action: str) -> int:
    with env.db.transaction() as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def _every_cut(env, db_url: str, action: str, whole: Callable[[], None]) -> int:
    """Kill `action` inside each of its writing transactions in turn, each time from the same starting point,
    and check after each kill that the state is whole and the database intact. Returns how many cuts there were."""
    path = Path(db_url.removeprefix("sqlite:///"))
    env.db.dispose()  # the child must be able to take the write lock
    before = path.with_name("before.db")
    shutil.copy(path, before)
    cuts = 0
    while True:
        finished = not _kill_midway(db_url, action, at=cuts + 1)
        if not finished:
            cuts += 1
            whole()
            _intact(env)
        env.db.dispose()
        for leftover in path.parent.glob(path.name + "-*"):  # journal files of the killed process
            leftover.unlink()
        shutil.copy(before, path)  # the next cut (or the test) starts from the same point
        if finished:
            return cuts


@pytest.fixture(autouse=True)
def _sqlite_only(db_url: str) -> None:
    assert db_url.startswith("sqlite:")


def test_killed_during_submit_leaves_the_draft_as_it_was(env, db_url: str, zw: int) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    before = request_row(env, view.id)

    def whole() -> None:
        after = request_row(env, view.id)
        assert after.status == "draft" and after.submitted_at is None
        assert (after.version, after.letter_sha256, after.member_person_id) == (
            before.version, before.letter_sha256, before.member_person_id)
        assert _events(env, "binding_submitted") == 0

    assert _every_cut(env, db_url, f"""
from app.services.binding import lifecycle
lifecycle.submit(env, {zw}, {view.id}, {view.version}, client="crash-test")
""", whole) >= 1
    # Nothing was lost: the holder submits again and it goes through.
    assert lifecycle.submit(env, zw, view.id, view.version, client="test") == before.number
    assert request_row(env, view.id).status == "submitted"


def test_killed_during_a_review_decision_leaves_no_decision_without_its_notice(env, db_url: str, zw: int,
                                                                               staff: int) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    lifecycle.submit(env, zw, view.id, view.version, client="test")
    review.open_request(env, staff, view.id)

    def notified() -> int:
        with env.db.transaction() as session:
            return len(session.exec(select(Notification).where(Notification.account_id == zw)).all())

    def whole() -> None:
        after = request_row(env, view.id)
        # Either not decided at all, or decided with the holder told; never one without the other.
        assert after.status == "in_review" and after.decided_at is None
        assert _events(env, "binding_approved") == 0 and notified() == 0

    assert _every_cut(env, db_url, f"""
from app.services import review
review.decide(env, {staff}, {view.id}, approve=True)
""", whole) >= 1
    review.decide(env, staff, view.id, approve=True)  # the decision can still be made, once
    assert request_row(env, view.id).status == "approved" and notified() == 1


def test_killed_during_a_photo_upload_leaves_no_orphan_document(env, db_url: str, zw: int) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="test")
    kind = view.needed_documents[0]

    def whole() -> None:
        with env.db.transaction() as session:
            assert session.exec(select(Document).where(Document.request_id == view.id)).all() == []
            assert session.get(BindingRequest, view.id).version == view.version

    assert _every_cut(env, db_url, f"""
from app.services.binding import documents
from tests.unit.binding_helpers import fake_photo
documents.add_photo(env, {zw}, {view.id}, {kind!r}, fake_photo({kind!r}))
""", whole) >= 1
    assert documents.add_photo(env, zw, view.id, kind, fake_photo(kind)).version > view.version
