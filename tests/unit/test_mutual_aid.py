""""Let <name> use my personal account" (DESIGN.md §2.9): allowed only for an employee holder and an approved member
who is a close relative, insured, and whose relationship is proven; each refusal has its own reason. Only the holder
turns it on or off; both are audited on both accounts and the member is told."""

from __future__ import annotations

import pytest

from app.services import mutual_aid
from app.services.audit import Actor
from app.services.binding import lifecycle
from app.services.binding.store import NotFound
from app.services.errors import DomainError
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401 - fixtures
from tests.unit.binding_helpers import (
    LIU_YANG,
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_ZIHAN,
    ZHAO_GUIYING,
)
from tests.unit.counter_helpers import events as audit_events
from tests.unit.mutual_aid_helpers import aid_rows, approved, notifications, set_person, set_request


def _refused(env, holder: int, request_id: int) -> str:
    with pytest.raises(DomainError) as caught:
        mutual_aid.turn_on(env, holder, request_id, client="phone")
    assert aid_rows(env, request_id) == []
    return caught.value.code


def test_an_employee_turns_it_on_for_his_father_and_off_again(env, zw) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")
    assert mutual_aid.status(env, zw) == {father: mutual_aid.AidState(father, on=False, problem=None)}

    assert mutual_aid.turn_on(env, zw, father, client="phone") is True
    assert mutual_aid.turn_on(env, zw, father, client="phone") is False  # a second press changes nothing
    [row] = aid_rows(env, father)
    assert (row.holder_id, row.started_at, row.ended_at) == (zw, env.clock.now(), None)
    assert mutual_aid.status(env, zw)[father].on
    [on] = audit_events(env, zw, "mutual_aid_on")
    assert (on["actor_id"], on["client"]) == (zw, "phone")

    env.clock.advance(minutes=5)
    assert mutual_aid.turn_off(env, zw, father, client="phone") is True
    assert mutual_aid.turn_off(env, zw, father, client="phone") is False
    [row] = aid_rows(env, father)
    assert (row.ended_at, row.end_reason) == (env.clock.now(), "turned_off")
    assert not mutual_aid.status(env, zw)[father].on
    assert len(audit_events(env, zw, "mutual_aid_off")) == 1


def test_the_member_with_an_account_is_told_and_sees_it_in_account_activity(env, zw, wf) -> None:
    wife = approved(env, zw, WANG_FANG[1], "spouse")
    mutual_aid.turn_on(env, zw, wife, client="phone")
    mutual_aid.turn_off(env, zw, wife, client="phone")
    assert notifications(env, wf) == [("mutual_aid_on", {"holder": "张*"}), ("mutual_aid_off", {"holder": "张*"})]
    assert [e["action"] for e in audit_events(env, wf) if e["action"].startswith("mutual_aid")] == [
        "mutual_aid_on_for_me", "mutual_aid_off_for_me"]
    assert {e["actor_id"] for e in audit_events(env, wf) if e["action"].startswith("mutual_aid")} == {zw}


def test_it_is_on_again_after_being_turned_off(env, zw) -> None:
    son = approved(env, zw, ZHANG_ZIHAN[1], "child")
    mutual_aid.turn_on(env, zw, son, client="phone")
    mutual_aid.turn_off(env, zw, son, client="phone")
    mutual_aid.turn_on(env, zw, son, client="phone")
    assert [row.end_reason for row in aid_rows(env, son)] == ["turned_off", None]


def test_refused_for_a_holder_who_is_not_an_employee(env, zw) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")
    set_person(env, ZHANG_WEI[1], insurance_type="resident")
    assert _refused(env, zw, father) == "mutual_aid_not_employee"
    assert mutual_aid.status(env, zw) == {}  # no personal account: the page shows no switch


def test_refused_for_a_relationship_other_even_when_proven(env, zw) -> None:
    other = approved(env, zw, ZHAO_GUIYING[1], "other")
    set_request(env, other, relationship_proof_state="proven")
    assert _refused(env, zw, other) == "mutual_aid_not_close_relative"
    assert mutual_aid.status(env, zw)[other].problem == "mutual_aid_not_close_relative"


def test_refused_for_a_member_whose_coverage_lapsed(env, zw) -> None:
    lapsed = approved(env, zw, LIU_YANG[1], "sibling")
    set_request(env, lapsed, relationship_proof_state="proven")
    assert _refused(env, zw, lapsed) == "mutual_aid_not_insured"


def test_refused_until_the_relationship_is_proven_then_allowed(env, zw) -> None:
    grandmother = approved(env, zw, ZHAO_GUIYING[1], "grandparent")
    assert _refused(env, zw, grandmother) == "mutual_aid_not_proven"
    assert mutual_aid.status(env, zw)[grandmother].problem == "mutual_aid_not_proven"
    set_request(env, grandmother, relationship_proof_state="proven")  # a second staff member accepted the paper
    assert mutual_aid.turn_on(env, zw, grandmother, client="phone")


def test_refused_for_a_binding_no_longer_approved(env, zw) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")
    lifecycle.unbind(env, zw, father, client="other tab")
    assert _refused(env, zw, father) == "mutual_aid_not_member"
    for status in ("submitted", "in_review", "rejected", "draft"):
        set_request(env, father, status=status)
        assert _refused(env, zw, father) == "mutual_aid_not_member"


def test_nobody_else_can_turn_on_or_off_a_holders_switch(env, zw, wf, staff) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")
    for holder, actor in ((wf, None), (zw, Actor(staff, "staff", "counter")), (zw, Actor(wf, "resident"))):
        with pytest.raises(NotFound):
            mutual_aid.turn_on(env, holder, father, client="x", actor=actor)
    with pytest.raises(NotFound):
        mutual_aid.turn_on(env, zw, 999_999, client="x")
    assert aid_rows(env, father) == []
    mutual_aid.turn_on(env, zw, father, client="phone")
    with pytest.raises(NotFound):
        mutual_aid.turn_off(env, wf, father, client="x")
    with pytest.raises(NotFound):
        mutual_aid.turn_off(env, zw, father, client="x", actor=Actor(staff, "staff", "counter"))
    assert aid_rows(env, father)[0].ended_at is None


def test_status_lists_only_approved_members_each_with_its_own_state(env, zw) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")
    grandmother = approved(env, zw, ZHAO_GUIYING[1], "grandparent")
    submitted = approved(env, zw, ZHANG_ZIHAN[1], "child")
    set_request(env, submitted, status="submitted")
    mutual_aid.turn_on(env, zw, father, client="phone")
    assert mutual_aid.status(env, zw) == {
        father: mutual_aid.AidState(father, on=True, problem=None),
        grandmother: mutual_aid.AidState(grandmother, on=False, problem="mutual_aid_not_proven")}


def test_a_lapse_shows_at_once_even_before_the_daily_job_ends_it(env, zw) -> None:
    father = approved(env, zw, ZHANG_JIANGUO[1], "parent")
    mutual_aid.turn_on(env, zw, father, client="phone")
    set_person(env, ZHANG_JIANGUO[1], status="lapsed")
    assert mutual_aid.status(env, zw)[father] == mutual_aid.AidState(father, on=False, problem="mutual_aid_not_insured")
