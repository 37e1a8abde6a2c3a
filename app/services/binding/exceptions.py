"""Exceptions staff make at a counter to what the online rules refuse (DESIGN.md §2.7), with their evidence:
relationship "Other" with a "Proof of relationship" photo, a child under 14 bound by a non-guardian with the
"Guardian's signed consent photo", a third holder with a "Reason for the exception". All audited."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, delete

from app.models import BindingRequest, Document
from app.services import audit
from app.services.audit import Actor
from app.services.binding import rules
from app.services.binding.store import RequestView, acting_actor, editable, exceptions_of, touch, view
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed


def record(session: Session, request: BindingRequest, exceptions: tuple[str, ...], actor: Actor,
           now: datetime) -> None:
    """Keep the exceptions made for this member, audited; a member who no longer needs one clears them (and the
    evidence stays only if the same exception is made again)."""
    if " ".join(exceptions) == (request.exceptions or ""):
        return
    if exceptions:
        request.exception_by_id = actor.account_id
        audit.record(session, "binding_exception", now=now, account_id=request.holder_id, actor=actor,
                     request=request.number, exceptions=" ".join(exceptions))
    else:
        request.exception_by_id = None
    if rules.THIRD_HOLDER not in exceptions:
        request.exception_reason = None
    gone = {rules.EVIDENCE[e] for e in exceptions_of(request) if rules.EVIDENCE[e]} - {
        rules.EVIDENCE[e] for e in exceptions if rules.EVIDENCE[e]}
    if gone:
        session.exec(delete(Document).where(Document.request_id == request.id,  # type: ignore[arg-type]
                                            Document.kind.in_(gone)))  # type: ignore[attr-defined]
    request.exceptions = " ".join(exceptions) or None


def set_reason(env: Env, holder_id: int, request_id: int, version: int | None, reason: str, *,
               actor: Actor | None) -> RequestView:
    """"Reason for the exception" of a third holder: written by the staff member assisting the holder, kept as
    soon as it is typed (like every answer), audited; the holder cannot write it for themselves."""
    with env.db.transaction(immediate=True) as session:
        actor = acting_actor(env, session, holder_id, actor, None)
        if actor.role != "staff":
            raise DomainError("counter_only")
        request = editable(env, session, holder_id, request_id, version)
        if rules.THIRD_HOLDER not in exceptions_of(request):
            raise DomainError("transition_not_allowed")
        text = " ".join(reason.split())
        if len(text) > rules.REASON_MAX:
            raise ValidationFailed({"exception_reason": "exception_reason_too_long"})
        if (text or None) == request.exception_reason:
            return view(env, session, request)
        request.exception_reason = text or None
        audit.record(session, "binding_exception_reason", now=env.clock.now(), account_id=holder_id, actor=actor,
                     request=request.number)
        touch(env, request)
        return view(env, session, request)
