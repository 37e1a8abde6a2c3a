"""A member without a phone removes a holder at the counter (DESIGN.md §2.7): staff check the member's physical ID
card, find them by name and ID number ("Find member"), see who can show their card, and remove a holder for them.

Look-ups are neutral (a wrong name for an ID number is answered as no such person), audited and limited per staff
member. Staff may act only on what a look-up showed them (DESIGN.md §2.7, the staff scope): a removal names the
member again, is matched again here, must be an approved binding of that person, and must follow this staff
member's own successful look-up of that person within `SHOWN_FOR`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import Account, AuditEvent, BindingRequest, Notification, RegistryPerson
from app.services import audit, ids, mutual_aid, ratelimit, registry
from app.services.audit import Actor
from app.services.binding import states
from app.services.binding.lifecycle import Holder
from app.services.binding.store import NotFound, touch
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

LOOKUPS_PER_DAY = 200  # per staff member (DESIGN.md §2.7): a busy counter, never a scraper
DAY = timedelta(days=1)
# How long a look-up lets its staff member remove holders of the member it found: the member stands at the counter
# while it is done; as long as assisting a resident lasts.
SHOWN_FOR = timedelta(minutes=30)
FOUND, NOT_FOUND = "counter_member_found", "counter_member_not_found"


@dataclass(frozen=True)
class FoundMember:
    """The member a look-up found, and who can show their card (never their documents)."""

    name: str
    id_masked: str
    holders: list[Holder]


def _checked(env: Env, name: str, id_number: str) -> tuple[str, str]:
    """The name and ID number as the registry compares them; a field left empty or an impossible ID number is said
    next to its field (it tells nothing about anyone), and is not counted as a look-up."""
    errors: dict[str, str] = {}
    clean = registry.normalize_name(name)
    if not clean:
        errors["name"] = "counter_member_name_empty"
    elif len(clean) > registry.MAX_NAME_LENGTH:
        errors["name"] = "name_long"
    number = ""
    try:
        number = ids.parse_id_number(id_number, env.clock.today()).number
    except ids.InvalidIdNumber as exc:
        errors["id_number"] = "counter_member_id_empty" if exc.reason == "empty" else f"id_{exc.reason}"
    if errors:
        raise ValidationFailed(errors)
    return clean, number


def _member_account(session: Session, person_id: int) -> Account | None:
    """The member's own account, if they have one (a member "without a phone" may still have an old one)."""
    return session.exec(select(Account).where(Account.person_id == person_id)).first()


def _holders(env: Env, session: Session, person_id: int) -> list[Holder]:
    rows = session.exec(select(BindingRequest).where(
        BindingRequest.member_person_id == person_id, BindingRequest.status == states.APPROVED)
        .order_by(BindingRequest.decided_at, BindingRequest.id)).all()  # type: ignore[arg-type]
    found = []
    for row in rows:
        account = session.get(Account, row.holder_id)
        person = registry.get(session, account.person_id) if account and account.person_id else None
        found.append(Holder(request_id=row.id or 0, name=registry.view(env.crypto, person).name if person else "",
                            relationship=row.relationship, since=row.decided_at))
    return found


def find_member(env: Env, staff_id: int, name: str, id_number: str, *, client: str | None) -> FoundMember:
    """"Find member": the holders of the insured person with exactly this name and ID number. Every look-up is
    counted and audited before the answer; a miss is `member_not_found` whatever did not match."""
    clean, number = _checked(env, name, id_number)
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        key = f"counter_member_lookup:staff:{staff_id}"
        ratelimit.check(session, key, limit=LOOKUPS_PER_DAY, window=DAY, now=now,
                        code="counter_member_lookup_limit", field="id_number")
        ratelimit.record(session, key, now)
        actor = Actor(staff_id, "staff", client)
        person = registry.match(session, env.crypto, clean, number)
        if person is None or person.id is None:
            # Nothing about the miss is kept either: not which part was wrong, not what was typed.
            audit.record(session, NOT_FOUND, now=now, account_id=None, actor=actor)
            failure = ValidationFailed({"id_number": "member_not_found"})
        else:
            member = _member_account(session, person.id)
            # On the member's own account when they have one, so it shows in their Account activity.
            audit.record(session, FOUND, now=now, account_id=member.id if member else None, actor=actor,
                         person=person.id)
            shown = registry.view(env.crypto, person)
            return FoundMember(name=shown.name, id_masked=ids.mask_id_number(shown.id_number),
                               holders=_holders(env, session, person.id))
    raise failure  # the counted look-up and its audit event are committed first


def _shown_at(session: Session, staff_id: int, person_id: int, since: datetime) -> datetime | None:
    """When this staff member's own look-up last found this person (after `since`), or None."""
    query = select(AuditEvent.at, AuditEvent.detail).where(
        AuditEvent.action == FOUND, AuditEvent.actor_id == staff_id, AuditEvent.actor_role == "staff",
        AuditEvent.at >= since).order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
    return next((at for at, detail in session.exec(query).all()
                 if json.loads(detail or "{}").get("person") == person_id), None)


def remove_holder(env: Env, staff_id: int, name: str, id_number: str, request_id: int, *,
                  client: str | None) -> None:
    """"Remove <holder name>" for the member standing at the counter: the unbind transition, audited on the holder's
    account and the member's (if any) as done by this staff member for the member; the holder is told in the app and
    by SMS. `name` and `id_number` are those of the look-up that showed the holder; anything else (another person's
    binding, a binding the look-up did not show, a look-up too long ago or by another staff member) is NotFound,
    the same answer as an id that does not exist."""
    clean, number = _checked(env, name, id_number)
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        person = registry.match(session, env.crypto, clean, number)
        request = session.exec(select(BindingRequest).where(BindingRequest.id == request_id)
                               .with_for_update()).first()
        shown_at = _shown_at(session, staff_id, person.id, now - SHOWN_FOR) if person and person.id else None
        # A binding approved after the look-up is not one it showed.
        if (person is None or request is None or shown_at is None or request.member_person_id != person.id
                or request.decided_at is None or request.decided_at > shown_at):
            raise NotFound()
        request.status = states.next_status(request.status, "unbind")  # only an approved binding
        request.unbound_at = now
        touch(env, request)
        actor = Actor(staff_id, "staff", client)
        audit.record(session, "binding_unbound_at_counter", now=now, account_id=request.holder_id, actor=actor,
                     request=request.number, for_person=person.id)
        member = _member_account(session, person.id)
        if member is not None:
            audit.record(session, "holder_removed_at_counter", now=now, account_id=member.id, actor=actor,
                         request=request.number)
        mutual_aid.end_for_request(env, session, request, mutual_aid.HOLDER_REMOVED, actor=actor)
        _tell_holder(env, session, request, person, now)


def _tell_holder(env: Env, session: Session, request: BindingRequest, person: RegistryPerson,
                 now: datetime) -> None:
    """The holder's notification and SMS, in the removal's transaction (a removal is never stored without them)."""
    masked = ids.mask_name(registry.view(env.crypto, person).name)
    session.add(Notification(account_id=request.holder_id, created_at=now, kind="member_removed_holder_at_counter",
                             params=json.dumps({"member": masked}, ensure_ascii=False)))
    holder = session.get(Account, request.holder_id)
    if holder is not None and holder.phone:  # a deleted account has no approved bindings, nor a number
        env.sms.send(session, holder.phone,
                     f"【家庭医保电子凭证】{masked}已在服务窗口将您移除。您不能再出示其电子凭证。"
                     f"Family E-Card: {masked} had you removed at a service counter; you can no longer show their "
                     "e-card.", code=None, now=now)
