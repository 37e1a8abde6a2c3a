"""Who may be bound (DESIGN.md §2.2 step 3): look-ups and their daily limit, relationships, and one member
once per account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.services.binding import drafts, lifecycle
from app.services.errors import RateLimited, ValidationFailed
from tests.unit.binding_fixtures import (
    wf_fixture,  # noqa: F401
    zw_fixture,  # noqa: F401
)
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    LI_XIULAN,
    LIU_YANG,
    NEWBORN_VALUES,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_ZIHAN,
    add_verified_account,
    audit_events,
    member_values,
    ready_request,
    start,
    with_check,
)

UNKNOWN_ID = with_check("11010119520701005")  # valid, nobody in the registry


def _set_member(env, holder: int, values: dict[str, str]):
    view = start(env, holder)
    return drafts.set_member(env, holder, view.id, view.version, values, client="t")


def _member_error(env, holder: int, values: dict[str, str]) -> dict[str, str]:
    view = start(env, holder)
    with pytest.raises(ValidationFailed) as caught:
        drafts.set_member(env, holder, view.id, view.version, values, client="t")
    after = drafts.get(env, holder, view.id)
    assert after.member is None and after.step == "who"  # nothing bound by a refused look-up
    return caught.value.errors


# --- who the member is -----------------------------------------------------------------------------------------

def test_own_id_number_is_refused(env, zw) -> None:
    assert _member_error(env, zw, member_values(ZHANG_WEI, "sibling")) == {"id_number": "member_is_self"}


def test_not_found_and_name_mismatch_look_the_same(env, zw) -> None:
    unknown = _member_error(env, zw, {"name": "张建国", "id_number": UNKNOWN_ID, "relationship": "parent"})
    mismatch = _member_error(env, zw, {"name": "张建民", "id_number": ZHANG_JIANGUO[1], "relationship": "parent"})
    someone_else = _member_error(env, zw, {"name": "李秀兰", "id_number": ZHANG_JIANGUO[1], "relationship": "parent"})
    assert unknown == mismatch == someone_else == {"id_number": "person_not_found"}
    events = audit_events(env, zw, "binding_lookup_not_matched")
    assert len(events) == 3
    assert events[0]["detail"] == events[1]["detail"] == events[2]["detail"]  # nothing tells the two apart
    assert all("张建国" not in str(e["detail"]) and ZHANG_JIANGUO[1] not in str(e["detail"]) for e in events)


def test_name_is_matched_after_normalising(env, zw) -> None:
    view = _set_member(env, zw, {"name": " 张 建国 ", "id_number": " 110101 1952 0701 0039 ", "relationship": "parent"})
    assert view.member.name == "张建国"


@pytest.mark.parametrize(("values", "errors"), [
    ({"name": "", "id_number": ZHANG_JIANGUO[1], "relationship": "parent"}, {"name": "member_name_empty"}),
    ({"name": "张建国", "id_number": "110101195207010038", "relationship": "parent"}, {"id_number": "id_checksum"}),
    ({"name": "张建国", "id_number": ZHANG_JIANGUO[1], "relationship": ""}, {"relationship": "relationship_missing"}),
    ({"name": "张建国", "id_number": ZHANG_JIANGUO[1], "relationship": "uncle"},
     {"relationship": "relationship_missing"}),
    ({"name": "", "id_number": "", "relationship": ""},
     {"name": "member_name_empty", "id_number": "member_id_empty", "relationship": "relationship_missing"}),
])
def test_form_errors_before_any_look_up(env, zw, values: dict[str, str], errors: dict[str, str]) -> None:
    assert _member_error(env, zw, values) == errors
    assert audit_events(env, zw, "binding_lookup_not_matched") == []


def test_eleventh_look_up_in_a_day_is_refused(env, zw) -> None:
    view = start(env, zw)
    for i in range(10):
        with pytest.raises(ValidationFailed) as caught:
            drafts.set_member(env, zw, view.id, view.version, {**member_values(ZHANG_JIANGUO, "parent"),
                                                                "name": f"张{i}"}, client="t")
        assert caught.value.errors == {"id_number": "person_not_found"}
        env.clock.advance(minutes=1)
    assert len(audit_events(env, zw, "binding_lookup_not_matched")) == 10

    with pytest.raises(RateLimited) as caught:  # even with the right data
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")
    assert (caught.value.code, caught.value.field) == ("lookup_limit", "id_number")
    first_at = env.clock.now() - timedelta(minutes=10)
    assert caught.value.retry_at == first_at + timedelta(days=1)
    assert drafts.get(env, zw, view.id).member is None

    env.clock.advance(days=1)  # the first look-up has left the window
    assert drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"),
                             client="t").member.name == "张建国"


def test_successful_look_ups_count_too(env, zw) -> None:
    view = start(env, zw)
    for _ in range(5):
        view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")
        view = drafts.set_member(env, zw, view.id, view.version, member_values(LI_XIULAN, "parent"), client="t")
    with pytest.raises(RateLimited):
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")


def test_look_up_limit_is_per_account(env, zw, wf) -> None:
    view = start(env, zw)
    for i in range(10):
        with pytest.raises(ValidationFailed):
            drafts.set_member(env, zw, view.id, view.version, {"name": f"张{i}", "id_number": UNKNOWN_ID,
                                                                "relationship": "parent"}, client="t")
    assert _set_member(env, wf, member_values(LI_XIULAN, "parent")).member.name == "李秀兰"


def test_newborn_look_ups_are_limited_too(env, wf) -> None:
    view = start(env, wf, "newborn")
    for i in range(10):
        with pytest.raises(ValidationFailed):
            drafts.set_newborn(env, wf, view.id, view.version, {**NEWBORN_VALUES, "birth_certificate": f"X{i}"},
                               client="t")
    with pytest.raises(RateLimited) as caught:
        drafts.set_newborn(env, wf, view.id, view.version, NEWBORN_VALUES, client="t")
    assert (caught.value.code, caught.value.field) == ("lookup_limit", "birth_certificate")


def test_newborn_parent_only_answers_are_counted_and_audited(env) -> None:
    chen = add_verified_account(env, "13500135000", CHEN_ZHE)
    view = start(env, chen, "newborn")
    for _ in range(10):
        with pytest.raises(ValidationFailed) as caught:
            drafts.set_newborn(env, chen, view.id, view.version, NEWBORN_VALUES, client="t")
        assert caught.value.errors == {"mother_name": "newborn_parent_only"}
    assert len([e for e in audit_events(env, chen) if e["action"].startswith("binding_lookup")]) == 10
    with pytest.raises(RateLimited):
        drafts.set_newborn(env, chen, view.id, view.version, NEWBORN_VALUES, client="t")


# --- relationships ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("person", "relationship", "error"), [
    (ZHANG_JIANGUO, "child", "relationship_implausible"),  # 33 years older than the holder
    (ZHANG_JIANGUO, "grandchild", "relationship_implausible"),
    (ZHANG_ZIHAN, "parent", "minor_guardian_only"),
    (ZHANG_ZIHAN, "sibling", "minor_guardian_only"),  # under 14
    (ZHANG_ZIHAN, "spouse", "minor_guardian_only"),
    (ZHANG_JIANGUO, "other", "relationship_counter_only"),
])
def test_relationship_refused(env, zw, person: tuple[str, str], relationship: str, error: str) -> None:
    assert _member_error(env, zw, member_values(person, relationship)) == {"relationship": error}


def test_plausible_relationships_pass(env, zw) -> None:
    assert _set_member(env, zw, member_values(ZHANG_ZIHAN, "child")).relationship == "child"
    view = drafts.open_draft(env, zw, client="t")
    view = drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "grandparent"), client="t")
    assert view.relationship == "grandparent"
    view = drafts.set_member(env, zw, view.id, view.version, member_values(LIU_YANG, "parent"), client="t")
    assert view.relationship == "parent"  # b. 1970, 15 years older; lapsed coverage does not stop binding


# --- one member once per account -------------------------------------------------------------------------------

def test_same_member_twice_on_one_account(env, zw) -> None:
    first = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    lifecycle.submit(env, zw, first.id, first.version, client="t")
    assert _member_error(env, zw, member_values(ZHANG_JIANGUO, "parent")) == {"id_number": "member_already_bound"}

    lifecycle.withdraw(env, zw, first.id, client="t")  # a withdrawn request no longer counts
    assert _set_member(env, zw, member_values(ZHANG_JIANGUO, "parent")).member.name == "张建国"
