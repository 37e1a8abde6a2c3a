"""In-app notifications (the bell)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from app.models import Notification
from app.services.env import Env


@dataclass(frozen=True)
class NotificationView:
    id: int
    created_at: datetime
    kind: str
    params: dict[str, object]
    read: bool


def unread_count(env: Env, account_id: int) -> int:
    with env.db.transaction() as session:
        query = select(func.count()).select_from(Notification).where(
            Notification.account_id == account_id, Notification.read_at.is_(None))  # type: ignore[union-attr]
        return int(session.exec(query).one())


def list_and_mark_read(env: Env, account_id: int) -> list[NotificationView]:
    """The account's notifications, newest first; opening the list marks them read."""
    with env.db.transaction(immediate=True) as session:
        rows = session.exec(select(Notification).where(Notification.account_id == account_id)
                            .order_by(Notification.id.desc())).all()  # type: ignore[union-attr]
        views = [NotificationView(n.id or 0, n.created_at, n.kind, json.loads(n.params), n.read_at is not None)
                 for n in rows]
        now = env.clock.now()
        for n in rows:
            n.read_at = n.read_at or now
        return views
