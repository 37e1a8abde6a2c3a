"""Proofs of a claim besides the registry's number and its code (DESIGN.md §2.1.3, §2.7): staff at a counter who
looked at the physical ID card (moving the person from an account that took it over), a verification provider where
one is configured, and the proof owed at login by accounts verified before proof was asked for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.models import Account, IdentityClaim, RegistryPerson
from app.services import audit, counter, registry
from app.services.audit import Actor
from app.services.claims import ClaimView, _end, _holder_of, _open_claim, _prove, _view
from app.services.env import Env
from app.services.errors import DomainError
from app.services.sessions import require_account

VERIFIED_IN_PERSON_SMS = ("【家庭医保电子凭证】您的身份已在服务窗口核验，电子凭证已激活。不是您本人？请拨打 12393。"  # noqa: RUF001
                          "Family E-Card: your identity was verified at a service counter and your e-voucher is "
                          "active. Not you? Call 12393.")

TAKEN_OVER_SMS = ("【家庭医保电子凭证】您账号的实名认证已被工作人员在服务窗口撤销。不是您本人？请拨打 12393。"  # noqa: RUF001
                  "Family E-Card: the real-name verification of your account was ended at a service counter. "
                  "Not you? Call 12393.")


def prove_with_provider(env: Env, account_id: int, *, client: str | None) -> ClaimView:
    """"Verify with <provider>": the configured provider confirms the person (DESIGN.md §2.1.3)."""
    provider = env.identity_provider
    if provider is None:
        raise DomainError("claim_none")
    with env.db.transaction(immediate=True) as session:
        account = require_account(session, account_id)
        row = _open_claim(session, account_id)
        person = session.get(RegistryPerson, row.person_id) if row else None
        if row is None or person is None:
            raise DomainError("claim_none")
        seen = registry.view(env.crypto, person)
        if not provider.confirms(name=seen.name, id_number=seen.id_number, phone=account.phone or ""):
            raise DomainError("provider_refused")
        _prove(env, session, row, "provider", Actor(account_id, client=client))  # or cancelled: another won
        return _view(env, session, row)


@dataclass(frozen=True)
class ClaimAtCounter:
    """What staff compare with the physical ID card before "Verify identity in person"."""

    claim_id: int
    name: str
    id_number: str
    held_elsewhere: bool  # another account holds the person: verifying moves it here


def claim_at_counter(env: Env, staff_id: int, resident_id: int, *, client: str | None) -> ClaimAtCounter | None:
    """The open claim of the resident staff are assisting, in full (audited: staff saw the ID number)."""
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        counter.require_assisting(session, staff_id, resident_id, now)
        row = _open_claim(session, resident_id)
        person = session.get(RegistryPerson, row.person_id) if row else None
        if row is None or person is None:
            return None
        seen = registry.view(env.crypto, person)
        audit.record(session, "staff_viewed_claim", now=now, account_id=resident_id,
                     actor=Actor(staff_id, "staff", client))
        holder = _holder_of(session, row.person_id)
        return ClaimAtCounter(claim_id=row.id or 0, name=seen.name, id_number=seen.id_number,
                              held_elsewhere=holder is not None and holder.id != resident_id)


def prove_in_person(env: Env, staff_id: int, claim_id: int, *, client: str | None) -> ClaimView:
    """"Verify identity in person" at a counter, for the resident staff are assisting: staff looked at the physical
    ID card. Proves the claim even when another account holds the person (that account's activation ends: a
    takeover; both numbers get an SMS)."""
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        row = session.get(IdentityClaim, claim_id)
        if row is None or row.state != "open":
            raise DomainError("claim_none")
        counter.require_assisting(session, staff_id, row.account_id, now)  # the resident in front of them
        holder = _holder_of(session, row.person_id)
        if holder is not None and holder.id != row.account_id:
            _take_over(env, session, holder, staff_id, client)
        _prove(env, session, row, "counter", Actor(staff_id, "staff", client))
        resident = session.get(Account, row.account_id)
        if resident is not None and resident.phone:
            env.sms.send(session, resident.phone, VERIFIED_IN_PERSON_SMS, code=None, now=now)
        return _view(env, session, row)


def _take_over(env: Env, session: Session, holder: Account, staff_id: int, client: str | None) -> None:
    """The person moves to the resident at the counter: the other account's activation ends."""
    now = env.clock.now()
    holder.person_id, holder.verified_at = None, None
    for claimed in session.exec(select(IdentityClaim).where(IdentityClaim.account_id == holder.id,
                                                            IdentityClaim.state == "proven")).all():
        _end(claimed, "cancelled", now, reason="taken_over")
    audit.record(session, "identity_taken_over", now=now, account_id=holder.id, actor=Actor(staff_id, "staff", client))
    if holder.phone:
        env.sms.send(session, holder.phone, TAKEN_OVER_SMS, code=None, now=now)


def on_login(env: Env, session: Session, account: Account) -> None:
    """Accounts verified before proof was asked for keep their activation when their number is the registry's;
    the others give the proof now (their claim opens again, to be proven by a code to the registry's number)."""
    if account.person_id is None or account.verified_at is None:
        return
    legacy = session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account.id,
                                                      IdentityClaim.state == "proven",
                                                      IdentityClaim.proof == "legacy")).first()
    if legacy is None:
        return
    person = session.get(RegistryPerson, account.person_id)
    if person is not None and registry.registry_phone(env.crypto, person) == account.phone:
        legacy.proof = "registry_number"
        return
    account.person_id, account.verified_at = None, None
    registry_number = registry.registry_phone(env.crypto, person) if person else None
    legacy.state, legacy.proof, legacy.ended_at = "open", None, None
    legacy.route = "code" if registry_number else "counter"
