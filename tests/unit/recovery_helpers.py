"""Shared steps for the tests of "Forgot password?", "Change password", "Change mobile number" and the staff
password reset (test_recovery_*.py): the dev SMS inbox, logins and their sessions."""

from __future__ import annotations

from sqlmodel import select

from app.models import Account, DevSms, LoginSession, RateLimitHit, RegistryPerson
from app.services import auth, recovery, registry
from app.services.errors import DomainError
from tests.unit.auth_helpers import bound

ZHANG_WEI = "13800138000"  # verified (张伟); the registry holds the same number
ZHANG_WEI_ID = "110101198503120017"
WANG_FANG = "13700137000"  # verified (王芳)
WANG_FANG_ID = "110101199002140022"
STAFF = "13900139000"
PASSWORD = "Family-2026"
STAFF_PASSWORD = "Counter-2026"
NEW_PASSWORD = "Quiet-River-2031"
NO_ACCOUNT = "13511112222"
FREE_NUMBER = "13622223333"  # no account: a number to move to


def messages(env, phone: str) -> list[DevSms]:
    """Every SMS the dev inbox holds for `phone`, oldest first."""
    with env.db.transaction() as s:
        return list(s.exec(select(DevSms).where(DevSms.phone == phone).order_by(DevSms.id)).all())


def reset_code(env, phone: str = ZHANG_WEI, client: str = "c1") -> str:
    recovery.send_reset_code(env, phone, client=client)
    code = messages(env, phone)[-1].code
    assert code is not None, "no code was sent"
    return code


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def account(env, phone: str) -> Account:
    with env.db.transaction() as s:
        return s.exec(select(Account).where(Account.phone == phone)).one()


def sessions(env, account_id: int) -> list[LoginSession]:
    with env.db.transaction() as s:
        return list(s.exec(select(LoginSession).where(LoginSession.account_id == account_id)
                           .order_by(LoginSession.created_at)).all())


def log_in(env, phone: str, password: str, browser: str = "browser-1") -> str:
    """A browser's token after logging in with a password."""
    return bound(env, auth.login_with_password(env, phone, password, client="c1"), browser)


def can_log_in(env, phone: str, password: str) -> bool:
    try:
        auth.login_with_password(env, phone, password, client="elsewhere")
    except DomainError:
        return False
    return True


def hits(env, key: str) -> int:
    with env.db.transaction() as s:
        return len(s.exec(select(RateLimitHit).where(RateLimitHit.key == key)).all())


def set_registry_number(env, id_number: str, phone: str | None) -> None:
    """Give the registry person another number (预留手机号), as the insurance agency may hold."""
    with env.db.transaction(immediate=True) as s:
        person = registry.find_by_id_number(s, env.crypto, id_number)
        assert isinstance(person, RegistryPerson)
        person.phone_cipher = env.crypto.encrypt_text(phone, registry.PHONE_PURPOSE) if phone else None
