"""The retention rule (DESIGN.md §5, and what the privacy notice promises): documents (photos, signatures, signed
letters) of rejected, withdrawn and expired requests are deleted 90 days after the request ended, those of an
unbound member 90 days after unbinding; an approved binding keeps its documents while it lasts. Drafts left for
30 days expire on the way. The request rows stay (numbers and states are the holder's record and the audit
trail's); only the documents go.

Run by `python -m app.cli purge` and daily in the app (app/scheduled.py). Any number of runs may overlap (two
instances, a cron job and the app): each batch is one transaction that locks the rows it takes, skipping rows
another run holds (PostgreSQL) or waiting its turn (SQLite's immediate transactions), and deletes only what is
still there, so nothing is deleted or counted twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, exists, or_
from sqlmodel import Session, delete, select

from app.models import BindingRequest, Document
from app.services import audit
from app.services.audit import Actor
from app.services.binding import states
from app.services.binding.store import touch
from app.services.env import Env

KEEP_ENDED = timedelta(days=90)
BATCH_SIZE = 200  # rows per transaction: short enough that the app's own writes never wait long for a purge

SYSTEM = Actor(None, "system")
# When a request in each ended state ended.
_ENDED_AT = {
    states.REJECTED: BindingRequest.decided_at,
    states.WITHDRAWN: BindingRequest.withdrawn_at,
    states.EXPIRED: BindingRequest.expires_at,
    states.UNBOUND: BindingRequest.unbound_at,
}


def purge(env: Env, *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Apply the retention rule now; returns what was done, by count. Safe to run again (a second run finds
    nothing) and at the same time as another run."""
    totals = {"drafts_expired": 0, "requests_purged": 0, "documents_deleted": 0}
    while True:
        done = _batch(env, batch_size)
        for key, count in done.items():
            totals[key] += count
        if done["drafts_expired"] < batch_size and done["requests_purged"] < batch_size:
            return totals  # the last batch was not full: nothing (this run may see) is left


def _batch(env: Env, limit: int) -> dict[str, int]:
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        done = {"drafts_expired": _expire_drafts(env, session, limit), "requests_purged": 0, "documents_deleted": 0}
        for request in _ended_with_documents(session, now - KEEP_ENDED, limit):
            deleted = session.exec(delete(Document).where(Document.request_id == request.id)).rowcount  # type: ignore[arg-type]
            if not deleted:
                # PostgreSQL: another run purged it between this run's look and its lock (the lock waits for no one
                # once the other committed, and the look saw the documents still there). Nothing to count.
                continue
            done["requests_purged"] += 1
            done["documents_deleted"] += deleted
            audit.record(session, "documents_purged", now=now, account_id=request.holder_id, actor=SYSTEM,
                         request=request.number, documents=deleted, ended=request.status)
        if any(done.values()):
            audit.record(session, "retention_purged", now=now, account_id=None, actor=SYSTEM, **done)
        return done


def _expire_drafts(env: Env, session: Session, limit: int) -> int:
    """Drafts untouched for their 30 days become "expired" (the next "Add family member" starts afresh)."""
    now = env.clock.now()
    rows = session.exec(select(BindingRequest).where(
        BindingRequest.status == states.DRAFT, BindingRequest.expires_at <= now)  # type: ignore[operator]
        .order_by(BindingRequest.id).limit(limit).with_for_update(skip_locked=True)).all()  # type: ignore[arg-type]
    for request in rows:
        request.status = states.next_status(request.status, "expire")
        touch(env, request)
        audit.record(session, "binding_expired", now=now, account_id=request.holder_id, actor=SYSTEM,
                     request=request.number)
    return len(rows)


def _ended_with_documents(session: Session, cutoff: object, limit: int) -> list[BindingRequest]:
    """Requests that ended before `cutoff` and still have documents, locked."""
    ended = or_(*(and_(BindingRequest.status == status, column <= cutoff)  # type: ignore[operator]
                  for status, column in _ENDED_AT.items()))
    has_documents = exists().where(Document.request_id == BindingRequest.id)
    return list(session.exec(select(BindingRequest).where(ended, has_documents)
                             .order_by(BindingRequest.id).limit(limit)  # type: ignore[arg-type]
                             .with_for_update(skip_locked=True)).all())
