"""What "Download my data" holds (DESIGN.md §2.1.6): everything stored about the account, read in the caller's
transaction. Values the account's owner entered or owns are given in full; other people appear as the pages show
them (a holder's name, a claim's masked name and ID number). Never a password hash, a token or a ciphertext."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, select

from app.models import (
    Account,
    AssistSession,
    BindingRequest,
    Document,
    IdentityClaim,
    LoginSession,
    MutualAid,
    Notification,
)
from app.services import audit, ids, personal_account, registry
from app.services.binding import states
from app.services.binding.store import read_details
from app.services.env import Env

Data = dict[str, object]


def _at(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def gather(env: Env, session: Session, account: Account) -> Data:
    assert account.id is not None
    person = registry.get(session, account.person_id) if account.person_id else None
    own = registry.view(env.crypto, person) if person else None
    return {
        "account": {
            "mobile_number": account.phone, "role": account.role, "created_at": _at(account.created_at),
            "real_name_verified_at": _at(account.verified_at),
            "preferences": {"text_size": account.text_size, "high_contrast": account.high_contrast,
                            "read_aloud": account.read_aloud, "language": account.language},
        },
        "own_e_voucher": None if own is None else {
            "name": own.name, "id_number": own.id_number, "sex": own.sex, "birth_date": own.birth_date.isoformat(),
            "region_code": own.region_code, "insurance_type": own.insurance_type, "status": own.status,
        },
        "requests": _requests(env, session, account.id),
        "members": _members(env, session, account.id),
        "holders": _holders(env, session, account.person_id),
        "mutual_aid": _mutual_aid(env, session, account),
        "notifications": _notifications(session, account.id),
        "identity_claims": _claims(env, session, account.id),
        "logins": _logins(session, account.id),
        "counter_service": _assisting(session, account.id),
        "account_activity": [{"at": _at(e.at), "action": e.action, "by": e.actor_role, "detail": e.detail}
                             for e in audit.activity(session, account.id, limit=10_000)],
        # The personal account (DESIGN.md §2.9): its balance and every movement, naming patient and institution.
        **_personal_account(env, session, account.id),
    }


def _member(env: Env, session: Session, person_id: int | None) -> dict[str, str] | None:
    person = registry.get(session, person_id) if person_id else None
    if person is None:
        return None
    found = registry.view(env.crypto, person)
    return {"name": found.name, "id_number": found.id_number}


def _requests(env: Env, session: Session, account_id: int) -> list[Data]:
    """Every binding request of the holder, in every state, with what was entered and which documents it has
    (their kinds and digests: the documents themselves are shown and downloaded on the request's pages)."""
    rows = session.exec(select(BindingRequest).where(BindingRequest.holder_id == account_id)
                        .order_by(BindingRequest.id)).all()  # type: ignore[arg-type]
    found = []
    for row in rows:
        docs = session.exec(select(Document).where(Document.request_id == row.id).order_by(Document.id)).all()  # type: ignore[arg-type]
        found.append({
            "number": row.number, "status": row.status, "step": row.step, "method": row.method,
            "relationship": row.relationship, "member": _member(env, session, row.member_person_id),
            "entered": read_details(env, row), "notice_accepted_at": _at(row.notice_accepted_at),
            "member_consent_at": _at(row.member_consent_at), "signed_at": _at(row.signed_at),
            "letter_sha256": row.letter_sha256, "created_at": _at(row.created_at), "updated_at": _at(row.updated_at),
            "expires_at": _at(row.expires_at), "submitted_at": _at(row.submitted_at),
            "review_started_at": _at(row.review_started_at), "decided_at": _at(row.decided_at),
            "reject_reason": row.reject_reason, "reject_details": row.reject_details,
            "withdrawn_at": _at(row.withdrawn_at), "unbound_at": _at(row.unbound_at),
            "documents": [{"kind": d.kind, "mime": d.mime, "sha256": d.sha256, "created_at": _at(d.created_at)}
                          for d in docs],
        })
    return found


def _members(env: Env, session: Session, account_id: int) -> list[Data]:
    """The bound members: whose e-cards the account can show."""
    rows = session.exec(select(BindingRequest).where(BindingRequest.holder_id == account_id,
                                                     BindingRequest.status == states.APPROVED)
                        .order_by(BindingRequest.id)).all()  # type: ignore[arg-type]
    return [{**(_member(env, session, row.member_person_id) or {}), "relationship": row.relationship,
             "request": row.number, "since": _at(row.decided_at)} for row in rows]


def _holders(env: Env, session: Session, person_id: int | None) -> list[Data]:
    """"Who can show my card": the accounts with an approved binding to the account's own person."""
    if person_id is None:
        return []
    rows = session.exec(select(BindingRequest).where(BindingRequest.member_person_id == person_id,
                                                     BindingRequest.status == states.APPROVED)
                        .order_by(BindingRequest.id)).all()  # type: ignore[arg-type]
    found = []
    for row in rows:
        holder = session.get(Account, row.holder_id)
        name = (_member(env, session, holder.person_id) or {}).get("name", "") if holder else ""
        found.append({"name": name, "relationship": row.relationship, "since": _at(row.decided_at)})
    return found


def _mutual_aid(env: Env, session: Session, account: Account) -> list[Data]:
    """Family mutual aid (DESIGN.md §2.9), ended ones too: given (the account's personal account pays for a member)
    and received (a holder's pays for the account's own person)."""
    query = select(MutualAid).where((MutualAid.holder_id == account.id) | (
        MutualAid.member_person_id == (account.person_id if account.person_id is not None else -1)))
    found = []
    for row in session.exec(query.order_by(MutualAid.id)).all():  # type: ignore[arg-type]
        given = row.holder_id == account.id
        holder = session.get(Account, row.holder_id)
        other = row.member_person_id if given else (holder.person_id if holder else None)
        found.append({"given": given, "name": (_member(env, session, other) or {}).get("name", ""),
                      "started_at": _at(row.started_at), "ended_at": _at(row.ended_at), "end_reason": row.end_reason})
    return found


def _notifications(session: Session, account_id: int) -> list[Data]:
    rows = session.exec(select(Notification).where(Notification.account_id == account_id)
                        .order_by(Notification.id)).all()  # type: ignore[arg-type]
    return [{"kind": n.kind, "details": json.loads(n.params or "{}"), "created_at": _at(n.created_at),
             "read_at": _at(n.read_at)} for n in rows]


def _claims(env: Env, session: Session, account_id: int) -> list[Data]:
    """Identity claims: who the account said it was (masked, as the claim pages show it) and how it ended."""
    rows = session.exec(select(IdentityClaim).where(IdentityClaim.account_id == account_id)
                        .order_by(IdentityClaim.id)).all()  # type: ignore[arg-type]
    found = []
    for claim in rows:
        person = _member(env, session, claim.person_id) or {"name": "", "id_number": ""}
        found.append({"name": ids.mask_name(person["name"]), "id_number": ids.mask_id_number(person["id_number"]),
                      "created_at": _at(claim.created_at), "state": claim.state, "proof": claim.proof,
                      "ended_at": _at(claim.ended_at), "cancel_reason": claim.cancel_reason})
    return found


def _logins(session: Session, account_id: int) -> list[Data]:
    rows = session.exec(select(LoginSession).where(LoginSession.account_id == account_id)
                        .order_by(LoginSession.created_at)).all()  # type: ignore[arg-type]
    return [{"created_at": _at(row.created_at), "last_seen_at": _at(row.last_seen_at), "ended_at": _at(row.ended_at),
             "end_reason": row.end_reason} for row in rows]


def _assisting(session: Session, account_id: int) -> list[Data]:
    """Times service-counter staff helped the account in person (what they did is in the activity)."""
    rows = session.exec(select(AssistSession).where(AssistSession.resident_id == account_id)
                        .order_by(AssistSession.id)).all()  # type: ignore[arg-type]
    return [{"started_at": _at(row.started_at), "ended_at": _at(row.ended_at), "end_reason": row.end_reason}
            for row in rows]


def _personal_account(env: Env, session: Session, account_id: int) -> Data:
    found = personal_account.read(env, session, account_id)
    return {"personal_account_balance_fen": None if found is None else found.balance_fen,
            "movements": [] if found is None else [
                {"at": row.at.isoformat(), "kind": row.kind, "amount_fen": row.amount_fen, "patient": row.patient,
                 "institution": row.institution, "premium_year": row.premium_year} for row in found.movements]}
