"""A member without a phone removes a holder at the counter (DESIGN.md §2.7): "Find member" by name and ID number
after checking the ID card is neutral, audited and limited to 200 a day per staff member; removing is the unbind
transition for the member, audited on both accounts, and the holder is told in the app and by SMS. Staff act only
on the holders their own look-up showed (the staff scope)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Account, AuditEvent, DevSms, Notification
from app.services import counter_members, review
from app.services.binding import lifecycle
from app.services.binding.states import TransitionNotAllowed
from app.services.binding.store import NotFound
from app.services.errors import RateLimited, ValidationFailed
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    LI_XIULAN,
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_WEI_PHONE,
    add_verified_account,
    ready_request,
    request_row,
)
from tests.unit.counter_helpers import events as audit_events

FATHER_NAME, FATHER_ID = ZHANG_JIANGUO


def _approved(env, holder: int, staff: int, person=ZHANG_JIANGUO, relationship: str = "parent") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    review.open_request(env, staff, view.id)
    review.decide(env, staff, view.id, approve=True)
    return view.id


def _staff(env, phone: str = "13900139077") -> int:
    """Another staff member (never logs in here)."""
    with env.db.transaction() as s:
        account = Account(phone=phone, password_hash="unused", role="staff", created_at=env.clock.now())
        s.add(account)
        s.flush()
        return account.id


def _events(env, action: str) -> list[AuditEvent]:
    with env.db.transaction() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all())


def _find(env, staff: int, name: str = FATHER_NAME, number: str = FATHER_ID):
    return counter_members.find_member(env, staff, name, number, client="counter-tablet")


def _remove(env, staff: int, request_id: int, name: str = FATHER_NAME, number: str = FATHER_ID) -> None:
    counter_members.remove_holder(env, staff, name, number, request_id, client="counter-tablet")


# --- "Find member" ------------------------------------------------------------------------------------------

def test_find_member_shows_the_holders_without_documents(env, zw, staff) -> None:
    request_id = _approved(env, zw, staff)
    found = _find(env, staff, " 张 建国 ", "110101 19520701 0039")  # typed as read off the card
    assert (found.name, found.id_masked) == (FATHER_NAME, "110101********0039")
    assert [(h.request_id, h.name, h.relationship, h.since) for h in found.holders] == [
        (request_id, ZHANG_WEI[0], "parent", env.clock.now())]
    assert not hasattr(found.holders[0], "documents")


def test_only_approved_bindings_are_holders(env, zw, wf, staff) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    assert _find(env, staff).holders == []  # a draft
    lifecycle.submit(env, zw, view.id, view.version, client="test")
    assert _find(env, staff).holders == []  # waiting for a decision
    approved = _approved(env, wf, staff, ZHANG_JIANGUO, "grandparent")
    assert [h.request_id for h in _find(env, staff).holders] == [approved]


def test_a_wrong_name_gets_the_same_answer_as_no_such_person(env, zw, staff) -> None:
    _approved(env, zw, staff)
    answers = []
    for name, number in ((LI_XIULAN[0], FATHER_ID), (FATHER_NAME, "110101195207010047"), ("张建", FATHER_ID)):
        with pytest.raises(ValidationFailed) as caught:
            _find(env, staff, name, number)
        answers.append((caught.value.errors, caught.value.params, str(caught.value)))
    assert answers == [({"id_number": "member_not_found"}, {}, "validation")] * 3
    misses = _events(env, counter_members.NOT_FOUND)
    assert [(e.account_id, e.actor_id, e.actor_role, json.loads(e.detail)) for e in misses] == [
        (None, staff, "staff", {})] * 3  # nothing about what was typed or what did not match


@pytest.mark.parametrize(("name", "number", "errors"), [
    ("", FATHER_ID, {"name": "counter_member_name_empty"}),
    (FATHER_NAME, "", {"id_number": "counter_member_id_empty"}),
    (FATHER_NAME, "11010119520701003", {"id_number": "id_format"}),
    (FATHER_NAME, "110101195207010038", {"id_number": "id_checksum"}),
    ("张" * 41, FATHER_ID, {"name": "name_long"}),
])
def test_a_field_left_empty_or_an_impossible_number_is_said_and_not_counted(env, staff, name, number,
                                                                             errors) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _find(env, staff, name, number)
    assert caught.value.errors == errors
    assert _events(env, counter_members.NOT_FOUND) == [] and _events(env, counter_members.FOUND) == []


def test_a_look_up_is_audited_on_the_member_account_when_there_is_one(env, zw, staff) -> None:
    _find(env, staff)  # 张建国 has no account
    found = _events(env, counter_members.FOUND)
    assert [(e.account_id, e.actor_id, e.actor_role, e.client) for e in found] == [
        (None, staff, "staff", "counter-tablet")]
    mother = add_verified_account(env, "13612345670", LI_XIULAN)  # a member who has an account
    counter_members.find_member(env, staff, *LI_XIULAN, client="counter-tablet")
    on_member = audit_events(env, mother, counter_members.FOUND)
    assert [(e["actor_id"], e["actor_role"]) for e in on_member] == [(staff, "staff")]
    assert on_member[0]["detail"]["person"] != json.loads(found[0].detail)["person"]


def test_look_ups_are_limited_to_200_a_day_per_staff_member(env, staff) -> None:
    for _ in range(counter_members.LOOKUPS_PER_DAY - 1):
        with pytest.raises(ValidationFailed):
            _find(env, staff, LI_XIULAN[0], FATHER_ID)  # misses count too
    assert _find(env, staff).holders == []  # the 200th
    env.clock.advance(hours=23)
    with pytest.raises(RateLimited) as caught:
        _find(env, staff)  # the 201st in 24 hours: refused, whatever it would have found
    assert (caught.value.code, caught.value.field) == ("counter_member_lookup_limit", "id_number")
    assert len(_events(env, counter_members.FOUND)) == 1  # a refused look-up looks nothing up
    assert _find(env, _staff(env)).name == FATHER_NAME  # another staff member has their own budget
    env.clock.advance(hours=1, seconds=1)
    assert _find(env, staff).name == FATHER_NAME  # the first ones are more than a day old now


# --- "Remove <holder name>" ------------------------------------------------------------------------------------

def _sms(env, phone: str) -> list[str]:
    with env.db.transaction() as s:
        return [m.body for m in s.exec(select(DevSms).where(DevSms.phone == phone).order_by(DevSms.id)).all()]


def _notifications(env, account: int) -> list[tuple[str, dict]]:
    with env.db.transaction() as s:
        rows = s.exec(select(Notification).where(Notification.account_id == account).order_by(Notification.id)).all()
        return [(n.kind, json.loads(n.params)) for n in rows]


def test_removing_unbinds_audits_and_tells_the_holder(env, zw, staff) -> None:
    request_id = _approved(env, zw, staff)
    _find(env, staff)
    env.clock.advance(minutes=5)
    _remove(env, staff, request_id)
    row = request_row(env, request_id)
    assert (row.status, row.unbound_at) == ("unbound", env.clock.now())
    assert lifecycle.family(env, zw) == []  # gone from the holder's list
    assert _find(env, staff).holders == []
    on_holder = audit_events(env, zw, "binding_unbound_at_counter")
    assert [(e["actor_id"], e["actor_role"], e["detail"]["request"]) for e in on_holder] == [
        (staff, "staff", row.number)]  # staff X for member Y
    assert on_holder[0]["detail"]["for_person"] == json.loads(_events(env, counter_members.FOUND)[0].detail)["person"]
    assert _notifications(env, zw)[-1] == ("member_removed_holder_at_counter", {"member": "张*国"})
    assert "张*国" in _sms(env, ZHANG_WEI_PHONE)[-1] and FATHER_NAME not in _sms(env, ZHANG_WEI_PHONE)[-1]
    with pytest.raises(TransitionNotAllowed):
        _remove(env, staff, request_id)  # once
    assert len(audit_events(env, zw, "binding_unbound_at_counter")) == 1


def test_removing_is_audited_on_the_member_account_too(env, zw, staff) -> None:
    member = add_verified_account(env, "13612345671", ZHANG_JIANGUO)  # the father has an old account
    request_id = _approved(env, zw, staff)
    _find(env, staff)
    _remove(env, staff, request_id)
    assert [(e["actor_id"], e["actor_role"]) for e in audit_events(env, member, "holder_removed_at_counter")] == [
        (staff, "staff")]
    assert lifecycle.holders(env, member) == []


def test_a_member_with_two_holders_has_one_removed(env, zw, wf, staff) -> None:
    first = _approved(env, zw, staff)
    second = _approved(env, wf, staff, ZHANG_JIANGUO, "grandparent")
    _find(env, staff)
    _remove(env, staff, first)
    assert [h.request_id for h in _find(env, staff).holders] == [second]
    assert request_row(env, second).status == "approved"


# --- the staff scope: only what a look-up showed ---------------------------------------------------------------

def test_a_binding_of_another_person_is_not_found(env, zw, staff) -> None:
    spouse = _approved(env, zw, staff, WANG_FANG, "spouse")
    _approved(env, zw, staff)
    _find(env, staff)  # 张建国
    for request_id in (spouse, 999_999):
        with pytest.raises(NotFound):
            _remove(env, staff, request_id)  # 王芳's binding, by naming 张建国
    assert request_row(env, spouse).status == "approved"


def test_nothing_is_removed_without_a_look_up_by_this_staff_member(env, zw, staff) -> None:
    request_id = _approved(env, zw, staff)
    with pytest.raises(NotFound):
        _remove(env, staff, request_id)  # never looked up
    other = _staff(env)
    _find(env, other)
    with pytest.raises(NotFound):
        _remove(env, staff, request_id)  # another staff member's look-up
    with pytest.raises(ValidationFailed):
        _find(env, staff, LI_XIULAN[0], FATHER_ID)
    with pytest.raises(NotFound):
        _remove(env, staff, request_id)  # a look-up that found nobody
    assert request_row(env, request_id).status == "approved"
    assert audit_events(env, zw, "binding_unbound_at_counter") == []


def test_the_name_must_match_again(env, zw, staff) -> None:
    request_id = _approved(env, zw, staff)
    _find(env, staff)
    with pytest.raises(NotFound):
        _remove(env, staff, request_id, name=LI_XIULAN[0])  # the right ID number with another name
    assert request_row(env, request_id).status == "approved"


def test_a_look_up_lets_its_staff_member_remove_for_30_minutes(env, zw, staff) -> None:
    request_id = _approved(env, zw, staff)
    _find(env, staff)
    env.clock.advance(minutes=30, seconds=1)
    with pytest.raises(NotFound):
        _remove(env, staff, request_id)
    _find(env, staff)
    env.clock.advance(minutes=29)
    _remove(env, staff, request_id)
    assert request_row(env, request_id).status == "unbound"


def test_a_binding_approved_after_the_look_up_was_not_shown(env, zw, wf, staff) -> None:
    _approved(env, zw, staff)
    _find(env, staff)
    env.clock.advance(minutes=1)
    later = _approved(env, wf, staff, ZHANG_JIANGUO, "grandparent")
    with pytest.raises(NotFound):
        _remove(env, staff, later)
    _find(env, staff)  # shown now
    _remove(env, staff, later)
    assert request_row(env, later).status == "unbound"


def test_a_request_not_yet_approved_cannot_be_removed(env, zw, staff) -> None:
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    lifecycle.submit(env, zw, view.id, view.version, client="test")
    _find(env, staff)
    with pytest.raises(NotFound):
        _remove(env, staff, view.id)  # the look-up did not show it: it is nobody's holder yet
    assert request_row(env, view.id).status == "submitted"
