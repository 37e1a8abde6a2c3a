"""Settling a bill with the e-card (DESIGN.md §2.9, `POST /api/settle`).

The insurance core system works out the total, what the fund pays and the own share; the institution sends them
with the visit its verification opened. The own share is paid from the patient's own personal account up to its
balance, then from the holder's through mutual aid (`mutual_aid_seam.family_payer`) up to its balance, the rest in
cash: a low balance is never a refusal. Everything of one settlement (the settlement, its movements, the balances,
the patient's medical expense record, the audit events) is one IMMEDIATE transaction; the accounts that pay are
locked (`ledger.lock`), so two cashiers at the same moment cannot overdraw one.

Idempotency keys are per institution: the same key with the same fields answers the first result before any other
check (even once the visit has expired or is used); with other fields it is `idempotency_conflict`. Refusals move
nothing and are not remembered: sent again, a refused request is checked again."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import ECard, Institution, MedicalExpense, RegistryPerson, Settlement
from app.services import audit, institutions, ledger, mutual_aid_seam, records
from app.services.audit import Actor
from app.services.clock import to_local
from app.services.env import Env
from app.services.errors import DomainError, RateLimited

MAX_FEN = 10_000_000_00  # ¥10,000,000: more than any one bill; larger figures are a typing or unit error
MAX_TEXT = {"receipt_number": 40, "idempotency_key": 64, "visit": 100}
INSURED = "insured"


class Refused(DomainError):
    """A refusal with its §2.9 reason (`code`); nothing was moved."""


@dataclass(frozen=True)
class SettleRequest:
    visit: str
    receipt_number: str
    total_fen: int
    fund_fen: int
    self_pay_fen: int
    idempotency_key: str

    def digest(self) -> str:
        """What tells a replay (same fields) from a conflict (same key, other fields)."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Settled:
    settlement_number: str
    own_fen: int  # from the patient's own personal account
    family_fen: int  # from the holder's personal account through mutual aid
    cash_fen: int


def check_request(request: SettleRequest) -> None:
    """Refused("invalid_amount") for amounts that are not whole fen, not positive, too large or do not add up;
    Refused("bad_request") for empty or overlong texts."""
    amounts = (request.total_fen, request.fund_fen, request.self_pay_fen)
    if any(isinstance(a, bool) or not isinstance(a, int) for a in amounts):
        raise Refused("invalid_amount")
    if not 0 < request.total_fen <= MAX_FEN or request.fund_fen < 0 or request.self_pay_fen < 0 \
            or request.fund_fen + request.self_pay_fen != request.total_fen:
        raise Refused("invalid_amount")
    for field, longest in MAX_TEXT.items():
        value = getattr(request, field)
        if not isinstance(value, str) or not value.strip() or len(value) > longest or not value.isprintable():
            raise Refused("bad_request", field=field)


def settle(env: Env, key: str | None, request: SettleRequest, *, client: str | None = None) -> Settled:
    """Settle one bill for the institution whose key this is; Refused with the reason otherwise."""
    try:
        outcome = _attempt(env, key, request, client)
    except IntegrityError:
        # PostgreSQL: another transaction settled the same visit, receipt or key at the same moment and committed
        # first; checked again, this one now sees it (a replay then answers the first result).
        outcome = _attempt(env, key, request, client)
    if isinstance(outcome, str):
        raise Refused(outcome)
    return outcome


def _attempt(env: Env, key: str | None, request: SettleRequest, client: str | None) -> Settled | str:
    now = env.clock.now()
    with env.db.transaction(immediate=True) as session:
        try:
            institution = admitted(session, env, key, "settle", now=now, client=client)
        except Refused as refused:
            return refused.code
        try:
            check_request(request)
            return _settle(env, session, institution, request, now=now, client=client)
        except Refused as refused:  # raised before anything was written; the audit event and rate hit stay
            _refusal(session, institution.id, "settle", refused.code, now=now, client=client)
            return refused.code


def admitted(session: Session, env: Env, key: str | None, call: str, *, now: datetime,
             client: str | None) -> Institution:
    """The calling institution, counted against its rate limit; Refused ("invalid_key", "rate_limited") otherwise.
    Every refusal from here on is audited by `refused` (the caller's transaction commits it)."""
    try:
        return institutions.admit(session, env, key, now)
    except (institutions.InvalidKey, RateLimited) as refused:
        found = institutions.find(session, env, key)
        _refusal(session, found.id if found else None, call, refused.code, now=now, client=client)
        raise Refused(refused.code) from None


def admit_call(env: Env, key: str | None, call: str, *, client: str | None = None) -> int:
    """An institution's call other than settling (a verification): its key checked, counted and audited; the
    institution's id. Refused ("invalid_key", "rate_limited") otherwise."""
    now = env.clock.now()
    with env.db.transaction(immediate=True) as session:
        try:
            institution = admitted(session, env, key, call, now=now, client=client)
        except Refused as refused:
            failed = refused.code
        else:
            audit.record(session, "institution_call", now=now, account_id=None,
                         actor=Actor(None, "institution", client), institution=institution.id, call=call)
            return institution.id or 0
    raise Refused(failed)


def _refusal(session: Session, institution_id: int | None, call: str, reason: str, *, now: datetime,
             client: str | None) -> None:
    audit.record(session, "institution_refused", now=now, account_id=None, actor=Actor(None, "institution", client),
                 institution=institution_id, call=call, reason=reason)


