"""The "+" flow of binding a family member end to end, on the demo data (DESIGN.md §2.2, §6):
drafts, documents, the signed letter, submitting, withdrawing, editing, review decisions and unbinding."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import Document
from app.services import auth
from app.services.binding import documents, drafts, lifecycle, rules
from app.services.binding.states import TransitionNotAllowed
from app.services.binding.store import DraftChanged, NotFound
from app.services.errors import DomainError, ValidationFailed
from app.services.letter import LetterData
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    FAKE_PDF,
    LI_XIULAN,
    NEWBORN_VALUES,
    STAFF_PHONE,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_WEI_PHONE,
    ZHANG_XIAOMAN,
    ZHANG_ZIHAN,
    account_id,
    add_verified_account,
    audit_events,
    complete,
    fake_photo,
    member_values,
    person_id,
    ready_request,
    request_row,
    sign,
    start,
)

FATHER = member_values(ZHANG_JIANGUO, "parent")
NUMBER = re.compile(r"FEC-2026-\d{6}")


@pytest.fixture
def zw(env) -> int:
    """张伟's account id."""
    return account_id(env, ZHANG_WEI_PHONE)


@pytest.fixture
def wf(env) -> int:
    """王芳's account id."""
    return account_id(env, WANG_FANG_PHONE)


@pytest.fixture
def staff(env) -> int:
    return account_id(env, STAFF_PHONE)


def _submitted(env, holder: int, person=ZHANG_JIANGUO, relationship: str = "parent") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    return view.id


def _family(env, holder: int) -> dict[str, str]:
    return {m.name: m.status for m in lifecycle.family(env, holder)}


# --- the happy path --------------------------------------------------------------------------------------------

def test_happy_path_binding_the_father(env) -> None:
    token = auth.login_with_password(env, ZHANG_WEI_PHONE, "Family-2026", client="t")
    holder = auth.current_session(env, token).account_id

    view = drafts.open_draft(env, holder, client="t")
    assert (view.status, view.step, view.notice_accepted) == ("draft", "notice", False)
    assert NUMBER.fullmatch(view.number)
    with pytest.raises(ValidationFailed) as caught:
        drafts.accept_notice(env, holder, view.id, view.version, agreed=False)
    assert caught.value.errors == {"agree": "notice_not_agreed"}

    view = drafts.accept_notice(env, holder, view.id, view.version, agreed=True)
    assert (view.step, view.notice_accepted) == ("method", True)
    view = drafts.choose_method(env, holder, view.id, view.version, "id_number")
    assert (view.step, view.method) == ("who", "id_number")
    view = drafts.set_member(env, holder, view.id, view.version, FATHER, client="t")
    assert view.step == "documents"
    assert view.member.name == "张建国" and view.member.id_number == ZHANG_JIANGUO[1]
    assert view.relationship == "parent"
    assert view.needed_documents == ("face",)
    assert view.needs_consent is True
    assert view.missing == ["face", "consent", "signature"]

    view = documents.add_photo(env, holder, view.id, "face", fake_photo("face"))
    assert set(view.documents) == {"face"} and view.documents["face"].width == 1200
    assert view.missing == ["consent", "signature"]
    view = drafts.set_consent(env, holder, view.id, view.version, agreed=True)
    assert view.member_consent is True and view.missing == ["signature"]

    letter = documents.letter_data(env, holder, view.id)
    assert isinstance(letter, LetterData)
    assert (letter.letter_number, letter.holder_name, letter.holder_id_number) == (view.number, *ZHANG_WEI)
    assert (letter.member_name, letter.member_id_number) == ZHANG_JIANGUO
    assert (letter.relationship, letter.method, letter.signed_on) == ("parent", "id_number", date(2026, 11, 23))

    view = sign(env, holder, view)
    assert view.signed and view.step == "check"
    assert view.letter_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    assert view.missing == []
    assert {"letter", "signature", "face"} <= set(view.documents)

    number = lifecycle.submit(env, holder, view.id, view.version, client="t")
    assert number == view.number and NUMBER.fullmatch(number)
    after = drafts.get(env, holder, view.id)
    assert after.status == "submitted" and after.submitted_at == env.clock.now() and after.can_withdraw
    assert _family(env, holder) == {"张建国": "submitted"}
    member = lifecycle.family(env, holder)[0]
    assert (member.request_id, member.relationship, member.can_withdraw) == (view.id, "parent", True)
    actions = [e["action"] for e in audit_events(env, holder) if e["action"].startswith("binding_")]
    assert actions == ["binding_started", "binding_lookup_matched", "binding_letter_signed", "binding_submitted"]


