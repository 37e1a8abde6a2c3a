""""Audit trail" (DESIGN.md §2.7): staff search a resident's account by mobile number or ID number and read its
events. Every search is limited per staff member and audited; one that finds an account is audited on that account,
so the resident sees it in their own Account activity.

A deleted account keeps its events (append-only) but is a tombstone without number or person, so no search reaches
it: a mobile number finds the account that has it now, an ID number the person's current verified account (a person
who deleted an account and registered again is found with the new account's events only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import Account, AuditEvent
from app.services import audit, codes, ids, ratelimit, registry
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

SEARCHES_PER_DAY = 200  # per staff member, like "Find member"
DAY = timedelta(days=1)
MAX_EVENTS = 200
VIEWED = "audit_trail_viewed"


@dataclass(frozen=True)
class TrailEvent:
    at: datetime
    action: str
    who: str  # resident | staff | admin | member | system | unknown
    staff_phone: str | None  # masked, for events by staff


@dataclass(frozen=True)
class Trail:
    """A resident's account as staff see it in the audit trail: who, masked, and its events, newest first."""

    name_masked: str
    phone_masked: str
    events: list[TrailEvent]


def mask_phone(phone: str | None) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if phone and len(phone) == 11 else "—"  # noqa: PLR2004


def _kind(env: Env, query: str) -> tuple[str, str]:
    """("phone" | "id_number", the normalised value); an empty or unreadable entry is said next to the field."""
    if not query.strip():
        raise ValidationFailed({"query": "audit_query_empty"})
    phone = codes.normalize_phone(query)
    if codes.phone_problem(phone) is None:
        return "phone", phone
    try:
        return "id_number", ids.parse_id_number(query, env.clock.today()).number
    except ids.InvalidIdNumber:
        raise ValidationFailed({"query": "audit_query_invalid"}) from None


def _find(env: Env, session: Session, kind: str, value: str) -> Account | None:
    if kind == "phone":
        return session.exec(select(Account).where(Account.phone == value)).first()
    person = registry.find_by_id_number(session, env.crypto, value)
    if person is None:
        return None
    return session.exec(select(Account).where(Account.person_id == person.id)).first()


def _who(event: AuditEvent) -> str:
    if event.actor_id is not None and event.actor_id == event.account_id:
        return "resident"
    return {"staff": "staff", "admin": "admin", "member": "member", "system": "system"}.get(event.actor_role,
                                                                                           "unknown")


def search(env: Env, staff_id: int, query: str, *, client: str | None) -> Trail:
    """"Search": the events of the resident's account with this mobile number or ID number. The search is counted
    and audited before the answer; a number without a resident account gets `audit_no_account`."""
    kind, value = _kind(env, query)
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        key = f"audit_search:staff:{staff_id}"
        ratelimit.check(session, key, limit=SEARCHES_PER_DAY, window=DAY, now=now, code="audit_search_limit",
                        field="query")
        ratelimit.record(session, key, now)
        actor = Actor(staff_id, "staff", client)
        account = _find(env, session, kind, value)
        if account is None or account.id is None or account.role != "resident":
            # Kept without the number searched for: the trail of a search that found no one names no one.
            audit.record(session, "audit_trail_search_missed", now=now, account_id=None, actor=actor, by=kind)
            failure = ValidationFailed({"query": "audit_no_account"})
        else:
            audit.record(session, VIEWED, now=now, account_id=account.id, actor=actor, by=kind)
            session.flush()
            return _trail(env, session, account)
    raise failure  # the counted search and its audit event are committed first


def _trail(env: Env, session: Session, account: Account) -> Trail:
    """The account's events, newest first, each with who acted; staff by their masked number."""
    rows = session.exec(select(AuditEvent).where(AuditEvent.account_id == account.id)
                        .order_by(AuditEvent.id.desc()).limit(MAX_EVENTS)).all()  # type: ignore[union-attr]
    staff_ids = {e.actor_id for e in rows if e.actor_role == "staff" and e.actor_id is not None}
    phones = {row.id: row.phone for row in session.exec(select(Account).where(
        Account.id.in_(staff_ids))).all()} if staff_ids else {}  # type: ignore[union-attr]
    person = registry.get(session, account.person_id) if account.person_id else None
    return Trail(
        name_masked=ids.mask_name(registry.view(env.crypto, person).name) if person else "—",
        phone_masked=mask_phone(account.phone),
        events=[TrailEvent(at=e.at, action=e.action, who=_who(e),
                           staff_phone=mask_phone(phones.get(e.actor_id)) if e.actor_id in phones else None)
                for e in rows])
