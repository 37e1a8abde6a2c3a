"""Deleting an account (DESIGN.md §2.1.6): it works for every kind of account, whatever it did, and leaves a
tombstone so that foreign keys, the audit trail and the ids stay right. Each kind of account here once made the
deletion fail on a foreign key."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Account, AssistSession, BindingRequest, Document, IdentityClaim, LoginSession, Notification
from app.services import accounts, auth, cards, counter, privacy, review
from app.services.audit import Actor
from app.services.binding import documents, drafts, lifecycle
from app.services.errors import DomainError
from tests.unit.accounts_helpers import GOOD_PASSWORD, _send_code
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import (
    STAFF2_PHONE,
    STAFF_PHONE,
    WANG_FANG,
    WANG_FANG_PHONE,
    ZHANG_WEI_PHONE,
    account_id,
    audit_events,
    fake_photo,
    member_values,
    person_id,
    request_row,
    start,
)
from tests.unit.counter_helpers import STAFF_PASSWORD, assist
from tests.unit.ecard_helpers import approved_member, submitted_member

PASSWORD = "Family-2026"


@pytest.fixture(name="zw")
def zw_fixture(env) -> int:
    return account_id(env, ZHANG_WEI_PHONE)


@pytest.fixture(name="staff")
def staff_fixture(env) -> int:
    return account_id(env, STAFF_PHONE)


def _documents(env, request_id: int) -> list[str]:
    with env.db.transaction() as s:
        return sorted(d.kind for d in s.exec(select(Document).where(Document.request_id == request_id)).all())


def _notifications(env, account: int) -> list[tuple[str, str]]:
    with env.db.transaction() as s:
        return [(n.kind, n.params) for n in s.exec(select(Notification).where(Notification.account_id == account))]


def test_a_holder_who_pressed_add_family_member_can_delete_the_account(env, zw):
    draft = drafts.open_draft(env, zw, client="t")  # "Add family member" once

    privacy.delete_account(env, zw, PASSWORD, client="t")  # failed: the draft's foreign key held the account

    with env.db.transaction() as s:
        assert s.get(BindingRequest, draft.id) is None  # drafts are deleted
        assert s.get(Account, zw).phone is None  # the tombstone stays


def test_a_draft_with_photos_is_deleted_with_them(env, zw):
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, member_values(WANG_FANG, "spouse"), client="t")
    documents.add_photo(env, zw, view.id, "face", fake_photo("face"))
    assert _documents(env, view.id) == ["face"]

    privacy.delete_account(env, zw, PASSWORD, client="t")

    assert request_row(env, view.id) is None
    assert _documents(env, view.id) == []
    assert audit_events(env, zw, "account_deleted")[-1]["detail"]["drafts_deleted"] == 1


def test_submitted_and_in_review_requests_are_withdrawn_and_keep_their_documents_until_the_purge(env, zw, staff):
    waiting = submitted_member(env, zw)  # 张建国, submitted
    opened = submitted_member(env, zw, WANG_FANG, "spouse")
    review.open_request(env, staff, opened)  # in review: the holder's own "Withdraw" is no longer allowed
    assert request_row(env, opened).status == "in_review"

    privacy.delete_account(env, zw, PASSWORD, client="t")

    for request_id in (waiting, opened):
        row = request_row(env, request_id)
        assert (row.status, row.withdrawn_at) == ("withdrawn", env.clock.now())
        assert _documents(env, request_id)  # the retention rule deletes them 90 days on (app/services/retention.py)
    assert review.queue(env, staff) == []  # nothing waits for a decision nobody will hear
    assert all(request_row(env, r).details_cipher is None for r in (waiting, opened))  # what the holder typed
    with pytest.raises(DomainError):
        review.decide(env, staff, opened, approve=True)
    assert audit_events(env, zw, "account_deleted")[-1]["detail"]["withdrawn"] == 2


def test_bindings_end_and_a_member_with_an_account_is_told(env, zw):
    father = approved_member(env, zw)  # 张建国 has no account
    wife = approved_member(env, zw, WANG_FANG, "spouse")  # 王芳 has one
    wf = account_id(env, WANG_FANG_PHONE)
    code = cards.issue_card_token(env, zw, wife).token  # shown at the pharmacy just before

    privacy.delete_account(env, zw, PASSWORD, client="t")

    for request_id in (father, wife):
        row = request_row(env, request_id)
        assert (row.status, row.unbound_at) == ("unbound", env.clock.now())
    assert ("holder_deleted_account", '{"holder": "张*"}') in _notifications(env, wf)
    assert [e["action"] for e in audit_events(env, wf)][-1] == "holder_deleted_account"
    assert cards.verify_card_token(env, code).reason == "unbound"
    assert audit_events(env, zw, "account_deleted")[-1]["detail"]["unbound"] == 2


def test_a_bound_member_deleting_their_account_takes_nothing_from_their_holders(env, zw):
    """The holder shows the member's card, not the member's account (DESIGN.md §2.6: only removing a holder,
    online or at the counter, ends it)."""
    wife = approved_member(env, zw, WANG_FANG, "spouse")
    wf = account_id(env, WANG_FANG_PHONE)

    privacy.delete_account(env, wf, PASSWORD, client="t")

    assert request_row(env, wife).status == "approved"
    assert cards.verify_card_token(env, cards.issue_card_token(env, zw, wife).token).valid
    assert [kind for kind, _ in _notifications(env, zw)] == ["binding_approved"]  # told nothing new


def test_a_resident_being_assisted_at_the_counter_can_delete_the_account(env, zw, staff):
    staff_token = bound(env, auth.login_with_password(env, STAFF_PHONE, STAFF_PASSWORD, client="tablet"))
    assisting = assist(env, staff, staff_token)
    drafts.open_draft(env, zw, actor=Actor(staff, "staff"))  # staff started adding a member for them

    privacy.delete_account(env, zw, PASSWORD, client="t")

    with env.db.transaction() as s:
        row = s.get(AssistSession, assisting.assist_id)
    assert (row.ended_at, row.end_reason) == (env.clock.now(), "account_deleted")
    assert counter.current(env, staff, staff_token, assisting.assist_id) is None
    assert audit_events(env, zw, "assist_ended")[-1]["detail"] == {"reason": "account_deleted"}


def test_a_staff_member_can_delete_the_account_and_nothing_waits_for_them(env, zw, staff):
    staff_token = bound(env, auth.login_with_password(env, STAFF_PHONE, STAFF_PASSWORD, client="tablet"))
    decided = approved_member(env, zw)  # decided by this staff member: the decision keeps naming them
    waiting = submitted_member(env, zw, WANG_FANG, "spouse")
    review.open_request(env, staff, waiting)
    assisting = assist(env, staff, staff_token)  # after the submission, so they did not help with it

    privacy.delete_account(env, staff, STAFF_PASSWORD, client="t")

    row = request_row(env, waiting)
    assert (row.status, row.reviewer_id, row.review_started_at) == ("submitted", None, None)
    other = account_id(env, STAFF2_PHONE)
    assert [item.request_id for item in review.queue(env, other)] == [waiting]  # another staff member can open it
    assert request_row(env, decided).reviewer_id == staff
    released = audit_events(env, zw, "binding_review_released")
    assert released[-1]["detail"] == {"request": row.number, "reason": "staff_account_deleted"}
    with env.db.transaction() as s:
        assert s.get(AssistSession, assisting.assist_id).end_reason == "account_deleted"
    assert auth.current_session(env, staff_token) is None


def test_open_identity_claims_are_cancelled(env, zw):
    with env.db.transaction() as s:
        now = env.clock.now()
        other = person_id(env, WANG_FANG[1])
        s.add(IdentityClaim(account_id=zw, person_id=other, created_at=now))  # open
        proven = IdentityClaim(account_id=zw, person_id=person_id(env, "110101198503120017"), created_at=now,
                               state="proven", proof="legacy", ended_at=now)
        s.add(proven)

    privacy.delete_account(env, zw, PASSWORD, client="t")

    with env.db.transaction() as s:
        claims = {c.person_id: (c.state, c.cancel_reason, c.ended_at)
                  for c in s.exec(select(IdentityClaim).where(IdentityClaim.account_id == zw))}
    assert claims[other] == ("cancelled", "account_deleted", env.clock.now())
    assert claims[person_id(env, "110101198503120017")][0] == "proven"  # history, not an open claim


def test_the_tombstone_keeps_nothing_personal_and_every_login_ends(env, zw):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI_PHONE, PASSWORD, client="t"))
    other_phone = bound(env, auth.login_with_password(env, ZHANG_WEI_PHONE, PASSWORD, client="t2"))
    with env.db.transaction() as s:
        s.add(Notification(account_id=zw, created_at=env.clock.now(), kind="member_bound", params="{}"))
        account = s.get(Account, zw)
        account.text_size, account.language, account.high_contrast, account.read_aloud = "large", "en-US", True, True

    privacy.delete_account(env, zw, PASSWORD, client="t")

    with env.db.transaction() as s:
        tomb = s.get(Account, zw)
        logins = s.exec(select(LoginSession).where(LoginSession.account_id == zw)).all()
    assert (tomb.phone, tomb.password_hash, tomb.person_id, tomb.verified_at) == (None, None, None, None)
    assert (tomb.text_size, tomb.language, tomb.high_contrast, tomb.read_aloud) == (None, None, None, None)
    assert tomb.deleted_at == env.clock.now() and tomb.role == "resident"
    assert {(row.end_reason, row.ended_at) for row in logins} == {("deleted", env.clock.now())}
    assert auth.current_session(env, token) is None and auth.current_session(env, other_phone) is None
    assert _notifications(env, zw) == []
    assert [e["action"] for e in audit_events(env, zw)][-1] == "account_deleted"  # the audit trail stays


def test_a_deleted_account_cannot_be_deleted_again_or_used(env, zw):
    privacy.delete_account(env, zw, PASSWORD, client="t")
    with pytest.raises(DomainError) as refused:
        privacy.delete_account(env, zw, PASSWORD, client="t")
    assert refused.value.code == "not_authenticated"
    with pytest.raises(DomainError):
        drafts.open_draft(env, zw, client="t")


def test_a_second_device_mid_binding_changes_nothing_after_the_deletion(env, zw):
    view = start(env, zw)  # the other phone is on the "who" step

    privacy.delete_account(env, zw, PASSWORD, client="t")

    with pytest.raises(DomainError):
        drafts.set_member(env, zw, view.id, view.version, member_values(WANG_FANG, "spouse"), client="t2")
    assert request_row(env, view.id) is None
    with pytest.raises(DomainError):
        lifecycle.submit(env, zw, view.id, view.version, client="t2")


def test_the_person_may_register_again_and_ids_are_never_given_again(env, zw):
    draft = drafts.open_draft(env, zw, client="t")  # the newest request: its id would come back first
    privacy.delete_account(env, zw, PASSWORD, client="t")

    handoff = accounts.register(env, consent=True, phone=ZHANG_WEI_PHONE, code=_send_code(env, ZHANG_WEI_PHONE),
                                password=GOOD_PASSWORD, client="t")
    again = auth.current_session(env, bound(env, handoff))
    other = drafts.open_draft(env, account_id(env, WANG_FANG_PHONE), client="t")

    assert again is not None and again.account_id > zw
    with env.db.transaction() as s:
        assert s.exec(select(Account).where(Account.person_id == person_id(env, "110101198503120017"))).first() is None
    assert other.id > draft.id and other.number != draft.number
    assert [e["action"] for e in audit_events(env, zw)][-1] == "account_deleted"  # still the old account's
    assert [e["action"] for e in audit_events(env, again.account_id)] == ["account_created", "login"]


def test_the_staff_member_who_decided_can_still_open_the_request_of_a_deleted_holder(env, zw, staff):
    decided = approved_member(env, zw)  # unbound by the deletion; the decision stays its reviewer's to look at
    privacy.delete_account(env, zw, PASSWORD, client="t")

    item = review.open_request(env, staff, decided)  # failed: the holder's person was gone

    assert (item.status, item.holder_deleted, item.holder_name, item.holder_id_masked) == ("unbound", True, "", "")
    assert item.member_name == "张建国"
    assert review.full_id_number(env, staff, decided, whose="holder") == ""


def test_a_code_of_the_own_card_shown_before_the_deletion_no_longer_verifies(env, zw):
    code = cards.issue_card_token(env, zw).token
    assert cards.verify_card_token(env, code).valid
    again = cards.issue_card_token(env, zw).token

    privacy.delete_account(env, zw, PASSWORD, client="t")

    assert cards.verify_card_token(env, again).reason == "revoked"
