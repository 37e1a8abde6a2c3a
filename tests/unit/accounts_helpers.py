"""Shared constants and helpers for the account tests (test_accounts_*.py): accounts written directly,
their audit trail and the dev SMS inbox."""

from __future__ import annotations

from sqlmodel import select

from app.models import Account, AuditEvent
from app.services import accounts, claims, registry
from app.services.registry import PersonView
from app.services.sms import newest_dev_message

NEW_PHONE = "13600136000"
GOOD_PASSWORD = "Sunny-Garden-88"
CHEN_ZHE = ("陈喆", "310104198808080032")
ZHANG_WEI = ("张伟", "110101198503120017")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _with_check(first17: str) -> str:
    """GB 11643 check character, computed here independently of app.services.ids."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


UNKNOWN_ID = _with_check("31010419880808005")  # valid, but nobody in the registry


def _new_account(env, phone: str = NEW_PHONE) -> int:
    """An unverified resident account, written directly (no argon2 cost; these tests never log in with it)."""
    with env.db.transaction() as s:
        account = Account(phone=phone, password_hash="unused", created_at=env.clock.now())
        s.add(account)
        s.flush()
        return account.id


def _account(env, account_id: int) -> Account:
    with env.db.transaction() as s:
        return s.get(Account, account_id)


def _actions(env, account_id: int) -> list[str]:
    with env.db.transaction() as s:
        query = select(AuditEvent.action).where(AuditEvent.account_id == account_id).order_by(AuditEvent.id)
        return list(s.exec(query).all())


def _send_code(env, phone: str = NEW_PHONE) -> str:
    accounts.send_register_code(env, phone, client="c1")
    with env.db.transaction() as s:
        return newest_dev_message(s, phone).code


def own_person(env, account_id: int) -> PersonView | None:
    """The registry record behind a verified account (its own e-voucher), as stored."""
    with env.db.transaction() as session:
        account = session.get(Account, account_id)
        if account is None or account.person_id is None:
            return None
        person = registry.get(session, account.person_id)
        return registry.view(env.crypto, person) if person else None


def verify(env, account_id: int, name: str, id_number: str, *, client: str = "c1") -> PersonView | None:
    """"Verify" with a name and ID number; the account's own registry record once proven (None while the claim
    still needs its proof)."""
    claims.claim(env, account_id, name, id_number, client=client)
    return own_person(env, account_id)
