"""Proof at activation (DESIGN.md §2.1.3). Knowing a name and an ID number makes a claim, stored apart from the
account; it reserves nothing. The claim is proven by the registering number being the registry's own (the SMS code
of registration proved it), by a code sent to the number the insurance agency holds, at a service counter (staff
check the physical ID card), or by a verification provider where one is configured. The first claim to give its
proof activates its account; the other open claims for that person are cancelled and their owners told, so an
attacker's claim can never block the real person."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import Account, IdentityClaim, Notification, RegistryPerson, VerificationCode
from app.services import audit, codes, ids, ratelimit, registry
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed
from app.services.sessions import require_account

LOOKUPS_PER_DAY = 10  # real-name look-ups per account
LOOKUPS_PER_CLIENT_PER_DAY = 30
CODES_PER_DAY = 3  # activation codes per person and per claiming account, apart from login codes
DAY = timedelta(days=1)


@dataclass(frozen=True)
class ClaimView:
    """Where an account's claim stands, for the verification page."""

    claim_id: int
    state: str  # open | proven | cancelled
    route: str | None  # code (a code goes to the registry's number) | counter (staff check the ID card)
    masked_phone: str | None  # the registry's number, masked, where the code goes
    name_masked: str
    cancel_reason: str | None = None
    resend_at: datetime | None = None


def _purpose(claim_id: int) -> str:
    return f"act:{claim_id}"  # each claim its own codes: another claim's code never replaces this one's


def _mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def _checked(env: Env, name: str, id_number: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    clean_name = registry.normalize_name(name)
    if not clean_name:
        errors["name"] = "name_empty"
    elif len(clean_name) > registry.MAX_NAME_LENGTH:
        errors["name"] = "name_long"
    number = ""
    try:
        number = ids.parse_id_number(id_number, env.clock.today()).number
    except ids.InvalidIdNumber as exc:
        errors["id_number"] = f"id_{exc.reason}"
    if errors:
        raise ValidationFailed(errors)
    return clean_name, number


def _count_lookup(session: Session, account_id: int, client: str | None, now: datetime) -> None:
    for key, limit in ((f"realname:account:{account_id}", LOOKUPS_PER_DAY),
                       *([(f"realname:client:{client}", LOOKUPS_PER_CLIENT_PER_DAY)] if client else [])):
        ratelimit.check(session, key, limit=limit, window=DAY, now=now, code="lookup_limit")
        ratelimit.record(session, key, now)


def _holder_of(session: Session, person_id: int) -> Account | None:
    """The active account that holds this person, if any."""
    return session.exec(select(Account).where(Account.person_id == person_id, Account.verified_at.is_not(None))  # type: ignore[union-attr]
                        ).first()


def _open_claim(session: Session, account_id: int) -> IdentityClaim | None:
    return session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account_id,
                                                    IdentityClaim.state == "open")
                        .order_by(IdentityClaim.id.desc())).first()  # type: ignore[union-attr]


def claim(env: Env, account_id: int, name: str, id_number: str, *, client: str | None) -> ClaimView:
    """"Verify": a name and ID number that match a registry person make a claim. Proven at once when this account's
    number is the registry's; else a code goes to the registry's number, or the person is sent to a counter. A
    name that does not match and a number not in the registry get the same neutral answer."""
    clean_name, number = _checked(env, name, id_number)
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = require_account(session, account_id, for_update=True)
        if account.verified_at is not None:
            raise DomainError("already_verified")
        _count_lookup(session, account_id, client, now)
        person = registry.match(session, env.crypto, clean_name, number)
        actor = Actor(account_id, client=client)
        if person is None:
            audit.record(session, "real_name_not_matched", now=now, account_id=account_id, actor=actor)
            failure = ValidationFailed({"id_number": "person_not_found"})
        else:
            return _start(env, session, account, person, actor)
    raise failure  # the look-up and its audit event are committed first


