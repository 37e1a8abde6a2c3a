"""Family mutual aid (家庭共济, DESIGN.md §2.9): "Let <name> use my personal account". An employee holder turns it on
for an approved member who is a close relative, insured, and whose relationship is proven; it ends when turned off,
when the member is unbound or removes the holder, when either account is deleted, or when coverage lapses. Every
change is audited on both accounts, and the member (when they have an account) is told."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from app.models import Account, BindingRequest, MutualAid, Notification, RegistryPerson
from app.services import audit, ids, registry
from app.services.audit import Actor
from app.services.binding import states
from app.services.binding.store import NotFound, load
from app.services.env import Env
from app.services.errors import DomainError
from app.services.family_links import CLOSE_RELATIVES, relationship_proven

EMPLOYEE, INSURED = "employee", "insured"
# Why it cannot be turned on (error.<code>, worded by the page; the last one says how to prove the relationship).
NOT_EMPLOYEE = "mutual_aid_not_employee"
NOT_CLOSE_RELATIVE = "mutual_aid_not_close_relative"
NOT_INSURED = "mutual_aid_not_insured"
NOT_PROVEN = "mutual_aid_not_proven"
NOT_MEMBER = "mutual_aid_not_member"  # no longer bound (unbound in another tab, removed by the member)
# Why an authorisation ended (MutualAid.end_reason).
TURNED_OFF, UNBOUND, HOLDER_REMOVED, ACCOUNT_DELETED, LAPSED = (
    "turned_off", "unbound", "holder_removed", "account_deleted", "lapsed")


def _person(session: Session, person_id: int | None) -> RegistryPerson | None:
    return session.get(RegistryPerson, person_id) if person_id is not None else None


def holder_is_employee(session: Session, holder_id: int) -> bool:
    account = session.get(Account, holder_id)
    person = _person(session, account.person_id) if account else None
    return person is not None and person.insurance_type == EMPLOYEE


def problem(session: Session, request: BindingRequest) -> str | None:
    """Why mutual aid cannot be on for this binding now (an error code), or None when it can."""
    if request.status != states.APPROVED:
        return NOT_MEMBER
    if not holder_is_employee(session, request.holder_id):
        return NOT_EMPLOYEE
    if request.relationship not in CLOSE_RELATIVES:
        return NOT_CLOSE_RELATIVE
    member = _person(session, request.member_person_id)
    if member is None or member.status != INSURED:
        return NOT_INSURED
    if not relationship_proven(session, request):
        return NOT_PROVEN
    return None


def _active(session: Session, request_id: int | None) -> MutualAid | None:
    return session.exec(select(MutualAid).where(MutualAid.request_id == request_id,
                                                MutualAid.ended_at.is_(None))).first()  # type: ignore[union-attr]


def _member_account(session: Session, person_id: int) -> Account | None:
    return session.exec(select(Account).where(Account.person_id == person_id)).first()


def member_name(env: Env, session: Session, person_id: int | None, *, masked: bool) -> str:
    person = _person(session, person_id)
    name = registry.view(env.crypto, person).name if person else ""
    return ids.mask_name(name) if masked else name


def _tell(session: Session, account_id: int, kind: str, now: datetime, **params: str) -> None:
    session.add(Notification(account_id=account_id, created_at=now, kind=kind,
                             params=json.dumps(params, ensure_ascii=False)))


tell = _tell  # for the other services that tell a member something about money (app/services/premiums.py)


def _holder_only(holder_id: int, actor: Actor | None, client: str | None) -> Actor:
    """Only the holder moves their own money: staff assisting at the counter, or anyone else, get NotFound."""
    if actor is None or (actor.account_id == holder_id and actor.role == "resident"):
        return Actor(holder_id, client=client)
    raise NotFound()


def _changed(env: Env, session: Session, aid: MutualAid, action: str, *, actor: Actor, now: datetime,
             request_number: str, tell: str | None, **detail: str) -> None:
    """Audit a change on the holder's account and the member's, and tell the member (`tell`: a notification kind)."""
    audit.record(session, f"mutual_aid_{action}", now=now, account_id=aid.holder_id, actor=actor,
                 request=request_number, **detail)
    member = _member_account(session, aid.member_person_id)
    if member is None or member.id is None:
        return  # an elder without a phone, a child: nobody to tell online
    audit.record(session, f"mutual_aid_{action}_for_me", now=now, account_id=member.id, actor=actor,
                 request=request_number, **detail)
    if tell is not None:
        holder = session.get(Account, aid.holder_id)
        _tell(session, member.id, tell, now,
              holder=member_name(env, session, holder.person_id if holder else None, masked=True))


def turn_on(env: Env, holder_id: int, request_id: int, *, client: str | None, actor: Actor | None = None) -> bool:
    """"Turn on": True when it was turned on now, False when it was on already (a second press)."""
    with env.db.transaction(immediate=True) as session:
        actor = _holder_only(holder_id, actor, client)
        request = load(session, holder_id, request_id, lock=True)  # another holder's binding: NotFound
        if code := problem(session, request):
            raise DomainError(code)
        if _active(session, request.id) is not None:
            return False
        now = env.clock.now()
        aid = MutualAid(holder_id=holder_id, request_id=request_id, member_person_id=request.member_person_id or 0,
                        started_at=now)
        session.add(aid)
        _changed(env, session, aid, "on", actor=actor, now=now, request_number=request.number, tell="mutual_aid_on")
        return True


def turn_off(env: Env, holder_id: int, request_id: int, *, client: str | None, actor: Actor | None = None) -> bool:
    """"Turn off": True when it was on and is now off; allowed whatever the binding's state, so it always stops."""
    with env.db.transaction(immediate=True) as session:
        actor = _holder_only(holder_id, actor, client)
        request = load(session, holder_id, request_id, lock=True)
        aid = _active(session, request.id)
        if aid is None:
            return False
        _end(env, session, aid, TURNED_OFF, actor=actor, request=request)
        return True


