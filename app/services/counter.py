"""Counter service (DESIGN.md §2.7): staff find a resident by mobile number, the resident reads out an
SMS code as consent, and staff then run the binding flow for them. Every step is audited on the
resident's account as "staff X for resident Y", and the resident is told when it starts and ends; assisting
lasts until "Finish assisting", the staff member's logout, the end of the staff login session it was started in,
or 30 minutes, whichever comes first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import Account, AssistSession, IdentityClaim, LoginSession, Notification
from app.services import audit, codes, ids, ratelimit, registry
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed
from app.services.sessions import token_id as _token_id

PURPOSE = "assist"
LOOKUPS_PER_HOUR = 30  # per staff member: a busy counter, never a scraper
LASTS = timedelta(minutes=30)  # assisting ends by itself after this
# The consent code's SMS says what reading it out allows, so nobody is talked into reading it out for anything else.
CONSENT_SMS = ("【家庭医保电子凭证】验证码 {code}：把它读给您面前的服务窗口工作人员听，"  # noqa: RUF001
               "即同意他们为您办理，30 分钟内有效。不在服务窗口？请勿告诉任何人。"  # noqa: RUF001
               "Your code to let service counter staff act for you: {code}. Read it out only to the staff in front of "
               "you; it lets them act for you for 30 minutes. Not at a counter? Tell no one.")


@dataclass(frozen=True)
class FoundResident:
    """A resident found by mobile number; a code is on its way to their phone."""

    phone: str
    code_expires_at: datetime
    resend_at: datetime


@dataclass(frozen=True)
class AssistView:
    """The resident a staff member is assisting right now."""

    assist_id: int
    staff_id: int
    resident_id: int
    resident_name: str
    started_at: datetime
    resident_verified: bool = True  # False: the resident has a claim to prove ("Verify identity in person")


def _checked_phone(raw: str) -> str:
    phone = codes.normalize_phone(raw)
    if problem := codes.phone_problem(phone):
        raise ValidationFailed({"phone": problem})
    return phone


def _resident_problem(session: Session, account: Account | None) -> str | None:
    """Why this account cannot be assisted, or None. A resident whose claim waits for its proof can be: staff verify
    the identity in person (DESIGN.md §2.7)."""
    if account is None or account.disabled_at is not None:
        return "resident_unknown"
    if account.role != "resident":
        return "resident_is_staff"
    if account.verified_at is None and _open_claim(session, account.id or 0) is None:
        return "resident_unverified"
    return None


def _open_claim(session: Session, account_id: int) -> IdentityClaim | None:
    return session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account_id,
                                                    IdentityClaim.state == "open")).first()


def _by_phone(session: Session, phone: str) -> Account | None:
    return session.exec(select(Account).where(Account.phone == phone)).first()


def find_resident(env: Env, staff_id: int, phone: str, *, client: str | None) -> FoundResident:
    """"Find": a verified resident with this mobile number gets an SMS code to read out as consent.
    Look-ups are limited per staff member; unknown, unverified and staff numbers get plain errors."""
    phone = _checked_phone(phone)
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        key = f"counter_lookup:staff:{staff_id}"
        ratelimit.check(session, key, limit=LOOKUPS_PER_HOUR, window=timedelta(hours=1), now=now,
                        code="counter_lookup_limit", field="phone")
        ratelimit.record(session, key, now)
        account = _by_phone(session, phone)
        if problem := _resident_problem(session, account):
            failure = ValidationFailed({"phone": problem})
        else:
            assert account is not None
            sent = codes.issue(env, session, phone, PURPOSE, client=client, message=CONSENT_SMS)
            audit.record(session, "assist_code_sent", now=now, account_id=account.id,
                         actor=Actor(staff_id, "staff", client))
            return FoundResident(phone=phone, code_expires_at=sent.expires_at, resend_at=sent.resend_at)
    raise failure  # the counted look-up is committed first


def start_assisting(env: Env, staff_id: int, token: str | None, phone: str, code: str, *,
                    client: str | None) -> AssistView:
    """"Start assisting": the code the resident read out is their consent. A wrong or expired code
    changes nothing (a wrong try still counts against the code)."""
    phone = _checked_phone(phone)
    if not token:
        raise DomainError("not_authenticated")
    failure: DomainError | None = None
    with env.db.transaction(immediate=True) as session:
        now = env.clock.now()
        account = _by_phone(session, phone)
        if problem := _resident_problem(session, account):
            raise ValidationFailed({"phone": problem})
        assert account is not None and account.id is not None
        failure = codes.consume(env, session, phone, PURPOSE, code)
        if failure is None:
            login_id = _token_id(token)
            for other in _open_rows(session, login_session_id=login_id):  # one resident at a time
                _close(session, other, "finished", now, client)
            row = AssistSession(staff_id=staff_id, resident_id=account.id, login_session_id=login_id, started_at=now)
            session.add(row)
            session.flush()
            audit.record(session, "assist_started", now=now, account_id=account.id,
                         actor=Actor(staff_id, "staff", client))
            session.add(Notification(account_id=account.id, created_at=now, kind="assist_started", params="{}"))
            return _view(env, session, row)
    assert failure is not None
    raise ValidationFailed({"code": failure.code}, **failure.params)


def _open_rows(session: Session, **where: object) -> list[AssistSession]:
    query = select(AssistSession).where(AssistSession.ended_at.is_(None))  # type: ignore[union-attr]
    for name, value in where.items():
        query = query.where(getattr(AssistSession, name) == value)
    return list(session.exec(query).all())


def _close(session: Session, row: AssistSession, reason: str, now: datetime, client: str | None) -> None:
    row.ended_at, row.end_reason = now, reason
    audit.record(session, "assist_ended", now=now, account_id=row.resident_id,
                 actor=Actor(row.staff_id, "staff", client), reason=reason)
    session.add(Notification(account_id=row.resident_id, created_at=now, kind="assist_ended", params="{}"))


def _over(row: AssistSession, now: datetime) -> bool:
    """Past its 30 minutes (ended by itself, whether or not anyone has looked since)."""
    return now - row.started_at >= LASTS


def _view(env: Env, session: Session, row: AssistSession) -> AssistView:
    account = session.get(Account, row.resident_id)
    person = registry.get(session, account.person_id) if account and account.person_id else None
    claimed = _open_claim(session, row.resident_id) if person is None else None
    if person is None and claimed is not None:  # not verified yet: the person the claim names, masked
        named = registry.get(session, claimed.person_id)
        name = ids.mask_name(registry.view(env.crypto, named).name) if named else ""
    else:
        name = registry.view(env.crypto, person).name if person else ""
    return AssistView(assist_id=row.id or 0, staff_id=row.staff_id, resident_id=row.resident_id,
                      resident_name=name, started_at=row.started_at, resident_verified=person is not None)


def _login_alive(session: Session, login_session_id: str) -> bool:
    login = session.get(LoginSession, login_session_id)
    return login is not None and login.ended_at is None


def current(env: Env, staff_id: int, token: str | None, assist_id: object) -> AssistView | None:
    """The assisting this browser remembers, if it still holds: this staff member's, not finished, and
    started in the login session the browser is still in. One whose login has ended is closed here."""
    if not token or not isinstance(assist_id, int):
        return None
    with env.db.transaction(immediate=True) as session:
        row = session.get(AssistSession, assist_id)
        if row is None or row.staff_id != staff_id or row.ended_at is not None:
            return None
        if not _login_alive(session, row.login_session_id):
            _close(session, row, "session_ended", env.clock.now(), None)
            return None
        if _over(row, env.clock.now()):
            _close(session, row, "timed_out", env.clock.now(), None)
            return None
        if row.login_session_id != _token_id(token):  # started in another login of this staff member
            return None
        return _view(env, session, row)


def still_assisting(env: Env, staff_id: int, token: str | None, assist_id: int) -> bool:
    """Whether this assisting still holds for this login (for a page's every action; changes nothing)."""
    if not token:
        return False
    with env.db.transaction() as session:
        row = session.get(AssistSession, assist_id)
        return (row is not None and row.staff_id == staff_id and row.ended_at is None
                and not _over(row, env.clock.now())
                and row.login_session_id == _token_id(token) and _login_alive(session, row.login_session_id))


def finish(env: Env, staff_id: int, assist_id: object, *, client: str | None) -> None:
    """"Finish assisting" (pressing it twice, or for one already over, changes nothing)."""
    if not isinstance(assist_id, int):
        return
    with env.db.transaction(immediate=True) as session:
        row = session.get(AssistSession, assist_id)
        if row is not None and row.staff_id == staff_id and row.ended_at is None:
            _close(session, row, "finished", env.clock.now(), client)


def end_for_login(env: Env, token: str | None, *, reason: str, client: str | None) -> None:
    """Logging out ("logout"), or the login session ending ("session_ended"), ends whatever that login
    was assisting."""
    if not token:
        return
    with env.db.transaction(immediate=True) as session:
        for row in _open_rows(session, login_session_id=_token_id(token)):
            _close(session, row, reason, env.clock.now(), client)


def require_assisting(session: Session, staff_id: int, resident_id: int, now: datetime) -> None:
    """Staff may act on a resident's binding requests only while assisting that resident."""
    for row in _open_rows(session, staff_id=staff_id, resident_id=resident_id):
        if _login_alive(session, row.login_session_id) and not _over(row, now):
            return
    raise DomainError("not_assisting")
