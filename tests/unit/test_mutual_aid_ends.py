"""When family mutual aid ends (DESIGN.md §2.9): the member unbound, the member removing the holder (online or at a
counter), either account deleted, coverage lapsed (at once for payments, by the daily job for the record); and
`family_payer`, the seam payments use, which checks everything again."""

from __future__ import annotations

import asyncio

from app import scheduled
from app.services import counter_members, mutual_aid, privacy
from app.services.binding import lifecycle
from app.services.demo import load_demo_data
from app.services.mutual_aid_seam import family_payer
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401 - fixtures
from tests.unit.binding_helpers import (
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_ZIHAN,
    ZHAO_GUIYING,
    person_id,
)
from tests.unit.counter_helpers import events
from tests.unit.ecard_helpers import approved_member
from tests.unit.mutual_aid_helpers import aid_rows, approved, notifications, set_person, set_request

PASSWORD = "Family-2026"


def _payer(env, member: tuple[str, str]) -> int | None:
    with env.db.transaction() as s:
        return family_payer(s, person_id(env, member[1]), env.clock.today())


def _on(env, holder: int, member: tuple[str, str], relationship: str) -> int:
    request_id = approved(env, holder, member[1], relationship)
    mutual_aid.turn_on(env, holder, request_id, client="phone")
    return request_id


def _ended(env, request_id: int) -> str | None:
    [row] = aid_rows(env, request_id)
    assert row.ended_at is None or row.ended_at == env.clock.now()
    return row.end_reason if row.ended_at else None


def test_the_payer_is_the_holder_while_it_is_on(env, zw) -> None:
    assert _payer(env, ZHANG_JIANGUO) is None
    father = _on(env, zw, ZHANG_JIANGUO, "parent")
    assert _payer(env, ZHANG_JIANGUO) == zw
    assert _payer(env, ZHANG_WEI) is None  # never the other way round
    mutual_aid.turn_off(env, zw, father, client="phone")
    assert _payer(env, ZHANG_JIANGUO) is None


def test_with_two_holders_the_oldest_authorisation_pays(env, zw, wf) -> None:
    by_father = _on(env, zw, ZHANG_ZIHAN, "child")
    env.clock.advance(minutes=1)
    _on(env, wf, ZHANG_ZIHAN, "child")
    assert _payer(env, ZHANG_ZIHAN) == zw
    mutual_aid.turn_off(env, zw, by_father, client="phone")
    assert _payer(env, ZHANG_ZIHAN) == wf


def test_the_payer_is_checked_again_when_used(env, zw) -> None:
    grandmother = approved(env, zw, ZHAO_GUIYING[1], "grandparent")
    set_request(env, grandmother, relationship_proof_state="proven")
    mutual_aid.turn_on(env, zw, grandmother, client="phone")
    assert _payer(env, ZHAO_GUIYING) == zw
    set_request(env, grandmother, relationship_proof_state="refused")  # proof no longer holds
    assert _payer(env, ZHAO_GUIYING) is None
    set_request(env, grandmother, relationship_proof_state="proven", status="unbound")  # ended by any other path
    assert _payer(env, ZHAO_GUIYING) is None
    set_request(env, grandmother, status="approved")
    set_person(env, ZHANG_WEI[1], insurance_type="resident")  # the holder is no longer an employee
    assert _payer(env, ZHAO_GUIYING) is None


def test_unbinding_the_member_ends_it_and_the_member_is_told(env, zw, wf) -> None:
    wife = _on(env, zw, WANG_FANG, "spouse")
    env.clock.advance(minutes=3)
    lifecycle.unbind(env, zw, wife, client="phone")
    assert _ended(env, wife) == "unbound"
    assert _payer(env, WANG_FANG) is None
    assert notifications(env, wf)[-1] == ("mutual_aid_ended", {"holder": "张*"})
    [ended] = events(env, zw, "mutual_aid_ended")
    assert ended["detail"]["reason"] == "unbound"
    assert events(env, wf, "mutual_aid_ended_for_me")


