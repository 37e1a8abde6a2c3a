"""Exceptions at the counter (DESIGN.md §2.7): what the online rules send to a counter, staff assisting the holder
can do there, each with its evidence; the evidence is theirs to add, the exception is audited, and a mistake
(a relationship that does not fit the birth dates) is refused at the counter too."""

from __future__ import annotations

import pytest

from app.services import review
from app.services.audit import Actor
from app.services.binding import documents, drafts, exceptions, lifecycle
from app.services.errors import DomainError, ValidationFailed
from tests.unit.binding_helpers import (
    ZHANG_JIANGUO,
    ZHANG_ZIHAN,
    ZHAO_GUIYING,
    fake_photo,
    member_values,
    request_row,
    sign,
    start,
)
from tests.unit.counter_helpers import (  # noqa: F401 - fixtures
    assist,
    events,
    staff_fixture,
    staff_token_fixture,
    zw_fixture,
)
from tests.unit.review_helpers import staff2_fixture  # noqa: F401 - fixture


@pytest.fixture(name="actor")
def actor_fixture(env, staff, staff_token) -> Actor:
    """The demo staff member, assisting 张伟 at the counter."""
    assist(env, staff, staff_token)
    return Actor(staff, "staff", "counter-tablet")


def _who(env, holder: int, person, relationship: str, actor: Actor | None):
    view = start(env, holder)
    return drafts.set_member(env, holder, view.id, view.version, member_values(person, relationship),
                             client="counter-tablet", actor=actor)


def test_relationship_other_is_refused_online_and_made_an_exception_at_the_counter(env, zw, actor) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _who(env, zw, ZHANG_JIANGUO, "other", None)
    assert refused.value.errors == {"relationship": "relationship_counter_only"}
    view = _who(env, zw, ZHANG_JIANGUO, "other", actor)
    assert view.exceptions == ("relationship_other",)
    assert view.needed_documents == ("face", "relationship_proof")
    [made] = events(env, zw, "binding_exception")
    assert (made["actor_role"], made["actor_id"], made["detail"]["exceptions"]) == (
        "staff", actor.account_id, "relationship_other")
    assert request_row(env, view.id).exception_by_id == actor.account_id


def test_the_evidence_is_added_by_staff_only_and_submitting_without_it_is_refused(env, zw, actor) -> None:
    view = _who(env, zw, ZHANG_JIANGUO, "other", actor)
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"), actor=actor)
    view = drafts.set_consent(env, zw, view.id, view.version, agreed=True, actor=actor)
    view = sign(env, zw, view)
    with pytest.raises(DomainError) as incomplete:
        lifecycle.submit(env, zw, view.id, view.version, client="counter-tablet", actor=actor)
    assert incomplete.value.code == "request_incomplete" and "relationship_proof" in incomplete.value.params["missing"]
    with pytest.raises(DomainError) as holder_alone:  # the holder, at home, cannot add the proof themselves
        documents.add_photo(env, zw, view.id, "relationship_proof", fake_photo("proof"))
    assert holder_alone.value.code == "counter_only"
    with pytest.raises(DomainError):
        documents.check_photo_upload(env, zw, view.id, "relationship_proof")
    documents.check_photo_upload(env, zw, view.id, "relationship_proof", actor=actor)
    view = documents.add_photo(env, zw, view.id, "relationship_proof", fake_photo("proof"), actor=actor)
    assert view.missing == []
    lifecycle.submit(env, zw, view.id, view.version, client="counter-tablet", actor=actor)
    assert request_row(env, view.id).status == "submitted"


def test_a_child_under_14_bound_by_a_non_guardian_needs_the_guardians_signed_consent(env, zw, actor) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _who(env, zw, ZHANG_ZIHAN, "sibling", None)
    assert refused.value.errors == {"relationship": "minor_guardian_only"}
    view = _who(env, zw, ZHANG_ZIHAN, "sibling", actor)
    assert view.exceptions == ("minor_non_guardian",)
    assert view.needed_documents == ("household_head", "household_member", "guardian_consent")


