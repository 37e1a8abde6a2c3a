"""E-cards (DESIGN.md §2.4): whose cards a holder may show (their own and every approved member's),
the card as shown, fresh QR codes, and verification for scanners (signature, expiry, binding, coverage,
and reuse, recorded in the database so a code is accepted once across instances)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import Account, BindingRequest, ECard, ECardUsedToken, RegistryPerson
from app.services import audit, card_tokens, ids, institutions, registry
from app.services.audit import Actor
from app.services.binding import states
from app.services.binding.store import NotFound, approved_members
from app.services.env import Env
from app.services.errors import DomainError
from app.services.registry import PersonView

LIFETIME = timedelta(seconds=60)
# A code issued by an instance whose clock runs a little ahead is still accepted.
CLOCK_LEEWAY = timedelta(seconds=5)
REF_PURPOSE = "ecard.ref"
INSURED = "insured"
SWEEP_SHARE = 8  # of 256: how often a verification also drops expired nonces
# Instances' clocks differ a little: one whose clock runs ahead must not forget a used code that another, behind
# it, still accepts; so a nonce is kept this long past its code's expiry by the sweeping instance's clock.
SWEEP_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class CardChoice:
    """One entry of "Whose card": the own card (request_id None) or an approved member's."""

    request_id: int | None
    name: str
    relationship: str | None


@dataclass(frozen=True)
class CardView:
    request_id: int | None
    name: str
    id_masked: str
    region_code: str
    insurance_type: str
    status: str

    @property
    def insured(self) -> bool:
        return self.status == INSURED


@dataclass(frozen=True)
class IssuedCode:
    token: str  # what the QR code holds; the browser draws it
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class CardPage:
    card: CardView
    choices: list[CardChoice]
    code: IssuedCode | None  # None when the person is not insured


@dataclass(frozen=True)
class Verification:
    """What `POST /api/verify` answers. Personal fields only once the card is known and not refused for
    anything but its coverage; the name is always masked (张*国)."""

    valid: bool
    reason: str | None = None
    name: str | None = None
    region_code: str | None = None
    insurance_type: str | None = None
    insurance_status: str | None = None
    visit: str | None = None  # with an institution key: the visit token (30 minutes, that institution only)


def _member_request(session: Session, holder_id: int, request_id: int) -> BindingRequest:
    request = session.get(BindingRequest, request_id)
    if request is None or request.holder_id != holder_id or request.status != states.APPROVED:
        raise NotFound()  # someone else's, unbound, withdrawn or rejected: no card, and the same answer
    return request


def _person(env: Env, session: Session, holder_id: int, request_id: int | None) -> PersonView:
    """Whose card this is, or NotFound when the holder may not show it."""
    if request_id is None:
        account = session.get(Account, holder_id)
        person_id = account.person_id if account else None
    else:
        person_id = _member_request(session, holder_id, request_id).member_person_id
    person = registry.get(session, person_id) if person_id else None
    if person is None:
        raise NotFound()
    return registry.view(env.crypto, person)


def _choices(env: Env, session: Session, holder_id: int, own: PersonView | None = None) -> list[CardChoice]:
    own = own or _person(env, session, holder_id, None)
    return [CardChoice(None, own.name, None)] + [
        CardChoice(row.id, member.name, row.relationship) for row, member in approved_members(env, session, holder_id)]


def member_choices(env: Env, holder_id: int) -> list[CardChoice]:
    """The approved members whose cards the holder may show, in the order they were added (home's tiles)."""
    with env.db.transaction() as session:
        return [CardChoice(row.id, member.name, row.relationship)
                for row, member in approved_members(env, session, holder_id)]


