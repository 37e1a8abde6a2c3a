"""Staff review of binding requests: the queue, one request as staff see it, decisions and the
notifications they send. Every look at a resident's documents or full ID number is audited, and staff look
only at the requests `_may_see` lets them (DESIGN.md §2.7). Four eyes: a staff member who helped prepare a request
at the counter never has it in their queue, is never assigned it and cannot decide it; assignments are released
by app/services/assignments.py, checked here before the queue, an opening or a decision."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists
from sqlmodel import Session, select

from app.models import Account, BindingRequest, Document, Notification, RequestHelper
from app.services import assignments, audit, ids, registry
from app.services.audit import Actor
from app.services.binding import lifecycle, states
from app.services.binding.store import NotFound, view
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

REASONS = ("member_details", "documents", "letter_signature", "other")
AGE_GROUPS = {"under_16": (0, 15), "16_59": (16, 59), "60_plus": (60, 200)}
WAITING = {"over_1_hour": timedelta(hours=1), "over_1_day": timedelta(days=1)}
MAX_DETAILS = 500
WAITING_STATES = (states.SUBMITTED, states.IN_REVIEW)
DECIDED_STATES = (states.APPROVED, states.REJECTED, states.UNBOUND)  # unbound: it was approved first


@dataclass(frozen=True)
class QueueItem:
    request_id: int
    number: str
    method: str
    member_age: int
    status: str
    submitted_at: datetime
    waiting: timedelta


def queue(env: Env, staff_id: int, *, method: str | None = None, age_group: str | None = None,
          waiting: str | None = None) -> list[QueueItem]:
    """Requests waiting for a decision, oldest first, but for those this staff member helped prepare."""
    assignments.release_overdue(env)
    now, today = env.clock.now(), env.clock.today()
    helped = exists().where(RequestHelper.request_id == BindingRequest.id, RequestHelper.staff_id == staff_id)
    with env.db.transaction() as session:
        query = select(BindingRequest).where(BindingRequest.status.in_(WAITING_STATES), ~helped)  # type: ignore[attr-defined]
        if method:
            query = query.where(BindingRequest.method == method)
        items = []
        for row in session.exec(query.order_by(BindingRequest.submitted_at)).all():
            person = registry.get(session, row.member_person_id) if row.member_person_id else None
            if person is None or row.submitted_at is None:
                continue
            age = ids.age_on(person.birth_date, today)
            if age_group in AGE_GROUPS and not AGE_GROUPS[age_group][0] <= age <= AGE_GROUPS[age_group][1]:
                continue
            if waiting in WAITING and now - row.submitted_at < WAITING[waiting]:
                continue
            items.append(QueueItem(row.id or 0, row.number, row.method or "", age, row.status, row.submitted_at,
                                   now - row.submitted_at))
        return items


@dataclass(frozen=True)
class StaffView:
    request_id: int
    number: str
    status: str
    reviewer_is_me: bool
    holder_name: str
    holder_id_masked: str
    member_name: str
    member_id_masked: str
    member_sex: str
    member_birth: str
    member_age: int
    relationship: str
    method: str
    consent: bool
    documents: dict[str, int]  # kind -> document id
    submitted_at: datetime | None
    holder_deleted: bool = False  # the holder deleted their account since (name and ID number are then empty)
    exceptions: tuple[str, ...] = ()  # made at the counter (DESIGN.md §2.7), each with its evidence in `documents`
    exception_reason: str | None = None  # a third holder's "Reason for the exception"
    helped_by_me: bool = False  # this staff member helped prepare it at the counter: someone else decides it

    @property
    def mine_to_decide(self) -> bool:
        return self.status == states.IN_REVIEW and self.reviewer_is_me and not self.helped_by_me

    @property
    def reviewed_by_other(self) -> bool:
        return self.status == states.IN_REVIEW and not self.reviewer_is_me


def _holder_and_member(env: Env, session: Session, request: BindingRequest):  # type: ignore[no-untyped-def]
    """The holder (None once their account was deleted: the tombstone names no one) and the member."""
    account = session.get(Account, request.holder_id)
    person = registry.get(session, account.person_id) if account and account.person_id else None
    holder = registry.view(env.crypto, person) if person else None
    member = registry.view(env.crypto, registry.get(session, request.member_person_id))  # type: ignore[arg-type]
    return holder, member


def _may_see(request: BindingRequest, staff_id: int) -> bool:
    """The one scope rule for staff outside assisting (DESIGN.md §2.7): requests waiting for a decision, and
    the ones this staff member decided. Someone else's decision, a withdrawn request or a draft is not theirs
    to look at, and answers as a missing id does, so ids cannot be probed."""
    if request.status in WAITING_STATES:
        return True
    # A rejected request edited back to a draft keeps its reviewer and decision time, hence the status check.
    return (request.status in DECIDED_STATES and request.reviewer_id == staff_id
            and request.decided_at is not None)


def open_request(env: Env, staff_id: int, request_id: int) -> StaffView:
    """Open a request: a submitted one moves to "in review" and is assigned to this staff member, unless they
    helped prepare it at the counter (then it is only shown)."""
    assignments.release_overdue(env)
    request_row, helped_by_me = _get(env, staff_id, request_id)
    if request_row.status == states.SUBMITTED and not helped_by_me:
        # Another staff member may open it (or the holder withdraw it) between the read and this transition;
        # then it is shown as it now is, with its reviewer, if it is still in this staff member's scope.
        with contextlib.suppress(states.TransitionNotAllowed):
            lifecycle.open_review(env, staff_id, request_id)
    with env.db.transaction() as session:
        request = session.get(BindingRequest, request_id)
        if request is None or not _may_see(request, staff_id):  # withdrawn by the holder just before we opened it
            raise NotFound()
        holder, member = _holder_and_member(env, session, request)
        full = view(env, session, request)
        return StaffView(
            request_id=request_id, number=request.number, status=request.status,
            reviewer_is_me=request.reviewer_id == staff_id, holder_name=holder.name if holder else "",
            holder_id_masked=ids.mask_id_number(holder.id_number) if holder else "", member_name=member.name,
            member_id_masked=ids.mask_id_number(member.id_number), member_sex=member.sex,
            member_birth=member.birth_date.isoformat(), member_age=ids.age_on(member.birth_date, env.clock.today()),
            relationship=request.relationship or "", method=request.method or "", consent=full.member_consent,
            documents={kind: doc.id for kind, doc in full.documents.items()}, submitted_at=request.submitted_at,
            holder_deleted=holder is None, exceptions=full.exceptions, exception_reason=full.exception_reason,
            helped_by_me=lifecycle.helped(session, request_id, staff_id),
        )


def _get(env: Env, staff_id: int, request_id: int) -> tuple[BindingRequest, bool]:
    """The request, if this staff member may see it, and whether they helped prepare it."""
    with env.db.transaction() as session:
        request = session.get(BindingRequest, request_id)
        if request is None or not _may_see(request, staff_id):
            raise NotFound()
        return request, lifecycle.helped(session, request_id, staff_id)


def full_id_number(env: Env, staff_id: int, request_id: int, *, whose: str) -> str:
    """"Show full ID number" of the holder or the member; audited on the holder's account."""
    with env.db.transaction(immediate=True) as session:
        request = session.get(BindingRequest, request_id)
        if request is None or not _may_see(request, staff_id):
            raise NotFound()
        holder, member = _holder_and_member(env, session, request)
        audit.record(session, "staff_viewed_full_id", now=env.clock.now(), account_id=request.holder_id,
                     actor=Actor(staff_id, "staff"), request=request.number, whose=whose)
        if whose == "holder":
            return holder.id_number if holder else ""
        return member.id_number