def test_relationship_other_for_a_child_needs_both_pieces_of_evidence(env, zw, actor) -> None:
    view = _who(env, zw, ZHANG_ZIHAN, "other", actor)
    assert view.exceptions == ("relationship_other", "minor_non_guardian")
    assert view.needed_documents[-2:] == ("relationship_proof", "guardian_consent")


def test_a_relationship_that_does_not_fit_the_birth_dates_is_refused_at_the_counter_too(env, zw, actor) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _who(env, zw, ZHANG_ZIHAN, "parent", actor)
    assert refused.value.errors == {"relationship": "relationship_implausible"}
    assert events(env, zw, "binding_exception") == []


def test_a_third_holder_needs_a_reason_written_by_staff(env, zw, actor) -> None:
    with pytest.raises(DomainError) as refused:  # 赵桂英 already has two holders
        _who(env, zw, ZHAO_GUIYING, "grandparent", None)
    assert refused.value.code == "person_holder_limit"
    view = _who(env, zw, ZHAO_GUIYING, "grandparent", actor)
    assert view.exceptions == ("third_holder",) and view.needed_documents == ("face",)
    assert "exception_reason" in view.missing
    with pytest.raises(DomainError) as by_holder:
        exceptions.set_reason(env, zw, view.id, None, "I look after her", actor=None)
    assert by_holder.value.code == "counter_only"
    with pytest.raises(ValidationFailed) as too_long:
        exceptions.set_reason(env, zw, view.id, None, "x" * 501, actor=actor)
    assert too_long.value.errors == {"exception_reason": "exception_reason_too_long"}
    assert request_row(env, view.id).exception_reason is None  # nothing half-saved
    view = exceptions.set_reason(env, zw, view.id, None, "  Her two sons live abroad;\n the grandson cares for her ",
                                 actor=actor)
    assert view.exception_reason == "Her two sons live abroad; the grandson cares for her"
    view = documents.add_photo(env, zw, view.id, "face", fake_photo("face"), actor=actor)
    view = drafts.set_consent(env, zw, view.id, view.version, agreed=True, actor=actor)
    view = sign(env, zw, view)
    assert view.missing == []
    lifecycle.submit(env, zw, view.id, view.version, client="counter-tablet", actor=actor)
    assert [e["action"] for e in events(env, zw) if e["action"].startswith("binding_exception")] == [
        "binding_exception", "binding_exception_reason"]


def test_changing_the_relationship_to_one_allowed_online_drops_the_exception_and_its_evidence(env, zw,
                                                                                          actor) -> None:
    view = _who(env, zw, ZHANG_JIANGUO, "other", actor)
    view = documents.add_photo(env, zw, view.id, "relationship_proof", fake_photo("proof"), actor=actor)
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"),
                             client="counter-tablet", actor=actor)
    assert view.exceptions == () and "relationship_proof" not in view.documents
    assert view.needed_documents == ("face",)
    assert request_row(env, view.id).exception_by_id is None


def test_the_holder_at_home_cannot_keep_an_exception_by_changing_the_relationship(env, zw, actor) -> None:
    view = _who(env, zw, ZHANG_JIANGUO, "other", actor)
    with pytest.raises(ValidationFailed):  # online, the same rules refuse it again
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "other"), client="home")
    assert request_row(env, view.id).exceptions == "relationship_other"  # unchanged


def test_approving_a_relationship_other_marks_the_relationship_proven(env, zw, actor, staff2) -> None:
    view = _who(env, zw, ZHANG_JIANGUO, "other", actor)
    for kind in view.needed_documents:
        view = documents.add_photo(env, zw, view.id, kind, fake_photo(kind), actor=actor)
    view = drafts.set_consent(env, zw, view.id, view.version, agreed=True, actor=actor)
    view = sign(env, zw, view)
    lifecycle.submit(env, zw, view.id, view.version, client="counter-tablet", actor=actor)
    seen = review.open_request(env, staff2, view.id)
    assert seen.exceptions == ("relationship_other",)
    review.decide(env, staff2, view.id, approve=True)
    row = request_row(env, view.id)
    assert row.relationship_proof_state == "proven" and row.relationship_proven_at is not None
    assert row.relationship_proof_by_id == actor.account_id