def _shown(env: Env, session: Session, holder_id: int, request_id: int | None, *, client: str | None,
           own: PersonView | None) -> PersonView:
    """Whose card is shown (`own`, when given, is the holder's own record); the display is audited on the
    holder's account, and a member's card also on the member's own account if they have one."""
    person = own if request_id is None and own is not None else _person(env, session, holder_id, request_id)
    now, actor = env.clock.now(), Actor(holder_id, client=client)
    if request_id is None:
        audit.record(session, "ecard_shown", now=now, account_id=holder_id, actor=actor)
    else:
        number = _member_request(session, holder_id, request_id).number
        audit.record(session, "ecard_member_shown", now=now, account_id=holder_id, actor=actor, request=number)
        member_account = session.exec(select(Account).where(Account.person_id == person.id)).first()
        if member_account is not None and member_account.id != holder_id:
            audit.record(session, "ecard_shown_by_holder", now=now, account_id=member_account.id, actor=actor,
                         request=number)
    return person


def _view(request_id: int | None, person: PersonView) -> CardView:
    return CardView(request_id=request_id, name=person.name, id_masked=ids.mask_id_number(person.id_number),
                    region_code=person.region_code, insurance_type=person.insurance_type, status=person.status)


def open_card(env: Env, holder_id: int, request_id: int | None, *, client: str | None,
              own: PersonView | None = None) -> CardPage:
    """What the e-card page shows when it opens, read in one transaction: the card (its display audited
    as in `_shown`), whose cards may be shown, and a fresh code when the person is insured.

    `own` is the holder's own registry record when the caller has just read it (the session check reads it
    for every page), so it is not read again."""
    ref, found = None, None
    with env.db.transaction(immediate=True) as session:
        person = _shown(env, session, holder_id, request_id, client=client, own=own)
        # "Whose card": the holder first, then each approved member in the order they were added
        choices = _choices(env, session, holder_id, person if request_id is None else own)
        if person.status == INSURED:
            ref = _card_ref(env, holder_id, request_id, person.id)
            found = _find_card(session, ref)
    code = None
    if ref is not None:
        code = _issue(env, found or _card(env, ref, holder_id, request_id, person.id))
    return CardPage(card=_view(request_id, person), choices=choices, code=code)


def _card_ref(env: Env, holder_id: int, request_id: int | None, person_id: int) -> str:
    """8 bytes (hex) of a keyed hash of who shows whose card through which binding: stable per card,
    unguessable, and computed from no ID number (the person is the registry row's id, so an account id
    used again after a deletion still makes another card)."""
    value = f"{holder_id}:{request_id or 'self'}:{person_id}"
    return env.crypto.blind_index(value, REF_PURPOSE)[:card_tokens.REF_BYTES * 2]


_CARD_BY_REF = select(ECard).where(ECard.ref == bindparam("ref"))  # built once: every e-card view runs it


def _find_card(session: Session, ref: str) -> ECard | None:
    return session.exec(_CARD_BY_REF, params={"ref": ref}).first()


def _card(env: Env, ref: str, holder_id: int, request_id: int | None, person_id: int) -> ECard:
    """The card `ref` (see `_card_ref`), made the first time it is shown."""
    with env.db.transaction() as session:
        found = _find_card(session, ref)
    if found is not None:
        return found
    try:
        with env.db.transaction(immediate=True) as session:
            session.add(ECard(ref=ref, account_id=holder_id, request_id=request_id, person_id=person_id,
                              created_at=env.clock.now()))
    except IntegrityError:
        pass  # another window made it at the same moment
    with env.db.transaction() as session:
        return session.exec(select(ECard).where(ECard.ref == ref)).one()


def _issue(env: Env, card: ECard) -> IssuedCode:
    issued_at = env.clock.now().replace(microsecond=0)
    expires_at = issued_at + LIFETIME
    ring = card_tokens.keyring(env.settings.card_signing_keys)
    token = card_tokens.sign(ring, bytes.fromhex(card.ref), issued_at, expires_at)
    return IssuedCode(token=token, issued_at=issued_at, expires_at=expires_at)


