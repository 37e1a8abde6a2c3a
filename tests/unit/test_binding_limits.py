"""Who may be bound, and how many (DESIGN.md §2.2 step 3): look-ups, relationships, the 5-member and
2-holder limits, and two holders submitting the same person at the same moment."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import BindingRequest
from app.services.binding import drafts, lifecycle
from app.services.env import build_env
from app.services.errors import DomainError, RateLimited, ValidationFailed
from tests.conftest import make_settings
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    LI_XIULAN,
    LIU_YANG,
    NEWBORN_VALUES,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    ZHANG_WEI,
    ZHANG_WEI_PHONE,
    ZHANG_ZIHAN,
    ZHAO_GUIYING,
    ZHAO_LI_PHONE,
    ZHAO_MING_PHONE,
    account_id,
    active_holders,
    add_person,
    add_verified_account,
    audit_events,
    insert_request,
    make_id_number,
    member_values,
    person_id,
    ready_request,
    start,
    with_check,
)

UNKNOWN_ID = with_check("11010119520701005")  # valid, nobody in the registry


@pytest.fixture
def zw(env) -> int:
    return account_id(env, ZHANG_WEI_PHONE)


@pytest.fixture
def wf(env) -> int:
    return account_id(env, WANG_FANG_PHONE)


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


def _extra_people(env, count: int) -> list[int]:
    """Insured adults who are nobody's member yet."""
    names = "甲乙丙丁戊己庚辛"
    return [add_person(env, f"测试{names[i]}", make_id_number(date(1960 + i, 1, 1), i)) for i in range(count)]


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
     {"name": "member_name_empty", "id_number": "id_empty", "relationship": "relationship_missing"}),
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


# --- a person is bound by at most 2 accounts --------------------------------------------------------------------

def test_person_with_two_holders_cannot_be_added_online(env, zw) -> None:
    assert len(active_holders(env, person_id(env, ZHAO_GUIYING[1]))) == 2
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHAO_GUIYING, "grandparent"), client="t")
    assert caught.value.code == "person_holder_limit"
    assert not isinstance(caught.value, ValidationFailed)
    assert drafts.get(env, zw, view.id).member is None
    assert [e["action"] for e in audit_events(env, zw) if e["action"].startswith("binding_lookup")] == [
        "binding_lookup_matched"]


@pytest.mark.parametrize("status", ["rejected", "withdrawn", "unbound", "draft"])
def test_inactive_holders_do_not_count(env, zw, status: str) -> None:
    zhao_li = account_id(env, ZHAO_LI_PHONE)
    with env.db.transaction() as s:
        row = s.exec(select(BindingRequest).where(BindingRequest.holder_id == zhao_li)).one()
        row.status = status
        s.add(row)
    view = ready_request(env, zw, ZHAO_GUIYING, "grandparent")
    lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert active_holders(env, person_id(env, ZHAO_GUIYING[1])) == sorted([account_id(env, ZHAO_MING_PHONE), zw])


def test_holder_limit_is_checked_again_at_submit(env, zw, wf) -> None:
    """Both drafts pass "Who" while one place is left; the second to submit is refused."""
    mother = person_id(env, LI_XIULAN[1])
    insert_request(env, account_id(env, ZHAO_MING_PHONE), mother, "approved")
    first = ready_request(env, zw, LI_XIULAN, "parent")
    second = ready_request(env, wf, LI_XIULAN, "parent")
    lifecycle.submit(env, wf, second.id, second.version, client="t")
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, first.id, first.version, client="t")
    assert caught.value.code == "person_holder_limit"
    assert drafts.get(env, zw, first.id).status == "draft"
    assert len(active_holders(env, mother)) == 2


# --- at most 5 members per account ------------------------------------------------------------------------------

