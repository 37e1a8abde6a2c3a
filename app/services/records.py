"""Contribution and medical expense records (DESIGN.md §2.5) of the holder and of each member whose binding is
approved: filtered by year, type and place, with yearly totals and sums by month. Anyone else's records are
"not found". Looking at a member's records is audited on the holder's account (and the member's, if they have one).

Amounts are integer fen throughout; `yuan()` formats them for files. The institution and items of a medical
expense are sensitive and stored encrypted (`seal_expense_text`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from app.models import Account, ContributionRecord, MedicalExpense
from app.services import audit, ids, registry
from app.services.audit import Actor
from app.services.binding.store import NotFound, approved_members
from app.services.crypto import Crypto
from app.services.env import Env

SELF = "me"
EXPENSE_KINDS = ("outpatient", "inpatient", "pharmacy")
CONTRIBUTION_KINDS = ("employee", "resident")
INSTITUTION_PURPOSE = "expense.institution"
ITEMS_PURPOSE = "expense.items"
PLACE_PURPOSE = "expense.place"
MONTHS = 12
ACTIONS = ("viewed", "downloaded")


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals, exactly (no floats): 123456 -> "1234.56"."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def seal_expense_text(crypto: Crypto, expense: MedicalExpense, *, institution: str, items: str) -> None:
    """Encrypt the descriptive text of an expense (bound to its reference) and index its place."""
    expense.institution_cipher = crypto.encrypt_text(institution, f"{INSTITUTION_PURPOSE}:{expense.reference}")
    expense.items_cipher = crypto.encrypt_text(items, f"{ITEMS_PURPOSE}:{expense.reference}")
    expense.place_index = crypto.blind_index(institution, PLACE_PURPOSE)


# ---- whose records ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Whose:
    """Someone whose records the holder may see: themselves ("me") or an approved member (the request id)."""

    key: str
    person_id: int
    name: str
    relationship: str | None  # what the member is to the holder; None for the holder
    birth_date: date

    @property
    def is_self(self) -> bool:
        return self.key == SELF


def _people(env: Env, session: Session, holder_id: int) -> list[Whose]:
    account = session.get(Account, holder_id)
    own = registry.get(session, account.person_id) if account and account.person_id else None
    if own is None:
        raise NotFound()
    me = registry.view(env.crypto, own)
    return [Whose(SELF, me.id, me.name, None, me.birth_date)] + [
        Whose(str(request.id), member.id, member.name, request.relationship, member.birth_date)
        for request, member in approved_members(env, session, holder_id)]


def whose_options(env: Env, holder_id: int) -> list[Whose]:
    """The holder first, then every approved member."""
    with env.db.transaction() as session:
        return _people(env, session, holder_id)


def _resolve(env: Env, session: Session, holder_id: int, whose: str) -> tuple[Whose, list[Whose]]:
    people = _people(env, session, holder_id)
    for person in people:
        if person.key == (whose or SELF):
            return person, people
    raise NotFound()  # pending, rejected, unbound, someone else's, or nonsense: the same answer


def _audit(env: Env, session: Session, holder_id: int, person: Whose, holder: Whose, *, what: str, action: str,
           year: int | None, client: str | None) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if person.is_self:
        return
    now, masked = env.clock.now(), ids.mask_name(person.name)
    audit.record(session, f"records_{action}", now=now, account_id=holder_id, actor=Actor(holder_id, client=client),
                 records=what, member=masked, year=year)
    member_account = session.exec(select(Account).where(Account.person_id == person.person_id)).first()
    if member_account is not None:
        audit.record(session, f"records_{action}_by_holder", now=now, account_id=member_account.id,
                     actor=Actor(holder_id, client=client), records=what, holder=ids.mask_name(holder.name),
                     year=year)


# ---- reports ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenseRow:
    settled_on: date
    kind: str
    place: str  # key of the place (blind index of the institution)
    institution: str
    items: str
    total_fen: int
    fund_fen: int
    family_fen: int


@dataclass(frozen=True)
class ContributionRow:
    year: int
    month: int
    kind: str
    place: str  # region code
    paid_on: date
    paid_fen: int
    subsidy_fen: int


@dataclass(frozen=True)
class Report:
    """One person's records for one year after the filters. `totals` and `monthly` are in fen:
    expenses: totals total/fund/family, monthly (fund, family); contributions: totals paid/subsidy/total,
    monthly (paid, subsidy). `places` are (key, name) pairs; for contributions the name is the region code."""

    what: str  # expenses | contributions
    person: Whose
    people: list[Whose]
    year: int | None
    years: list[int]  # newest first
    kind: str | None
    place: str | None
    kinds: tuple[str, ...]
    places: list[tuple[str, str]]
    rows: list[ExpenseRow] | list[ContributionRow]
    totals: dict[str, int]
    monthly: list[tuple[int, int]]

    @property
    def place_names(self) -> dict[str, str]:
        return dict(self.places)


def _pick_year(env: Env, years: list[int], year: int | None) -> int | None:
    if year is not None:
        return year
    today = env.clock.today().year
    return today if today in years else (years[0] if years else None)


def _known(value: str | None, known: Sequence[str]) -> str | None:
    """A filter value the records know, else None (no filter): a stale or made-up URL shows everything."""
    return value if value in known else None


def _monthly(pairs: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    months = [[0, 0] for _ in range(MONTHS)]
    for month, first, second in pairs:
        months[month - 1][0] += first
        months[month - 1][1] += second
    return [(first, second) for first, second in months]


def expenses(env: Env, holder_id: int, whose: str = SELF, *, year: int | None = None, kind: str | None = None,
             place: str | None = None, client: str | None = None, action: str = "viewed") -> Report:
    """Medical expenses of `whose` in `year` (default: this year if it has records, else the newest), newest
    first, of one `kind` and at one `place` (key) when given; NotFound when the holder may not see them."""
    with env.db.transaction(immediate=True) as session:
        person, people = _resolve(env, session, holder_id, whose)
        rows = session.exec(select(MedicalExpense).where(MedicalExpense.person_id == person.person_id)
                            .order_by(MedicalExpense.settled_on.desc(), MedicalExpense.id.desc())).all()  # type: ignore[attr-defined]
        every = [ExpenseRow(
            settled_on=r.settled_on, kind=r.kind, place=r.place_index,
            institution=env.crypto.decrypt_text(r.institution_cipher, f"{INSTITUTION_PURPOSE}:{r.reference}"),
            items=env.crypto.decrypt_text(r.items_cipher, f"{ITEMS_PURPOSE}:{r.reference}"),
            total_fen=r.total_fen, fund_fen=r.fund_fen, family_fen=r.family_fen) for r in rows]
        years = sorted({r.settled_on.year for r in every}, reverse=True)
        chosen = _pick_year(env, years, year)
        places = sorted({(r.place, r.institution) for r in every}, key=lambda p: p[1])
        kind, place = _known(kind, EXPENSE_KINDS), _known(place, [key for key, _ in places])
        shown = [r for r in every if r.settled_on.year == chosen and kind in (None, r.kind)
                 and place in (None, r.place)]
        _audit(env, session, holder_id, person, people[0], what="expenses", action=action, year=chosen,
               client=client)
    totals = {"count": len(shown), "total": sum(r.total_fen for r in shown), "fund": sum(r.fund_fen for r in shown),
              "family": sum(r.family_fen for r in shown)}
    return Report("expenses", person, people, chosen, years, kind, place, EXPENSE_KINDS, places, shown, totals,
                  _monthly([(r.settled_on.month, r.fund_fen, r.family_fen) for r in shown]))


def contributions(env: Env, holder_id: int, whose: str = SELF, *, year: int | None = None, kind: str | None = None,
                  place: str | None = None, client: str | None = None, action: str = "viewed") -> Report:
    """Contributions of `whose` for `year` (the insurance year; default as for `expenses`), newest first,
    of one insurance `kind` and one `place` (region code) when given; NotFound when not allowed."""
    with env.db.transaction(immediate=True) as session:
        person, people = _resolve(env, session, holder_id, whose)
        rows = session.exec(select(ContributionRecord).where(ContributionRecord.person_id == person.person_id)
                            .order_by(ContributionRecord.year.desc(), ContributionRecord.month.desc())).all()  # type: ignore[attr-defined]
        every = [ContributionRow(r.year, r.month, r.kind, r.region_code, r.paid_on, r.paid_fen, r.subsidy_fen)
                 for r in rows]
        years = sorted({r.year for r in every}, reverse=True)
        chosen = _pick_year(env, years, year)
        places = sorted({(r.place, r.place) for r in every})
        kind, place = _known(kind, CONTRIBUTION_KINDS), _known(place, [key for key, _ in places])
        shown = [r for r in every if r.year == chosen and kind in (None, r.kind) and place in (None, r.place)]
        _audit(env, session, holder_id, person, people[0], what="contributions", action=action, year=chosen,
               client=client)
    paid, subsidy = sum(r.paid_fen for r in shown), sum(r.subsidy_fen for r in shown)
    totals = {"count": len(shown), "paid": paid, "subsidy": subsidy, "total": paid + subsidy}
    return Report("contributions", person, people, chosen, years, kind, place, CONTRIBUTION_KINDS, places, shown,
                  totals, _monthly([(r.month, r.paid_fen, r.subsidy_fen) for r in shown]))
