"""Photos, the member's consent, and the signed commitment letter of a request. Everything is stored
encrypted in the database, bound to its request, and only its holder can read it back."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.models import Account, BindingRequest, Document
from app.services import audit, registry
from app.services.audit import Actor
from app.services.binding import rules
from app.services.binding.store import (
    LETTER_KINDS,
    PAPER_LETTER,
    NotFound,
    RequestView,
    acting_actor,
    assisting_staff,
    documents_of,
    editable,
    load,
    touch,
    view,
)
from app.services.env import Env
from app.services.errors import DomainError
from app.services.letter import LetterData, letter_sha256
from app.services.photos import ProcessedPhoto


def _purpose(request_id: int, kind: str, part: str = "content") -> str:
    return f"document:{request_id}:{kind}:{part}"


def check_photo_upload(env: Env, holder_id: int, request_id: int, kind: str, *, actor: Actor | None = None) -> None:
    """Whether a photo of `kind` may be uploaded to this request now (its holder's draft, a photo it needs),
    before any byte of the upload is read: NotFound, or the domain error `add_photo` would raise."""
    if kind not in rules.PHOTO_KINDS:
        raise NotFound()
    with env.db.transaction() as session:
        actor = acting_actor(env, session, holder_id, actor, None)
        request = editable(env, session, holder_id, request_id, None)
        _check_kind(view(env, session, request), kind, actor)


def add_photo(env: Env, holder_id: int, request_id: int, kind: str, photo: ProcessedPhoto, *,
              actor: Actor | None = None) -> RequestView:
    """Store (or replace, for "Retake") one photo the request needs. A staff member assisting the
    holder (uploading a scan, say) is audited doing it."""
    if kind not in rules.PHOTO_KINDS:
        raise DomainError("not_found")
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, None)
        request = editable(env, session, holder_id, request_id, None)
        _check_kind(view(env, session, request), kind, actor)
        old = documents_of(session, request_id).get(kind)
        if old is not None:
            session.delete(old)
        keep_photo(env, session, request_id, kind, photo)
        touch(env, request)
        if actor.role == "staff":
            audit.record(session, "binding_photo_added", now=env.clock.now(), account_id=holder_id, actor=actor,
                         request=request.number, kind=kind)
        session.flush()
        return view(env, session, request)


@dataclass(frozen=True)
class DocumentContent:
    data: bytes
    mime: str


def keep_photo(env: Env, session: Session, request_id: int, kind: str, photo: ProcessedPhoto) -> None:
    """Add a processed photo to a request, encrypted with its thumbnail (the caller removed any it replaces)."""
    session.add(Document(
        request_id=request_id, kind=kind, mime="image/jpeg", sha256=photo.sha256, width=photo.width,
        height=photo.height, created_at=env.clock.now(),
        content_cipher=env.crypto.encrypt(photo.jpeg, _purpose(request_id, kind)),
        thumbnail_cipher=env.crypto.encrypt(photo.thumbnail, _purpose(request_id, kind, "thumbnail")),
    ))


def content(env: Env, document: Document, *, thumbnail: bool = False) -> DocumentContent:
    """A stored document decrypted (its small copy, when it has one and that is asked for)."""
    if thumbnail and document.thumbnail_cipher:
        return DocumentContent(env.crypto.decrypt(document.thumbnail_cipher,
                                                  _purpose(document.request_id, document.kind, "thumbnail")),
                               "image/jpeg")
    return DocumentContent(env.crypto.decrypt(document.content_cipher, _purpose(document.request_id, document.kind)),
                           document.mime)


def _check_kind(current: RequestView, kind: str, actor: Actor) -> None:
    if kind not in current.needed_documents:
        raise DomainError("photo_not_needed")
    if kind in rules.EVIDENCE.values() and actor.role != "staff":
        raise DomainError("counter_only")  # an exception's evidence is taken by the staff who made it


def read_document(env: Env, holder_id: int, document_id: int, *, thumbnail: bool = False,
                  actor: Actor | None = None) -> DocumentContent:
    """A document of one of the holder's own requests; anything else is NotFound. Staff assisting the
    holder are audited looking at it."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, None)
        document = session.get(Document, document_id)
        request = session.get(BindingRequest, document.request_id) if document else None
        if document is None or request is None or request.holder_id != holder_id:
            raise NotFound()
        if actor.role == "staff":
            audit.record(session, "staff_viewed_document", now=env.clock.now(), account_id=holder_id, actor=actor,
                         request=request.number, kind=document.kind)
        return content(env, document, thumbnail=thumbnail)


def letter_data(env: Env, holder_id: int, request_id: int) -> LetterData:
    """What the commitment letter says, from the data entered."""
    with env.db.transaction() as session:
        return _letter_data(env, session, load(session, holder_id, request_id))


def _letter_data(env: Env, session: Session, request: BindingRequest) -> LetterData:
    if request.member_person_id is None or request.relationship is None or request.method is None:
        raise DomainError("member_missing")
    account = session.get(Account, request.holder_id)
    holder = registry.view(env.crypto, registry.get(session, account.person_id))  # type: ignore[arg-type, union-attr]
    member = registry.view(env.crypto, registry.get(session, request.member_person_id))  # type: ignore[arg-type]
    return LetterData(
        letter_number=request.number, holder_name=holder.name, holder_id_number=holder.id_number,
        member_name=member.name, member_id_number=member.id_number, relationship=request.relationship,
        method=request.method, signed_on=env.clock.today(),
    )


def _new_letter(session: Session, request: BindingRequest) -> None:
    """A letter signed anew (on the screen or on paper) replaces the one before, however that was signed."""
    for old in session.exec(select(Document).where(Document.request_id == request.id,
                                                   Document.kind.in_(LETTER_KINDS))).all():  # type: ignore[attr-defined]
        session.delete(old)


def store_signed_letter(env: Env, holder_id: int, request_id: int, version: int | None, *, signature_png: bytes,
                        pdf: bytes, client: str | None, actor: Actor | None = None) -> RequestView:
    """Keep the signature and the signed letter (with its SHA-256); the letter must be of this data."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, client)
        request = editable(env, session, holder_id, request_id, version)
        now = env.clock.now()
        _new_letter(session, request)
        digest = letter_sha256(pdf)
        session.add(Document(request_id=request_id, kind="signature", mime="image/png", created_at=now,
                             sha256=letter_sha256(signature_png),
                             content_cipher=env.crypto.encrypt(signature_png, _purpose(request_id, "signature"))))
        session.add(Document(request_id=request_id, kind="letter", mime="application/pdf", sha256=digest,
                             created_at=now, content_cipher=env.crypto.encrypt(pdf, _purpose(request_id, "letter"))))
        request.letter_sha256 = digest
        request.signed_at = now
        request.step = "check"
        touch(env, request)
        audit.record(session, "binding_letter_signed", now=now, account_id=holder_id, actor=actor,
                     request=request.number, sha256=digest)
        session.flush()
        return view(env, session, request)


# ---- people who cannot sign (DESIGN.md §2.7): only staff assisting the holder at the counter -----------------------

def fingerprint_letter_data(env: Env, holder_id: int, request_id: int, version: int | None, *, actor: Actor | None,
                            printing: bool = False) -> tuple[LetterData, int]:
    """What the fingerprint letter of this draft says, and the version it says it of (DraftChanged when that is no
    longer `version`). `printing`: the letter is being printed, audited as the staff member's."""
    with env.db.transaction(immediate=printing) as session:
        actor = assisting_staff(env, session, holder_id, actor)
        request = editable(env, session, holder_id, request_id, version)
        data = _letter_data(env, session, request)
        if printing:
            audit.record(session, "binding_fingerprint_letter_printed", now=env.clock.now(), account_id=holder_id,
                         actor=actor, request=request.number)
        return data, request.version


def store_paper_letter(env: Env, holder_id: int, request_id: int, version: int | None, *, photo: ProcessedPhoto,
                       pdf: bytes, actor: Actor | None) -> RequestView:
    """Keep the photo of the printed letter with the fingerprint instead of a drawn signature, and the printed
    letter (`pdf`, the fingerprint letter of this version) with its SHA-256: the request is signed. It replaces a
    drawn signature, and a later one replaces it."""
    with env.db.transaction(immediate=True) as session:
        actor = assisting_staff(env, session, holder_id, actor)
        request = editable(env, session, holder_id, request_id, version)
        now = env.clock.now()
        _new_letter(session, request)
        digest = letter_sha256(pdf)
        keep_photo(env, session, request_id, PAPER_LETTER, photo)
        session.add(Document(request_id=request_id, kind="letter", mime="application/pdf", sha256=digest,
                             created_at=now, content_cipher=env.crypto.encrypt(pdf, _purpose(request_id, "letter"))))
        request.letter_sha256 = digest
        request.signed_at = now
        request.step = "check"
        touch(env, request)
        audit.record(session, "binding_letter_signed_on_paper", now=now, account_id=holder_id, actor=actor,
                     request=request.number, sha256=digest, photo_sha256=photo.sha256)
        session.flush()
        return view(env, session, request)