def test_child_needs_two_household_photos_and_no_consent(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_ZIHAN, "child"), client="t")
    assert view.needed_documents == (rules.HOUSEHOLD_HEAD, rules.HOUSEHOLD_MEMBER)
    assert view.needs_consent is False
    assert view.missing == ["household_head", "household_member", "signature"]
    view = documents.add_photo(env, zw, view.id, "household_head", fake_photo("head"))
    assert view.missing == ["household_member", "signature"]
    view = documents.add_photo(env, zw, view.id, "household_member", fake_photo("page"))
    view = sign(env, zw, view)
    assert view.missing == []
    assert lifecycle.submit(env, zw, view.id, view.version, client="t") == view.number
    assert _family(env, zw) == {"张子涵": "submitted"}


# --- newborns --------------------------------------------------------------------------------------------------

def test_newborn_by_the_mother(env, wf) -> None:
    view = start(env, wf, "newborn")
    view = drafts.set_newborn(env, wf, view.id, view.version, NEWBORN_VALUES, client="t")
    assert view.member.name == "张小满" and view.member.id == person_id(env, ZHANG_XIAOMAN[1])
    assert view.relationship == "child"
    assert view.needed_documents == ("birth_certificate",) and view.needs_consent is False
    assert view.details["birth_certificate"] == "O110260521"  # normalised as looked up
    view = documents.add_photo(env, wf, view.id, "birth_certificate", fake_photo("cert"))
    view = sign(env, wf, view)
    assert view.missing == []
    lifecycle.submit(env, wf, view.id, view.version, client="t")
    assert _family(env, wf) == {"张小满": "submitted"}


def test_newborn_by_the_father_the_mothers_spouse(env, zw) -> None:
    view = start(env, zw, "newborn")
    view = drafts.set_newborn(env, zw, view.id, view.version, NEWBORN_VALUES, client="t")
    assert (view.member.name, view.relationship, view.needed_documents) == ("张小满", "child", ("birth_certificate",))


def test_newborn_by_a_third_person_is_refused(env) -> None:
    chen = add_verified_account(env, "13500135000", CHEN_ZHE)
    view = start(env, chen, "newborn")
    with pytest.raises(ValidationFailed) as caught:
        drafts.set_newborn(env, chen, view.id, view.version, NEWBORN_VALUES, client="t")
    assert caught.value.errors == {"mother_name": "newborn_parent_only"}
    after = drafts.get(env, chen, view.id)
    assert after.member is None and after.relationship is None and after.step == "who"


@pytest.mark.parametrize("change", [
    {"birth_certificate": "O110260522"},
    {"mother_name": "李秀兰"},
    {"mother_id_number": LI_XIULAN[1]},
    {"mother_name": "李秀兰", "mother_id_number": LI_XIULAN[1]},  # a real person, but not the baby's mother
])
def test_newborn_not_found(env, wf, change: dict[str, str]) -> None:
    view = start(env, wf, "newborn")
    with pytest.raises(ValidationFailed) as caught:
        drafts.set_newborn(env, wf, view.id, view.version, {**NEWBORN_VALUES, **change}, client="t")
    assert caught.value.errors == {"birth_certificate": "newborn_not_found"}
    assert [e["action"] for e in audit_events(env, wf, "binding_lookup_not_matched")] == ["binding_lookup_not_matched"]
    assert drafts.get(env, wf, view.id).member is None


# --- versions, saving as you type, resuming ----------------------------------------------------------------------

