"""SMS verification codes: 6 digits, valid 5 minutes, resend after 60 s, at most 5 per number per hour,
5 wrong tries invalidate a code."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import VerificationCode
from app.services import ratelimit
from app.services.env import Env
from app.services.errors import DomainError, RateLimited

CODE_VALID = timedelta(minutes=5)
RESEND_AFTER = timedelta(seconds=60)
PER_NUMBER_PER_HOUR = 5
PER_CLIENT_PER_HOUR = 30
MAX_WRONG = 5

_PHONE = re.compile(r"^1[3-9][0-9]{9}$")
_CODE = re.compile(r"^[0-9]{6}$")


def _compact(raw: str) -> str:
    """Full-width characters made plain, spaces, dashes and brackets removed."""
    return re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", raw or ""))


def normalize_phone(raw: str) -> str:
    """Digits only, accepting spaces, dashes, full-width digits and a +86 prefix."""
    digits = _compact(raw)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def phone_problem(phone: str) -> str | None:
    if not phone:
        return "phone_empty"
    if not _PHONE.match(phone):
        return "phone_invalid"
    return None


@dataclass(frozen=True)
class SentCode:
    expires_at: datetime
    resend_at: datetime


def _hash(env: Env, phone: str, purpose: str, code: str) -> str:
    message = f"{phone}:{purpose}:{code}".encode()
    return hmac.new(env.settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def issue(env: Env, session: Session, phone: str, purpose: str, *, client: str | None, deliver: bool = True,
          instead: str | None = None, message: str | None = None, number_budget: bool = True) -> SentCode:
    """Create and send a new code in the caller's transaction; earlier unused codes stop working.

    With `deliver=False` the code is made, counted and answered for exactly as one that is sent, but never sent
    (the number has no account to log in to, or already has one to register): the answer and the limits tell
    nothing about the number. `instead` is then sent in its place, without a code. `message` (the server's own
    words, `{code}` where the code goes) says what the code is for, so a code asked for by someone else is
    recognised as such. `number_budget=False`: a code with a budget of its own (activation codes to the registry's
    number), which must not use up that number's login codes."""
    now = env.clock.now()
    latest = session.exec(
        select(VerificationCode)
        .where(VerificationCode.phone == phone, VerificationCode.purpose == purpose)
        .order_by(VerificationCode.id.desc())  # type: ignore[union-attr]
    ).first()
    if latest and now - latest.created_at < RESEND_AFTER:
        raise RateLimited("code_resend_wait", retry_at=latest.created_at + RESEND_AFTER, now=now, field="code")
    if number_budget:
        ratelimit.check(session, f"code:phone:{phone}", limit=PER_NUMBER_PER_HOUR, window=timedelta(hours=1),
                        now=now, code="code_hourly_limit", field="phone")
    if client:
        ratelimit.check(session, f"code:client:{client}", limit=PER_CLIENT_PER_HOUR, window=timedelta(hours=1),
                        now=now, code="code_hourly_limit", field="phone")
    for old in session.exec(
        select(VerificationCode).where(
            VerificationCode.phone == phone, VerificationCode.purpose == purpose,
            VerificationCode.used_at.is_(None), VerificationCode.invalidated_at.is_(None),  # type: ignore[union-attr]
        )
    ).all():
        old.invalidated_at = now
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(VerificationCode(phone=phone, purpose=purpose, code_hash=_hash(env, phone, purpose, code),
                                 created_at=now, expires_at=now + CODE_VALID))
    if number_budget:
        ratelimit.record(session, f"code:phone:{phone}", now)
    if client:
        ratelimit.record(session, f"code:client:{client}", now)
    body = message.format(code=code) if message else (
        f"【家庭医保电子凭证】验证码 {code}，5分钟内有效，请勿告诉他人。"
        f"Family E-Card code {code}, valid for 5 minutes. Never share it.")
    if deliver:
        env.sms.send(session, phone, body, code=code, now=now, purpose=purpose)
    elif instead:
        env.sms.send(session, phone, instead, code=None, now=now, purpose=purpose)
    return SentCode(expires_at=now + CODE_VALID, resend_at=now + RESEND_AFTER)


def consume(env: Env, session: Session, phone: str, purpose: str, code: str, *,
            usable: bool = True) -> DomainError | None:
    """Use up a correct code. Returns the error instead of raising, so the caller can commit the
    counted wrong try before raising it. With `usable=False` (a code never sent) even the right digits count as
    a wrong try, so the answer is the one any wrong code gets."""
    code = _compact(code)
    if not code:
        return DomainError("code_empty", field="code")
    if not _CODE.match(code):
        return DomainError("code_format", field="code")
    now = env.clock.now()
    current = session.exec(
        select(VerificationCode)
        .where(VerificationCode.phone == phone, VerificationCode.purpose == purpose,
               VerificationCode.used_at.is_(None), VerificationCode.invalidated_at.is_(None))  # type: ignore[union-attr]
        .order_by(VerificationCode.id.desc())  # type: ignore[union-attr]
    ).first()
    if current is None:
        return DomainError("code_none", field="code")
    if now >= current.expires_at:
        current.invalidated_at = now
        return DomainError("code_expired", field="code")
    if not hmac.compare_digest(current.code_hash, _hash(env, phone, purpose, code)) or not usable:
        current.failed_attempts += 1
        if current.failed_attempts >= MAX_WRONG:
            current.invalidated_at = now
            return DomainError("code_too_many", field="code")
        return DomainError("code_wrong", field="code", left=MAX_WRONG - current.failed_attempts)
    current.used_at = now
    return None


def is_current(env: Env, session: Session, phone: str, purpose: str, code: str) -> bool:
    """Whether `code` is the number's current code for `purpose`, unused, unexpired and not worn out by wrong
    tries. Changes nothing: for a form whose other answers decide whether the code is used up or a try counted."""
    code = _compact(code)
    current = session.exec(
        select(VerificationCode)
        .where(VerificationCode.phone == phone, VerificationCode.purpose == purpose,
               VerificationCode.used_at.is_(None), VerificationCode.invalidated_at.is_(None))  # type: ignore[union-attr]
        .order_by(VerificationCode.id.desc())  # type: ignore[union-attr]
    ).first()
    return (current is not None and env.clock.now() < current.expires_at and bool(_CODE.match(code))
            and hmac.compare_digest(current.code_hash, _hash(env, phone, purpose, code)))
