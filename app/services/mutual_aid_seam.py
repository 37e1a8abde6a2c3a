"""The seam payments use for family mutual aid (DESIGN.md §2.9): whose personal account may pay a member's own
share now. Settlement calls it inside its own transaction: the authorisation rows it reads are locked (PostgreSQL;
SQLite's IMMEDIATE transactions are serialised anyway), so a "Turn off" at the same moment waits for the payment and
the next payment sees it off."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from app.models import BindingRequest, MutualAid
from app.services.mutual_aid import problem


def family_payer(session: Session, member_person_id: int, today: date) -> int | None:
    """The holder account id whose personal account may pay this member's own share today: the oldest active
    authorisation that is still allowed (binding approved, holder an employee, a close relative, the member insured,
    the relationship proven), checked again here; None when there is none. A lapse found here pays nothing at
    once; the daily job ends the authorisation and tells both sides. `today` is the day of the payment: the
    registry's coverage status is today's."""
    del today
    rows = session.exec(select(MutualAid).where(
        MutualAid.member_person_id == member_person_id, MutualAid.ended_at.is_(None))  # type: ignore[union-attr]
        .order_by(MutualAid.started_at, MutualAid.id).with_for_update()).all()  # type: ignore[arg-type]
    for aid in rows:
        request = session.get(BindingRequest, aid.request_id)
        if request is not None and request.holder_id == aid.holder_id and problem(session, request) is None:
            return aid.holder_id
    return None
