"""Counter service (DESIGN.md §2.7): staff run the same binding flow for the resident they assist; every
step is audited on the resident's account as done by that staff member, and nothing works without the
resident's consent (the code read out) or after assisting has ended."""

from __future__ import annotations

import pytest

from app.services import counter, review
from app.services.audit import Actor
from app.services.binding import documents, drafts, lifecycle
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.binding_helpers import (
    FAKE_PDF,
    FAKE_SIGNATURE,
    STAFF2_PHONE,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    account_id,
    fake_photo,
    member_values,
    ready_request,
)
from tests.unit.counter_helpers import (  # noqa: F401 - fixtures
    assist,
    events,
    staff_fixture,
    staff_token_fixture,
    zw_fixture,
)

STAFF_ACTIONS = ["binding_started", "binding_lookup_matched", "binding_photo_added", "binding_consent_recorded",
                 "binding_letter_signed", "binding_submitted"]


def _bind_father(env, holder: int, actor: Actor) -> int:
    """The whole "+" flow for 张建国, as staff run it on the resident's behalf."""
    view = drafts.open_draft(env, holder, client="counter-tablet", actor=actor)
    view = drafts.accept_notice(env, holder, view.id, view.version, agreed=True)
    view = drafts.choose_method(env, holder, view.id, view.version, "id_number")
    view = drafts.set_member(env, holder, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"),
                             client="counter-tablet", actor=actor)
    view = documents.add_photo(env, holder, view.id, "face", fake_photo("face"), actor=actor)
    view = drafts.set_consent(env, holder, view.id, view.version, agreed=True, actor=actor)
    view = documents.store_signed_letter(env, holder, view.id, view.version, signature_png=FAKE_SIGNATURE,
                                         pdf=FAKE_PDF, client="counter-tablet", actor=actor)
    lifecycle.submit(env, holder, view.id, view.version, client="counter-tablet", actor=actor)
    return view.id


def test_a_binding_made_while_assisting_is_the_residents_and_audited_as_staff(env, staff, staff_token, zw) -> None:
    assist(env, staff, staff_token)
    actor = Actor(staff, "staff", "counter-tablet")
    request_id = _bind_father(env, zw, actor)
    family = lifecycle.family(env, zw)
    assert [(m.request_id, m.name, m.status) for m in family] == [(request_id, "张建国", "submitted")]
    binding = [e for e in events(env, zw) if e["action"].startswith("binding_")]
    assert [e["action"] for e in binding] == STAFF_ACTIONS
    assert {(e["actor_id"], e["actor_role"], e["client"]) for e in binding} == {(staff, "staff", "counter-tablet")}
    assert {e["action"] for e in events(env, staff)} == {"login"}  # every step is on the resident's account
    other = account_id(env, STAFF2_PHONE)  # reviewed like any other request, by someone who did not help (four eyes)
    assert [item.request_id for item in review.queue(env, other)] == [request_id]
    assert review.queue(env, staff) == []


def _assisted_draft_for_the_father(env, staff: int, staff_token: str, zw: int):  # type: ignore[no-untyped-def]
    """Staff assisting 张伟 start a draft for his father, up to the documents step."""
    assist(env, staff, staff_token)
    actor = Actor(staff, "staff", "counter-tablet")
    view = drafts.open_draft(env, zw, actor=actor)
    view = drafts.accept_notice(env, zw, view.id, view.version, agreed=True)
    view = drafts.choose_method(env, zw, view.id, view.version, "id_number")
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"),
                             client="t", actor=actor)
    return actor, view


def test_staff_reading_the_residents_documents_is_audited(env, staff, staff_token, zw) -> None:
    actor, view = _assisted_draft_for_the_father(env, staff, staff_token, zw)
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"), actor=actor)
    content = documents.read_document(env, zw, view.documents["face"].id, thumbnail=True, actor=actor)
    assert content.data == fake_photo("face").thumbnail
    viewed = events(env, zw, "staff_viewed_document")
    assert [(e["actor_id"], e["detail"]["kind"]) for e in viewed] == [(staff, "face")]
    documents.read_document(env, zw, view.documents["face"].id)  # the resident's own look is not a staff action
    assert len(events(env, zw, "staff_viewed_document")) == 1


def test_staff_unticking_the_consent_is_audited_as_removed(env, staff, staff_token, zw) -> None:
    actor, view = _assisted_draft_for_the_father(env, staff, staff_token, zw)
    for agreed in (True, True, False, False, True):  # a repeated answer is no new action
        view = drafts.set_consent(env, zw, view.id, None, agreed=agreed, actor=actor)
    consent = [e["action"] for e in events(env, zw) if e["action"].startswith("binding_consent")]
    assert consent == ["binding_consent_recorded", "binding_consent_removed", "binding_consent_recorded"]
    assert view.member_consent is True


def test_the_residents_own_binding_stays_audited_as_theirs(env, zw) -> None:
    ready_request(env, zw, ZHANG_JIANGUO, "parent")
    binding = [e for e in events(env, zw) if e["action"].startswith("binding_")]
    assert {(e["actor_id"], e["actor_role"]) for e in binding} == {(zw, "resident")}
    assert "binding_photo_added" not in [e["action"] for e in binding]


def test_staff_cannot_act_for_a_resident_without_consent(env, staff, zw) -> None:
    actor = Actor(staff, "staff", "counter-tablet")
    with pytest.raises(DomainError) as caught:
        drafts.open_draft(env, zw, actor=actor)
    assert caught.value.code == "not_assisting"
    counter.find_resident(env, staff, "13800138000", client="counter-tablet")  # found, code not read out yet
    with pytest.raises(DomainError) as caught:
        drafts.open_draft(env, zw, actor=actor)
    assert caught.value.code == "not_assisting"
    assert lifecycle.family(env, zw) == []
    assert [e["action"] for e in events(env, zw) if e["action"].startswith("binding_")] == []


def test_assisting_one_resident_is_no_licence_for_another(env, staff, staff_token, zw) -> None:
    assist(env, staff, staff_token)
    wf = account_id(env, WANG_FANG_PHONE)
    with pytest.raises(DomainError) as caught:
        drafts.open_draft(env, wf, actor=Actor(staff, "staff"))
    assert caught.value.code == "not_assisting"
    other = account_id(env, STAFF2_PHONE)  # nor for another staff member
    with pytest.raises(DomainError):
        drafts.open_draft(env, zw, actor=Actor(other, "staff"))


def test_nothing_works_after_finish(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    actor = Actor(staff, "staff", "counter-tablet")
    draft = drafts.open_draft(env, zw, actor=actor)
    draft = drafts.accept_notice(env, zw, draft.id, draft.version, agreed=True)
    draft = drafts.choose_method(env, zw, draft.id, draft.version, "id_number")
    counter.finish(env, staff, view.assist_id, client="counter-tablet")
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, draft.id, draft.version, member_values(ZHANG_JIANGUO, "parent"), client="t",
                          actor=actor)
    assert caught.value.code == "not_assisting"
    with pytest.raises(DomainError):
        documents.add_photo(env, zw, draft.id, "face", fake_photo("face"), actor=actor)
    assert drafts.get(env, zw, draft.id).member is None  # nothing changed


def test_a_resident_cannot_pose_as_another(env, zw) -> None:
    wf = account_id(env, WANG_FANG_PHONE)
    with pytest.raises(NotFound):
        drafts.open_draft(env, zw, actor=Actor(wf, "resident"))
