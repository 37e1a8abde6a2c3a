"""Creating and disabling staff accounts (operator command line only)."""

from __future__ import annotations

from sqlmodel import select

from app.models import Account, LoginSession
from app.services import assignments, audit, auth, codes, passwords
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import ValidationFailed
from app.services.recovery import send_password_notice
from app.services.sessions import end_sessions


def _checked(phone: str, password: str) -> tuple[str, str]:
    """The number normalised and the password's hash, or ValidationFailed naming each field that is not right.
    Hashing is slow: callers do it before their write lock is taken."""
    phone = codes.normalize_phone(phone)
    errors = {}
    if problem := codes.phone_problem(phone):
        errors["phone"] = problem
    if problem := passwords.password_problem(password, phone=phone):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)
    return phone, passwords.hash_password(password)


def create_staff(env: Env, phone: str, password: str) -> int:
    phone, password_hash = _checked(phone, password)
    with env.db.transaction(immediate=True) as session:
        if session.exec(select(Account.id).where(Account.phone == phone)).first() is not None:
            raise ValidationFailed({"phone": "phone_taken"})
        now = env.clock.now()
        account = Account(phone=phone, password_hash=password_hash, role="staff", created_at=now)
        session.add(account)
        session.flush()
        assert account.id is not None
        audit.record(session, "staff_created", now=now, account_id=account.id, actor=Actor(None, "admin"))
        return account.id


def disable_staff(env: Env, phone: str) -> None:
    """The staff member can no longer log in (their logins end), and what they had opened goes back to the queue at
    once, for another staff member to decide (DESIGN.md §2.7)."""
    phone = codes.normalize_phone(phone)
    with env.db.transaction(immediate=True) as session:
        account = session.exec(select(Account).where(Account.phone == phone, Account.role == "staff")).first()
        if account is None:
            raise ValidationFailed({"phone": "staff_unknown"})
        now = env.clock.now()
        account.disabled_at = now
        for row in session.exec(select(LoginSession).where(LoginSession.account_id == account.id)).all():
            if row.ended_at is None:
                row.ended_at, row.end_reason = now, "disabled"
        released = assignments.release_of_staff(env, session, account.id or 0)
        audit.record(session, "staff_disabled", now=now, account_id=account.id, actor=Actor(None, "admin"),
                     reviews_released=released)


def reset_staff_password(env: Env, phone: str, password: str) -> int:
    """A new password for a staff account (staff cannot use "Forgot password?"); its sessions end, a password
    lockout is lifted and the staff member is told by SMS. Refuses numbers that are not staff. Returns how many
    sessions ended."""
    phone, password_hash = _checked(phone, password)
    with env.db.transaction(immediate=True) as session:
        account = session.exec(select(Account).where(Account.phone == phone, Account.role == "staff")).first()
        if account is None:
            raise ValidationFailed({"phone": "staff_unknown"})
        now = env.clock.now()
        account.password_hash = password_hash
        ended = end_sessions(session, account.id or 0, now, "password_reset")
        auth.clear_lock(session, phone)
        audit.record(session, "staff_password_reset", now=now, account_id=account.id, actor=Actor(None, "admin"),
                     sessions_ended=ended)
        send_password_notice(env, session, account)
        return ended
