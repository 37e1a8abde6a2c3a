"""Designated institutions (定点医药机构, DESIGN.md §2.9): their keys, rate limits and visits.

A key is a long random secret shown once (`create_institution`); only its SHA-256 is stored, which is enough to
check it (keys are not passwords: 256 random bits need no slow hash). The demo pharmacy's fixed key is refused
whenever demo mode is off. A visit is what `POST /api/verify` with a key opens: 30 minutes in which that institution
may settle one bill for the card's person."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.models import ECard, Institution, InstitutionVisit
from app.services import audit, ratelimit
from app.services.audit import Actor
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

DEMO_NAME = "Dongcheng Kangning Pharmacy"
DEMO_KEY = "demo-kangning-key"  # demo mode only (README); refused like every development key otherwise
KEY_PREFIX = "fec_inst_"
VISIT_LIFETIME = timedelta(minutes=30)
KINDS = ("outpatient", "inpatient", "pharmacy")
# Per institution, every call (verify, settle, reverse): a busy hospital's cashiers make a few a second; this stops a
# runaway or stolen key without slowing them.
RATE_LIMIT, RATE_WINDOW = 1200, timedelta(minutes=1)


class InvalidKey(DomainError):
    code = "invalid_key"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewInstitution:
    id: int
    name: str
    key: str  # shown once, never stored


def create_institution(env: Env, name: str, kind: str = "outpatient") -> NewInstitution:
    name = " ".join((name or "").split())
    if not name or len(name) > 100:  # noqa: PLR2004 - the column's length
        raise ValidationFailed({"name": "institution_name"})
    if kind not in KINDS:
        raise ValidationFailed({"kind": "institution_kind"})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = env.clock.now()
    with env.db.transaction() as session:
        row = Institution(name=name, kind=kind, key_sha256=key_hash(key), created_at=now)
        session.add(row)
        session.flush()
        audit.record(session, "institution_created", now=now, account_id=None, actor=Actor(None, "admin"),
                     institution=row.id, name=name)
        return NewInstitution(id=row.id or 0, name=name, key=key)


def revoke_institution(env: Env, institution_id: int) -> bool:
    """End an institution's key; False when there is no such institution (revoking twice is fine)."""
    now = env.clock.now()
    with env.db.transaction(immediate=True) as session:
        row = session.get(Institution, institution_id)
        if row is None:
            return False
        if row.revoked_at is None:
            row.revoked_at = now
            session.add(row)
            audit.record(session, "institution_revoked", now=now, account_id=None, actor=Actor(None, "admin"),
                         institution=row.id)
        return True


def ensure_demo_institution(env: Env, session: Session) -> Institution:
    """The demo pharmacy with its fixed key (demo data only; `load-demo` needs demo mode)."""
    digest = key_hash(DEMO_KEY)
    row = session.exec(select(Institution).where(Institution.key_sha256 == digest)).first()
    if row is None:
        row = Institution(name=DEMO_NAME, kind="pharmacy", key_sha256=digest, created_at=env.clock.now())
    row.name, row.kind, row.revoked_at = DEMO_NAME, "pharmacy", None
    session.add(row)
    session.flush()
    return row


def find(session: Session, env: Env, key: str | None) -> Institution | None:
    """The institution whose key this is, if it is not revoked (and the demo key only in demo mode)."""
    if not key or len(key) > 200 or (key == DEMO_KEY and not env.settings.demo_mode):  # noqa: PLR2004
        return None
    row = session.exec(select(Institution).where(Institution.key_sha256 == key_hash(key))).first()
    return row if row is not None and row.revoked_at is None else None


def admit(session: Session, env: Env, key: str | None, now: datetime) -> Institution:
    """The calling institution, counted against its rate limit, in the caller's IMMEDIATE transaction.
    InvalidKey for an unknown or revoked key, RateLimited past the limit."""
    row = find(session, env, key)
    if row is None:
        raise InvalidKey()
    limit_key = f"institution:{row.id}"
    # Counted, not listed: a busy institution has hundreds of hits in the window; only a refusal needs their times.
    if ratelimit.count(session, limit_key, window=RATE_WINDOW, now=now) >= RATE_LIMIT:
        ratelimit.check(session, limit_key, limit=RATE_LIMIT, window=RATE_WINDOW, now=now)
    ratelimit.record(session, limit_key, now)
    return row


def open_visit(session: Session, institution_id: int, card: ECard, person_id: int, now: datetime) -> str:
    """A new visit for the verified card, in the verification's transaction; the token is returned once."""
    token = "v_" + secrets.token_urlsafe(24)
    session.add(InstitutionVisit(token_sha256=key_hash(token), institution_id=institution_id, person_id=person_id,
                                 card_id=card.id or 0, created_at=now, expires_at=now + VISIT_LIFETIME))
    return token


def find_visit(session: Session, token: str) -> InstitutionVisit | None:
    return session.exec(select(InstitutionVisit).where(InstitutionVisit.token_sha256 == key_hash(token))).first()
