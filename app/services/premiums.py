""""Pay premium for <name>" (DESIGN.md §2.9): an employee holder pays an approved close relative's resident premium
(居民医保) from their personal account.

Which year: next year's, in the collection window (1 September to 31 December, China time); for a newborn (born
this year), the birth year's any time in that year (a newborn in the window pays the birth year first, then next
year). Once per member and year: a year is paid when the member has a resident contribution record for it. The
amount is the `resident_premium` row of the member's region and year; none → it cannot be paid online.

Paying is one IMMEDIATE transaction: a "premium" movement from the holder's personal account to the system account
`premiums` (never below zero), the member's contribution record (reference `PREMIUM-<person>-<year>`, unique, so two
taps at once pay once; month 1 of the year paid for, as the insurance system records a year's resident premium;
subsidy 0: the government subsidy is the insurance system's own record), an audit event on the holder's account (and
the member's) and a notification to the member if they have an account. Refunds are a counter matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import Account, BindingRequest, ContributionRecord, RegistryPerson, ResidentPremium
from app.services import audit, ledger
from app.services.audit import Actor
from app.services.binding import states
from app.services.binding.store import NotFound, load
from app.services.env import Env
from app.services.errors import DomainError
from app.services.family_links import CLOSE_RELATIVES, relationship_proven
from app.services.mutual_aid import holder_is_employee, member_name, tell

RESIDENT = "resident"
KIND = "premium"  # the movement's kind (ledger.KINDS)
WINDOW_OPENS = (9, 1)  # 1 September: next year's premium can be paid from then until 31 December
# Why it cannot be paid (error.<code>, worded by the page).
NOT_EMPLOYEE = "premium_not_employee"
NOT_RESIDENT = "premium_not_resident"
NOT_CLOSE_RELATIVE = "premium_not_close_relative"
NOT_PROVEN = "premium_not_proven"  # says how to prove the relationship (a counter case)
NOT_OPEN = "premium_not_open"  # outside the collection window: says when it opens
PAID = "premium_paid"  # already paid for the year
NO_AMOUNT = "premium_no_amount"  # no premium known for the member's region and year
NOT_ENOUGH = "premium_not_enough"  # the balance is below the premium: nothing moved
CHANGED = "premium_changed"  # the year or amount is no longer what the confirmation showed
NOT_MEMBER = "premium_not_member"  # no longer bound


@dataclass(frozen=True)
class PremiumState:
    """One approved resident member's premium: the year it is for, its amount (None: unknown), and why it cannot be
    paid now (None: it can). `opens` is when the window opens, for NOT_OPEN."""

    request_id: int
    year: int
    amount_fen: int | None
    problem: str | None
    opens: date | None = None


def reference(person_id: int, year: int) -> str:
    return f"PREMIUM-{person_id}-{year}"


def _paid(session: Session, person_id: int, year: int) -> bool:
    return session.exec(select(ContributionRecord.id).where(ContributionRecord.person_id == person_id,
                                                            ContributionRecord.year == year,
                                                            ContributionRecord.kind == RESIDENT)).first() is not None


def amount(session: Session, region_code: str, year: int) -> int | None:
    row = session.exec(select(ResidentPremium).where(ResidentPremium.region_code == region_code,
                                                     ResidentPremium.year == year)).first()
    return row.amount_fen if row is not None else None


def due(session: Session, member: RegistryPerson, today: date) -> tuple[int, str | None, date | None]:
    """The year this member's premium would be paid for today, and why not (None: it can be), and when the window
    opens (NOT_OPEN only)."""
    years = [today.year] if member.birth_date.year == today.year else []  # a newborn: the birth year
    if (today.month, today.day) >= WINDOW_OPENS:
        years.append(today.year + 1)
    for year in years:
        if not _paid(session, member.id or 0, year):
            return year, None, None
    if years:
        return years[-1], PAID, None
    return today.year + 1, NOT_OPEN, date(today.year, *WINDOW_OPENS)


def state(session: Session, request: BindingRequest, today: date) -> PremiumState | None:
    """The premium of an approved member with resident insurance (None for anyone else: nothing to pay here)."""
    member = session.get(RegistryPerson, request.member_person_id) if request.member_person_id else None
    if request.status != states.APPROVED or member is None or member.insurance_type != RESIDENT:
        return None
    year, problem, opens = due(session, member, today)
    fen = amount(session, member.region_code, year)
    if request.relationship not in CLOSE_RELATIVES:
        problem = NOT_CLOSE_RELATIVE
    elif not relationship_proven(session, request):
        problem = NOT_PROVEN
    elif problem is None and fen is None:
        problem = NO_AMOUNT
    return PremiumState(request.id or 0, year, fen, problem, opens)


def status(env: Env, holder_id: int) -> dict[int, PremiumState]:
    """Each approved resident member's premium (by request id); empty for a holder who is not an employee."""
    with env.db.transaction() as session:
        if not holder_is_employee(session, holder_id):
            return {}
        rows = session.exec(select(BindingRequest).where(BindingRequest.holder_id == holder_id,
                                                         BindingRequest.status == states.APPROVED)).all()
        today = env.clock.today()
        return {found.request_id: found for row in rows if (found := state(session, row, today)) is not None}


