"""Proving a relationship at the counter (DESIGN.md §2.7): on an approved binding, staff assisting its holder keep a
photo of the paper that shows how the two are related ("Proof of relationship"); a second staff member, not the one
who took it, accepts or refuses it. An accepted proof marks the relationship proven, which mutual aid needs (§2.9).
A relationship "Other" approved at the counter was proven with its evidence at review already."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, delete, select

from app.models import Account, BindingRequest, Document, Notification
from app.services import audit, ids, registry
from app.services.audit import Actor
from app.services.binding import rules, states
from app.services.binding.documents import DocumentContent, content, keep_photo
from app.services.binding.store import NotFound, assisting_staff, load
from app.services.env import Env
from app.services.errors import DomainError
from app.services.photos import ProcessedPhoto

KIND = rules.RELATIONSHIP_PROOF
SUBMITTED, PROVEN, REFUSED = "submitted", "proven", "refused"


def is_proven(request: BindingRequest) -> bool:
    """A relationship proven by a document staff checked, at review or at the counter."""
    return request.status == states.APPROVED and request.relationship_proof_state == PROVEN


def _approved(session: Session, holder_id: int, request_id: int) -> BindingRequest:
    request = load(session, holder_id, request_id, lock=True)
    if request.status != states.APPROVED:
        raise NotFound()
    if request.relationship_proof_state == PROVEN:
        raise DomainError("relationship_already_proven")
    return request


def check_upload(env: Env, holder_id: int, request_id: int, *, actor: Actor | None) -> None:
    """Whether staff may keep a proof for this binding now, before any byte of the upload is read."""
    with env.db.transaction() as session:
        assisting_staff(env, session, holder_id, actor)
        _approved(session, holder_id, request_id)


def submit(env: Env, holder_id: int, request_id: int, photo: ProcessedPhoto, *, actor: Actor | None) -> None:
    """Keep the proof photo (a new one replaces one not yet decided or refused) for a second staff member."""
    with env.db.transaction(immediate=True) as session:
        actor = assisting_staff(env, session, holder_id, actor)
        request = _approved(session, holder_id, request_id)
        session.exec(delete(Document).where(Document.request_id == request.id,  # type: ignore[arg-type]
                                            Document.kind == KIND))  # type: ignore[arg-type]
        keep_photo(env, session, request_id, KIND, photo)
        request.relationship_proof_state = SUBMITTED
        request.relationship_proof_by_id = actor.account_id
        request.relationship_proof_decided_by_id = None
        audit.record(session, "relationship_proof_submitted", now=env.clock.now(), account_id=holder_id, actor=actor,
                     request=request.number, sha256=photo.sha256)


def proof_states(env: Env, holder_id: int) -> dict[int, str]:
    """Where the proof of each of the holder's bindings stands (request id -> submitted, proven or refused)."""
    with env.db.transaction() as session:
        rows = session.exec(select(BindingRequest.id, BindingRequest.relationship_proof_state).where(
            BindingRequest.holder_id == holder_id, BindingRequest.status == states.APPROVED,
            BindingRequest.relationship_proof_state.is_not(None))).all()  # type: ignore[union-attr]
        return {row[0]: row[1] for row in rows if row[0] is not None and row[1]}


def proof_of(env: Env, holder_id: int, request_id: int) -> tuple[str | None, int | None]:
    """Where the proof of one of the holder's bindings stands, and the id of its photo (NotFound: not approved)."""
    with env.db.transaction() as session:
        request = load(session, holder_id, request_id)
        if request.status != states.APPROVED:
            raise NotFound()
        document = session.exec(select(Document.id).where(Document.request_id == request.id,
                                                          Document.kind == KIND)).first()
        return request.relationship_proof_state, document


@dataclass(frozen=True)
class ProofView:
    request_id: int
    number: str
    holder_name: str  # masked: the decision needs the paper, not who the holder is
    member_name: str
    relationship: str
    state: str
    document_id: int | None
    submitted_at: datetime | None

    @property
    def waiting(self) -> bool:
        return self.state == SUBMITTED


