"""Pluggable SMS gateway. `console` logs messages and, in demo mode only, keeps them in a dev inbox."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from sqlmodel import Session, select

from app.models import DevSms

log = logging.getLogger("family_ecard.sms")


class SmsGateway(Protocol):
    def send(self, session: Session, phone: str, body: str, *, code: str | None, now: datetime,
             purpose: str | None = None) -> None:
        """Send `body` to `phone` (inside the caller's transaction, so a failed write sends nothing). `purpose`:
        what "Send code" sent it for, when it answers one (it may carry no code)."""


class ConsoleSms:
    """Writes messages to the log; keeps them for `GET /api/dev/sms` when demo mode is on."""

    def __init__(self, keep_inbox: bool) -> None:
        self.keep_inbox = keep_inbox

    def send(self, session: Session, phone: str, body: str, *, code: str | None, now: datetime,
             purpose: str | None = None) -> None:
        # The code itself is only ever logged in demo mode.
        log.info("SMS to %s: %s", phone, body if self.keep_inbox else "(message hidden outside demo mode)")
        if self.keep_inbox:
            session.add(DevSms(phone=phone, code=code, purpose=purpose, body=body, sent_at=now))


def make_gateway(backend: str, demo_mode: bool) -> SmsGateway:
    if backend == "console":
        return ConsoleSms(keep_inbox=demo_mode)
    raise ValueError(f"Unknown SMS_BACKEND {backend!r}; available: console")


def newest_dev_message(session: Session, phone: str) -> DevSms | None:
    """The newest message a "Send code" sent to `phone` in the dev inbox (its code is None when it carried
    none: a register code to a number that already has an account)."""
    query = (
        select(DevSms)
        .where(DevSms.phone == phone, DevSms.purpose.is_not(None))  # type: ignore[union-attr]
        .order_by(DevSms.id.desc())  # type: ignore[union-attr]
    )
    return session.exec(query).first()
