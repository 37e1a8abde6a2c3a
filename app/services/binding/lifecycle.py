"""A request after the wizard: submit, withdraw, edit, review decisions, unbind, and the family list."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from app.models import Account, AssistSession, BindingRequest, Notification, RegistryPerson, RequestHelper
from app.services import audit, ids, mutual_aid, registry
from app.services.audit import Actor
from app.services.binding import rules, states
from app.services.binding.drafts import limit_problem
from app.services.binding.store import (
    DRAFT_LIFETIME,
    WITHDRAW_WINDOW,
    NotFound,
    acting_actor,
    check_version,
    exceptions_of,
    load,
    read_details,
    touch,
    view,
)
from app.services.env import Env
from app.services.errors import DomainError


def _transition(env: Env, request: BindingRequest, action: str) -> None:
    request.status = states.next_status(request.status, action)
    touch(env, request)


def submit(env: Env, holder_id: int, request_id: int, version: int, *, client: str | None,
           actor: Actor | None = None) -> str:
    """"Save and submit": the limits are checked again here, in one serialised transaction, so two
    holders submitting the same person at once cannot both pass. Pressing twice submits once."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        request = load(session, holder_id, request_id, lock=True)
        if request.status in states.ACTIVE and request.submitted_at is not None:
            return request.number  # a second press of the same button
        current = view(env, session, request)
        check_version(request, version)
        if current.missing:
            raise DomainError("request_incomplete", missing=", ".join(current.missing))
        assert request.member_person_id is not None
        # Lock the member's registry row too, so PostgreSQL serialises submissions for one person.
        session.exec(select(RegistryPerson).where(RegistryPerson.id == request.member_person_id).with_for_update())
        session.exec(select(Account).where(Account.id == holder_id).with_for_update())
        third_holder = rules.THIRD_HOLDER in exceptions_of(request)  # made at a counter, with its reason
        problem = limit_problem(session, request, request.member_person_id, third_holder=third_holder)
        if problem is not None and problem.code != rules.THIRD_HOLDER:
            raise problem
        again = request.submitted_at is not None
        _transition(env, request, "submit")
        request.submitted_at = env.clock.now()
        request.expires_at = None
        request.reviewer_id = request.review_started_at = request.decided_at = None
        request.reject_reason = request.reject_details = None  # a resubmission starts a fresh review
        _record_helpers(session, request, actor)
        audit.record(session, "binding_resubmitted" if again else "binding_submitted", now=request.submitted_at,
                     account_id=holder_id, actor=actor, request=request.number)
        return request.number


def _record_helpers(session: Session, request: BindingRequest, actor: Actor) -> None:
    """Four eyes (DESIGN.md §2.7): whoever helped prepare the request at the counter may not decide it. A staff
    member can change a resident's request only while assisting that resident (`acting_actor`), so everyone who
    was assisting the holder at some time since the request was started is recorded: all who changed it, and
    perhaps one who helped the holder with something else meanwhile, which costs only that someone else decides.
    Done at every submission, so help with a fix after a rejection counts too; nobody is ever taken off."""
    assert request.id is not None and request.submitted_at is not None
    staff = set(session.exec(select(AssistSession.staff_id).where(
        AssistSession.resident_id == request.holder_id, AssistSession.started_at <= request.submitted_at,
        or_(AssistSession.ended_at.is_(None), AssistSession.ended_at >= request.created_at))).all())  # type: ignore[union-attr,operator]
    if actor.role == "staff" and actor.account_id is not None:
        staff.add(actor.account_id)
    staff -= set(session.exec(select(RequestHelper.staff_id).where(RequestHelper.request_id == request.id)).all())
    session.add_all(RequestHelper(request_id=request.id, staff_id=staff_id) for staff_id in sorted(staff))


def helped(session: Session, request_id: int, staff_id: int) -> bool:
    """Whether this staff member helped prepare the request at the counter (so may not decide it)."""
    return session.get(RequestHelper, (request_id, staff_id)) is not None


