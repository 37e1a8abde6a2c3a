"""Loading and saving binding requests: ownership, versions, encrypted details, the view pages get."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func
from sqlmodel import Session, delete, select

from app.models import Account, BindingRequest, Document, RegistryPerson
from app.services import counter, registry
from app.services.audit import Actor
from app.services.binding import rules, states
from app.services.env import Env
from app.services.errors import DomainError
from app.services.registry import PersonView

DETAILS_PURPOSE = "binding.details"
DRAFT_LIFETIME = timedelta(days=30)
WITHDRAW_WINDOW = timedelta(minutes=10)
# A photo of the printed letter with the person's fingerprint, taken by staff at the counter: it replaces the drawn
# signature (DESIGN.md §2.7). How a letter was signed is which of the two a request has.
PAPER_LETTER = "signed_letter_photo"
LETTER_KINDS = ("signature", "letter", PAPER_LETTER)  # a new signature of either kind replaces all of these


class NotFound(DomainError):
    """Not there, or not yours: the same answer, so IDs cannot be probed (pages show a 404)."""

    code = "not_found"


class DraftChanged(DomainError):
    """The request was changed in another window since this one loaded it."""

    code = "draft_changed"


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    kind: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class RequestView:
    id: int
    holder: int
    number: str
    status: str
    step: str
    version: int
    method: str | None
    relationship: str | None
    details: dict[str, str]
    member: PersonView | None
    documents: dict[str, DocumentInfo]
    needed_documents: tuple[str, ...]
    needs_consent: bool
    member_consent: bool
    notice_accepted: bool
    signed: bool
    letter_sha256: str | None
    submitted_at: datetime | None
    can_withdraw: bool
    reject_reason: str | None
    reject_details: str | None
    missing: list[str] = field(default_factory=list)  # what still stops "Save and submit"
    exceptions: tuple[str, ...] = ()  # made by staff at the counter (DESIGN.md §2.7)
    exception_reason: str | None = None


def load(session: Session, holder_id: int, request_id: int, *, lock: bool = False) -> BindingRequest:
    query = select(BindingRequest).where(BindingRequest.id == request_id, BindingRequest.holder_id == holder_id)
    if lock:
        query = query.with_for_update()
    request = session.exec(query).first()
    if request is None:
        raise NotFound()
    return request


def acting_actor(env: Env, session: Session, holder_id: int, actor: Actor | None, client: str | None) -> Actor:
    """Who acts on the holder's request: the holder, or a staff member who is assisting this holder at
    the counter right now (audited as "staff X for resident Y")."""
    if actor is None or (actor.account_id == holder_id and actor.role == "resident"):
        return Actor(holder_id, client=client)
    if actor.role != "staff" or actor.account_id is None:
        raise NotFound()
    counter.require_assisting(session, actor.account_id, holder_id, env.clock.now())
    return actor


def assisting_staff(env: Env, session: Session, holder_id: int, actor: Actor | None) -> Actor:
    """The staff member assisting this holder now, for what only the counter does; anyone else (the holder alone
    too) gets NotFound, as for a page that is not there."""
    found = acting_actor(env, session, holder_id, actor, None)
    if found.role != "staff":
        raise NotFound()
    return found


def exceptions_of(request: BindingRequest) -> tuple[str, ...]:
    return tuple((request.exceptions or "").split())


def check_version(request: BindingRequest, expected: int | None) -> None:
    if expected is not None and request.version != expected:
        raise DraftChanged(field="form")


def touch(env: Env, request: BindingRequest) -> None:
    now = env.clock.now()
    request.updated_at = now
    request.version += 1
    if request.status == states.DRAFT:
        request.expires_at = now + DRAFT_LIFETIME


def read_details(env: Env, request: BindingRequest) -> dict[str, str]:
    if not request.details_cipher:
        return {}
    return json.loads(env.crypto.decrypt_text(request.details_cipher, f"{DETAILS_PURPOSE}:{request.id}"))


def write_details(env: Env, request: BindingRequest, details: dict[str, str]) -> None:
    text = json.dumps(details, ensure_ascii=False)
    request.details_cipher = env.crypto.encrypt_text(text, f"{DETAILS_PURPOSE}:{request.id}")


def documents_of(session: Session, request_id: int) -> dict[str, Document]:
    rows = session.exec(select(Document).where(Document.request_id == request_id)).all()
    return {row.kind: row for row in rows}


def holder_person(session: Session, holder_id: int) -> RegistryPerson:
    account = session.get(Account, holder_id)
    person = registry.get(session, account.person_id) if account and account.person_id else None
    if person is None:
        raise DomainError("not_verified")
    return person


def active_count_for_holder(session: Session, holder_id: int, *, besides: int | None = None) -> int:
    query = select(func.count()).select_from(BindingRequest).where(
        BindingRequest.holder_id == holder_id, BindingRequest.status.in_(states.ACTIVE))  # type: ignore[attr-defined]
    if besides is not None:
        query = query.where(BindingRequest.id != besides)
    return int(session.exec(query).one())


def active_holders_of(session: Session, person_id: int) -> set[int]:
    query = select(BindingRequest.holder_id).where(
        BindingRequest.member_person_id == person_id, BindingRequest.status.in_(states.ACTIVE))  # type: ignore[attr-defined]
    return set(session.exec(query).all())


# Built once (the e-card page runs it on every view): making the statement cost more than running it.
_APPROVED_MEMBERS = (select(BindingRequest, RegistryPerson)
                     .join(RegistryPerson, RegistryPerson.id == BindingRequest.member_person_id)  # type: ignore[arg-type]
                     .where(BindingRequest.holder_id == bindparam("holder_id"),
                            BindingRequest.status == states.APPROVED)
                     .order_by(BindingRequest.created_at, BindingRequest.id))  # type: ignore[arg-type]


def approved_members(env: Env, session: Session, holder_id: int) -> list[tuple[BindingRequest, PersonView]]:
    """The holder's bound members (approved requests) with who they are, in the order they were added: whose
    cards the holder may show and whose records they may see. One statement, however many members."""
    rows = session.exec(_APPROVED_MEMBERS, params={"holder_id": holder_id}).all()
    return [(row, registry.view(env.crypto, person)) for row, person in rows]


def view(env: Env, session: Session, request: BindingRequest) -> RequestView:
    assert request.id is not None
    member_row = registry.get(session, request.member_person_id) if request.member_person_id else None
    member = registry.view(env.crypto, member_row) if member_row else None
    today = env.clock.today()
    needed: tuple[str, ...] = ()
    needs_consent = False
    if member and request.method:
        needed = rules.documents_needed(request.method, member.birth_date, today, exceptions_of(request))
        needs_consent = rules.needs_member_consent(request.method, member.birth_date, today)
    docs = {kind: DocumentInfo(d.id or 0, kind, d.width, d.height)
            for kind, d in documents_of(session, request.id).items()}
    missing = []
    if member is None:
        missing.append("member")
    missing += [kind for kind in needed if kind not in docs]
    if needs_consent and request.member_consent_at is None:
        missing.append("consent")
    if rules.THIRD_HOLDER in exceptions_of(request) and not request.exception_reason:
        missing.append("exception_reason")
    if request.letter_sha256 is None:
        missing.append("signature")
    now = env.clock.now()
    can_withdraw = (request.status == states.SUBMITTED and request.submitted_at is not None
                    and now - request.submitted_at < WITHDRAW_WINDOW)
    return RequestView(
        id=request.id, holder=request.holder_id, number=request.number, status=request.status, step=request.step,
        version=request.version,
        method=request.method, relationship=request.relationship, details=read_details(env, request),
        member=member, documents=docs, needed_documents=needed, needs_consent=needs_consent,
        member_consent=request.member_consent_at is not None, notice_accepted=request.notice_accepted_at is not None,
        signed=request.letter_sha256 is not None, letter_sha256=request.letter_sha256,
        submitted_at=request.submitted_at, can_withdraw=can_withdraw, reject_reason=request.reject_reason,
        reject_details=request.reject_details, missing=missing, exceptions=exceptions_of(request),
        exception_reason=request.exception_reason,
    )


def editable(env: Env, session: Session, holder_id: int, request_id: int, version: int | None) -> BindingRequest:
    """The holder's draft, locked, to change: not expired, still a draft, and the version the page showed."""
    request = load(session, holder_id, request_id, lock=True)
    if request.status == states.DRAFT and request.expires_at is not None and request.expires_at <= env.clock.now():
        raise DomainError("draft_expired")
    if request.status != states.DRAFT:
        raise states.TransitionNotAllowed(status=request.status, action="change")
    check_version(request, version)
    return request


def void_letter(session: Session, request: BindingRequest) -> None:
    session.exec(delete(Document).where(Document.request_id == request.id,  # type: ignore[call-overload]
                                        Document.kind.in_(LETTER_KINDS)))  # type: ignore[attr-defined]
    request.letter_sha256 = None
    request.signed_at = None
