"""Assignments never wait forever (DESIGN.md §2.7): opening a submitted request assigns it to the staff member who
opened it, and the assignment is released, back to the queue, after 1 working day, when the staff account is
disabled (or deleted, app/services/deletion.py), or with "Release" (lifecycle.release_review).

"1 working day" means 24 hours of working time, working time being every moment of Monday to Friday in
Asia/Shanghai time, by the injectable clock: opened Monday 10:00 it is released Tuesday 10:00, opened Friday 17:00
it is released Monday 17:00 (Saturday and Sunday do not count), opened on Saturday or Sunday it is released Tuesday
00:00 (the whole Monday counts). Public holidays, and the weekend days China makes working days in exchange, are
not known to the app: they count as the weekdays they fall on.

The release happens lazily wherever a request's assignment matters (the queue, opening a request, a decision) and
in the app's daily job, so no request waits for a staff member who is away or has left."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import Session, select

from app.models import Account, BindingRequest
from app.services.audit import Actor
from app.services.binding import lifecycle, states
from app.services.clock import CHINA_TZ, to_local
from app.services.env import Env

ASSIGNMENT_LASTS = timedelta(hours=24)  # of working time
SATURDAY = 5  # date.weekday(): Monday is 0


def release_due(opened_at: datetime) -> datetime:
    """When an assignment made at `opened_at` is released: once ASSIGNMENT_LASTS of working time have passed."""
    left, moment = ASSIGNMENT_LASTS, to_local(opened_at)
    while True:
        midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time(), CHINA_TZ)
        if moment.weekday() < SATURDAY:
            if left <= midnight - moment:
                return moment + left
            left -= midnight - moment
        moment = midnight


def _overdue(request: BindingRequest, reviewer: Account | None, now: datetime) -> str | None:
    """Why this assignment is to be released now, or None."""
    if request.status != states.IN_REVIEW:
        return None
    if reviewer is None or reviewer.disabled_at is not None or reviewer.deleted_at is not None:
        return "staff_disabled"  # however it was disabled (before this rule existed, say), nobody waits for them
    if request.review_started_at is not None and release_due(request.review_started_at) <= now:
        return "overdue"
    return None


def _candidates(session: Session, now: datetime, *, lock: bool = False) -> list[tuple[BindingRequest, Account | None]]:
    # No assignment is due before 24 hours, so the database is asked only about those, and about disabled reviewers.
    query = (select(BindingRequest, Account).join(Account, Account.id == BindingRequest.reviewer_id, isouter=True)  # type: ignore[arg-type]
             .where(BindingRequest.status == states.IN_REVIEW,
                    or_(BindingRequest.review_started_at <= now - ASSIGNMENT_LASTS,  # type: ignore[operator]
                        Account.disabled_at.is_not(None), Account.deleted_at.is_not(None)))  # type: ignore[union-attr]
             .order_by(BindingRequest.id))  # type: ignore[arg-type]
    if lock:
        query = query.with_for_update(of=BindingRequest)  # type: ignore[arg-type]
    return [(request, reviewer) for request, reviewer in session.exec(query).all()]


def release_overdue(env: Env) -> int:
    """Release every assignment whose working day is over or whose reviewer was disabled; returns how many. A
    plain read first, so the queue takes the write lock only when there is something to release; two instances
    releasing at once release each request once (the rows are locked and checked again)."""
    now = env.clock.now()
    with env.db.transaction() as session:
        if not any(_overdue(request, reviewer, now) for request, reviewer in _candidates(session, now)):
            return 0
    released = 0
    with env.db.transaction(immediate=True) as session:
        for request, reviewer in _candidates(session, now, lock=True):
            if reason := _overdue(request, reviewer, now):
                lifecycle.release_assignment(env, session, request, actor=Actor(None, "system"), reason=reason)
                released += 1
    return released


def release_of_staff(env: Env, session: Session, staff_id: int) -> int:
    """Everything this staff member has open goes back to the queue (their account is being disabled), in the
    caller's transaction; returns how many."""
    opened = session.exec(select(BindingRequest).where(
        BindingRequest.reviewer_id == staff_id, BindingRequest.status == states.IN_REVIEW)
        .order_by(BindingRequest.id).with_for_update()).all()  # type: ignore[arg-type]
    for request in opened:
        lifecycle.release_assignment(env, session, request, actor=Actor(None, "admin"), reason="staff_disabled")
    return len(opened)