def test_sixth_member_is_refused(env, zw) -> None:
    for member in _extra_people(env, 5):
        insert_request(env, zw, member, "submitted")
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")
    assert caught.value.code == "too_many_members"
    assert drafts.get(env, zw, view.id).member is None


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved"])
def test_every_active_status_counts(env, zw, status: str) -> None:
    people = _extra_people(env, 5)
    for member in people[:4]:
        insert_request(env, zw, member, "approved")
    insert_request(env, zw, people[4], status)
    view = start(env, zw)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, zw, view.id, view.version, member_values(ZHANG_JIANGUO, "parent"), client="t")
    assert caught.value.code == "too_many_members"


def test_drafts_rejected_and_withdrawn_do_not_count(env, zw) -> None:
    people = _extra_people(env, 8)
    for member in people[:4]:
        insert_request(env, zw, member, "submitted")
    for member, status in zip(people[4:], ["draft", "rejected", "withdrawn", "unbound"], strict=True):
        insert_request(env, zw, member, status)
    fifth = ready_request(env, zw, ZHANG_JIANGUO, "parent")  # the 5th active member is fine
    lifecycle.submit(env, zw, fifth.id, fifth.version, client="t")
    assert _member_error_or_domain(env, zw, member_values(LI_XIULAN, "parent")) == "too_many_members"


def _member_error_or_domain(env, holder: int, values: dict[str, str]) -> str:
    view = start(env, holder)
    with pytest.raises(DomainError) as caught:
        drafts.set_member(env, holder, view.id, view.version, values, client="t")
    return caught.value.code


def test_member_limit_is_checked_again_at_submit(env, zw) -> None:
    people = _extra_people(env, 5)
    for member in people[:4]:
        insert_request(env, zw, member, "approved")
    view = ready_request(env, zw, ZHANG_JIANGUO, "parent")
    insert_request(env, zw, people[4], "submitted")  # e.g. submitted from another device meanwhile
    with pytest.raises(DomainError) as caught:
        lifecycle.submit(env, zw, view.id, view.version, client="t")
    assert caught.value.code == "too_many_members"
    assert drafts.get(env, zw, view.id).status == "draft"


# --- two holders, one place left, the same moment ---------------------------------------------------------------

@pytest.mark.parametrize("attempt", range(5))
def test_concurrent_submissions_cannot_break_the_holder_limit(env, db_url, zw, wf, attempt: int) -> None:
    mother = person_id(env, LI_XIULAN[1])
    insert_request(env, account_id(env, ZHAO_MING_PHONE), mother, "approved")  # one place left
    requests = {zw: ready_request(env, zw, LI_XIULAN, "parent"), wf: ready_request(env, wf, LI_XIULAN, "parent")}
    envs = {holder: build_env(make_settings(db_url)) for holder in requests}
    barrier = threading.Barrier(len(requests))
    outcomes: dict[int, object] = {}

    def submit(holder: int) -> None:
        view = requests[holder]
        barrier.wait()
        try:
            outcomes[holder] = lifecycle.submit(envs[holder], holder, view.id, view.version, client=f"race{attempt}")
        except Exception as exc:  # the outcome is what is checked
            outcomes[holder] = exc

    threads = [threading.Thread(target=submit, args=(holder,)) for holder in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for other in envs.values():
        other.db.dispose()

    numbers = [o for o in outcomes.values() if isinstance(o, str)]
    errors = [o for o in outcomes.values() if not isinstance(o, str)]
    assert len(numbers) == 1 and len(errors) == 1, outcomes
    assert isinstance(errors[0], DomainError) and errors[0].code == "person_holder_limit", errors
    winner = next(holder for holder, o in outcomes.items() if isinstance(o, str))
    assert numbers[0] == requests[winner].number
    assert len(active_holders(env, mother)) == 2
    assert winner in active_holders(env, mother)
    statuses = {holder: drafts.get(env, holder, view.id).status for holder, view in requests.items()}
    assert sorted(statuses.values()) == ["draft", "submitted"]