def read_document(env: Env, staff_id: int, document_id: int) -> tuple[bytes, str]:
    """A document of a request the staff member may see, for review; audited on the holder's account."""
    from app.services.binding.documents import _purpose

    with env.db.transaction(immediate=True) as session:
        document = session.get(Document, document_id)
        request = session.get(BindingRequest, document.request_id) if document else None
        if document is None or request is None or not _may_see(request, staff_id):
            raise NotFound()
        audit.record(session, "staff_viewed_document", now=env.clock.now(), account_id=request.holder_id,
                     actor=Actor(staff_id, "staff"), request=request.number, kind=document.kind)
        return env.crypto.decrypt(document.content_cipher, _purpose(request.id or 0, document.kind)), document.mime


def decide(env: Env, staff_id: int, request_id: int, *, approve: bool, reason: str | None = None,
           details: str | None = None) -> None:
    """Approve, or reject with a reason; the first decision wins. The holder is told in the app and
    by SMS, and an approved member who has an account is told who bound them."""
    details = (details or "").strip()
    if not approve:
        errors = {}
        if reason not in REASONS:
            errors["reason"] = "reason_missing"
        if len(details) > MAX_DETAILS:
            errors["details"] = "too_long"
        if errors:
            raise ValidationFailed(errors)
    def tell(session: Session, request: BindingRequest) -> None:
        _notify(env, session, request, approve=approve, reason=reason)

    assignments.release_overdue(env)  # a working day over: the decision waits for the request to be opened again
    try:
        lifecycle.decide(env, staff_id, request_id, approve=approve, reason=reason, details=details or None,
                         tell=tell)
    except states.TransitionNotAllowed as refused:
        raise _moved_on(refused) from None


def _moved_on(refused: states.TransitionNotAllowed) -> DomainError:
    if refused.params.get("status") == states.SUBMITTED:
        # A page left open since before the holder resubmitted, or since the assignment was released: opening it
        # again assigns it.
        return DomainError("not_opened")
    return DomainError("already_decided")


def release(env: Env, staff_id: int, request_id: int) -> None:
    """"Release": the request goes back to the queue undecided, audited; only its reviewer may do it."""
    _get(env, staff_id, request_id)  # one they may not see answers as a missing id
    try:
        lifecycle.release_review(env, staff_id, request_id)
    except states.TransitionNotAllowed as refused:
        raise _moved_on(refused) from None


def _notify(env: Env, session: Session, request: BindingRequest, *, approve: bool, reason: str | None) -> None:
    """The holder's notification and SMS and the bound member's notification, in the decision's transaction."""
    now = env.clock.now()
    holder_account = session.get(Account, request.holder_id)
    assert holder_account is not None
    holder, member = _holder_and_member(env, session, request)
    kind = "binding_approved" if approve else "binding_rejected"
    params = {"number": request.number, "reason": reason or ""}
    session.add(Notification(account_id=request.holder_id, created_at=now, kind=kind, params=json.dumps(params)))
    outcome = "已通过 approved" if approve else "未通过 not approved"
    env.sms.send(session, holder_account.phone,
                 f"【家庭医保电子凭证】您的家庭成员申请 {request.number} {outcome}。"
                 f"Family E-Card: request {request.number} {outcome.split(' ')[1]}.", code=None, now=now)
    if approve:
        member_account = session.exec(select(Account).where(Account.person_id == member.id)).first()
        if member_account is not None:
            session.add(Notification(account_id=member_account.id or 0, created_at=now, kind="member_bound",
                                     params=json.dumps({"holder": ids.mask_name(holder.name)},
                                                       ensure_ascii=False)))
