"""Shared helpers for the binding tests (test_binding_flow.py, test_binding_limits.py).

Account ids are read from the Account table by phone (no argon2 log-in per test); registry people,
accounts and requests that a test needs beyond the demo data are written directly.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from sqlmodel import select

from app.models import Account, AuditEvent, BindingRequest
from app.services import claims, counter, proofs, registry, sessions
from app.services.binding import documents, drafts
from app.services.binding.store import RequestView
from app.services.demo import _upsert_person
from app.services.photos import ProcessedPhoto
from app.services.sms import newest_dev_message

ZHANG_WEI_PHONE = "13800138000"
WANG_FANG_PHONE = "13700137000"
STAFF_PHONE = "13900139000"
STAFF2_PHONE = "13900139001"  # the second demo staff member (four eyes); same password
ZHAO_MING_PHONE = "13300000001"  # demo-only holder of 赵桂英
ZHAO_LI_PHONE = "13300000002"  # demo-only holder of 赵桂英

ZHANG_WEI = ("张伟", "110101198503120017")
WANG_FANG = ("王芳", "110101199002140022")
ZHANG_JIANGUO = ("张建国", "110101195207010039")
LI_XIULAN = ("李秀兰", "110101195511200021")
ZHANG_ZIHAN = ("张子涵", "110101201604080012")
ZHANG_XIAOMAN = ("张小满", "110101202605210020")
CHEN_ZHE = ("陈喆", "310104198808080032")
LIU_YANG = ("刘洋", "110101197001010016")
ZHAO_GUIYING = ("赵桂英", "110101194803150025")

BIRTH_CERTIFICATE = "O110260521"
NEWBORN_VALUES = {"mother_name": "王芳", "mother_id_number": WANG_FANG[1], "birth_certificate": "o110260521"}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check(first17: str) -> str:
    """GB 11643 check character, computed here independently of app.services.ids."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def make_id_number(birth: date, serial: int, *, male: bool = True, region: str = "110101") -> str:
    """A valid ID number; `serial` (0..49) keeps numbers of one birth date apart."""
    sequence = serial * 2 + (1 if male else 0)  # the 17th digit is odd for men, even for women
    return with_check(f"{region}{birth:%Y%m%d}{sequence:03d}")


def member_values(person: tuple[str, str], relationship: str) -> dict[str, str]:
    return {"name": person[0], "id_number": person[1], "relationship": relationship}


def account_id(env, phone: str) -> int:
    with env.db.transaction() as s:
        return s.exec(select(Account.id).where(Account.phone == phone)).one()


def person_id(env, id_number: str) -> int:
    with env.db.transaction() as s:
        person = registry.find_by_id_number(s, env.crypto, id_number)
        assert person is not None, "not in the registry"
        return person.id


def add_person(env, name: str, id_number: str, **extra: str) -> int:
    """An extra insured person in the registry, written the way the demo loader writes them."""
    with env.db.transaction(immediate=True) as s:
        person = _upsert_person(env, s, {"name": name, "id_number": id_number, "region_code": id_number[:6],
                                         "insurance_type": "resident", "status": "insured", **extra})
        return person.id


def staff_login(env) -> str:
    """A login of the demo staff member, opened the way a login opens one (without the argon2 check)."""
    with env.db.transaction(immediate=True) as s:
        staff = s.exec(select(Account).where(Account.phone == STAFF_PHONE)).one()
        handoff = sessions.open_session(env, s, staff, method="password", client="test")
    key = sessions.bind_session(env, handoff, "test-desk")
    assert key is not None
    return sessions.browser_token("test-desk", key)


def add_verified_account(env, phone: str, person: tuple[str, str]) -> int:
    """A resident account (no argon2: never logs in) verified the way anyone can be: a claim made with the name and
    ID number, proven at once by the registry's number, or else at a counter: the demo staff member assists the
    resident (who reads out the code) and verifies the identity in person."""
    with env.db.transaction() as s:
        account = Account(phone=phone, password_hash="unused", created_at=env.clock.now())
        s.add(account)
        s.flush()
        new_id = account.id
    view = claims.claim(env, new_id, person[0], person[1], client="test")
    if view.state != "proven":
        staff, token = account_id(env, STAFF_PHONE), staff_login(env)
        counter.find_resident(env, staff, phone, client="test")
        with env.db.transaction() as s:
            code = newest_dev_message(s, phone).code
        assisting = counter.start_assisting(env, staff, token, phone, code, client="test")
        proofs.prove_in_person(env, staff, view.claim_id, client="test")
        counter.finish(env, staff, assisting.assist_id, client="test")
    return new_id