def _holder_only(holder_id: int, actor: Actor | None, client: str | None) -> Actor:
    """Only the holder moves their own money: staff assisting at the counter, or anyone else, get NotFound."""
    if actor is None or (actor.account_id == holder_id and actor.role == "resident"):
        return Actor(holder_id, client=client)
    raise NotFound()


@dataclass(frozen=True)
class Paid:
    year: int
    amount_fen: int
    name: str  # the member's


def pay(env: Env, holder_id: int, request_id: int, *, year: int, amount_fen: int, client: str | None,
        actor: Actor | None = None) -> Paid:
    """"Pay ¥<amount>": the premium the confirmation showed (`year`, `amount_fen`), or a refusal (DomainError with
    one of the codes above) with nothing moved. A second tap, at once or later, is refused as PAID."""
    try:
        with env.db.transaction(immediate=True) as session:
            return _pay(env, session, holder_id, request_id, year=year, amount_fen=amount_fen,
                        actor=_holder_only(holder_id, actor, client))
    except IntegrityError as exc:  # the same reference written at the same moment (PostgreSQL): paid once
        raise DomainError(PAID) from exc


def _pay(env: Env, session: Session, holder_id: int, request_id: int, *, year: int, amount_fen: int,
         actor: Actor) -> Paid:
    request = load(session, holder_id, request_id, lock=True)  # another holder's binding: NotFound
    if request.status != states.APPROVED:
        raise DomainError(NOT_MEMBER)
    if not holder_is_employee(session, holder_id):
        raise DomainError(NOT_EMPLOYEE)
    found = state(session, request, env.clock.today())
    if found is None:
        raise DomainError(NOT_RESIDENT)
    if found.problem is not None:
        raise DomainError(found.problem)
    if (found.year, found.amount_fen) != (year, amount_fen):
        raise DomainError(PAID if _paid(session, request.member_person_id or 0, year) else CHANGED)
    source = ledger.account_of_login(session, holder_id)
    if source is None:
        raise DomainError(NOT_EMPLOYEE)
    now = env.clock.now()
    ledger.lock(session, [source.id or 0])
    if source.balance_fen < amount_fen:
        raise DomainError(NOT_ENOUGH)
    member = session.get(RegistryPerson, request.member_person_id)
    assert member is not None and member.id is not None  # state() found it
    ledger.move(session, kind=KIND, source=source, target=ledger.system_account(session, ledger.PREMIUMS, now),
                amount_fen=amount_fen, now=now, patient_person_id=member.id, premium_year=year)
    session.add(ContributionRecord(reference=reference(member.id, year), person_id=member.id, year=year, month=1,
                                   kind=RESIDENT, paid_fen=amount_fen, subsidy_fen=0, region_code=member.region_code,
                                   paid_on=env.clock.today()))
    session.flush()  # the unique reference: a second payment for the year fails here, before anything is told
    detail = {"request": request.number, "year": str(year), "amount_fen": str(amount_fen)}
    audit.record(session, "premium_paid", now=now, account_id=holder_id, actor=actor, **detail)
    member_login = session.exec(select(Account).where(Account.person_id == member.id,
                                                      Account.deleted_at.is_(None))).first()  # type: ignore[union-attr]
    if member_login is not None and member_login.id is not None:
        audit.record(session, "premium_paid_for_me", now=now, account_id=member_login.id, actor=actor, **detail)
        holder = session.get(Account, holder_id)
        yuan = f"{amount_fen // 100:,}.{amount_fen % 100:02d}"
        tell(session, member_login.id, "premium_paid", now, year=str(year), amount=yuan,
             holder=member_name(env, session, holder.person_id if holder else None, masked=True))
    return Paid(year, amount_fen, member_name(env, session, member.id, masked=False))
