""""Prove relationship" at the counter (DESIGN.md §2.7): staff assisting the holder of an approved binding keep a
proof photo; a second staff member, never the one who took it, accepts or refuses it; the holder is told; every
step is audited; nothing else can take or decide a proof."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Notification
from app.services import counter
from app.services.audit import Actor
from app.services.binding import relationship
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.binding_helpers import (
    ZHANG_JIANGUO,
    fake_photo,
    insert_request,
    person_id,
    request_row,
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
    assist(env, staff, staff_token)
    return Actor(staff, "staff", "counter-tablet")


@pytest.fixture(name="bound")
def bound_fixture(env, zw) -> int:
    """张伟's approved binding of his father 张建国."""
    return insert_request(env, zw, person_id(env, ZHANG_JIANGUO[1]), "approved")


def _notifications(env, account: int) -> list[tuple[str, dict]]:
    with env.db.transaction() as s:
        rows = s.exec(select(Notification).where(Notification.account_id == account)).all()
        return [(row.kind, json.loads(row.params)) for row in rows]


def test_a_proof_taken_at_the_counter_is_accepted_by_a_second_staff_member(env, zw, staff, staff2, actor,
                                                                          bound) -> None:
    relationship.check_upload(env, zw, bound, actor=actor)
    relationship.submit(env, zw, bound, fake_photo("household register"), actor=actor)
    assert relationship.proof_states(env, zw) == {bound: "submitted"}
    assert relationship.waiting(env, staff) == []  # the one who took it does not see it
    [item] = relationship.waiting(env, staff2)
    assert (item.request_id, item.member_name, item.relationship) == (bound, "张建国", "sibling")
    assert item.holder_name != "张伟" and item.holder_name.startswith("张")  # masked
    with pytest.raises(DomainError) as own:
        relationship.decide(env, staff, bound, proven=True)
    assert own.value.code == "proof_taken_by_you"
    with pytest.raises(NotFound):
        relationship.open_proof(env, staff, bound)
    assert relationship.read_proof(env, staff2, bound).data.startswith(b"\xff\xd8")
    relationship.decide(env, staff2, bound, proven=True)
    row = request_row(env, bound)
    assert row.relationship_proof_state == "proven" and row.relationship_proven_at == env.clock.now()
    assert (row.relationship_proof_by_id, row.relationship_proof_decided_by_id) == (staff, staff2)
    assert relationship.is_proven(row)
    assert ("relationship_proven", {"name": "张建国"}) in _notifications(env, zw)
    assert [e["action"] for e in events(env, zw) if "proof" in e["action"] or "proven" in e["action"]] == [
        "relationship_proof_submitted", "relationship_proven"]
    [submitted] = events(env, zw, "relationship_proof_submitted")
    assert (submitted["actor_role"], submitted["actor_id"]) == ("staff", staff)
    with pytest.raises(DomainError) as twice:  # the first decision wins
        relationship.decide(env, staff2, bound, proven=False)
    assert twice.value.code == "proof_already_decided"
    assert relationship.open_proof(env, staff2, bound).state == "proven"  # the decider can look back at it
    with pytest.raises(DomainError) as again:
        relationship.check_upload(env, zw, bound, actor=actor)
    assert again.value.code == "relationship_already_proven"


def test_a_refused_proof_tells_the_holder_and_a_new_one_can_be_taken(env, zw, staff2, actor, bound) -> None:
    relationship.submit(env, zw, bound, fake_photo("blurred"), actor=actor)
    relationship.decide(env, staff2, bound, proven=False)
    row = request_row(env, bound)
    assert row.relationship_proof_state == "refused" and row.relationship_proven_at is None
    assert not relationship.is_proven(row)
    assert ("relationship_proof_refused", {"name": "张建国"}) in _notifications(env, zw)
    relationship.submit(env, zw, bound, fake_photo("sharp"), actor=actor)
    state, document = relationship.proof_of(env, zw, bound)
    assert state == "submitted" and document is not None
    assert relationship.read_proof(env, staff2, bound).data == fake_photo("sharp").jpeg  # the old one is gone


def test_only_staff_assisting_the_holder_take_a_proof(env, zw, staff, staff_token, bound) -> None:
    photo = fake_photo("proof")
    with pytest.raises(NotFound):  # the holder alone
        relationship.check_upload(env, zw, bound, actor=None)
    with pytest.raises(NotFound):
        relationship.submit(env, zw, bound, photo, actor=None)
    with pytest.raises(DomainError):  # staff not assisting
        relationship.submit(env, zw, bound, photo, actor=Actor(staff, "staff", "counter-tablet"))
    view = assist(env, staff, staff_token)
    counter.finish(env, staff, view.assist_id, client="counter-tablet")
    with pytest.raises(DomainError):  # assisting ended
        relationship.submit(env, zw, bound, photo, actor=Actor(staff, "staff", "counter-tablet"))
    assert request_row(env, bound).relationship_proof_state is None


def test_a_binding_that_is_not_approved_has_no_proof(env, zw, actor) -> None:
    for status in ("draft", "submitted", "unbound", "rejected"):
        request_id = insert_request(env, zw, person_id(env, ZHANG_JIANGUO[1]), status, tag=status)
        with pytest.raises(NotFound):
            relationship.submit(env, zw, request_id, fake_photo("proof"), actor=actor)


def test_no_staff_member_sees_or_decides_a_proof_that_is_not_waiting(env, staff2, bound) -> None:
    with pytest.raises(NotFound):
        relationship.open_proof(env, staff2, bound)
    with pytest.raises(NotFound):
        relationship.read_proof(env, staff2, bound)
    with pytest.raises(NotFound):
        relationship.decide(env, staff2, bound, proven=True)
    with pytest.raises(NotFound):
        relationship.decide(env, staff2, 999_999, proven=True)
