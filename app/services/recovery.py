""""Forgot password?": a new password with a code sent to the account's number, and for an account whose real
name was verified also its ID number (DESIGN.md §2.1.4).

Like logging in, nothing here tells whether a number has an account: "Send code" answers and counts alike for
every number (only a resident's number is sent a code), every try counts against the client's login budget before
the number is looked up, and a number without an account (or a staff number: an administrator resets those) gets
the answer any wrong code gets. A wrong ID number is said only once the code is right, so only the holder of the
number learns it, and it uses up one of the code's tries like a wrong code."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Account
from app.services import audit, auth, codes, ids, passwords, registry
from app.services.audit import Actor
from app.services.clock import to_local
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed
from app.services.sessions import end_sessions

PURPOSE = "reset_password"

RESET_CODE_SMS = ("【家庭医保电子凭证】找回密码的验证码 {code}，5分钟内有效。请勿告诉任何人，包括工作人员。"  # noqa: RUF001
                  "如非本人操作，请致电12393。"  # noqa: RUF001
                  "Family E-Card code to reset your password: {code}, valid for 5 minutes. Give it to no one, not "
                  "even staff. Not you? Call 12393.")
# Sent instead of a code to a staff number: staff passwords are reset only by an administrator (app/cli.py).
STAFF_RESET_SMS = ("【家庭医保电子凭证】工作人员账号的密码只能由管理员重置，没有发送验证码。"  # noqa: RUF001
                   "Family E-Card: a staff account's password is reset only by your administrator. No code was sent.")
PASSWORD_CHANGED_SMS = ("【家庭医保电子凭证】账号 {account} 的密码已于 {time} 修改，所有设备已退出登录。"  # noqa: RUF001
                        "如非本人操作，请马上致电12393。"  # noqa: RUF001
                        "Family E-Card: the password of account {account} was changed at {time} and it was logged "
                        "out. Not you? Call 12393 now.")


def masked(phone: str) -> str:
    """A number as messages and the audit trail show it: 138****8000."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "****"  # noqa: PLR2004


def notice_number(env: Env, session: Session, account: Account) -> str:
    """Where a notice about the account goes: the number the insurance agency holds for its person once the real
    name is verified (whoever holds the login number may be the one changing things), else the login number."""
    if account.verified_at is not None and account.person_id is not None:
        person = registry.get(session, account.person_id)
        if person is not None and (held := registry.registry_phone(env.crypto, person)):
            return held
    return account.phone


def send_password_notice(env: Env, session: Session, account: Account) -> None:
    """Tell the account's owner that its password changed, in the caller's transaction."""
    now = env.clock.now()
    body = PASSWORD_CHANGED_SMS.format(account=masked(account.phone), time=to_local(now).strftime("%Y-%m-%d %H:%M"))
    env.sms.send(session, notice_number(env, session, account), body, code=None, now=now)


def _account(session: Session, phone: str) -> Account | None:
    return session.exec(select(Account).where(Account.phone == phone, Account.disabled_at.is_(None))).first()  # type: ignore[union-attr]


def _resident(account: Account | None) -> Account | None:
    """The account a reset may change: residents only (a staff password is reset by an administrator)."""
    return account if account is not None and account.role == "resident" else None


def send_reset_code(env: Env, phone: str, *, client: str | None) -> codes.SentCode:
    """"Send code" on "Forgot password?": answered and counted the same for every number; only a resident's number
    gets a code, a staff number a message saying who resets it."""
    phone = codes.normalize_phone(phone)
    if problem := codes.phone_problem(phone):
        raise ValidationFailed({"phone": problem})
    with env.db.transaction(immediate=True) as session:
        account = _account(session, phone)
        staff = account is not None and account.role != "resident"
        return codes.issue(env, session, phone, PURPOSE, client=client, deliver=_resident(account) is not None,
                           instead=STAFF_RESET_SMS if staff else None, message=RESET_CODE_SMS)


