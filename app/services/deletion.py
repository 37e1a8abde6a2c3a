"""What deleting an account does (DESIGN.md §2.1.6), in the caller's transaction so it happens whole or not at all.

The account row stays as a tombstone: requests, decisions, assisting and the audit trail point at it, so foreign
keys hold and its id is never given to anyone else, while everything that says who the person was is emptied and
the person may register again. It works for every kind of account, whatever it did or is doing: what waits on the
account (requests, reviews, assisting, claims) is ended or handed back, never left stuck."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, delete, select, update

from app.models import (
    Account,
    AssistSession,
    BindingRequest,
    DevSms,
    Document,
    IdentityClaim,
    LoginSession,
    Notification,
    VerificationCode,
)
from app.services import audit, ids, mutual_aid, registry
from app.services.audit import Actor
from app.services.binding import states
from app.services.env import Env

REASON = "account_deleted"
# Requests a deletion ends: drafts are deleted, the rest withdrawn or unbound (DESIGN.md §2.1.6).
_OPEN = (states.DRAFT, states.SUBMITTED, states.IN_REVIEW, states.APPROVED)


def lock_open_requests(session: Session, account_id: int) -> list[BindingRequest]:
    """The account's open requests, locked. Taken before the account row, in the order "Save and submit" locks
    (request, then account), so a deletion and a submission from another phone wait for each other on
    PostgreSQL instead of deadlocking."""
    query = select(BindingRequest).where(BindingRequest.holder_id == account_id,
                                         BindingRequest.status.in_(_OPEN))  # type: ignore[attr-defined]
    return list(session.exec(query.order_by(BindingRequest.id).with_for_update()).all())  # type: ignore[arg-type]


def erase(env: Env, session: Session, account: Account, requests: list[BindingRequest], *,
          actor: Actor) -> dict[str, int]:
    """End everything the account takes part in and empty it to a tombstone; returns what was done, by count,
    for the audit trail (never what the data was)."""
    assert account.id is not None
    now = env.clock.now()
    done = _end_requests(env, session, account, requests, now=now, actor=actor)
    done["reviews_released"] = _release_reviews(session, account.id, now)
    done["assisting_ended"] = _end_assisting(session, account.id, now)
    done["claims_cancelled"] = _cancel_claims(session, account.id, now)
    done["authorisations_ended"] = end_mutual_aid(env, session, account, now)
    done["logins_ended"] = _end_logins(session, account.id, now)
    _forget(session, account, now)
    audit.record(session, "account_deleted", now=now, account_id=account.id, actor=actor, **done)
    return done


def _end_requests(env: Env, session: Session, account: Account, requests: list[BindingRequest], *,
                  now: datetime, actor: Actor) -> dict[str, int]:
    """As a holder: drafts deleted with their documents (never submitted, so nobody else needs them); submitted
    and in-review requests withdrawn, approved ones unbound, their documents left to the retention rule
    (app/services/retention.py). Members with an account are told that this holder can no longer show their card."""
    done = {"drafts_deleted": 0, "withdrawn": 0, "unbound": 0}
    holder_name = _masked_name(env, session, account)
    for request in requests:
        if request.status == states.DRAFT:
            session.exec(delete(Document).where(Document.request_id == request.id))  # type: ignore[arg-type]
            session.delete(request)
            done["drafts_deleted"] += 1
            continue
        if request.status == states.APPROVED:
            request.status, request.unbound_at = states.next_status(request.status, "unbind"), now
            audit.record(session, "binding_unbound", now=now, account_id=account.id, actor=actor,
                         request=request.number, reason=REASON)
            _tell_member(session, request, holder_name, now)
            done["unbound"] += 1
        else:  # submitted or in review: whoever opened it, nobody is left to hear the decision
            request.status = states.next_status(request.status, "withdraw_on_deletion")
            request.withdrawn_at = now
            audit.record(session, "binding_withdrawn", now=now, account_id=account.id, actor=actor,
                         request=request.number, reason=REASON)
            done["withdrawn"] += 1
        request.updated_at, request.version = now, request.version + 1
    # What the holder typed (names, ID numbers) goes with the account, from every request it ever made: who the
    # member is stays only as the registry link, which the limits, staff decisions and the audit trail need.
    session.exec(update(BindingRequest).where(BindingRequest.holder_id == account.id)  # type: ignore[arg-type]
                 .values(details_cipher=None))
    return done


def _masked_name(env: Env, session: Session, account: Account) -> str:
    person = registry.get(session, account.person_id) if account.person_id else None
    return ids.mask_name(registry.view(env.crypto, person).name) if person else ""


def _tell_member(session: Session, request: BindingRequest, holder_name: str, now: datetime) -> None:
    member = session.exec(select(Account).where(Account.person_id == request.member_person_id)).first() \
        if request.member_person_id else None
    if member is None or member.id is None:
        return  # a member without an account (an elder without a phone, a child) has nobody to tell online
    session.add(Notification(account_id=member.id, created_at=now, kind="holder_deleted_account",
                             params=json.dumps({"holder": holder_name}, ensure_ascii=False)))
    audit.record(session, "holder_deleted_account", now=now, account_id=member.id, actor=Actor(None, "system"),
                 request=request.number)


def _release_reviews(session: Session, account_id: int, now: datetime) -> int:
    """As a staff member: requests they opened and had not decided go back to the queue for someone else (their
    decisions stay theirs: the tombstone keeps the reviewer id right)."""
    opened = session.exec(select(BindingRequest).where(
        BindingRequest.reviewer_id == account_id, BindingRequest.status == states.IN_REVIEW)
        .with_for_update()).all()  # type: ignore[arg-type]
    for request in opened:
        request.status = states.next_status(request.status, "release")
        request.reviewer_id = request.review_started_at = None
        request.updated_at, request.version = now, request.version + 1
        audit.record(session, "binding_review_released", now=now, account_id=request.holder_id,
                     actor=Actor(account_id, "staff"), request=request.number, reason="staff_account_deleted")
    return len(opened)


def _end_assisting(session: Session, account_id: int, now: datetime) -> int:
    """Counter service ends, whether the account was the resident helped or the staff member helping."""
    rows = session.exec(select(AssistSession).where(
        AssistSession.ended_at.is_(None),  # type: ignore[union-attr]
        (AssistSession.resident_id == account_id) | (AssistSession.staff_id == account_id))).all()
    for row in rows:
        row.ended_at, row.end_reason = now, REASON
        audit.record(session, "assist_ended", now=now, account_id=row.resident_id,
                     actor=Actor(row.staff_id, "staff"), reason=REASON)
    return len(rows)


def _cancel_claims(session: Session, account_id: int, now: datetime) -> int:
    """Open identity claims end; proven ones stay as the history of how the account was activated."""
    claims = session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account_id,
                                                      IdentityClaim.state == "open")).all()
    for claim in claims:
        claim.state, claim.cancel_reason, claim.ended_at = "cancelled", REASON, now
    return len(claims)


def end_mutual_aid(env: Env, session: Session, account: Account, now: datetime) -> int:
    """Family mutual aid (DESIGN.md §2.9) ends when either account is deleted, the holder's or the member's: every
    authorisation this account gave or benefits from ends here, in this transaction, and the other side is told.
    Returns how many ended."""
    return mutual_aid.end_for_account(env, session, account, now)


def _end_logins(session: Session, account_id: int, now: datetime) -> int:
    """Every device is logged out; a page still open there goes to the login at its next action."""
    ended = session.exec(update(LoginSession).where(
        LoginSession.account_id == account_id, LoginSession.ended_at.is_(None))  # type: ignore[arg-type,union-attr]
        .values(ended_at=now, end_reason="deleted"))
    return int(ended.rowcount or 0)


def _forget(session: Session, account: Account, now: datetime) -> None:
    """Empty the account to its tombstone: nothing left says who the person was or how to log in as them."""
    if account.phone:
        for model in (VerificationCode, DevSms):
            session.exec(delete(model).where(model.phone == account.phone))  # type: ignore[call-overload]
    session.exec(delete(Notification).where(Notification.account_id == account.id))  # type: ignore[arg-type]
    account.phone = account.password_hash = account.person_id = account.verified_at = None
    account.text_size = account.high_contrast = account.read_aloud = account.language = None
    account.deleted_at = now
