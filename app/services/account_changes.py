"""Settings that change how one logs in: "Change password" and "Change mobile number" (DESIGN.md §2.1.4).

Both ask for the current password, and a wrong one counts towards the number's password lockout exactly as a
wrong password at login does (so an open page cannot be used to guess it). Both end the account's other sessions;
the one making the change stays logged in. The password is checked between two short transactions, as at login."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from app.models import Account
from app.services import accounts, audit, auth, codes, passwords
from app.services.audit import Actor
from app.services.clock import to_local
from app.services.env import Env
from app.services.errors import AccountLocked, DomainError, ValidationFailed
from app.services.recovery import masked, send_password_notice
from app.services.sessions import end_sessions, require_account

PHONE_PURPOSE = "phone_change"

PHONE_CODE_SMS = ("【家庭医保电子凭证】验证码 {code}，用于把这个号码设为家庭医保电子凭证账号的登录手机号，5分钟内有效。"  # noqa: RUF001
                  "请勿告诉任何人。如非本人操作，请忽略。"  # noqa: RUF001
                  "Family E-Card code {code} to make this number the mobile number of an account, valid for 5 "
                  "minutes. Give it to no one. Not you? Ignore this message.")
PHONE_CHANGED_SMS = ("【家庭医保电子凭证】您账号的登录手机号已于 {time} 改为 {new}，这个号码不能再登录。"  # noqa: RUF001
                     "如非本人操作，请马上致电12393。"  # noqa: RUF001
                     "Family E-Card: the mobile number of your account was changed to {new} at {time}; this number "
                     "no longer logs in. Not you? Call 12393 now.")


@dataclass(frozen=True)
class _Checked:
    """What the first, reading transaction found."""

    phone: str
    password_hash: str
    locked: datetime | None
    now: datetime


def _read(env: Env, account_id: int, *, residents_only: bool = False) -> _Checked:
    with env.db.transaction() as session:  # only reads: the password is checked outside any transaction
        now = env.clock.now()
        account = require_account(session, account_id)
        if residents_only and account.role != "resident":
            raise DomainError("staff_phone_by_admin")  # staff numbers are the operator's (app/cli.py)
        return _Checked(account.phone, account.password_hash, auth.locked_until(session, account.phone, now), now)


def _locked(until: datetime, now: datetime) -> DomainError:
    return DomainError("current_password_locked", field="current_password", until=until, now=now)


def _wrong_current(env: Env, session: Session, account: Account, client: str | None) -> DomainError:
    """Count a wrong current password like a wrong password at login (the fifth locks password login)."""
    counted = auth._count_wrong(env, session, account.phone, account, client)
    if isinstance(counted, AccountLocked):
        return _locked(counted.until, env.clock.now())
    return ValidationFailed({"current_password": "current_password_wrong"}, **counted.params)


def _still_right(account: Account, checked: _Checked, right: bool) -> bool:
    """The password was right, and neither it nor the number changed while it was being checked."""
    return right and account.password_hash == checked.password_hash and account.phone == checked.phone


def change_password(env: Env, account_id: int, current: str, new: str, *, token: str | None,
                    client: str | None) -> int:
    """Give the account the password `new` after checking `current`; every other session of it ends (the one of
    `token` stays) and the owner is told by SMS. Returns how many sessions ended. Slow on purpose (argon2): call
    it off the event loop."""
    checked = _read(env, account_id)
    errors: dict[str, str] = {}
    if not current:
        errors["current_password"] = "password_empty"
    if problem := passwords.password_problem(new, phone=checked.phone):
        errors["new_password"] = problem
    elif new == current:
        errors["new_password"] = "password_same"
    if errors:
        raise ValidationFailed(errors)
    if checked.locked:
        raise _locked(checked.locked, checked.now)
    right = passwords.verify_password(checked.password_hash, current)
    new_hash = passwords.hash_password(new) if right else ""
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = require_account(session, account_id, for_update=True)
        if (locked := auth.locked_until(session, account.phone, now)) is not None:  # by other tries meanwhile
            failure = _locked(locked, now)
        elif _still_right(account, checked, right):
            account.password_hash = new_hash
            ended = end_sessions(session, account_id, now, "password_changed", keep=token)
            auth.clear_lock(session, account.phone)
            audit.record(session, "password_changed", now=now, account_id=account_id,
                         actor=Actor(account_id, account.role, client), sessions_ended=ended)
            send_password_notice(env, session, account)
            return ended
        else:
            failure = _wrong_current(env, session, account, client)
    raise failure  # the counted wrong try (and a lock) are committed


def _taken(session: Session, phone: str) -> bool:
    return session.exec(select(Account.id).where(Account.phone == phone)).first() is not None


def _new_phone(raw: str, errors: dict[str, str]) -> str:
    phone = codes.normalize_phone(raw)
    if problem := codes.phone_problem(phone):
        errors["new_phone"] = problem
    return phone


def send_phone_code(env: Env, account_id: int, new_phone: str, *, client: str | None) -> codes.SentCode:
    """"Send code" for a new mobile number: always "We sent a code"; a number that already has an account is
    told so by SMS instead of getting a code (as when creating an account), so the answer tells no one."""
    errors: dict[str, str] = {}
    phone = _new_phone(new_phone, errors)
    if errors:
        raise ValidationFailed(errors)
    with env.db.transaction(immediate=True) as session:
        account = require_account(session, account_id)
        if account.role != "resident":
            raise DomainError("staff_phone_by_admin")
        if account.phone == phone:
            raise ValidationFailed({"new_phone": "phone_same"})
        taken = _taken(session, phone)
        return codes.issue(env, session, phone, PHONE_PURPOSE, client=client, deliver=not taken,
                           instead=accounts.ALREADY_REGISTERED_SMS if taken else None, message=PHONE_CODE_SMS)


def change_phone(env: Env, account_id: int, current: str, new_phone: str, code: str, *, token: str | None,
                 client: str | None) -> int:
    """Make `new_phone` (proven by the code sent to it) the account's login number after checking the current
    password; every other session ends (the one of `token` stays) and the old number is told. A number that already
    has an account gets the answer any wrong code gets. Returns how many sessions ended. Slow on purpose (argon2):
    call it off the event loop."""
    checked = _read(env, account_id, residents_only=True)
    errors: dict[str, str] = {}
    if not current:
        errors["current_password"] = "password_empty"
    phone = _new_phone(new_phone, errors)
    if phone == checked.phone:
        errors["new_phone"] = "phone_same"
    if not code.strip():
        errors["code"] = "code_empty"
    if errors:
        raise ValidationFailed(errors)
    if checked.locked:
        raise _locked(checked.locked, checked.now)
    right = passwords.verify_password(checked.password_hash, current)
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = require_account(session, account_id, for_update=True)
        if (locked := auth.locked_until(session, account.phone, now)) is not None:
            failure = _locked(locked, now)
        elif not _still_right(account, checked, right):
            failure = _wrong_current(env, session, account, client)
        elif (wrong := codes.consume(env, session, phone, PHONE_PURPOSE, code,
                                     usable=not _taken(session, phone))) is not None:
            failure = ValidationFailed({wrong.field or "code": wrong.code}, **wrong.params)
        else:
            _move(env, session, account, phone, client)
            return end_sessions(session, account_id, now, "phone_changed", keep=token)
    raise failure  # the counted wrong try is committed


def _move(env: Env, session: Session, account: Account, phone: str, client: str | None) -> None:
    now = env.clock.now()
    old = account.phone
    account.phone = phone
    auth.clear_lock(session, phone)  # tries someone made on the number before it was this account's
    audit.record(session, "phone_changed", now=now, account_id=account.id,
                 actor=Actor(account.id, account.role, client), old=masked(old), new=masked(phone))
    body = PHONE_CHANGED_SMS.format(new=masked(phone), time=to_local(now).strftime("%Y-%m-%d %H:%M"))
    env.sms.send(session, old, body, code=None, now=now)