def _start(env: Env, session: Session, account: Account, person: RegistryPerson, actor: Actor) -> ClaimView:
    now = env.clock.now()
    assert account.id is not None and person.id is not None
    previous = _open_claim(session, account.id)
    if previous is not None:  # one claim at a time: a new one replaces the last
        _end(previous, "cancelled", now, reason="replaced")
    row = IdentityClaim(account_id=account.id, person_id=person.id, created_at=now)
    session.add(row)
    session.flush()
    audit.record(session, "identity_claimed", now=now, account_id=account.id, actor=actor)
    registry_number = registry.registry_phone(env.crypto, person)
    if _holder_of(session, person.id) is not None:
        row.route = "counter"  # someone's active account holds this person: only the counter can move it
    elif registry_number == account.phone:
        _prove(env, session, row, "registry_number", actor)
    elif registry_number:
        row.route = "code"
        _send(env, session, row, account, person, registry_number=registry_number)
    else:
        row.route = "counter"
    return _view(env, session, row)


def _send(env: Env, session: Session, row: IdentityClaim, account: Account, person: RegistryPerson, *,
          registry_number: str) -> codes.SentCode:
    now = env.clock.now()
    for key in (f"activate:person:{person.id}", f"activate:account:{account.id}"):
        ratelimit.check(session, key, limit=CODES_PER_DAY, window=DAY, now=now, code="activation_code_limit",
                        field="code")
    name = ids.mask_name(registry.view(env.crypto, person).name)
    sent = codes.issue(env, session, registry_number, _purpose(row.id or 0), client=None, number_budget=False,
                       message=_activation_words(name, account.phone or ""))
    for key in (f"activate:person:{person.id}", f"activate:account:{account.id}"):
        ratelimit.record(session, key, now)
    return sent


def _activation_words(name: str, from_phone: str) -> str:
    """The activation code's SMS ({code} where the code goes): what it is for and from which number."""
    masked = _mask_phone(from_phone)
    name = name.replace("{", "{{").replace("}", "}}")  # a template: a name's own braces stay braces
    return (f"【家庭医保电子凭证】激活码 {{code}}：用于在 {masked} 上激活{name}的家庭医保电子凭证账号。"  # noqa: RUF001
            f"请勿告诉任何人，包括工作人员。不是您本人？请拨打 12393。"  # noqa: RUF001
            f"Code {{code}} to activate a Family E-Card account for {name} from {masked}. Give it to no one, not "
            f"even staff. Not you? Call 12393.")


def resend(env: Env, account_id: int) -> ClaimView:
    """"Send the code again" (activation codes have their own budget: 3 a day per person and per account)."""
    with env.db.transaction(immediate=True) as session:
        account = require_account(session, account_id)
        row = _open_claim(session, account_id)
        if row is None or row.route != "code":
            raise DomainError("claim_none")
        person = session.get(RegistryPerson, row.person_id)
        registry_number = registry.registry_phone(env.crypto, person) if person else None
        if person is None or not registry_number:
            raise DomainError("claim_none")
        _send(env, session, row, account, person, registry_number=registry_number)
        return _view(env, session, row)


def prove_with_code(env: Env, account_id: int, code: str, *, client: str | None) -> ClaimView:
    """"Verify code": the code sent to the registry's number proves the claim (if no other claim was proven
    first). A wrong code counts against it and changes nothing else."""
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        row = _open_claim(session, account_id)
        if row is None:
            cancelled = _latest(session, account_id)
            raise ValidationFailed({"code": "claim_cancelled" if cancelled and cancelled.state == "cancelled"
                                    else "claim_none"})
        person = session.get(RegistryPerson, row.person_id)
        registry_number = registry.registry_phone(env.crypto, person) if person else None
        if row.route != "code" or not registry_number:
            raise ValidationFailed({"code": "claim_none"})
        failure = codes.consume(env, session, registry_number, _purpose(row.id or 0), code)
        if failure is None:
            if _prove(env, session, row, "code", Actor(account_id, client=client)):
                return _view(env, session, row)
            failure = DomainError("claim_cancelled", field="code")
    # Committed above: a wrong try counts, and a claim another proof beat stays cancelled.
    assert failure is not None
    raise ValidationFailed({"code": failure.code}, **failure.params)