def withdraw(env: Env, holder_id: int, request_id: int, *, client: str | None, actor: Actor | None = None) -> None:
    """Allowed for 10 minutes after submitting, or until a staff member opens it, whichever is first."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        request = load(session, holder_id, request_id, lock=True)
        now = env.clock.now()
        if request.status == states.IN_REVIEW:
            raise DomainError("withdraw_in_review")
        submitted = request.submitted_at
        if request.status == states.SUBMITTED and submitted and now - submitted >= WITHDRAW_WINDOW:
            raise DomainError("withdraw_too_late")
        _transition(env, request, "withdraw")
        request.withdrawn_at = now
        audit.record(session, "binding_withdrawn", now=now, account_id=holder_id, actor=actor, request=request.number)


def edit(env: Env, holder_id: int, request_id: int, *, client: str | None, actor: Actor | None = None) -> None:
    """Back to a draft ("Edit" after withdrawing, "Resubmit" after a rejection), keeping everything."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        request = load(session, holder_id, request_id, lock=True)
        _transition(env, request, "edit")
        request.step = "check"
        request.expires_at = env.clock.now() + DRAFT_LIFETIME
        audit.record(session, "binding_edited", now=env.clock.now(), account_id=holder_id, actor=actor,
                     request=request.number)


def unbind(env: Env, holder_id: int, request_id: int, *, client: str | None, actor: Actor | None = None) -> None:
    """"Unbind <name>": the holder removes an approved member."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        request = load(session, holder_id, request_id, lock=True)
        _transition(env, request, "unbind")
        request.unbound_at = env.clock.now()
        audit.record(session, "binding_unbound", now=request.unbound_at, account_id=holder_id, actor=actor,
                     request=request.number)
        mutual_aid.end_for_request(env, session, request, mutual_aid.UNBOUND, actor=actor)


def _staff_request(session: Session, request_id: int) -> BindingRequest:
    request = session.exec(select(BindingRequest).where(BindingRequest.id == request_id).with_for_update()).first()
    if request is None:
        raise NotFound()
    return request


def open_review(env: Env, staff_id: int, request_id: int) -> None:
    """A staff member opens a submitted request: it is theirs to decide, and can no longer be withdrawn."""
    with env.db.transaction(immediate=True) as session:
        request = _staff_request(session, request_id)
        if request.status == states.IN_REVIEW and request.reviewer_id == staff_id:
            return
        if helped(session, request_id, staff_id):
            raise DomainError("assisted_it")  # never theirs to decide, so never assigned to them
        _transition(env, request, "open_review")
        request.review_started_at, request.reviewer_id = env.clock.now(), staff_id
        audit.record(session, "binding_review_started", now=env.clock.now(), account_id=request.holder_id,
                     actor=Actor(staff_id, "staff"), request=request.number)


def decide(env: Env, staff_id: int, request_id: int, *, approve: bool, reason: str | None = None,
           details: str | None = None, tell: Callable[[Session, BindingRequest], None] | None = None) -> None:
    """Approve or reject, by the staff member the request is assigned to (one not opened yet has nobody, and
    gets TransitionNotAllowed); the first decision wins, a later one gets TransitionNotAllowed too. `tell` adds
    the notifications in the same transaction, so a decision is never stored without them (or they without it)."""
    with env.db.transaction(immediate=True) as session:
        request = _staff_request(session, request_id)  # locked, so the checks below hold until the commit
        if request.status in (states.SUBMITTED, states.IN_REVIEW) and helped(session, request_id, staff_id):
            raise DomainError("assisted_it")  # one decision, by someone who did not help with it (DESIGN.md §2.7)
        if request.status == states.IN_REVIEW and request.reviewer_id != staff_id:
            raise DomainError("assigned_to_other")  # one decision, by the one reviewing it (DESIGN.md §2.7)
        _transition(env, request, "approve" if approve else "reject")
        request.decided_at = env.clock.now()
        request.reject_reason, request.reject_details = (None, None) if approve else (reason, details)
        if approve and rules.RELATIONSHIP_OTHER in exceptions_of(request):
            # Its "Proof of relationship" was checked at the counter and again here: proven, for mutual aid (§2.9).
            request.relationship_proven_at, request.relationship_proof_state = request.decided_at, "proven"
            request.relationship_proof_by_id = request.exception_by_id
        audit.record(session, "binding_approved" if approve else "binding_rejected", now=request.decided_at,
                     account_id=request.holder_id, actor=Actor(staff_id, "staff"), request=request.number)
        if tell is not None:
            tell(session, request)


def release_assignment(env: Env, session: Session, request: BindingRequest, *, actor: Actor, reason: str) -> None:
    """An opened request goes back to the queue undecided, for any staff member to open (DESIGN.md §2.7: after
    1 working day, when the reviewer's account is disabled, or with "Release"); in the caller's transaction."""
    _transition(env, request, "release")
    request.reviewer_id = request.review_started_at = None
    audit.record(session, "binding_review_released", now=env.clock.now(), account_id=request.holder_id, actor=actor,
                 request=request.number, reason=reason)


def release_review(env: Env, staff_id: int, request_id: int) -> None:
    """"Release" by the staff member who opened the request. Once it is back in the queue (released already, by
    them or by the working-day rule) this changes nothing; another's assignment or a decided request is refused
    (DomainError, or TransitionNotAllowed with the status)."""
    with env.db.transaction(immediate=True) as session:
        request = _staff_request(session, request_id)
        if request.status == states.SUBMITTED:
            return
        if request.status == states.IN_REVIEW and request.reviewer_id != staff_id:
            raise DomainError("assigned_to_other")
        release_assignment(env, session, request, actor=Actor(staff_id, "staff"), reason="released")


@dataclass(frozen=True)
class FamilyMember:
    request_id: int
    name: str
    relationship: str | None
    status: str
    step: str
    can_withdraw: bool
    submitted_at: datetime | None
    reject_reason: str | None = None
    reject_details: str | None = None


def family(env: Env, holder_id: int) -> list[FamilyMember]:
    """Everyone on the holder's list: bound members, requests under review or rejected, and drafts."""
    shown = (states.DRAFT, *states.ACTIVE, states.REJECTED, states.WITHDRAWN)
    with env.db.transaction() as session:
        rows = session.exec(select(BindingRequest).where(
            BindingRequest.holder_id == holder_id, BindingRequest.status.in_(shown))  # type: ignore[attr-defined]
            .order_by(BindingRequest.created_at)).all()
        members = []
        now = env.clock.now()
        for row in rows:
            if row.status == states.DRAFT and row.expires_at is not None and row.expires_at <= now:
                continue  # expired (30 days); the next "Add family member" starts afresh
            person = registry.get(session, row.member_person_id) if row.member_person_id else None
            name = registry.view(env.crypto, person).name if person else read_details(env, row).get("name", "")
            now = env.clock.now()
            members.append(FamilyMember(
                request_id=row.id or 0, name=name, relationship=row.relationship, status=row.status, step=row.step,
                can_withdraw=row.status == states.SUBMITTED and row.submitted_at is not None
                and now - row.submitted_at < WITHDRAW_WINDOW,
                submitted_at=row.submitted_at, reject_reason=row.reject_reason, reject_details=row.reject_details))
        return members


@dataclass(frozen=True)
class Holder:
    """Someone who can show this member's e-card: an approved binding to them."""

    request_id: int
    name: str
    relationship: str | None  # what the member is to the holder
    since: datetime | None


def _own_person_id(session: Session, account_id: int) -> int | None:
    account = session.get(Account, account_id)
    return account.person_id if account else None


def holders(env: Env, member_account_id: int) -> list[Holder]:
    """"Who can show my card": the holders with an approved binding to this account's person."""
    with env.db.transaction() as session:
        person_id = _own_person_id(session, member_account_id)
        if person_id is None:
            return []
        rows = session.exec(select(BindingRequest).where(
            BindingRequest.member_person_id == person_id, BindingRequest.status == states.APPROVED)
            .order_by(BindingRequest.decided_at)).all()  # type: ignore[arg-type]
        found = []
        for row in rows:
            account = session.get(Account, row.holder_id)
            person = registry.get(session, account.person_id) if account and account.person_id else None
            found.append(Holder(request_id=row.id or 0, name=registry.view(env.crypto, person).name if person else "",
                                relationship=row.relationship, since=row.decided_at))
        return found


def remove_holder(env: Env, member_account_id: int, request_id: int, *, client: str | None) -> None:
    """A bound member removes a holder (DESIGN.md §2.6): the unbind transition, audited on both accounts,
    and the holder is told. Only an approved binding to the member's own person can be removed."""
    with env.db.transaction(immediate=True) as session:
        person_id = _own_person_id(session, member_account_id)
        request = session.exec(select(BindingRequest).where(
            BindingRequest.id == request_id, BindingRequest.member_person_id == person_id).with_for_update()).first()
        if person_id is None or request is None:
            raise NotFound()
        _transition(env, request, "unbind")
        now = env.clock.now()
        request.unbound_at = now
        actor = Actor(member_account_id, "member", client)
        audit.record(session, "binding_unbound_by_member", now=now, account_id=request.holder_id, actor=actor,
                     request=request.number)
        audit.record(session, "holder_removed", now=now, account_id=member_account_id, actor=actor,
                     request=request.number)
        mutual_aid.end_for_request(env, session, request, mutual_aid.HOLDER_REMOVED, actor=actor)
        member = registry.view(env.crypto, registry.get(session, person_id))  # type: ignore[arg-type]
        session.add(Notification(account_id=request.holder_id, created_at=now, kind="member_removed_holder",
                                 params=json.dumps({"member": ids.mask_name(member.name)}, ensure_ascii=False)))
