"""The "+" flow of binding a family member, on the demo data (DESIGN.md §2.2): versions, saving as you type,
resuming on another device, and changes that void the signed letter."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Document
from app.services.binding import documents, drafts, lifecycle
from app.services.binding.store import DraftChanged, NotFound
from app.services.errors import DomainError, ValidationFailed
from tests.unit.binding_fixtures import (
    FATHER,
    wf_fixture,  # noqa: F401
    zw_fixture,  # noqa: F401
)
from tests.unit.binding_helpers import (
    FAKE_PDF,
    LI_XIULAN,
    ZHANG_JIANGUO,
    audit_events,
    complete,
    member_values,
    ready_request,
    request_row,
    start,
)

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


# --- the member's consent, kept as it is ticked ---------------------------------------------------------------------

def test_the_consent_tick_is_kept_ticked_and_unticked(env, zw) -> None:
    view = start(env, zw)
    view = drafts.set_member(env, zw, view.id, view.version, FATHER, client="t")
    view = drafts.set_consent(env, zw, view.id, None, agreed=True)
    assert view.member_consent is True and "consent" not in view.missing
    view = drafts.set_consent(env, zw, view.id, None, agreed=False)
    assert view.member_consent is False and "consent" in view.missing
    assert drafts.get(env, zw, view.id).member_consent is False
    again = drafts.set_consent(env, zw, view.id, None, agreed=False)  # the same answer changes nothing
    assert again.version == view.version and request_row(env, view.id).member_consent_at is None


def test_the_consent_of_a_submitted_request_cannot_change(env, zw) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    lifecycle.submit(env, zw, view.id, view.version, client="t")
    with pytest.raises(DomainError) as caught:
        drafts.set_consent(env, zw, view.id, None, agreed=False)
    assert caught.value.code == "transition_not_allowed"
    assert drafts.get(env, zw, view.id).member_consent is True
