"""Database tables. Sensitive values (names, ID numbers) are stored encrypted, with a keyed hash
(blind index) where they must be looked up. All datetimes are timezone-aware UTC."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary, Text
from sqlmodel import Field, SQLModel


class RegistryPerson(SQLModel, table=True):
    """An insured person in the insurance registry: the source of truth for real-name checks."""

    __tablename__ = "registry_person"

    id: int | None = Field(default=None, primary_key=True)
    name_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    id_number_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    id_number_index: str = Field(max_length=64, unique=True, index=True)
    sex: str = Field(max_length=8)
    birth_date: date
    region_code: str = Field(max_length=6)
    insurance_type: str = Field(max_length=32)
    status: str = Field(max_length=16)  # insured | lapsed
    birth_certificate_index: str | None = Field(default=None, max_length=64, unique=True, index=True)
    mother_id: int | None = Field(default=None, foreign_key="registry_person.id")
    father_id: int | None = Field(default=None, foreign_key="registry_person.id")
    spouse_id: int | None = Field(default=None, foreign_key="registry_person.id")
    # The mobile number the insurance agency holds for the person (预留手机号), encrypted; None when it holds none.
    phone_cipher: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Account(SQLModel, table=True):
    """A login. A deleted account stays as a tombstone (`deleted_at` set; number, password, person and preferences
    emptied), so what points at it (requests, audit events) keeps pointing at the right one and its id is never
    given to anyone else (DESIGN.md §2.1.6)."""

    # SQLite: AUTOINCREMENT, so an id stays unused even if a row is ever removed (PostgreSQL's sequences never reuse).
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    phone: str | None = Field(default=None, max_length=11, unique=True, index=True)  # None: deleted
    password_hash: str | None = Field(default=None, max_length=200)  # None: deleted
    role: str = Field(default="resident", max_length=16)  # resident | staff | admin
    person_id: int | None = Field(default=None, foreign_key="registry_person.id", unique=True)
    verified_at: datetime | None = None
    created_at: datetime
    disabled_at: datetime | None = None
    # Display preferences remembered per account (None: not chosen yet).
    text_size: str | None = Field(default=None, max_length=16)
    high_contrast: bool | None = None
    read_aloud: bool | None = None
    language: str | None = Field(default=None, max_length=8)
    deleted_at: datetime | None = None


class IdentityClaim(SQLModel, table=True):
    """An account's claim to be a registry person (name and ID number matched). It reserves nothing: the first
    claim to give its proof activates its account, and the other open claims for that person are cancelled."""

    __tablename__ = "identity_claim"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    person_id: int = Field(foreign_key="registry_person.id", index=True)
    created_at: datetime
    state: str = Field(default="open", max_length=16, index=True)  # open | proven | cancelled
    route: str | None = Field(default=None, max_length=16)  # how it is to be proven: code | counter
    proof: str | None = Field(default=None, max_length=16)  # registry_number | code | counter | provider | legacy
    ended_at: datetime | None = None  # proven or cancelled at
    cancel_reason: str | None = Field(default=None, max_length=24)  # other_claim_proven | replaced | ...


class LoginSession(SQLModel, table=True):
    """A logged-in device; the row decides whether it is valid. A login first makes a one-time handoff (the row's
    id is the SHA-256 of a secret the browser is sent to once); the browser then gets a new browser id and the row
    is keyed by the SHA-256 of that browser id with a new key, which is all its session storage keeps (`bound_at`)."""

    __tablename__ = "login_session"

    id: str = Field(primary_key=True, max_length=64)  # SHA-256 of the handoff, then of "<browser id>:<key>"
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime
    last_seen_at: datetime
    bound_at: datetime | None = None  # when the browser took it over (None: a handoff not yet used)
    ended_at: datetime | None = None
    end_reason: str | None = Field(default=None, max_length=16)  # logout | all_devices | idle | deleted | renewed


class VerificationCode(SQLModel, table=True):
    __tablename__ = "verification_code"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=11, index=True)
    purpose: str = Field(max_length=16)  # register | login | assist
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(index=True)
    expires_at: datetime
    failed_attempts: int = 0
    used_at: datetime | None = None
    invalidated_at: datetime | None = None


class DevSms(SQLModel, table=True):
    """Messages the console SMS backend kept for the dev inbox (demo mode only)."""

    __tablename__ = "dev_sms"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=11, index=True)
    code: str | None = Field(default=None, max_length=6)
    purpose: str | None = Field(default=None, max_length=16)  # set on the messages a "Send code" sent
    body: str = Field(sa_column=Column(Text, nullable=False))
    sent_at: datetime


class RateLimitHit(SQLModel, table=True):
    """One counted attempt; limits count the rows of a key inside a time window."""

    __tablename__ = "rate_limit_hit"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, index=True)
    at: datetime = Field(index=True)


class AuditEvent(SQLModel, table=True):
    """Append-only: database triggers refuse updates and deletes."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    action: str = Field(max_length=40)
    account_id: int | None = Field(default=None, index=True)  # whose account the event is about
    actor_id: int | None = None  # who did it (the holder, or a staff member)
    actor_role: str = Field(default="resident", max_length=16)
    client: str | None = Field(default=None, max_length=64)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))


class Notification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime
    kind: str = Field(max_length=40)
    params: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    read_at: datetime | None = None


