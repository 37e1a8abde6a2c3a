"""Creating accounts, real-name verification (which activates the own e-voucher), preferences."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Account
from app.services import audit, codes, passwords
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed
from app.services.sessions import Preferences, open_session

TEXT_SIZES = ("standard", "large", "extra_large")
LANGUAGES = ("zh-CN", "en-US")


# Sent instead of a register code to a number that already has an account (DESIGN.md §2.1.4): the page answers
# "We sent a code" either way, so it tells no one whether the number has an account; its owner learns it here.
ALREADY_REGISTERED_SMS = ("【家庭医保电子凭证】这个手机号已经注册过账号：请直接登录，或找回密码。"  # noqa: RUF001
                          "Family E-Card: this number already has an account: log in or reset your password.")


def _taken(session: Session, phone: str) -> bool:
    return session.exec(select(Account.id).where(Account.phone == phone)).first() is not None


def send_register_code(env: Env, phone: str, *, client: str | None) -> codes.SentCode:
    """"Send code" when creating an account: always "We sent a code"; a number that already has an account is
    told so by SMS instead of getting a code."""
    phone = codes.normalize_phone(phone)
    problem = codes.phone_problem(phone)
    if problem:
        raise ValidationFailed({"phone": problem})
    with env.db.transaction(immediate=True) as session:
        taken = _taken(session, phone)
        return codes.issue(env, session, phone, "register", client=client, deliver=not taken,
                           instead=ALREADY_REGISTERED_SMS if taken else None)


def register(env: Env, *, consent: bool, phone: str, code: str, password: str, client: str | None,
             browser: str = "") -> str:
    """Create an account (not yet real-name verified) and log it in; returns the session's handoff. For a number
    that already has an account the answer is the one a wrong code gets. Slow on purpose (argon2): call it off the
    event loop."""
    phone = codes.normalize_phone(phone)
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = "consent_required"
    if problem := codes.phone_problem(phone):
        errors["phone"] = problem
    if not code.strip():
        errors["code"] = "code_empty"
    if problem := passwords.password_problem(password, phone=phone):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)
    password_hash = passwords.hash_password(password)
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        taken = _taken(session, phone)
        failure = codes.consume(env, session, phone, "register", code, usable=not taken)
        if failure is None:
            now = env.clock.now()
            account = Account(phone=phone, password_hash=password_hash, created_at=now)
            session.add(account)
            session.flush()
            audit.record(session, "account_created", now=now, account_id=account.id,
                         actor=Actor(account.id, client=client), privacy_notice="v1")
            return open_session(env, session, account, method="register", client=client, browser=browser)
    raise ValidationFailed({"code": failure.code}, **failure.params)


def save_preferences(env: Env, account_id: int, preferences: Preferences) -> None:
    """Remember display choices for the account; None leaves a choice as it was."""
    if preferences.text_size is not None and preferences.text_size not in TEXT_SIZES:
        raise ValidationFailed({"text_size": "invalid_choice"})
    if preferences.language is not None and preferences.language not in LANGUAGES:
        raise ValidationFailed({"language": "invalid_choice"})
    with env.db.transaction(immediate=True) as session:
        account = session.get(Account, account_id)
        if account is None:
            return
        for field in ("text_size", "high_contrast", "read_aloud", "language"):
            value = getattr(preferences, field)
            if value is not None:
                setattr(account, field, value)