def _may_see(request: BindingRequest, staff_id: int) -> bool:
    """A proof waiting for someone other than who took it, or one this staff member decided."""
    if request.status != states.APPROVED:
        return False
    if request.relationship_proof_state == SUBMITTED:
        return request.relationship_proof_by_id != staff_id
    return request.relationship_proof_decided_by_id == staff_id


def _view(env: Env, session: Session, request: BindingRequest) -> ProofView:
    account = session.get(Account, request.holder_id)
    holder = registry.get(session, account.person_id) if account and account.person_id else None
    member = registry.view(env.crypto, registry.get(session, request.member_person_id))  # type: ignore[arg-type]
    document = session.exec(select(Document).where(Document.request_id == request.id, Document.kind == KIND)).first()
    return ProofView(
        request_id=request.id or 0, number=request.number,
        holder_name=ids.mask_name(registry.view(env.crypto, holder).name) if holder else "",
        member_name=member.name, relationship=request.relationship or "",
        state=request.relationship_proof_state or "", document_id=document.id if document else None,
        submitted_at=document.created_at if document else None)


def waiting(env: Env, staff_id: int) -> list[ProofView]:
    """Proofs waiting for a decision that this staff member did not take, oldest first."""
    with env.db.transaction() as session:
        rows = session.exec(select(BindingRequest).where(
            BindingRequest.status == states.APPROVED, BindingRequest.relationship_proof_state == SUBMITTED,
            BindingRequest.relationship_proof_by_id != staff_id)).all()  # type: ignore[arg-type]
        found = [_view(env, session, row) for row in rows]
    return sorted(found, key=lambda item: (item.submitted_at is None, item.submitted_at))


def _get(session: Session, staff_id: int, request_id: int) -> BindingRequest:
    request = session.get(BindingRequest, request_id)
    if request is None or not _may_see(request, staff_id):
        raise NotFound()
    return request


def open_proof(env: Env, staff_id: int, request_id: int) -> ProofView:
    with env.db.transaction() as session:
        return _view(env, session, _get(session, staff_id, request_id))


def read_proof(env: Env, staff_id: int, request_id: int, *, thumbnail: bool = False) -> DocumentContent:
    """The proof photo, for the decision; audited on the holder's account."""
    with env.db.transaction(immediate=True) as session:
        request = _get(session, staff_id, request_id)
        document = session.exec(select(Document).where(Document.request_id == request.id,
                                                       Document.kind == KIND)).first()
        if document is None:
            raise NotFound()
        audit.record(session, "staff_viewed_document", now=env.clock.now(), account_id=request.holder_id,
                     actor=Actor(staff_id, "staff"), request=request.number, kind=KIND)
        return content(env, document, thumbnail=thumbnail)


def decide(env: Env, staff_id: int, request_id: int, *, proven: bool) -> None:
    """Accept or refuse the proof; the first decision wins, and the staff member who took it cannot make it (four
    eyes). The holder is told."""
    with env.db.transaction(immediate=True) as session:
        request = session.exec(select(BindingRequest).where(BindingRequest.id == request_id).with_for_update()).first()
        if request is None or request.status != states.APPROVED or request.relationship_proof_state is None:
            raise NotFound()
        if request.relationship_proof_by_id == staff_id:
            raise DomainError("proof_taken_by_you")
        if request.relationship_proof_state != SUBMITTED:
            raise DomainError("proof_already_decided")
        now = env.clock.now()
        request.relationship_proof_state = PROVEN if proven else REFUSED
        request.relationship_proof_decided_by_id = staff_id
        request.relationship_proven_at = now if proven else None
        audit.record(session, "relationship_proven" if proven else "relationship_proof_refused", now=now,
                     account_id=request.holder_id, actor=Actor(staff_id, "staff"), request=request.number)
        member = registry.view(env.crypto, registry.get(session, request.member_person_id))  # type: ignore[arg-type]
        session.add(Notification(account_id=request.holder_id, created_at=now,
                                 kind="relationship_proven" if proven else "relationship_proof_refused",
                                 params=json.dumps({"name": member.name}, ensure_ascii=False)))