class BindingRequest(SQLModel, table=True):
    """A holder's request to bind a family member: a draft until submitted, then reviewed.
    What the holder typed (names, ID numbers) is kept encrypted in `details_cipher`."""

    __tablename__ = "binding_request"
    # SQLite: AUTOINCREMENT, because a deleted draft's id must not come back: the number (FEC-<year>-<id>) named in
    # its holder's audit trail would then name someone else's request.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=24, unique=True, index=True)
    holder_id: int = Field(foreign_key="account.id", index=True)
    status: str = Field(default="draft", max_length=16, index=True)
    step: str = Field(default="notice", max_length=16)  # where the holder is in the wizard
    method: str | None = Field(default=None, max_length=16)  # id_number | newborn
    relationship: str | None = Field(default=None, max_length=16)  # what the member is to the holder
    member_person_id: int | None = Field(default=None, foreign_key="registry_person.id", index=True)
    details_cipher: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    notice_accepted_at: datetime | None = None
    member_consent_at: datetime | None = None
    letter_sha256: str | None = Field(default=None, max_length=64)
    signed_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None  # drafts only
    submitted_at: datetime | None = None
    review_started_at: datetime | None = None
    reviewer_id: int | None = Field(default=None, foreign_key="account.id")
    decided_at: datetime | None = None
    reject_reason: str | None = Field(default=None, max_length=32)
    reject_details: str | None = Field(default=None, max_length=500)
    withdrawn_at: datetime | None = None
    unbound_at: datetime | None = None
    version: int = 1  # bumped on every change, so a stale tab cannot overwrite a newer draft
    # An exception staff made at the counter to a rule that refuses online (DESIGN.md §2.7), with its evidence.
    # Space-separated: relationship_other, minor_non_guardian, third_holder (rules.EXCEPTIONS).
    exceptions: str | None = Field(default=None, max_length=64)
    exception_reason: str | None = Field(default=None, max_length=500)  # "Reason for the exception" (third holder)
    exception_by_id: int | None = Field(default=None, foreign_key="account.id")
    # The relationship proven (for mutual aid, §2.9) by a document staff checked: at review, or at the counter.
    relationship_proven_at: datetime | None = None
    relationship_proof_state: str | None = Field(default=None, max_length=16)  # submitted | proven | refused
    relationship_proof_by_id: int | None = Field(default=None, foreign_key="account.id")  # who took the proof
    relationship_proof_decided_by_id: int | None = Field(default=None, foreign_key="account.id")  # a second one


class RequestHelper(SQLModel, table=True):
    """A staff member who helped prepare a binding request at the counter, and so may not decide it (four eyes,
    DESIGN.md §2.7). Kept while the request lasts, through rejections and resubmissions; a deleted draft takes its
    rows with it."""

    __tablename__ = "request_helper"

    request_id: int = Field(foreign_key="binding_request.id", primary_key=True, ondelete="CASCADE")
    staff_id: int = Field(foreign_key="account.id", primary_key=True)


class Document(SQLModel, table=True):
    """A photo, signature or signed letter of a request, stored encrypted in the database so that
    instances share no file system."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="binding_request.id", index=True)
    kind: str = Field(max_length=24)
    content_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail_cipher: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    mime: str = Field(max_length=32)
    sha256: str = Field(max_length=64)
    width: int | None = None
    height: int | None = None
    created_at: datetime


class AssistSession(SQLModel, table=True):
    """Counter service: a staff member helping a resident in person, after the resident read out an SMS
    code as consent. It lasts until "Finish assisting", the staff member's logout, or the end of the
    staff login session it was started in."""

    __tablename__ = "assist_session"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="account.id", index=True)
    resident_id: int = Field(foreign_key="account.id", index=True)
    login_session_id: str = Field(max_length=64, index=True)  # the staff login it belongs to
    started_at: datetime
    ended_at: datetime | None = None
    end_reason: str | None = Field(default=None, max_length=16)  # finished | logout | session_ended


class ECard(SQLModel, table=True):
    """An e-card a holder can show: their own (no request) or an approved member's (through the request).
    QR codes name the card only by `ref`, a keyed hash that reveals no ID number."""

    __tablename__ = "ecard"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=16, unique=True, index=True)  # 8 bytes, hex
    # Who shows it, and through which binding request (None: the own card). No foreign keys on purpose: deleting
    # an account or a request must not be blocked by its cards, which then verify as unknown.
    account_id: int = Field(index=True)
    request_id: int | None = None
    person_id: int = Field(foreign_key="registry_person.id")  # whose card it is
    created_at: datetime


class ECardUsedToken(SQLModel, table=True):
    """Nonces of e-card codes already verified, so a code is accepted once on every instance."""

    __tablename__ = "ecard_used_token"

    nonce: str = Field(primary_key=True, max_length=16)  # 8 bytes, hex
    card_id: int = Field(foreign_key="ecard.id", index=True)
    used_at: datetime
    expires_at: datetime = Field(index=True)  # rows are dropped once the code could not verify anyway


# Money (DESIGN.md §2.9) and the insurance records (§2.5) live in modules of their own; importing them here registers
# their tables with the others.
from app.models_money import (  # noqa: E402, F401
    Institution,
    InstitutionVisit,
    LedgerAccount,
    LedgerMovement,
    MutualAid,
    ResidentPremium,
    Settlement,
)
from app.models_records import ContributionRecord, MedicalExpense  # noqa: E402, F401