def _end(env: Env, session: Session, aid: MutualAid, reason: str, *, actor: Actor,
         request: BindingRequest | None = None, tell_holder: bool = False) -> None:
    now = env.clock.now()
    aid.ended_at, aid.end_reason = now, reason
    session.add(aid)
    request = request or session.get(BindingRequest, aid.request_id)
    number = request.number if request else ""
    action = "off" if reason == TURNED_OFF else "ended"
    tell = "mutual_aid_off" if reason == TURNED_OFF else "mutual_aid_ended"
    _changed(env, session, aid, action, actor=actor, now=now, request_number=number, tell=tell,
             **({} if reason == TURNED_OFF else {"reason": reason}))
    if tell_holder:
        _tell(session, aid.holder_id, "mutual_aid_ended_holder", now,
              name=member_name(env, session, aid.member_person_id, masked=False))


def end_for_request(env: Env, session: Session, request: BindingRequest, reason: str, *, actor: Actor) -> int:
    """In the caller's transaction: end the authorisation resting on this binding (unbound, holder removed)."""
    aid = _active(session, request.id)
    if aid is None:
        return 0
    _end(env, session, aid, reason, actor=actor, request=request)
    return 1


def end_for_account(env: Env, session: Session, account: Account, now: datetime) -> int:
    """In the deletion's transaction (before the account is emptied): every authorisation the account gave, or
    that pays for its person, ends; the other side is told."""
    del now  # the clock's now, as every other end
    query = select(MutualAid).where(MutualAid.ended_at.is_(None))  # type: ignore[union-attr]
    given = session.exec(query.where(MutualAid.holder_id == account.id)).all()
    received = session.exec(query.where(MutualAid.member_person_id == account.person_id)).all() \
        if account.person_id is not None else []
    actor = Actor(account.id, "resident")
    for aid in given:
        _end(env, session, aid, ACCOUNT_DELETED, actor=actor)
    for aid in received:
        _end(env, session, aid, ACCOUNT_DELETED, actor=actor, tell_holder=True)
    return len(given) + len(received)


def end_not_allowed(env: Env) -> int:
    """The daily job: authorisations whose member lapsed (or that are no longer allowed for another reason, such as
    a holder no longer employed) end; the holder and the member are told. Returns how many ended."""
    with env.db.transaction(immediate=True) as session:
        ended = 0
        for aid in session.exec(select(MutualAid).where(MutualAid.ended_at.is_(None))).all():  # type: ignore[union-attr]
            request = session.get(BindingRequest, aid.request_id)
            code = problem(session, request) if request is not None else NOT_MEMBER
            if code is None:
                continue
            reason = LAPSED if code == NOT_INSURED else UNBOUND if code == NOT_MEMBER else "not_allowed"
            _end(env, session, aid, reason, actor=Actor(None, "system"), request=request, tell_holder=True)
            ended += 1
        return ended


@dataclass(frozen=True)
class AidState:
    """One approved member's switch: whether it is on, and why it cannot be (None: it can)."""

    request_id: int
    on: bool
    problem: str | None


def status(env: Env, holder_id: int) -> dict[int, AidState]:
    """The switch of each approved member (by request id); empty for a holder who is not an employee, who has no
    personal account to share."""
    with env.db.transaction() as session:
        if not holder_is_employee(session, holder_id):
            return {}
        rows = session.exec(select(BindingRequest).where(BindingRequest.holder_id == holder_id,
                                                         BindingRequest.status == states.APPROVED)).all()
        found = {}
        for row in rows:
            code = problem(session, row)
            found[row.id or 0] = AidState(row.id or 0, on=code is None and _active(session, row.id) is not None,
                                          problem=code)
        return found