def issue_card_token(env: Env, holder_id: int, request_id: int | None = None) -> IssuedCode:
    """A fresh QR code for the holder's own card or an approved member's; valid for 60 seconds.
    NotFound when the holder may not show that card; "card_not_insured" when coverage has lapsed."""
    with env.db.transaction() as session:
        person = _person(env, session, holder_id, request_id)
    if person.status != INSURED:
        raise DomainError("card_not_insured")
    return _issue(env, _card(env, _card_ref(env, holder_id, request_id, person.id), holder_id, request_id, person.id))


def _still_valid(session: Session, card: ECard) -> str | None:
    """Why a signed card can no longer be shown, or None."""
    if card.request_id is not None:
        request = session.get(BindingRequest, card.request_id)
        if request is None or request.status != states.APPROVED or request.holder_id != card.account_id:
            return "unbound"
        return None
    account = session.get(Account, card.account_id)
    if account is None or account.person_id != card.person_id or account.disabled_at is not None:
        return "revoked"
    return None


def verify_card_token(env: Env, token: str, institution_id: int | None = None) -> Verification:
    """Check a scanned code: its signature, its 60 seconds, that the card may still be shown, that the
    person is insured, and that the code was not used before (the nonce is recorded once). For an institution
    (its key checked by the caller) a valid code also opens a visit, in the same transaction (§2.9)."""
    try:
        body = card_tokens.open_token(card_tokens.keyring(env.settings.card_signing_keys), token)
    except card_tokens.TokenRefused as refused:
        return Verification(valid=False, reason=refused.reason)
    now = env.clock.now()
    if body.expires_at - body.issued_at > LIFETIME:
        return Verification(valid=False, reason="malformed")  # never issued by this service
    if body.issued_at > now + CLOCK_LEEWAY:
        return Verification(valid=False, reason="not_yet_valid")
    if now >= body.expires_at:
        return Verification(valid=False, reason="expired")
    try:
        with env.db.transaction(immediate=True) as session:
            found = session.exec(select(ECard, RegistryPerson).where(
                ECard.ref == body.card_ref.hex(), RegistryPerson.id == ECard.person_id)).first()
            if found is None:
                return Verification(valid=False, reason="unknown_card")
            card, person = found
            if problem := _still_valid(session, card):
                return Verification(valid=False, reason=problem)
            name = env.crypto.decrypt_text(person.name_cipher, registry.NAME_PURPOSE)
            result = Verification(valid=person.status == INSURED, name=ids.mask_name(name),
                                  region_code=person.region_code, insurance_type=person.insurance_type,
                                  insurance_status=person.status)
            if not result.valid:
                return replace(result, reason="not_insured")
            if body.nonce[0] < SWEEP_SHARE:  # about one verification in 32 (the nonce is random)
                forget_expired_nonces(session, now)
            session.add(ECardUsedToken(nonce=body.nonce.hex(), card_id=card.id or 0, used_at=now,
                                       expires_at=body.expires_at))
            session.flush()
            audit.record(session, "ecard_verified", now=now, account_id=card.account_id, actor=Actor(None, "system"))
            if institution_id is not None:
                visit = institutions.open_visit(session, institution_id, card, person.id or 0, now)
                return replace(result, visit=visit)
            return result
    except IntegrityError:
        return Verification(valid=False, reason="already_used")


def forget_expired_nonces(session: Session, now: datetime) -> None:
    """Codes past their expiry can never verify again, so their nonces need not be kept; those expired less than
    SWEEP_MARGIN ago by this instance's clock are kept for instances whose clocks are behind."""
    cutoff = now - SWEEP_MARGIN
    session.exec(delete(ECardUsedToken).where(ECardUsedToken.expires_at < cutoff))  # type: ignore[arg-type]


def public_keys(env: Env) -> list[dict[str, object]]:
    """The verification keys, as JSON Web Keys with their key id (the token's second byte)."""
    ring = card_tokens.keyring(env.settings.card_signing_keys)
    return [{"kid": str(kid), "key_id": kid, "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
             "x": base64.urlsafe_b64encode(raw).decode("ascii").rstrip("="), "signing": kid == ring.signing_id}
            for kid, raw in ring.public_raw().items()]