def no_longer_have_number(env: Env, account_id: int) -> ClaimView:
    """"I no longer have this number": the claim is to be proven at a counter (or by a provider) instead."""
    with env.db.transaction(immediate=True) as session:
        row = _open_claim(session, account_id)
        if row is None:
            raise DomainError("claim_none")
        row.route = "counter"
        return _view(env, session, row)


def _prove(env: Env, session: Session, row: IdentityClaim, proof: str, actor: Actor) -> bool:
    """First proof wins: the account is activated, the other open claims for the person are cancelled (their
    owners told), and the registry's number gets an SMS. The person's row is locked first, so two proofs at
    once cannot both win (PostgreSQL; SQLite serialises immediate transactions). False (and the claim cancelled)
    when another account holds the person already."""
    now = env.clock.now()
    person = session.exec(select(RegistryPerson).where(RegistryPerson.id == row.person_id).with_for_update()).one()
    account = session.exec(select(Account).where(Account.id == row.account_id).with_for_update()).one()
    if _holder_of(session, row.person_id) is not None:
        _end(row, "cancelled", now, reason="other_claim_proven")
        return False
    account.person_id, account.verified_at = person.id, now
    row.proof = proof
    _end(row, "proven", now)
    audit.record(session, "real_name_verified", now=now, account_id=account.id, actor=actor, proof=proof)
    others = session.exec(select(IdentityClaim).where(IdentityClaim.person_id == person.id,
                                                      IdentityClaim.state == "open",
                                                      IdentityClaim.id != row.id)).all()  # type: ignore[arg-type]
    for other in others:
        _end(other, "cancelled", now, reason="other_claim_proven")
        session.add(Notification(account_id=other.account_id, created_at=now, kind="claim_cancelled",
                                 params=json.dumps({})))
    registry_number = registry.registry_phone(env.crypto, person)
    if registry_number:
        name = ids.mask_name(registry.view(env.crypto, person).name)
        masked = _mask_phone(account.phone or "")
        env.sms.send(session, registry_number,
                     f"【家庭医保电子凭证】{name}的家庭医保电子凭证已在 {masked} 上激活。不是您本人？请拨打 12393。"  # noqa: RUF001
                     f"Family E-Card: the e-voucher of {name} was activated on {masked}. Not you? Call 12393.",
                     code=None, now=now)
    return True


def _end(row: IdentityClaim, state: str, now: datetime, *, reason: str | None = None) -> None:
    row.state, row.ended_at, row.cancel_reason = state, now, reason


def _latest(session: Session, account_id: int) -> IdentityClaim | None:
    return session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account_id)
                        .order_by(IdentityClaim.id.desc())).first()  # type: ignore[union-attr]


def _view(env: Env, session: Session, row: IdentityClaim) -> ClaimView:
    person = session.get(RegistryPerson, row.person_id)
    registry_number = registry.registry_phone(env.crypto, person) if person else None
    resend_at = None
    if row.route == "code" and registry_number:
        latest = session.exec(select(VerificationCode).where(VerificationCode.phone == registry_number,
                                                             VerificationCode.purpose == _purpose(row.id or 0))
                              .order_by(VerificationCode.id.desc())).first()  # type: ignore[union-attr]
        resend_at = latest.created_at + codes.RESEND_AFTER if latest else None
    return ClaimView(claim_id=row.id or 0, state=row.state, route=row.route,
                     masked_phone=_mask_phone(registry_number) if registry_number and row.route == "code" else None,
                     name_masked=ids.mask_name(registry.view(env.crypto, person).name) if person else "",
                     cancel_reason=row.cancel_reason, resend_at=resend_at)


def current(env: Env, account_id: int) -> ClaimView | None:
    """The account's latest claim (open, or how the last one ended), for the verification page to go on from."""
    with env.db.transaction() as session:
        row = _latest(session, account_id)
        return _view(env, session, row) if row is not None else None