def insert_request(env, holder_id: int, member_person_id: int | None, status: str, *, tag: str = "") -> int:
    """A binding request row written directly, in any status (for counting the limits)."""
    now = env.clock.now()
    with env.db.transaction() as s:
        number = f"T{holder_id}-{member_person_id}-{status[:3]}{tag}"
        row = BindingRequest(number=number, holder_id=holder_id, status=status, step="check", method="id_number",
                             relationship="sibling", member_person_id=member_person_id, created_at=now, updated_at=now,
                             submitted_at=None if status == "draft" else now)
        s.add(row)
        s.flush()
        return row.id


def active_holders(env, member_person_id: int) -> list[int]:
    with env.db.transaction() as s:
        rows = s.exec(select(BindingRequest.holder_id).where(
            BindingRequest.member_person_id == member_person_id,
            BindingRequest.status.in_(("submitted", "in_review", "approved")))).all()
        return sorted(rows)


def request_row(env, request_id: int) -> BindingRequest:
    with env.db.transaction() as s:
        return s.get(BindingRequest, request_id)


def audit_events(env, account_id_: int, action: str | None = None) -> list[dict]:
    """The account's audit events (oldest first) as dicts with 'action' and the parsed 'detail'."""
    with env.db.transaction() as s:
        query = select(AuditEvent).where(AuditEvent.account_id == account_id_).order_by(AuditEvent.id)
        events = [{"action": e.action, "detail": json.loads(e.detail or "{}"), "actor_role": e.actor_role}
                  for e in s.exec(query).all()]
    return [e for e in events if action is None or e["action"] == action]


def fake_photo(tag: str) -> ProcessedPhoto:
    """A processed photo with small fake bytes (the binding services never decode them)."""
    jpeg = b"\xff\xd8\xff\xe0FAKE-JPEG-" + tag.encode() + b"-" + bytes(range(32)) + b"\xff\xd9"
    return ProcessedPhoto(jpeg=jpeg, thumbnail=b"\xff\xd8THUMB-" + tag.encode() + b"\xff\xd9", width=1200,
                          height=900, sha256=hashlib.sha256(jpeg).hexdigest())


FAKE_PDF = b"%PDF-1.7\n% fake commitment letter\n%%EOF\n"
FAKE_SIGNATURE = b"\x89PNG\r\n\x1a\nfake-signature"


def start(env, holder_id: int, method: str = "id_number") -> RequestView:
    """Open a draft, accept the notice and choose the method."""
    view = drafts.open_draft(env, holder_id, client="test")
    view = drafts.accept_notice(env, holder_id, view.id, view.version, agreed=True)
    return drafts.choose_method(env, holder_id, view.id, view.version, method)


def sign(env, holder_id: int, view: RequestView, pdf: bytes = FAKE_PDF) -> RequestView:
    return documents.store_signed_letter(env, holder_id, view.id, view.version, signature_png=FAKE_SIGNATURE,
                                         pdf=pdf, client="test")


def complete(env, holder_id: int, view: RequestView) -> RequestView:
    """Add every photo the member needs, the consent where needed, and sign the letter."""
    for kind in view.needed_documents:
        view = documents.add_photo(env, holder_id, view.id, kind, fake_photo(kind))
    if view.needs_consent:
        view = drafts.set_consent(env, holder_id, view.id, view.version, agreed=True)
    view = sign(env, holder_id, view)
    assert view.missing == [], view.missing
    return view


def ready_request(env, holder_id: int, person: tuple[str, str], relationship: str) -> RequestView:
    """A draft for `person` with everything in place, ready for "Save and submit"."""
    view = start(env, holder_id)
    view = drafts.set_member(env, holder_id, view.id, view.version, member_values(person, relationship), client="test")
    return complete(env, holder_id, view)