def test_stale_version_is_refused_everywhere(env, zw) -> None:
    view = start(env, zw)
    stale = view.version - 1
    with pytest.raises(DraftChanged):
        drafts.choose_method(env, zw, view.id, stale, "id_number")
    with pytest.raises(DraftChanged):
        drafts.set_member(env, zw, view.id, stale, FATHER, client="t")
    assert drafts.get(env, zw, view.id).member is None  # nothing was written
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    with pytest.raises(DraftChanged):
        drafts.set_consent(env, zw, view.id, view.version - 1, agreed=True)
    with pytest.raises(DraftChanged):
        documents.store_signed_letter(env, zw, view.id, view.version + 1, signature_png=b"s", pdf=FAKE_PDF,
                                      client="t")
    view = complete(env, zw, view)
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, view.id, view.version - 1, client="t")
    assert caught.value.code == "draft_changed"
    assert drafts.get(env, zw, view.id).status == "draft"


def test_a_second_window_makes_the_first_stale(env, zw) -> None:
    first = start(env, zw)
    second = drafts.open_draft(env, zw, client="other-device")
    assert second.id == first.id and second.version == first.version
    drafts.set_member(env, zw, second.id, second.version, FATHER, client="other-device")
    with pytest.raises(DraftChanged):
        drafts.set_member(env, zw, first.id, first.version, member_values(LI_XIULAN, "parent"), client="t")
    assert drafts.get(env, zw, first.id).member.name == "张建国"


def test_save_details_is_encrypted_and_resumes_on_another_device(env, zw) -> None:
    view = start(env, zw)
    version = drafts.save_details(env, zw, view.id, {"name": "张建国", "id_number": "11010119520701", "junk": "x"})
    assert version == view.version + 1
    raw = request_row(env, view.id).details_cipher
    assert raw and "张建国".encode() not in raw and b"11010119520701" not in raw

    version = drafts.save_details(env, zw, view.id, {"relationship": "parent"})  # merges with what was there
    resumed = drafts.open_draft(env, zw, client="another-device")
    assert resumed.id == view.id and resumed.number == view.number
    assert resumed.step == "who" and resumed.version == version
    assert resumed.details == {"name": "张建国", "id_number": "11010119520701", "relationship": "parent"}
    assert [e["action"] for e in audit_events(env, zw, "binding_started")] == ["binding_started"]


def test_save_details_truncates_long_fields(env, zw) -> None:
    view = start(env, zw)
    drafts.save_details(env, zw, view.id, {"name": "张" * 100})
    assert drafts.get(env, zw, view.id).details["name"] == "张" * 40


def test_go_to_step_is_remembered(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    moved = drafts.go_to_step(env, zw, view.id, "who")
    assert moved.step == "who"
    resumed = drafts.open_draft(env, zw, client="another-device")
    assert (resumed.id, resumed.step) == (view.id, "who")
    assert resumed.member.name == "张建国"  # going back keeps what was entered
    with pytest.raises(DomainError) as caught:
        drafts.go_to_step(env, zw, view.id, "payment")
    assert caught.value.code == "not_found"
    assert drafts.get(env, zw, view.id).step == "who"


def test_another_holder_cannot_touch_the_draft(env, zw, wf) -> None:
    view = start(env, zw)
    with pytest.raises(NotFound):
        drafts.get(env, wf, view.id)
    with pytest.raises(NotFound):
        drafts.set_member(env, wf, view.id, view.version, FATHER, client="t")
    with pytest.raises(NotFound):
        drafts.save_details(env, wf, view.id, {"name": "x"})
    with pytest.raises(NotFound):
        drafts.go_to_step(env, wf, view.id, "who")


def test_method_needs_the_notice_first(env, zw) -> None:
    view = drafts.open_draft(env, zw, client="t")
    with pytest.raises(DomainError) as caught:
        drafts.choose_method(env, zw, view.id, view.version, "id_number")
    assert caught.value.code == "notice_not_agreed"
    with pytest.raises(ValidationFailed):
        drafts.choose_method(env, zw, view.id, view.version, "passport")


# --- changes that void the letter ----------------------------------------------------------------------------

def test_changing_the_relationship_voids_the_letter_but_keeps_photos(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    face_id = view.documents["face"].id
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "grandparent"), client="t")
    assert view.relationship == "grandparent"
    assert view.signed is False and view.letter_sha256 is None
    assert set(view.documents) == {"face"} and view.documents["face"].id == face_id
    assert view.member_consent is True
    assert view.missing == ["signature"]
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "request_incomplete"
    assert documents.letter_data(env, zw, view.id).relationship == "grandparent"