def test_the_member_removing_the_holder_ends_it(env, zw, wf) -> None:
    wife = _on(env, zw, WANG_FANG, "spouse")
    lifecycle.remove_holder(env, wf, wife, client="wang-phone")
    assert _ended(env, wife) == "holder_removed"
    assert _payer(env, WANG_FANG) is None
    [ended] = events(env, zw, "mutual_aid_ended")
    assert (ended["actor_id"], ended["actor_role"]) == (wf, "member")


def test_staff_removing_the_holder_at_the_counter_for_the_member_ends_it(env, zw, staff) -> None:
    father = _on(env, zw, ZHANG_JIANGUO, "parent")
    counter_members.find_member(env, staff, *ZHANG_JIANGUO, client="counter")
    counter_members.remove_holder(env, staff, *ZHANG_JIANGUO, father, client="counter")
    assert _ended(env, father) == "holder_removed"
    assert _payer(env, ZHANG_JIANGUO) is None


def test_deleting_the_holders_account_ends_it_and_the_member_is_told(env, zw, wf) -> None:
    wife = _on(env, zw, WANG_FANG, "spouse")
    father = _on(env, zw, ZHANG_JIANGUO, "parent")
    privacy.delete_account(env, zw, PASSWORD, client="t")
    assert (_ended(env, wife), _ended(env, father)) == ("account_deleted", "account_deleted")
    assert _payer(env, WANG_FANG) is None and _payer(env, ZHANG_JIANGUO) is None
    assert ("mutual_aid_ended", {"holder": "张*"}) in notifications(env, wf)
    [deleted] = events(env, zw, "account_deleted")
    assert deleted["detail"]["authorisations_ended"] == 2


def test_deleting_the_members_account_ends_it_and_the_holder_is_told(env, zw, wf) -> None:
    wife = _on(env, zw, WANG_FANG, "spouse")
    privacy.delete_account(env, wf, PASSWORD, client="t")
    assert _ended(env, wife) == "account_deleted"
    assert _payer(env, WANG_FANG) is None
    assert notifications(env, zw)[-1] == ("mutual_aid_ended_holder", {"name": "王芳"})
    assert notifications(env, wf) == []  # the deleted account keeps none


def test_a_lapse_stops_payments_at_once_and_the_daily_job_ends_it(env, zw, wf) -> None:
    wife = _on(env, zw, WANG_FANG, "spouse")
    father = _on(env, zw, ZHANG_JIANGUO, "parent")
    set_person(env, WANG_FANG[1], status="lapsed")
    assert _payer(env, WANG_FANG) is None  # before any job ran
    assert _payer(env, ZHANG_JIANGUO) == zw
    asyncio.run(scheduled.daily(env))  # the daily jobs
    assert (_ended(env, wife), _ended(env, father)) == ("lapsed", None)
    assert notifications(env, wf)[-1] == ("mutual_aid_ended", {"holder": "张*"})
    assert notifications(env, zw)[-1] == ("mutual_aid_ended_holder", {"name": "王芳"})
    assert [e["actor_role"] for e in events(env, zw, "mutual_aid_ended")] == ["system"]
    assert mutual_aid.end_not_allowed(env) == 0  # a second run finds nothing
    set_person(env, WANG_FANG[1], status="insured")
    assert _payer(env, WANG_FANG) is None  # insured again: the holder turns it on again if they want


def test_an_end_leaves_other_members_authorisations_alone(env, zw) -> None:
    father = _on(env, zw, ZHANG_JIANGUO, "parent")
    son = _on(env, zw, ZHANG_ZIHAN, "child")
    lifecycle.unbind(env, zw, son, client="phone")
    assert (_ended(env, father), _ended(env, son)) == (None, "unbound")


def test_a_member_bound_the_way_the_product_binds_gets_it_and_seeding_again_keeps_it(env, zw) -> None:
    father = approved_member(env, zw, ZHANG_JIANGUO, "parent")  # submitted, reviewed, approved
    assert mutual_aid.turn_on(env, zw, father, client="phone")
    load_demo_data(env)  # `make run` seeds again
    assert _payer(env, ZHANG_JIANGUO) == zw
    assert _ended(env, father) is None
