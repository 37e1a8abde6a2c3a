"""The audit trail: append-only events about an account."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from app.models import AuditEvent
from app.services.env import Env


@dataclass(frozen=True)
class Actor:
    """Who acts: the account holder, or a staff member acting for them."""

    account_id: int | None
    role: str = "resident"
    client: str | None = None


def record(
    session: Session, action: str, *, now: datetime, account_id: int | None, actor: Actor | None = None,
    **detail: object,
) -> None:
    """Add one event in the caller's transaction, so it is written exactly when the change is."""
    actor = actor or Actor(account_id)
    session.add(
        AuditEvent(
            at=now,
            action=action,
            account_id=account_id,
            actor_id=actor.account_id,
            actor_role=actor.role,
            client=actor.client,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


@dataclass(frozen=True)
class ActivityItem:
    at: datetime
    action: str
    actor_role: str
    by_self: bool
    detail: dict[str, object]


def activity(session: Session, account_id: int, *, limit: int = 200) -> list[ActivityItem]:
    """The newest events of an account, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.account_id == account_id)
        .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return [
        ActivityItem(
            at=e.at, action=e.action, actor_role=e.actor_role, by_self=e.actor_id == account_id,
            detail=json.loads(e.detail or "{}"),
        )
        for e in session.exec(query).all()
    ]


def account_activity(env: Env, account_id: int, *, limit: int = 200) -> list[ActivityItem]:
    """"Account activity": the account's events, newest first."""
    with env.db.transaction() as session:
        return activity(session, account_id, limit=limit)