def test_changing_the_member_removes_photos_consent_and_letter(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    view = drafts.set_member(env, zw, view.id, view.version, member_values(LI_XIULAN, "parent"), client="t")
    assert view.member.name == "李秀兰"
    assert view.documents == {}
    assert view.signed is False and view.member_consent is False
    assert view.missing == ["face", "consent", "signature"]
    with env.db.transaction() as s:
        assert s.exec(select(Document).where(Document.request_id == view.id)).all() == []


def test_setting_the_same_member_again_keeps_everything(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    again = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    assert again.signed and again.missing == [] and set(again.documents) == {"face", "letter", "signature"}


def test_changing_the_method_forgets_the_member(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    view = drafts.choose_method(env, zw, view.id, view.version, "newborn")
    assert view.member is None and view.documents == {} and not view.signed and view.relationship is None


# --- submitting ------------------------------------------------------------------------------------------------

def test_double_submit_submits_once(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    first = lifecycle.submit(env, zw, view.id, view.version, client="t")
    submitted_at = env.clock.now()
    env.clock.advance(seconds=1)
    second = lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert first == second == view.number
    assert len(audit_events(env, zw, "binding_submitted")) == 1
    assert request_row(env, view.id).submitted_at == submitted_at


def test_submit_incomplete(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "request_incomplete"
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"))
    view = sign(env, zw, view)
    with pytest.raises(DomainError) as caught:  # the member's consent is still missing
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "request_incomplete" and caught.value.params == {"missing": "consent"}
    assert drafts.get(env, zw, view.id).status == "draft"
    assert audit_events(env, zw, "binding_submitted") == []


def test_a_submitted_request_cannot_be_changed(env, zw) -> None:
    request_id = _submitted(env, zw)
    view = drafts.get(env, zw, request_id)
    with pytest.raises(TransitionNotAllowed):
        drafts.set_member(env, zw, request_id, view.version, member_values(LI_XIULAN, "parent"), client="t")
    with pytest.raises(TransitionNotAllowed):
        documents.add_photo(env, zw, request_id, "face", fake_photo("other"))
    with pytest.raises(TransitionNotAllowed):
        drafts.save_details(env, zw, request_id, {"name": "x"})
    assert drafts.get(env, zw, request_id).member.name == "张建国"


# --- withdrawing and editing -----------------------------------------------------------------------------------

def test_withdraw_within_ten_minutes(env, zw) -> None:
    request_id = _submitted(env, zw)
    env.clock.advance(minutes=9, seconds=59)
    assert drafts.get(env, zw, request_id).can_withdraw
    lifecycle.withdraw(env, zw, request_id, client="t")
    assert drafts.get(env, zw, request_id).status == "withdrawn"
    assert _family(env, zw) == {"张建国": "withdrawn"}
    assert len(audit_events(env, zw, "binding_withdrawn")) == 1


def test_withdraw_after_ten_minutes_is_too_late(env, zw) -> None:
    request_id = _submitted(env, zw)
    env.clock.advance(minutes=10)
    assert drafts.get(env, zw, request_id).can_withdraw is False
    assert lifecycle.family(env, zw)[0].can_withdraw is False
    with pytest.raises(DomainError) as caught:
        lifecycle.withdraw(env, zw, request_id, client="t")
    assert caught.value.code == "withdraw_too_late"
    assert drafts.get(env, zw, request_id).status == "submitted"


def test_withdraw_after_staff_opened_it(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    assert drafts.get(env, zw, request_id).status == "in_review"
    assert drafts.get(env, zw, request_id).can_withdraw is False
    with pytest.raises(DomainError) as caught:
        lifecycle.withdraw(env, zw, request_id, client="t")
    assert caught.value.code == "withdraw_in_review"
    assert drafts.get(env, zw, request_id).status == "in_review"


def test_withdraw_is_only_for_submitted_requests(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.withdraw(env, zw, view.id, client="t")
    request_id = _submitted(env, zw)
    lifecycle.withdraw(env, zw, request_id, client="t")
    with pytest.raises(TransitionNotAllowed):
        lifecycle.withdraw(env, zw, request_id, client="t")


def test_edit_after_withdraw_then_submit_again(env, zw) -> None:
    request_id = _submitted(env, zw)
    lifecycle.withdraw(env, zw, request_id, client="t")
    lifecycle.edit(env, zw, request_id, client="t")
    view = drafts.get(env, zw, request_id)
    assert (view.status, view.step) == ("draft", "check")
    assert view.missing == [] and view.signed and view.member.name == "张建国"  # everything kept
    assert drafts.open_draft(env, zw, client="t").id == request_id  # resumed, not a new draft

    env.clock.advance(minutes=5)
    assert lifecycle.submit(env, zw, request_id, view.version, client="t") == view.number
    after = drafts.get(env, zw, request_id)
    assert after.status == "submitted" and after.submitted_at == env.clock.now() and after.can_withdraw
    assert len(audit_events(env, zw, "binding_submitted")) == 1
    assert len(audit_events(env, zw, "binding_resubmitted")) == 1
    assert len(audit_events(env, zw, "binding_edited")) == 1


def test_edit_needs_withdrawn_or_rejected(env, zw) -> None:
    request_id = _submitted(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.edit(env, zw, request_id, client="t")
    assert drafts.get(env, zw, request_id).status == "submitted"


# --- review decisions, unbinding --------------------------------------------------------------------------------

def test_approve_then_unbind(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.decide(env, staff, request_id, approve=True)
    assert drafts.get(env, zw, request_id).status == "approved"
    assert _family(env, zw) == {"张建国": "approved"}
    approved = audit_events(env, zw, "binding_approved")
    assert len(approved) == 1 and approved[0]["actor_role"] == "staff"

    lifecycle.unbind(env, zw, request_id, client="t")
    assert drafts.get(env, zw, request_id).status == "unbound"
    assert request_row(env, request_id).unbound_at == env.clock.now()
    assert lifecycle.family(env, zw) == []
    with pytest.raises(TransitionNotAllowed):
        lifecycle.unbind(env, zw, request_id, client="t")


def test_unbind_only_approved(env, zw) -> None:
    request_id = _submitted(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.unbind(env, zw, request_id, client="t")


def test_reject_then_resubmit(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.decide(env, staff, request_id, approve=False, reason="photo_unclear", details="Face is blurred")
    view = drafts.get(env, zw, request_id)
    assert (view.status, view.reject_reason, view.reject_details) == ("rejected", "photo_unclear", "Face is blurred")
    assert _family(env, zw) == {"张建国": "rejected"}

    lifecycle.edit(env, zw, request_id, client="t")
    view = drafts.get(env, zw, request_id)
    assert (view.status, view.step) == ("draft", "check")
    view = documents.add_photo(env, zw, request_id, "face", fake_photo("retaken"))  # fix what was wrong
    lifecycle.submit(env, zw, request_id, view.version, client="t")
    row = request_row(env, request_id)
    assert row.status == "submitted" and row.reviewer_id is None and row.decided_at is None
    assert len(audit_events(env, zw, "binding_resubmitted")) == 1


def test_decide_needs_review_opened(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    with pytest.raises(TransitionNotAllowed):
        lifecycle.decide(env, staff, request_id, approve=True)
    assert drafts.get(env, zw, request_id).status == "submitted"


@pytest.mark.parametrize("first", [True, False])
def test_first_decision_wins(env, zw, staff, first: bool) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.decide(env, staff, request_id, approve=first, reason=None if first else "other")
    for second in (True, False):
        with pytest.raises(TransitionNotAllowed):
            lifecycle.decide(env, staff, request_id, approve=second, reason="other")
    assert drafts.get(env, zw, request_id).status == ("approved" if first else "rejected")


def test_open_review_twice_by_same_staff_is_harmless(env, zw, staff) -> None:
    request_id = _submitted(env, zw)
    lifecycle.open_review(env, staff, request_id)
    lifecycle.open_review(env, staff, request_id)
    assert len(audit_events(env, zw, "binding_review_started")) == 1
    with pytest.raises(NotFound):
        lifecycle.open_review(env, staff, 999_999)


# --- documents -------------------------------------------------------------------------------------------------

def test_read_document_only_by_its_holder(env, zw, wf) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    photo = fake_photo("face")
    view = documents.add_photo(env, zw, view.id, "face", photo)
    document_id = view.documents["face"].id

    content = documents.read_document(env, zw, document_id)
    assert (content.data, content.mime) == (photo.jpeg, "image/jpeg")
    assert documents.read_document(env, zw, document_id, thumbnail=True).data == photo.thumbnail
    with pytest.raises(NotFound):
        documents.read_document(env, wf, document_id)
    with pytest.raises(NotFound):
        documents.read_document(env, zw, 999_999)

    view = sign(env, zw, view)
    letter = documents.read_document(env, zw, view.documents["letter"].id)
    assert (letter.data, letter.mime) == (FAKE_PDF, "application/pdf")


def test_documents_are_stored_encrypted(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    photo = fake_photo("face")
    view = documents.add_photo(env, zw, view.id, "face", photo)
    view = sign(env, zw, view)
    with env.db.transaction() as s:
        rows = {d.kind: d for d in s.exec(select(Document).where(Document.request_id == view.id)).all()}
    assert set(rows) == {"face", "letter", "signature"}
    assert photo.jpeg not in rows["face"].content_cipher and b"FAKE-JPEG" not in rows["face"].content_cipher
    assert photo.thumbnail not in rows["face"].thumbnail_cipher
    assert b"%PDF" not in rows["letter"].content_cipher and b"fake-signature" not in rows["signature"].content_cipher
    assert rows["face"].sha256 == photo.sha256


@pytest.mark.parametrize("kind", ["household_head", "household_member", "birth_certificate"])
def test_photo_not_needed(env, zw, kind: str) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, kind, fake_photo(kind))
    assert caught.value.code == "photo_not_needed"
    assert drafts.get(env, zw, view.id).documents == {}


def test_photo_before_the_member_is_known_or_of_unknown_kind(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, "face", fake_photo("face"))
    assert caught.value.code == "photo_not_needed"
    with pytest.raises(DomainError) as caught:
        documents.add_photo(env, zw, view.id, "letter", fake_photo("letter"))
    assert caught.value.code == "not_found"


def test_retake_keeps_one_photo(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    first = documents.add_photo(env, zw, view.id, "face", fake_photo("first"))
    second = documents.add_photo(env, zw, view.id, "face", fake_photo("second"))
    assert list(second.documents) == ["face"]
    assert second.documents["face"].id != first.documents["face"].id
    with env.db.transaction() as s:
        assert len(s.exec(select(Document).where(Document.request_id == view.id)).all()) == 1
    assert documents.read_document(env, zw, second.documents["face"].id).data == fake_photo("second").jpeg
    with pytest.raises(NotFound):
        documents.read_document(env, zw, first.documents["face"].id)


def test_letter_data_needs_a_member(env, zw) -> None:
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        documents.letter_data(env, zw, view.id)
    assert caught.value.code == "member_missing"


# --- who may start, and how long a draft lives ---------------------------------------------------------------------

def test_only_verified_residents_can_start(env, staff) -> None:
    with pytest.raises(DomainError) as caught:
        drafts.open_draft(env, staff, client="t")
    assert caught.value.code == "not_verified"


def test_every_change_keeps_the_draft_for_30_more_days(env, zw) -> None:
    view = start(env, zw)
    env.clock.advance(days=29)
    resumed = drafts.open_draft(env, zw, client="t")
    assert resumed.id == view.id
    drafts.save_details(env, zw, view.id, {"name": "张建国"})
    assert request_row(env, view.id).expires_at == env.clock.now() + timedelta(days=30)


def test_a_draft_untouched_for_30_days_is_not_resumed(env, zw) -> None:
    view = start(env, zw)
    env.clock.advance(days=30, minutes=1)
    assert drafts.open_draft(env, zw, client="t").id != view.id
