"""The member's rights (DESIGN.md §2.6): a bound member with an account sees "Who can show my card" and can
remove a holder. Removing is the unbind transition of the one state machine, audited on both accounts, and
the holder is told."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import Notification
from app.services import review
from app.services.binding import lifecycle
from app.services.binding.states import TransitionNotAllowed
from app.services.binding.store import NotFound
from tests.unit.binding_fixtures import staff_fixture, wf_fixture, zw_fixture  # noqa: F401
from tests.unit.binding_helpers import (
    WANG_FANG,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    add_verified_account,
    audit_events,
    ready_request,
    request_row,
)
from tests.unit.counter_helpers import add_account


def _approved(env, holder: int, staff: int, person=WANG_FANG, relationship: str = "spouse") -> int:
    view = ready_request(env, holder, person, relationship)
    lifecycle.submit(env, holder, view.id, view.version, client="test")
    review.open_request(env, staff, view.id)
    review.decide(env, staff, view.id, approve=True)
    return view.id


def _notifications(env, account: int) -> list[tuple[str, dict]]:
    with env.db.transaction() as s:
        rows = s.exec(select(Notification).where(Notification.account_id == account).order_by(Notification.id)).all()
        return [(n.kind, json.loads(n.params)) for n in rows]


def test_a_bound_member_sees_who_can_show_their_card(env, zw, wf, staff) -> None:
    request_id = _approved(env, zw, staff)
    found = lifecycle.holders(env, wf)
    assert [(h.request_id, h.name, h.relationship, h.since) for h in found] == [
        (request_id, ZHANG_WEI[0], "spouse", env.clock.now())]
    assert lifecycle.holders(env, zw) == []  # 张伟 is nobody's member


def test_only_approved_bindings_are_listed(env, zw, wf, staff) -> None:
    view = ready_request(env, zw, WANG_FANG, "spouse")
    assert lifecycle.holders(env, wf) == []  # a draft
    lifecycle.submit(env, zw, view.id, view.version, client="test")
    assert lifecycle.holders(env, wf) == []  # under review
    with pytest.raises(TransitionNotAllowed):
        lifecycle.remove_holder(env, wf, view.id, client="test")  # nothing to remove yet
    assert request_row(env, view.id).status == "submitted"


def test_removing_a_holder_unbinds_audits_and_tells_the_holder(env, zw, wf, staff) -> None:
    request_id = _approved(env, zw, staff)
    lifecycle.remove_holder(env, wf, request_id, client="wang-phone")
    row = request_row(env, request_id)
    assert (row.status, row.unbound_at) == ("unbound", env.clock.now())
    assert lifecycle.holders(env, wf) == []
    assert [m.name for m in lifecycle.family(env, zw)] == []  # gone from the holder's list too
    on_holder = audit_events(env, zw, "binding_unbound_by_member")
    assert [(e["actor_role"], e["detail"]["request"]) for e in on_holder] == [("member", row.number)]
    assert [e["actor_role"] for e in audit_events(env, wf, "holder_removed")] == ["member"]
    assert _notifications(env, zw)[-1] == ("member_removed_holder", {"member": "王*"})
    with pytest.raises(TransitionNotAllowed):
        lifecycle.remove_holder(env, wf, request_id, client="wang-phone")  # once
    assert len(audit_events(env, zw, "binding_unbound_by_member")) == 1


def test_a_member_can_remove_only_their_own_holders(env, zw, wf, staff) -> None:
    father = _approved(env, zw, staff, ZHANG_JIANGUO, "parent")  # 张建国 has no account
    with pytest.raises(NotFound):
        lifecycle.remove_holder(env, wf, father, client="test")  # not 王芳's binding
    with pytest.raises(NotFound):
        lifecycle.remove_holder(env, zw, father, client="test")  # the holder is not the member
    with pytest.raises(NotFound):
        lifecycle.remove_holder(env, wf, 999_999, client="test")
    assert request_row(env, father).status == "approved"


def test_an_account_without_real_name_has_no_holders(env) -> None:
    unverified = add_account(env, "13612345678")
    assert lifecycle.holders(env, unverified) == []
    with pytest.raises(NotFound):
        lifecycle.remove_holder(env, unverified, 1, client="test")


def test_a_member_with_two_holders_removes_one(env, zw, staff) -> None:
    second = add_verified_account(env, "13612345670", ("李秀兰", "110101195511200021"))  # 张伟's mother
    env.clock.advance(minutes=1)  # verified at the counter by the staff member, who did not help with her request
    first = _approved(env, zw, staff, ZHANG_JIANGUO, "parent")
    father = add_verified_account(env, "13612345671", ZHANG_JIANGUO)  # the father gets an account later
    other = _approved(env, second, staff, ZHANG_JIANGUO, "spouse")
    assert sorted(h.request_id for h in lifecycle.holders(env, father)) == sorted([first, other])
    lifecycle.remove_holder(env, father, first, client="test")
    assert [h.request_id for h in lifecycle.holders(env, father)] == [other]