def _answer(row: Settlement) -> Settled:
    return Settled(settlement_number=row.number, own_fen=row.own_fen, family_fen=row.family_fen, cash_fen=row.cash_fen)


def _earlier(session: Session, institution_id: int, request: SettleRequest, visit_id: int | None
             ) -> list[Settlement]:
    """In one query: this institution's settlements with the request's idempotency key or receipt number, and the
    settlement of the visit (any institution's)."""
    mine = (Settlement.institution_id == institution_id) & (
        (Settlement.idempotency_key == request.idempotency_key) | (Settlement.receipt_number == request.receipt_number))
    return list(session.exec(select(Settlement).where(mine | (Settlement.visit_id == (visit_id or -1)))).all())


def _settle(env: Env, session: Session, institution: Institution, request: SettleRequest, *, now: datetime,
            client: str | None) -> Settled:
    inst_id = institution.id or 0
    digest = request.digest()
    visit = institutions.find_visit(session, request.visit)
    earlier = _earlier(session, inst_id, request, visit.id if visit else None)
    if (same_key := next((e for e in earlier if e.institution_id == inst_id
                          and e.idempotency_key == request.idempotency_key), None)) is not None:
        if same_key.request_sha256 != digest:
            raise Refused("idempotency_conflict")
        return _answer(same_key)  # a replay: the first result, before any check of the visit
    if visit is None:
        raise Refused("expired")  # never opened, or no longer kept: either way it cannot settle
    if visit.institution_id != inst_id:
        raise Refused("wrong_institution")
    if any(e.visit_id == visit.id for e in earlier):
        raise Refused("already_used")
    if now >= visit.expires_at:
        raise Refused("expired")
    if any(e.institution_id == inst_id and e.receipt_number == request.receipt_number for e in earlier):
        raise Refused("duplicate_receipt")
    patient = session.get(RegistryPerson, visit.person_id)
    if patient is None or patient.status != INSURED:
        raise Refused("not_insured")
    today = to_local(now).date()
    own_account = ledger.personal_account(session, visit.person_id)
    holder_login = mutual_aid_seam.family_payer(session, visit.person_id, today)
    family_account = ledger.account_of_login(session, holder_login) if holder_login is not None else None
    if family_account is not None and own_account is not None and family_account.id == own_account.id:
        family_account = None
    locked = ledger.lock(session, [a.id or 0 for a in (own_account, family_account) if a is not None])
    own_fen = min(request.self_pay_fen, locked[own_account.id or 0].balance_fen) if own_account else 0
    family_fen = min(request.self_pay_fen - own_fen, locked[family_account.id or 0].balance_fen) \
        if family_account else 0
    row = Settlement(number=f"S-{today:%Y%m%d}-{secrets.token_hex(5).upper()}", institution_id=inst_id,
                     visit_id=visit.id or 0, receipt_number=request.receipt_number,
                     idempotency_key=request.idempotency_key, request_sha256=digest, patient_person_id=visit.person_id,
                     total_fen=request.total_fen, fund_fen=request.fund_fen, self_pay_fen=request.self_pay_fen,
                     own_fen=own_fen, family_fen=family_fen, cash_fen=request.self_pay_fen - own_fen - family_fen,
                     settled_at=now, settled_on=today)
    session.add(row)
    session.flush()  # the unique constraints (visit, receipt, key) hold here against a concurrent settlement
    paid_to = ledger.system_account(session, ledger.INSTITUTIONS, now)
    for account, amount in ((own_account, own_fen), (family_account, family_fen)):
        if account is not None and amount > 0:
            ledger.move(session, kind="settlement", source=locked[account.id or 0], target=paid_to, amount_fen=amount,
                        now=now, settlement_id=row.id, patient_person_id=visit.person_id, institution_id=inst_id)
    row.expense_reference = _write_expense(env, session, row, institution)
    _audit_settled(session, row, institution, card_id=visit.card_id, family_login=holder_login if family_fen else None,
                   now=now, client=client)
    return _answer(row)


def _write_expense(env: Env, session: Session, row: Settlement, institution: Institution) -> str:
    """The patient's medical expense record of this bill (its reference is the settlement number)."""
    expense = MedicalExpense(reference=row.number, person_id=row.patient_person_id, settled_on=row.settled_on,
                             kind=institution.kind, place_index="", institution_cipher=b"", items_cipher=b"",
                             total_fen=row.total_fen, fund_fen=row.fund_fen, family_fen=row.self_pay_fen)
    records.seal_expense_text(env.crypto, expense, institution=institution.name, items=row.receipt_number)
    session.add(expense)
    return row.number


def _audit_settled(session: Session, row: Settlement, institution: Institution, *, card_id: int,
                   family_login: int | None, now: datetime, client: str | None) -> None:
    """On the account whose card was shown, and on the holder whose personal account paid through mutual aid."""
    card = session.get(ECard, card_id)
    actor = Actor(None, "institution", client)
    detail = {"settlement": row.number, "institution": institution.name}
    if card is not None:
        audit.record(session, "ecard_settled", now=now, account_id=card.account_id, actor=actor, **detail)
    if family_login is not None:
        audit.record(session, "personal_account_used", now=now, account_id=family_login, actor=actor,
                     fen=row.family_fen, **detail)