def _checked(env: Env, phone: str, code: str, id_number: str, password: str) -> str | None:
    """The form's own rules (nothing looked up); returns the ID number, normalised, if one was given."""
    errors: dict[str, str] = {}
    if problem := codes.phone_problem(phone):
        errors["phone"] = problem
    if not code.strip():
        errors["code"] = "code_empty"
    number = None
    if id_number.strip():  # asked of every account, needed only by one whose real name was verified
        try:
            number = ids.parse_id_number(id_number, env.clock.today()).number
        except ids.InvalidIdNumber as exc:
            errors["id_number"] = f"id_{exc.reason}"
    if problem := passwords.password_problem(password, phone=phone):
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)
    return number


def _same_person(env: Env, session: Session, account: Account, number: str) -> bool:
    person = registry.get(session, account.person_id) if account.person_id is not None else None
    return person is not None and person.id_number_index == env.crypto.blind_index(number, registry.ID_PURPOSE)


def _refusal(env: Env, session: Session, phone: str, code: str, *, number: str | None, account: Account | None,
             client: str | None) -> DomainError | None:
    """Why this try fails (its wrong code or wrong ID number counted), or None when it may go on. Uses nothing
    up: the code is used only once the new password is hashed (`_write`)."""
    if account is not None and account.verified_at is not None and codes.is_current(env, session, phone, PURPOSE,
                                                                                     code):
        if number is None:
            return ValidationFailed({"id_number": "reset_id_needed"})
        if not _same_person(env, session, account, number):
            audit.record(session, "password_reset_id_wrong", now=env.clock.now(), account_id=account.id,
                         actor=Actor(None, "anonymous", client))
            failure = codes.consume(env, session, phone, PURPOSE, code, usable=False)  # a try of the code
            assert failure is not None
            if failure.code == "code_wrong":
                return ValidationFailed({"id_number": "reset_id_wrong"}, left=failure.params["left"])
            return ValidationFailed({"id_number": "reset_id_not_this", failure.field or "code": failure.code})
        return None
    if account is not None and codes.is_current(env, session, phone, PURPOSE, code):
        return None
    failure = codes.consume(env, session, phone, PURPOSE, code, usable=account is not None)
    assert failure is not None  # is_current said the code is not right for this account
    return ValidationFailed({failure.field or "code": failure.code}, **failure.params)


def reset_password(env: Env, phone: str, code: str, id_number: str, password: str, *, client: str | None) -> None:
    """"Set new password": with the code sent to the number (and the ID number of a verified account) the account
    gets `password`; every session of it ends, a password lockout of the number is lifted, and the owner is told
    by SMS. Slow on purpose (argon2): call it off the event loop; the hash is made between two short transactions,
    after the try has counted, so no other request waits for it and an unlimited bot cannot make us hash."""
    phone = codes.normalize_phone(phone)
    number = _checked(env, phone, code, id_number, password)
    with env.db.transaction(immediate=True) as session:
        auth._count_client_try(env, session, client)  # every try counts, before the number is looked up
        account = _resident(_account(session, phone))
        failure = _refusal(env, session, phone, code, number=number, account=account, client=client)
        account_id = account.id if account is not None else None
    if failure is not None:
        raise failure  # the counted tries are committed
    password_hash = passwords.hash_password(password)
    _write(env, phone, code, account_id, password_hash, client=client)


def _write(env: Env, phone: str, code: str, account_id: int | None, password_hash: str, *,
           client: str | None) -> None:
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = session.get(Account, account_id, with_for_update=True) if account_id else None
        usable = account is not None and _resident(_account(session, phone)) is account
        failure = codes.consume(env, session, phone, PURPOSE, code, usable=usable)  # used by another try meanwhile
        if failure is None and account is not None:
            account.password_hash = password_hash
            ended = end_sessions(session, account.id or 0, now, "password_reset")
            auth.clear_lock(session, phone)
            audit.record(session, "password_reset", now=now, account_id=account.id,
                         actor=Actor(account.id, account.role, client), sessions_ended=ended)
            send_password_notice(env, session, account)
            return
    assert failure is not None
    raise ValidationFailed({failure.field or "code": failure.code}, **failure.params)
